"""From the rollup engine to the plain data the builders lay out (``table.py``).

``gather(plan, unit, as_of)`` reads everything a report needs in a fixed number of queries,
whatever the number of units below: the engine's rollup (its own bounded set, or one cache
hit), the unit's ancestors (the letterhead and the place), its head (the signature), the
issuer code of its documents, and the documents the plan carries out. ``annex(context)`` and
``results_report(context)`` then build the Excel annex and the Word report from it without
touching the database.

The annex has one row per unit directly below, plus a row for the unit's own rows when it
has any (members or obligations on the unit itself), so that the totals row is the subtree's
total. Its columns are the indicators of ``COLUMNS`` that apply to the plan, grouped study /
action programs / obligations; a rate column shows an indicator's numerator over its
denominator, the count columns beside it show the parts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trienkhai.resolutions import letterhead
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.numbers import number_key
from trienkhai.units.models import Position, Unit

from .. import engine
from ..indicators import CATALOGUE, INSPECTIONS, OBLIGATIONS, OUTREACH, PROGRAMS, STUDY
from . import official
from .narrative import draft
from .table import Annex, Column, Figure, Letterhead, ResultsReport, Row, Signature, Table

#: (indicator key, shown as a rate, header msgid), by group, in print order. The msgids are
#: marked with ``gettext_noop`` so that makemessages finds them; ``columns`` translates them.
COLUMNS = {
    STUDY: [
        ("study.sessions_held", False, gettext_noop("Sessions held")),
        ("study.eligible", False, gettext_noop("Eligible members")),
        ("study.attended", False, gettext_noop("Members who studied")),
        ("study.attended", True, gettext_noop("Rate (%)")),
        ("study.non_member_attendances", False, gettext_noop("Non-member attendances")),
        ("study.reports_due", False, gettext_noop("Learning reports due")),
        ("study.reports_submitted", False, gettext_noop("Learning reports submitted")),
        ("study.reports_submitted", True, gettext_noop("Rate (%)")),
    ],
    # Read from the action-program obligations (a program approved here or its evidence
    # uploaded), so that due = on time + late + overdue + not yet due on every row.
    PROGRAMS: [
        ("obligations.action_program.owed", False, gettext_noop("Programs due")),
        ("obligations.action_program.done", False, gettext_noop("Programs issued")),
        ("obligations.action_program.on_time", False, gettext_noop("On time")),
        ("obligations.action_program.overdue", False, gettext_noop("Overdue")),
        ("obligations.action_program.done", True, gettext_noop("Rate (%)")),
    ],
    # Only for a plan that requires dissemination or has activities (``context.applies``).
    OUTREACH: [
        ("outreach.activities", False, gettext_noop("Dissemination activities")),
        ("outreach.reach", False, gettext_noop("People reached")),
        ("outreach.units_without", False, gettext_noop("Units with no activity")),
        ("outreach.questions", False, gettext_noop("Questions asked")),
        ("outreach.answered", False, gettext_noop("Questions answered")),
    ],
    OBLIGATIONS: [
        ("obligations.all.owed", False, gettext_noop("Obligations owed")),
        ("obligations.all.on_time", False, gettext_noop("Done on time")),
        ("obligations.all.late", False, gettext_noop("Done late")),
        ("obligations.all.overdue", False, gettext_noop("Overdue")),
        ("obligations.all.done", True, gettext_noop("Done (%)")),
    ],
    INSPECTIONS: [
        ("inspections.done", False, gettext_noop("Inspections concluded")),
        ("inspections.within_limit", False, gettext_noop("Within the time limit")),
        ("inspections.supervisions", False, gettext_noop("Supervisions")),
        ("inspections.units_inspected", False, gettext_noop("Units inspected")),
        ("inspections.findings.violation", False, gettext_noop("Violations")),
        ("inspections.recommendations", False, gettext_noop("Recommendations")),
        ("inspections.recommendations.done_on_time", False, gettext_noop("Done on time")),
        ("inspections.recommendations.overdue", False, gettext_noop("Overdue")),
    ],
}


def group_labels() -> dict[str, str]:
    return {
        STUDY: _("Study and dissemination"),
        PROGRAMS: _("Action programs"),
        OUTREACH: _("Dissemination"),
        OBLIGATIONS: _("Obligations and deadlines"),
        INSPECTIONS: _("Inspection and supervision"),
    }


@dataclass
class Context:
    """Everything a report is made of, read once."""

    plan: Plan
    unit: Unit
    as_of: datetime.date
    rollup: engine.Rollup
    ancestors: list[Unit]  # top first, the unit excluded
    head: Position | None
    issuer_code: str  # of the unit's own documents (TU, ĐU …)
    plan_issuer: Unit
    documents: list[str]  # numbers of the documents the plan carries out
    today: datetime.date

    @property
    def parent(self) -> Unit | None:
        return self.ancestors[-1] if self.ancestors else None

    def applies(self, key: str) -> bool:
        return self.rollup.applies(CATALOGUE[key])


def gather(plan: Plan, unit: Unit, as_of: datetime.date | None = None, *, rollup=None) -> Context:
    """Read what a report on ``plan`` from ``unit`` needs (permissions are the caller's)."""
    day = as_of or timezone.localdate()
    result = rollup or engine.rollup(plan, unit, day)
    ancestors = list(Unit.objects.filter(path__in=_ancestor_paths(unit)).order_by("depth"))
    head = (
        Position.objects.filter(unit=unit, is_head=True, ended_on__isnull=True)
        .select_related("person")
        .first()
    )
    code = letterhead.unit_issuer_code(unit)
    plan_issuer = unit if unit.pk == plan.unit_id else plan.unit
    # In their order: by date, then by number as people read it (43, 44, 45-NQ/TW).
    documents = [
        r.number
        for r in sorted(plan.resolutions.all(), key=lambda r: (r.issued_on, number_key(r.number)))
    ]
    return Context(
        plan=plan,
        unit=unit,
        as_of=day,
        rollup=result,
        ancestors=ancestors,
        head=head,
        issuer_code=code,
        plan_issuer=plan_issuer,
        documents=documents,
        today=timezone.localdate(),
    )


def _ancestor_paths(unit: Unit) -> list[str]:
    step = unit.steplen
    return [unit.path[:i] for i in range(step, len(unit.path), step)]


def _figures(rollup, numbers, keys) -> dict[str, Figure]:
    out = {}
    for key in keys:
        value = rollup.value(key, numbers)
        out[key] = Figure(value.numerator, value.denominator)
    return out


def _has_rows(numbers) -> bool:
    return bool(
        numbers.study.members
        or numbers.study.sessions_held
        or numbers.tally().owed
        or numbers.programs.written
    )


def columns(context: Context) -> list[Column]:
    labels = group_labels()
    return [
        Column(key, _(label), labels[group], percent)
        for group, specs in COLUMNS.items()
        for key, percent, label in specs
        if context.applies(key)
    ]


def annex_table(context: Context) -> Table:
    cols = columns(context)
    keys = sorted({c.key for c in cols})
    rollup = context.rollup
    rows = []
    for node in rollup.children:
        label = node.unit.organisation_name
        closed = node.unit.active_to
        if closed is not None and closed <= context.as_of:
            label = _("%(unit)s (closed %(date)s)") % {
                "unit": label,
                "date": official.vn_date(closed),
            }
        rows.append(Row(label, _figures(rollup, node.numbers, keys), code=node.unit.code))
    if _has_rows(rollup.own):
        rows.append(
            Row(
                _("%(unit)s (its own rows)") % {"unit": context.unit.organisation_name},
                _figures(rollup, rollup.own, keys),
                code=context.unit.code,
            )
        )
    return Table(cols, rows, total_label=_("Total"))


def annex(context: Context) -> Annex:
    plan = context.plan
    return Annex(
        issuer=context.unit.committee_name.upper(),
        title=annex_title(context),
        subtitle=plan.title,
        as_of_line=_("(Figures as of %(date)s; %(unit)s)")
        % {"date": official.vn_date(context.as_of), "unit": context.unit.organisation_name},
        unit_header=_("Unit"),
        number_header=_("No."),
        table=annex_table(context),
        sheet_name=plan.number.replace("/", "-"),
        footer=_("Computed by trienkhai on %(date)s") % {"date": official.vn_date(context.today)},
        header=" · ".join(
            (plan.number, context.unit.organisation_name, official.vn_date(context.as_of))
        ),
    )


def results_report(context: Context) -> ResultsReport:
    unit, plan = context.unit, context.plan
    head_of = letterhead.letterhead(
        unit, day=context.today, ancestors=context.ancestors, code=context.issuer_code
    )
    head = context.head
    return ResultsReport(
        letterhead=Letterhead(
            parent_body=head_of.parent_body,
            issuing_body=head_of.issuing_body,
            number_line=head_of.number_line,
            place_date=head_of.place_date,
        ),
        doc_type="BÁO CÁO",
        summary=_("Results of carrying out Plan No. %(number)s of %(date)s of the %(issuer)s")
        % {
            "number": plan.number,
            "date": official.vn_date(plan.issued_on),
            "issuer": letterhead.issuing_authority(context.plan_issuer),
        },
        body=draft(context),
        signature=Signature(
            on_behalf=head_of.on_behalf,
            title=(head.title if head else "Bí thư").upper(),
            name=head.person.full_name if head else "",
        ),
        recipients=recipients(context),
        annex=annex(context),
        annex_heading=["PHỤ LỤC", annex_title(context)],
    )


def annex_title(context: Context) -> str:
    return _("STATISTICS OF THE RESULTS OF CARRYING OUT PLAN NO. %(number)s") % {
        "number": context.plan.number
    }


def recipients(context: Context) -> list[str]:
    parent = context.parent
    above = (
        letterhead.issuing_authority(parent) if parent is not None else _("Central Party Office")
    )
    out = [_("%(body)s (to report)") % {"body": above}]
    if context.unit.kind == "party_committee":
        out.append(_("Members of the standing committee"))
    if context.rollup.children:
        out.append(_("Party organisations directly under"))
    out.append(_("Archives: office of %(body)s") % {"body": context.unit.committee_name})
    return out
