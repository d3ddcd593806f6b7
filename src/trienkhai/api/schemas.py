"""What the API returns: as much as the screens show the same role, no more."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Schema


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    level: str
    path: str
    depth: int
    active_from: datetime.date | None
    active_to: datetime.date | None


class PersonOut(Schema):
    """The people list's and page's fields (gender and birth year are on the person's page
    for whoever may view them); no contact data is kept at all."""

    id: int
    full_name: str
    member_code: str | None
    unit_id: int
    gender: str
    birth_year: int | None
    is_party_member: bool
    exempt_from_activity: bool
    category: str
    left_on: datetime.date | None


class PlanStudyOut(Schema):
    plan_id: int
    plan_number: str
    sessions_attended: int
    report_status: str | None
    report_grade: str | None


class PersonStudyOut(Schema):
    person_id: int
    plans: list[PlanStudyOut]


class KeyPointOut(Schema):
    order: int
    text: str
    is_new: bool


class ResolutionOut(Schema):
    id: int
    unit_id: int
    kind: str
    number: str
    title: str
    issuing_body: str
    issued_on: datetime.date
    term: str
    summary: str


class ResolutionDetailOut(ResolutionOut):
    key_points: list[KeyPointOut]


class RequirementOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    target_kinds: list[str]
    target_levels: list[str]
    due_on: datetime.date
    target_value: Decimal | None
    withdrawn: bool


class PlanOut(Schema):
    id: int
    unit_id: int
    number: str
    title: str
    issued_on: datetime.date
    parent_id: int | None
    status: str
    version: int


class PlanDetailOut(PlanOut):
    resolution_ids: list[int]
    requirements: list[RequirementOut]


class ObligationOut(Schema):
    id: int
    unit_id: int
    plan_id: int
    requirement_id: int
    due_on: datetime.date
    fulfilled_on: datetime.date | None
    status: str
    as_of: datetime.date


class SessionOut(Schema):
    id: int
    unit_id: int
    plan_id: int
    title: str
    starts_at: datetime.datetime
    place: str
    mode: str
    status: str
    include_subtree: bool
    non_member_count: int


class AttendanceOut(Schema):
    id: int
    session_id: int
    person_id: int
    unit_id: int
    status: str
    method: str
    recorded_at: datetime.datetime


class AttendanceIn(Schema):
    person_id: int
    status: str
    reason: str = ""


class LearningReportOut(Schema):
    id: int
    unit_id: int
    plan_id: int
    person_id: int
    text: str
    file_type: str
    submitted_at: datetime.datetime
    due_on: datetime.date | None
    status: str
    grade: str
    comment: str


class LearningReportIn(Schema):
    plan_id: int
    person_id: int
    text: str


class ProgramOut(Schema):
    id: int
    unit_id: int
    plan_id: int | None
    parent_id: int | None
    kind: str
    number: str
    title: str
    status: str
    version: int
    approved_on: datetime.date | None
    effective_on: datetime.date | None


class TaskOut(Schema):
    id: int
    program_id: int
    parent_task_id: int | None
    order: int
    title: str
    lead_unit_id: int | None
    due_on: datetime.date | None
    indicator: str
    measure: str
    baseline: Decimal | None
    target: Decimal | None
    reported_status: str
    reported_value: Decimal | None


class MilestoneOut(Schema):
    id: int
    task_id: int
    order: int
    due_on: datetime.date
    by_quarter: bool
    expected_value: Decimal | None
    deliverable: str
    done_on: datetime.date | None


class ProgressOut(Schema):
    id: int
    task_id: int
    period_start: datetime.date
    period_end: datetime.date
    status: str
    value: Decimal | None
    narrative: str
    milestone_id: int | None
    reported_by_unit_id: int
    reported_on: datetime.date


class ProgressIn(Schema):
    period: datetime.date
    status: str
    value: Decimal | None = None
    narrative: str = ""
    milestone_id: int | None = None


class FigureOut(Schema):
    key: str
    label: str
    numerator: int | float
    denominator: int | None
    percent: float | None


class RollupNodeOut(Schema):
    unit_id: int
    figures: list[FigureOut]


class RollupOut(Schema):
    plan_id: int
    unit_id: int
    as_of: datetime.date
    computed_at: datetime.datetime
    version: int
    figures: list[FigureOut]
    units_below: list[RollupNodeOut]


class TargetOut(Schema):
    unit_id: int
    self_report_on: datetime.date | None


class FindingOut(Schema):
    id: int
    target_id: int
    kind: str
    severity: str
    text: str
    task_id: int | None
    obligation_id: int | None
    program_id: int | None
    requirement_id: int | None


class RecommendationOut(Schema):
    """A recommendation: its addressee (``unit_id``), deadline and state; ``standing`` as of
    today (open, overdue, done_on_time, late), as on the recommendations page."""

    id: int
    unit_id: int
    inspection_id: int
    text: str
    due_on: datetime.date
    state: str
    standing: str
    task_id: int | None
    accepted_on: datetime.date | None
    reported_on: datetime.date | None
    closed_on: datetime.date | None

    @staticmethod
    def resolve_standing(obj: Any) -> str:
        if isinstance(obj, dict):
            return str(obj["standing"])
        return str(obj.standing(timezone.localdate()))


class InspectionOut(Schema):
    """An inspection or supervision; ``unit_id`` is the conducting unit."""

    id: int
    unit_id: int
    kind: str
    title: str
    state: str
    plan_id: int | None
    decision_number: str
    decision_on: datetime.date | None
    period_from: datetime.date | None
    period_to: datetime.date | None
    started_on: datetime.date | None
    limit_days: int
    extension_days: int
    deadline: datetime.date | None
    conclusion_number: str
    concluded_on: datetime.date | None
    reinspection_of_id: int | None


class InspectionDetailOut(InspectionOut):
    """The inspection as its page shows it to the caller: the findings and the conclusion to
    the conducting unit's people and, once concluded, to the targets; the recommendations
    (the proposed ones only to the conducting unit)."""

    targets: list[TargetOut]
    conclusion: str
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]


class ActivityOut(Schema):
    id: int
    unit_id: int
    plan_id: int
    channel: str
    held_on: datetime.date
    title: str
    link: str
    evidence_name: str
    reach: int
    audience_unit_id: int | None
    audience_label: str
    audience_size: int | None
    opinions: int
    opinion_themes: str
    recorded_at: datetime.datetime


class ActivityDetailOut(ActivityOut):
    key_point_ids: list[int]


class ActivityIn(Schema):
    """A dissemination activity, as the form records it (the evidence file is given on the
    page, not through the API)."""

    plan_id: int
    channel: str
    held_on: datetime.date
    title: str
    reach: int
    key_point_ids: list[int] = []
    link: str = ""
    audience_unit_id: int | None = None
    audience_label: str = ""
    audience_size: int | None = None
    opinions: int | None = 0
    opinion_themes: str = ""


class ImportProblemOut(Schema):
    row: int
    code: str
    level: str
    message: str


class ImportBatchOut(Schema):
    """An import: its state and counts (create, update, unchanged, skip, error, warning)."""

    id: int
    unit_id: int
    kind: str
    status: str
    on_conflict: str
    file_name: str
    total_rows: int
    counts: dict[str, int]
    error: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None

    @staticmethod
    def resolve_counts(obj: Any) -> dict[str, int]:
        """The counts only (the preview also keeps the header and a sample there)."""
        counts = obj["counts"] if isinstance(obj, dict) else obj.counts
        return {k: v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool)}


class ImportBatchDetailOut(ImportBatchOut):
    """With every problem the preview found, in the caller's language."""

    problems: list[ImportProblemOut]
