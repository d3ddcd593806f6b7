"""Study tallies: who studied a plan and wrote their report, counted per unit and kept for today.

The study numbers join every party member under a unit with their attendance and learning
report (``study.rollup.people_counts``). For a commune that is instant; for the nation it is
5.6 million members and about twenty seconds. So for each plan read at its issuer's level,
the rows of that join — one per unit and exemption — are kept in ``StudyTally``, as of a day,
and later readings for that day (any unit of the plan) read them instead.

**Kept up to date from the writes.** Everything that can change a unit's rows leaves a
``TallyMark`` in the same transaction: a person created, moved, made exempt, leaving
(``Person`` signals, the old and the new unit); an attendance or a learning report written
(the person's unit); a session rescheduled, cancelled or moved to another plan (the
units of its attendees); a plan linked under another plan, or a unit moved (the whole
subtree). Bulk writes that send no signals mark what they touched themselves
(``mark_units``) or drop the tallies (``forget``); so do deletions of people, sessions,
attendance or reports, which no service makes (no ``post_delete`` receivers: they would turn
every bulk delete into one query per row). The next reading first counts the marked
units again — the same query, narrowed to them — then reads the tallies.

**Time.** A tally counts for one day. Reading it on a later day first counts again the units
where something changed meaning in between: members whose leaving date has come, attendees of
sessions that have started since. Reports are dated when they are written, which marks them
anyway. Past dates are never read from the tallies: they are counted live, as before.

**Never wrong, only slower.** A plan without tallies is counted live; the first reading of
its whole subtree for today builds them (``INSERT … SELECT`` of the live query). A mark on the
plan's issuer or above it makes the next reading count everything again. ``trienkhai
tallies --check`` compares the tallies with a live count.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection, connections, transaction
from django.db.models import Max, Q, Subquery
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from trienkhai.core.querysets import column_of
from trienkhai.resolutions.models import Plan
from trienkhai.units.models import Person, Unit
from trienkhai.units.signals import unit_moved

from .models import Attendance, LearningReport, StudySession, StudyTally, TallyMark, TallyState
from .rollup import people_counts  # the rollup reads the tallies
from .rows import member_people
from .scope import day_end, subtree

#: The tally's columns, in the order of ``people_counts``' values.
COLUMNS = (
    "unit_id",
    "exempt",
    "members",
    "attended",
    "submitted",
    "late",
    "returned",
    "grade_good",
    "grade_fair",
    "grade_pass",
    "grade_fail",
)
#: Past this many marked units or subtrees, one count of everything is cheaper.
MAX_MARKS = 2000
_live = ContextVar("study_tallies_live", default=False)


@contextmanager
def counted_live():
    """Within this block every reading counts live, as for a past date: the members, and the
    tasks' latest reports (the benchmark's ``rollup_root_live``, ``trienkhai tallies
    --check``)."""
    token = _live.set(True)
    try:
        yield
    finally:
        _live.reset(token)


def stored_for(day: datetime.date) -> bool:
    """Whether readings for ``day`` may use what is kept for today (these tallies, the latest
    progress report copied on each task): ``day`` is today and no one asked for a live
    count."""
    return not _live.get() and day == timezone.localdate()


# --- marking ---------------------------------------------------------------------------------


def mark_units(unit_ids, *, subtree: bool = False) -> None:
    """The tallies of these units (with ``subtree``, and of everything under them) must be
    counted again before they are read."""
    ids = {pk for pk in unit_ids if pk is not None}
    if ids:
        txid = _transaction_id()
        TallyMark.objects.bulk_create(
            TallyMark(unit_id=pk, subtree=subtree, txid=txid) for pk in ids
        )


def mark_people(person_ids) -> None:
    """Mark the home units of these people."""
    mark_units(
        Person.objects.filter(pk__in=list(person_ids)).values_list("unit_id", flat=True).distinct()
    )


def forget(plan: Plan | None = None) -> None:
    """Drop the tallies (of one plan, or all): the next reading counts live, and the next
    reading of a whole plan builds them again. For bulk loads that send no signals."""
    states = TallyState.objects.all() if plan is None else TallyState.objects.filter(plan=plan)
    tallies = StudyTally.objects.all() if plan is None else StudyTally.objects.filter(plan=plan)
    tallies.delete()
    states.delete()
    if not TallyState.objects.exists():
        TallyMark.objects.all().delete()


# --- which marks are new -----------------------------------------------------------------------
#
# Marks are numbered, but on PostgreSQL numbers are handed out before commit: a transaction
# still running when the tallies catch up may commit a mark numbered below the last one they
# took in. So each mark keeps its transaction's id, and each catch-up keeps the transactions
# still running just after it read the last number (``TallyState.waiting``, from the
# snapshot): a mark it could not see comes from one of them, and the next catch-up takes in
# their marks whatever their numbers. SQLite runs one writer at a time: there the numbers are
# enough (``txid`` 0, nothing waiting).


def _transaction_id() -> int:
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        return cursor.fetchone()[0]


def _running() -> list[int]:
    """The other transactions running now (PostgreSQL), oldest first."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_snapshot_xip(txid_current_snapshot()) ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


