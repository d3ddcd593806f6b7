"""What the rollup engine counts for one unit's subtree: plain counts, summed up the tree.

Everything here is additive (a parent's numbers are the sum of its own rows and its children's
numbers), so the engine can GROUP BY unit in the database and add the rows up the tree in one
pass. Rates are never stored: an indicator (``indicators.py``) divides two of these counts when
it is read, so that numerator and denominator are always shown together (rule 7).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from trienkhai.inspections.rollup import InspectionNumbers
from trienkhai.outreach.models import Channel
from trienkhai.programs.models import ActionProgram, TaskStatus
from trienkhai.resolutions.models import ObligationStatus, Requirement
from trienkhai.resolutions.rollup import Tally
from trienkhai.study.rollup import StudyNumbers

KINDS = tuple(Requirement.Kind.values)
PROGRAM_STATUSES = tuple(ActionProgram.Status.values)
TASK_STATUSES = tuple(TaskStatus.values)
OBLIGATION_STATUSES = tuple(ObligationStatus.values)
CHANNELS = tuple(Channel.values)


def _zeros(keys) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


@dataclass(frozen=True)
class Value:
    """One indicator for one unit: what it counts over what it is counted against.

    ``denominator`` is ``None`` for a plain count. ``numerator`` is a float only for the
    indicator attainment (a sum of shares of the way from baseline to target)."""

    numerator: int | float
    denominator: int | None = None

    @property
    def ratio(self) -> float | None:
        if not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def percent(self) -> float | None:
        r = self.ratio
        return None if r is None else 100 * r


@dataclass
class ProgramNumbers:
    """The action programs of a plan in a subtree, as of a date (definitions in
    ``indicators.py``; how each is read from the rows in ``queries.py``)."""

    written: int = 0  # programs that existed by the date (created or approved by then)
    by_status: dict[str, int] = field(default_factory=lambda: _zeros(PROGRAM_STATUSES))
    issued: int = 0  # approved at least once by the date
    flagged: int = 0  # marked as mostly copied, among ``written``
    tasks: int = 0  # tasks of the programs issued by the date
    tasks_by_status: dict[str, int] = field(default_factory=lambda: _zeros(TASK_STATUSES))
    measurable: int = 0  # tasks with an indicator and a target
    attainment_sum: float = 0.0  # sum over measurable tasks of their attainment (0..1)
    milestones: int = 0  # milestones of the tasks above
    milestones_overdue: int = 0  # past their date with no done report by the date
    milestones_done: int = 0  # done by the date (a report named them or said the task done)
    reviews_due: int = 0  # one per issued program per past calendar year
    reviews_approved: int = 0  # of those years, approved by the date

    def add(self, other: ProgramNumbers) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)


@dataclass
class OutreachNumbers:
    """Dissemination and questions of a plan in a subtree, as of a date (definitions:
    ``outreach/numbers.py``)."""

    activities: int = 0
    by_channel: dict[str, int] = field(default_factory=lambda: _zeros(CHANNELS))
    reach: int = 0  # sum of the reach of every activity
    reach_known: int = 0  # reach of the activities whose population is known
    population: int = 0  # sum of the populations addressed (where known)
    flagged: int = 0  # activities with a warning not yet reviewed
    questions: int = 0  # asked by the date (dismissed ones left out)
    answered: int = 0  # of those, answered (approved answer, or merged) by the date
    answer_days: dict[int, int] = field(default_factory=dict)  # days to answer → questions
    published: int = 0  # answers published by the date

    def add(self, other: OutreachNumbers) -> None:
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if isinstance(mine, dict):
                for key, n in theirs.items():
                    mine[key] = mine.get(key, 0) + n
            else:
                setattr(self, f.name, mine + theirs)


def _status(name: str) -> property:
    return property(lambda self: self.counts.get(name, 0))


class Counts(Tally):
    """A ``resolutions.rollup.Tally`` whose statuses are plain properties: ``Tally`` finds
    them through ``__getattr__``, and the dashboard's table reads them thousands of times."""

    pending = _status(ObligationStatus.PENDING)
    on_time = _status(ObligationStatus.ON_TIME)
    late = _status(ObligationStatus.LATE)
    overdue = _status(ObligationStatus.OVERDUE)
    closed = _status(ObligationStatus.CLOSED)
    cancelled = _status(ObligationStatus.CANCELLED)


def _tallies() -> dict[str, Counts]:
    return {kind: Counts() for kind in KINDS}


@dataclass
class Numbers:
    """Every count of a plan for one unit's subtree (or one unit's own rows)."""

    obligations: dict[str, Counts] = field(default_factory=_tallies)
    study: StudyNumbers = field(default_factory=StudyNumbers)
    programs: ProgramNumbers = field(default_factory=ProgramNumbers)
    #: Data warnings (``core/flags.py``) detected by the date and not yet reviewed.
    flags: int = 0
    #: Inspections, supervisions, findings and recommendations (``inspections/rollup.py``).
    inspections: InspectionNumbers = field(default_factory=InspectionNumbers)
    outreach: OutreachNumbers = field(default_factory=OutreachNumbers)
    #: Counted obligations by (deadline, date of evidence or None): the timeline's rows, kept
    #: per unit for the live store (``live.py``; the engine's own timeline reads the
    #: collector's ``due_dates``).
    dates: dict[tuple, int] = field(default_factory=dict)

    def add(self, other: Numbers) -> None:
        for kind, tally in other.obligations.items():
            mine = self.obligations.setdefault(kind, Counts())
            for status, n in tally.counts.items():
                mine.add(status, n)
        self.study.add(other.study)
        self.programs.add(other.programs)
        self.flags += other.flags
        self.inspections.add(other.inspections)
        self.outreach.add(other.outreach)
        for when, n in other.dates.items():
            self.dates[when] = self.dates.get(when, 0) + n

    def tally(self, kind: str | None = None) -> Counts:
        """The obligations of one requirement kind, or of every kind (``None``: summed on
        each call, so it stays right while the numbers are being added up)."""
        if kind is not None:
            return self.obligations.get(kind) or Counts()
        total = Counts()
        for tally in self.obligations.values():
            for status, n in tally.counts.items():
                total.add(status, n)
        return total

    def copy(self) -> Numbers:
        twin = Numbers()
        twin.add(self)
        return twin
