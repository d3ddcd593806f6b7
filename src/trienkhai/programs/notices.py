"""What the action programs notify (``trienkhai.notifications.kinds``): a program put before
its head for approval, sent back to its drafters, approved, a revision approved, a program
flagged as mostly copied (the head, as the banner promises), and the reminder of the period's
progress report."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trienkhai.core.access import Role
from trienkhai.notifications import kinds
from trienkhai.notifications.kinds import Notice, Ref, UnitRef
from trienkhai.notifications.services import notify

from .models import ActionProgram, ProgramComment, ProgressUpdate, Task
from .periods import period_bounds

S = ActionProgram.Status
#: How much of the reason for sending a program back a notification quotes (the bell and the
#: digest show it on one line; the program's page shows it whole).
REASON_QUOTED = 300
#: The progress report is reminded when the period ends within this many days.
PROGRESS_WARNING_DAYS = 7

PROGRAM_SUBMITTED = kinds.declare(
    "program_submitted",
    title=_("A program waits for my approval"),
    text=_("%(unit)s: “%(program)s” waits for your approval."),
    model="programs.ActionProgram",
    mandatory_for={Role.HEAD},
    default="email",
)
PROGRAM_SENT_BACK = kinds.declare(
    "program_sent_back",
    title=_("A program of my unit was sent back"),
    text=_("%(unit)s: “%(program)s” was sent back: %(reason)s"),
    model="programs.ActionProgram",
    default="email",
)
PROGRAM_APPROVED = kinds.declare(
    "program_approved",
    title=_("A program of my unit was approved"),
    text=_("%(unit)s: “%(program)s” was approved."),
    model="programs.ActionProgram",
)
REVISION_APPROVED = kinds.declare(
    "revision_approved",
    title=_("A revision of a program was approved"),
    text=_("%(unit)s: version %(version)s of “%(program)s” was approved."),
    model="programs.ActionProgram",
)
PROGRAM_COPIED = kinds.declare(
    "program_copied",
    title=_("A program of my unit is mostly copied"),
    text=_("%(unit)s: “%(program)s” mostly repeats another text (%(share)s its own)."),
    model="programs.ActionProgram",
    mandatory_for={Role.HEAD},
)
PROGRESS_DUE = kinds.declare(
    "progress_due",
    title=_("Progress to report for the period"),
    text=_("%(unit)s: %(tasks)s task(s) of “%(program)s” need a progress report by %(due)s."),
    model="programs.ActionProgram",
)


def _params(program: ActionProgram) -> dict[str, str]:
    return {"unit": program.unit.name, "program": str(program)}


def _short(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def submitted(program: ActionProgram, *, actor) -> None:
    """Put to discussion: it now waits for the head's (or the named deputy's) approval. Each
    time the head sent this version back, putting it to discussion again is a new occasion
    (the head is asked anew); the first time keeps the key it always had."""
    returns = ProgramComment.objects.filter(program=program, sent_back=True).count()
    notify(
        PROGRAM_SUBMITTED,
        target=program,
        unit=program.unit,
        url=program.get_absolute_url(),
        params=_params(program),
        occasion=f"v{program.version + 1}" + (f"r{returns}" if returns else ""),
        roles=(Role.HEAD,),
        users=(program.deputy,) if program.deputy_id else (),
        actor=actor,
    )


def sent_back(program: ActionProgram, comment: ProgramComment, *, actor) -> None:
    """Sent back to draft: the unit's clerks, who draft it, are told why (and its head, when
    the deputy sent it back), once per sending back: the comment keeping the reason is the
    occasion."""
    notify(
        PROGRAM_SENT_BACK,
        target=program,
        unit=program.unit,
        url=f"{program.get_absolute_url()}#sent-back",
        params={**_params(program), "reason": _short(comment.text, REASON_QUOTED)},
        occasion=f"c{comment.pk}",
        roles=(Role.CLERK, Role.HEAD),
        actor=actor,
    )


def approved(program: ActionProgram, *, actor) -> None:
    """Approved: the unit's clerks (and head, if someone else approved) are told."""
    kind = PROGRAM_APPROVED if program.version <= 1 else REVISION_APPROVED
    notify(
        kind,
        target=program,
        unit=program.unit,
        url=program.get_absolute_url(),
        params={**_params(program), "version": str(program.version)},
        occasion=f"v{program.version}",
        roles=(Role.CLERK, Role.HEAD),
        actor=actor,
    )


def copied(program: ActionProgram) -> None:
    """The copy check flagged it: the head of its unit is told (once per flagging)."""
    notify(
        PROGRAM_COPIED,
        target=program,
        unit=program.unit,
        url=program.get_absolute_url(),
        params={**_params(program), "share": f"{round((program.own_share or 0) * 100)}%"},
        occasion=f"{program.copy_checked_at:%Y%m%d%H%M%S}" if program.copy_checked_at else "",
        roles=(Role.HEAD,),
    )


@kinds.scanner
def progress_due(day: datetime.date) -> Iterator[Notice]:
    """The tasks a unit leads in an adopted program with no report for the current period,
    when the period ends within ``PROGRESS_WARNING_DAYS``: one notice per program and leading
    unit, to its clerks and head."""
    latest = (
        ProgressUpdate.objects.filter(task=OuterRef("pk"))
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    rows = (
        Task.objects.filter(program__version__gt=0)
        .exclude(program__status=S.CLOSED)
        .annotate(latest_period=Subquery(latest))
        .values_list(
            "program_id",
            "program__number",
            "program__title",
            "program__reporting_period",
            "lead_unit_id",
            "lead_unit__path",
            "lead_unit__name",
            "program__unit_id",
            "program__unit__path",
            "program__unit__name",
            "latest_period",
        )
        .order_by("program_id")
    )
    due: dict[tuple[int, int], list] = {}
    for (
        program_id,
        number,
        title,
        period,
        lead_id,
        lead_path,
        lead_name,
        unit_id,
        unit_path,
        unit_name,
        latest_period,
    ) in rows.iterator(chunk_size=5000):
        start, end = period_bounds(day, period)
        if (end - day).days > PROGRESS_WARNING_DAYS:
            continue
        if latest_period is not None and latest_period >= start:
            continue
        unit = (lead_id, lead_path, lead_name) if lead_id else (unit_id, unit_path, unit_name)
        key = (program_id, unit[0])
        if key not in due:
            name = f"{number}: {title}" if number else title
            due[key] = [unit, name, end, start, 0]
        due[key][4] += 1
    inbox = reverse("programs:progress-inbox")
    for (program_id, _unit_id), (unit, name, end, start, count) in due.items():
        yield Notice(
            PROGRESS_DUE,
            target=Ref(program_id),
            unit=UnitRef(unit[0], unit[1]),
            url=f"{inbox}?{urlencode({'unit': unit[0]})}",
            params={"unit": unit[2], "program": name, "tasks": count, "due": f"{end:%d/%m/%Y}"},
            occasion=start.isoformat(),
            roles=(Role.CLERK, Role.HEAD),
        )