def _new_marks(mark: int, waiting: list[int]) -> Q:
    """Marks not taken in by a catch-up that read ``mark`` as the last number while the
    transactions ``waiting`` were running."""
    new = Q(id__gt=mark)
    return new | Q(txid__in=waiting) if waiting else new


# --- reading ---------------------------------------------------------------------------------


def rows(plan: Plan, path: str, day: datetime.date) -> list[tuple] | None:
    """The rows of ``people_counts`` for the units at or under ``path`` from the tallies,
    brought up to date first; ``None`` when the tallies cannot answer (a past day, or a plan
    without tallies read below its issuer): the caller counts live. Up to date, that is two
    queries: the state with the last mark, then the tallies (one more while transactions
    that were running at the last catch-up may have left marks)."""
    if not stored_for(day):
        return None
    whole = path == plan.unit.path
    last = Subquery(TallyMark.objects.order_by("-id").values("id")[:1])
    state = TallyState.objects.filter(plan=plan).values_list("day", "mark", "waiting", last).first()
    if state is None and not whole:
        return None
    if state is None or _behind(*state, day=day):
        with transaction.atomic():
            TallyState.objects.bulk_create([TallyState(plan=plan)], ignore_conflicts=True)
            _catch_up(plan, TallyState.objects.select_for_update().get(plan=plan), day)
    tallies = StudyTally.objects.filter(plan=plan)
    if not whole:
        tallies = tallies.filter(unit__in=Unit.objects.filter(subtree(path)).values("pk"))
    return _fetch(tallies.order_by().values_list(*COLUMNS))


def _behind(counted_for, mark, waiting, last, *, day) -> bool:
    if counted_for != day or (last or 0) > mark:
        return True
    return bool(waiting) and TallyMark.objects.filter(txid__in=waiting).exists()


def _fetch(queryset) -> list[tuple]:
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _catch_up(plan: Plan, state: TallyState, day: datetime.date) -> None:
    """Count again what changed since the state's marks and day (everything when never
    counted, or when a change reaches the plan's issuer), then move the state on."""
    last = TallyMark.objects.aggregate(last=Max("id"))["last"] or 0
    waiting = _running()  # after reading ``last``: see "which marks are new" above
    if state.day is None or state.day > day:
        _count(plan, day, None)
    else:
        marks = list(
            TallyMark.objects.filter(_new_marks(state.mark, state.waiting))
            .values_list("unit_id", "subtree")
            .distinct()
        )
        if state.day < day:
            marks += _passed(plan, state.day, day)
        if marks:
            _count(plan, day, _marked_units(plan, marks))
    state.day, state.mark, state.waiting = day, last, waiting
    state.counted_at = timezone.now()
    state.save()
    _prune()


def _prune() -> None:
    """Drop the marks every plan's tallies have taken in. Only those older than an hour: a
    plan being counted for the first time in another transaction (not visible here) takes in
    the marks made since it started."""
    states = list(TallyState.objects.filter(day__isnull=False).values_list("mark", "waiting"))
    if states:
        hour_ago = timezone.now() - datetime.timedelta(hours=1)
        waiting = sorted({txid for _mark, running in states for txid in running})
        old = TallyMark.objects.filter(at__lt=hour_ago, id__lte=min(m for m, _w in states))
        old.exclude(txid__in=waiting).delete()


def _passed(plan: Plan, since: datetime.date, day: datetime.date) -> list[tuple[int, bool]]:
    """Units whose rows changed meaning between the end of ``since`` and the end of ``day``
    without a write: members who left on a day in between, attendees of sessions of the plan
    (or one carrying it out) that started in between."""
    left = Person.objects.filter(left_on__gt=since, left_on__lte=day).values_list(
        "unit_id", flat=True
    )
    started = Attendance.objects.filter(
        session__plan__in=Plan.objects.carrying_out(plan),
        session__starts_at__gte=day_end(since),
        session__starts_at__lt=day_end(day),
    ).values_list("person__unit_id", flat=True)
    ids = set(left.distinct()) | set(started.distinct())
    return [(pk, False) for pk in ids]


def _marked_units(plan: Plan, marks: list[tuple[int, bool]]):
    """The units of the plan's subtree to count again, as a queryset; ``None`` for all of
    them (a mark at or above the issuer, or too many marks to list)."""
    if len(marks) > MAX_MARKS:
        return None
    scope = plan.unit.path
    single = [pk for pk, whole_subtree in marks if not whole_subtree]
    under = [pk for pk, whole_subtree in marks if whole_subtree]
    which = Q(pk__in=single)
    for path in Unit.objects.filter(pk__in=under).values_list("path", flat=True):
        if scope.startswith(path):
            return None
        if path.startswith(scope):
            which |= subtree(path)
    return Unit.objects.filter(subtree(scope)).filter(which)


def _count(plan: Plan, day: datetime.date, units) -> None:
    """Replace the tallies of ``units`` (all of the plan's when ``None``) with a live count:
    one DELETE and one ``INSERT … SELECT`` of ``people_counts``."""

    people = member_people(plan, plan.unit, day)
    old = StudyTally.objects.filter(plan=plan)
    if units is not None:
        unit_ids = units.values("pk")
        people = people.filter(unit__in=unit_ids)
        old = old.filter(unit__in=unit_ids)
    old.delete()
    counts = people_counts(people, plan, day, plan.unit, units=units)
    sql, params = counts.query.sql_with_params()
    table = StudyTally._meta.db_table
    columns = ", ".join(column_of(StudyTally, c.removesuffix("_id")) for c in ("plan", *COLUMNS))
    with connections[counts.db].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT %s, counted.* FROM ({sql}) counted",
            [plan.pk, *params],
        )


# --- what marks them (connected in StudyConfig.ready) ----------------------------------------

PERSON_FIELDS = ("unit_id", "is_party_member", "exempt_from_activity", "left_on")
SESSION_FIELDS = ("plan_id", "status", "starts_at")


def _before(model, instance, names) -> tuple | None:
    if instance.pk is None or instance._state.adding:
        return None
    return model._base_manager.filter(pk=instance.pk).values_list(*names).first()


def _person_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._tally_before = _before(Person, instance, PERSON_FIELDS)


def _person_post_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_tally_before", None)
    now = tuple(getattr(instance, name) for name in PERSON_FIELDS)
    if created or before is None:
        if instance.is_party_member:
            mark_units([instance.unit_id])
    elif before != now:
        mark_units([before[0], instance.unit_id])


def _row_changed(sender, instance, raw=False, **kwargs):
    """An attendance or a learning report: its person's home unit."""
    if not raw:
        mark_people([instance.person_id])


def _session_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._tally_before = _before(StudySession, instance, SESSION_FIELDS)


def _session_post_save(sender, instance, created, raw=False, **kwargs):
    before = getattr(instance, "_tally_before", None)
    if raw or created or before is None:
        return  # a new session has no attendance yet
    if before != tuple(getattr(instance, name) for name in SESSION_FIELDS):
        mark_units(
            Attendance.objects.filter(session=instance)
            .values_list("person__unit_id", flat=True)
            .distinct()
        )


def _plan_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._tally_before = _before(Plan, instance, ("parent_id",))


def _plan_post_save(sender, instance, created, raw=False, **kwargs):
    """A plan linked under another (or unlinked) changes what counts for the plans above."""
    before = getattr(instance, "_tally_before", None)
    if raw or created or before is None:
        return
    if before[0] != instance.parent_id:
        mark_units([instance.unit_id], subtree=True)


def _unit_moved(sender, unit, **kwargs):
    mark_units([unit.pk], subtree=True)


def connect() -> None:
    unit_moved.connect(_unit_moved, sender=Unit, dispatch_uid="tallies._unit_moved")
    for receiver, signal, model in (
        (_person_pre_save, pre_save, Person),
        (_person_post_save, post_save, Person),
        (_row_changed, post_save, Attendance),
        (_row_changed, post_save, LearningReport),
        (_session_pre_save, pre_save, StudySession),
        (_session_post_save, post_save, StudySession),
        (_plan_pre_save, pre_save, Plan),
        (_plan_post_save, post_save, Plan),
    ):
        signal.connect(receiver, sender=model, dispatch_uid=f"tallies.{receiver.__name__}.{model}")
