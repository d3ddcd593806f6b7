"""The API, version 1: ``/api/v1/``, its OpenAPI 3.1 document at ``/api/v1/openapi.json`` and
browsable docs at ``/api/v1/docs``.

Every read goes through ``for_user`` (or the screens' own scoped querysets, such as
``visible_plans``), every write through the screens' services: the same scope (outside it a
404), the same validation messages, the same audit events. Resources are declarations
(``RESOURCES``, see ``resources.py``); the endpoints that are more than a list and a detail
(a subtree, a member's study, attendance, a learning report, a progress report, a
dissemination activity, a rollup)
are written below, each a few lines over a service or the reporting engine.
"""

import datetime
import hashlib
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Count, DateField, Q, Value
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Router, Status
from ninja.openapi.docs import Swagger

from trienkhai.core.access import Action, may, require, role_paths, unrestricted
from trienkhai.core.numbers import percent
from trienkhai.imports.models import ImportBatch
from trienkhai.imports.problems import message as problem_message
from trienkhai.imports.views import _field_labels as problem_fields
from trienkhai.inspections.models import Inspection, Recommendation
from trienkhai.outreach import services as outreach
from trienkhai.outreach.forms import plan_choices
from trienkhai.outreach.lists import ActivityFilter
from trienkhai.outreach.models import Activity
from trienkhai.programs.lists import ProgramFilter
from trienkhai.programs.models import ActionProgram, Milestone, ProgressUpdate, Task
from trienkhai.programs.services.progress import report_progress
from trienkhai.reporting.engine import rollup
from trienkhai.resolutions.lists import ObligationFilter, PlanFilter, ResolutionFilter
from trienkhai.resolutions.models import KeyPoint, Obligation, Plan, Requirement, Resolution
from trienkhai.resolutions.scope import visible_plans
from trienkhai.study.lists import ReportFilter, SessionFilter
from trienkhai.study.models import Attendance, LearningReport, StudySession
from trienkhai.study.services import mark_attendance, submit_report
from trienkhai.units.lists import PersonFilter, UnitFilter
from trienkhai.units.models import Person, Unit

from . import schemas as s
from .auth import TokenAuth
from .problems import CONTENT_TYPE, PROBLEMS, BadInput, install
from .resources import MAX_ID, Resource, one, page_of, page_schema, register


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document, with every refusal as ``application/problem+json`` (RFC 9457) and
        the bearer token described."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[CONTENT_TYPE] = content.pop("application/json")
        return schema


api = Api(
    title="trienkhai API",
    version="1",
    description=(
        "Plans, obligations, study, action programs, inspections, dissemination, imports and "
        "their figures, for the systems around "
        "trienkhai. `Authorization: Bearer <token>` (a personal token from the token page, or "
        "`trienkhai token create`). Errors are problem details (RFC 9457) in the language of "
        "`Accept-Language` (vi, en). Lists are cursor-paged: follow `next`."
    ),
    auth=TokenAuth(),
    urls_namespace="api:v1",  # inside the app's own namespace
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install(api)


def _as_of(params) -> datetime.date:
    day = getattr(params, "as_of", None) if params is not None else None
    return day or timezone.localdate()


def _obligations(queryset, params):
    """Each obligation with its status as of ``?as_of=`` (today by default): the same rule
    as the plan's pages (``with_status``)."""
    day = _as_of(params)
    return queryset.with_status(day).annotate(as_of=Value(day, output_field=DateField()))


def _plans_kwargs(request):
    return {"plans": visible_plans(request.user)}


def _conducted_q(user, prefix: str = "") -> Q:
    """Rows of the inspections conducted by a unit of the user's scope."""
    paths = role_paths(user, Action.VIEW)
    return reduce(or_, (Q(**{f"{prefix}unit__path__prefix": p}) for p in paths), Q(pk__in=[]))


def _recommendations(user):
    """Recommendations addressed to the user's units (or below), as the recommendations page:
    the ones still proposed in a draft only to the conducting unit's people."""
    rows = Recommendation.objects.for_user(user, Action.VIEW)
    if unrestricted(user):
        return rows
    return rows.filter(~Q(state=Recommendation.State.PROPOSED) | _conducted_q(user, "inspection__"))


def _inspection(obj: Inspection, request):
    """The inspection as its page shows it: findings and conclusion to the conducting unit's
    people, and to the targets once concluded; proposed recommendations to the conductors."""
    conducting = may(request.user, Action.VIEW, obj.unit)
    shown = conducting or obj.is_concluded
    recommendations = Recommendation.objects.filter(inspection=obj).order_by("due_on", "id")
    if not conducting:
        recommendations = recommendations.exclude(state=Recommendation.State.PROPOSED)
    today = timezone.localdate()
    return {
        **s.InspectionOut.from_orm(obj).dict(),
        "targets": list(obj.targets.order_by("unit__path")),
        "conclusion": obj.conclusion if shown else "",
        "findings": list(obj.findings.order_by("id")) if shown else [],
        "recommendations": [
            {**s.RecommendationOut.from_orm(r).dict(), "standing": r.standing(today)}
            for r in recommendations
        ],
    }


def _import_batch(obj: ImportBatch, request):
    """The import with its problems, each said in the caller's language (as the preview)."""
    return {
        **s.ImportBatchOut.from_orm(obj).dict(),
        "problems": [
            {
                "row": row,
                "code": code,
                "level": level,
                "message": problem_message(code, problem_fields(obj, params)),
            }
            for row, code, level, params in obj.problems
        ],
    }


RESOURCES = [
    Resource("units", Unit, s.UnitOut, "units", UnitFilter),
    Resource(
        "people",
        Person,
        s.PersonOut,
        "people",
        PersonFilter,
        summary="People (members' study: /people/{id}/study/)",
    ),
    Resource(
        "resolutions",
        Resolution,
        s.ResolutionOut,
        "resolutions",
        ResolutionFilter,
        detail_schema=s.ResolutionDetailOut,
        rows=lambda qs, p: qs.prefetch_related("key_points"),
        detail=lambda obj, request: {
            **s.ResolutionOut.from_orm(obj).dict(),
            "key_points": list(obj.key_points.order_by("order")),
        },
    ),
    Resource(
        "plans",
        Plan,
        s.PlanOut,
        "plans",
        PlanFilter,
        queryset=visible_plans,
        detail_schema=s.PlanDetailOut,
        detail=lambda obj, request: {
            **s.PlanOut.from_orm(obj).dict(),
            "resolution_ids": list(obj.resolutions.values_list("id", flat=True)),
            "requirements": list(obj.requirements.order_by("order", "id")),
        },
    ),
    Resource(
        "obligations",
        Obligation,
        s.ObligationOut,
        "plans",
        ObligationFilter,
        rows=_obligations,
        filterset_kwargs=lambda request: {
            "requirements": Requirement.objects.for_user(request.user, Action.VIEW)
        },
        extra_params={"as_of": (datetime.date | None, None)},
        summary="Obligations, each with its status as of a date (?as_of=, today by default)",
    ),
    Resource(
        "sessions",
        StudySession,
        s.SessionOut,
        "study",
        SessionFilter,
        filterset_kwargs=_plans_kwargs,
    ),
    Resource(
        "learning-reports",
        LearningReport,
        s.LearningReportOut,
        "study",
        ReportFilter,
        action=Action.CHANGE,
        filterset_kwargs=_plans_kwargs,
    ),
    Resource("programs", ActionProgram, s.ProgramOut, "programs", ProgramFilter),
    Resource("tasks", Task, s.TaskOut, "programs"),
    Resource("milestones", Milestone, s.MilestoneOut, "programs"),
    Resource("progress-reports", ProgressUpdate, s.ProgressOut, "programs"),
    Resource(
        "inspections",
        Inspection,
        s.InspectionOut,
        "inspections",
        detail_schema=s.InspectionDetailOut,
        rows=lambda qs, p: qs.select_related("unit"),
        detail=_inspection,
        summary="Inspections and supervisions conducted by the caller's units or aimed at them",
    ),
    Resource(
        "recommendations",
        Recommendation,
        s.RecommendationOut,
        "inspections",
        queryset=_recommendations,
        summary="Recommendations of concluded inspections: addressee, deadline, state",
    ),
    Resource(
        "activities",
        Activity,
        s.ActivityOut,
        "outreach",
        ActivityFilter,
        detail_schema=s.ActivityDetailOut,
        detail=lambda obj, request: {
            **s.ActivityOut.from_orm(obj).dict(),
            "key_point_ids": sorted(obj.key_points.values_list("id", flat=True)),
        },
        summary="Dissemination activities",
    ),
    Resource(
        "imports",
        ImportBatch,
        s.ImportBatchOut,
        "imports",
        detail_schema=s.ImportBatchDetailOut,
        detail=_import_batch,
        summary="Imports from spreadsheets: state and counts (read-only: upload on the page)",
    ),
]

router = Router()
for _resource in RESOURCES:
    register(router, _resource)

UnitPage = page_schema("Subtree", s.UnitOut)


@router.get(
    "/units/{id}/subtree/",
    response={200: UnitPage, **PROBLEMS},
    tags=["units"],
    operation_id="unit_subtree",
)
def unit_subtree(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=MAX_ID),
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=500),
):
    """The unit and every unit under it, in tree order (keyset on the path)."""
    unit = one(Unit.objects.for_user(request.user, Action.VIEW), id)
    items, nxt = page_of(Unit.objects.filter(path__prefix=unit.path), cursor, limit)
    return {"items": items, "next": nxt}


@router.get(
    "/people/{id}/study/",
    response={200: s.PersonStudyOut, **PROBLEMS},
    tags=["people"],
    operation_id="person_study",
)
def person_study(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    """A member's study: per plan, the sessions attended and the learning report's status
    (the grade and the report itself only to whom may read reports: the clerks)."""
    person = one(Person.objects.for_user(request.user, Action.VIEW), id)
    attended = dict(
        Attendance.objects.filter(person=person, status=Attendance.Status.PRESENT)
        .values_list("session__plan_id")
        .annotate(n=Count("id"))
    )
    reports = {
        r.plan_id: r
        for r in LearningReport.objects.filter(person=person).only("plan_id", "status", "grade")
    }
    may_read = may(request.user, Action.CHANGE, person)
    plans = Plan.objects.filter(pk__in={*attended, *reports}).order_by("issued_on", "id")
    return {
        "person_id": person.pk,
        "plans": [
            {
                "plan_id": plan.pk,
                "plan_number": plan.number,
                "sessions_attended": attended.get(plan.pk, 0),
                "report_status": reports[plan.pk].status if plan.pk in reports else None,
                "report_grade": (reports[plan.pk].grade or None)
                if plan.pk in reports and may_read
                else None,
            }
            for plan in plans
        ],
    }


AttendancePage = page_schema("Attendance", s.AttendanceOut)


@router.get(
    "/sessions/{id}/attendance/",
    response={200: AttendancePage, **PROBLEMS},
    tags=["study"],
    operation_id="list_attendance",
)
def session_attendance(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=MAX_ID),
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=500),
):
    """The attendance recorded for a session (those of it in the caller's scope)."""
    session = one(StudySession.objects.for_user(request.user, Action.VIEW), id)
    rows = Attendance.objects.for_user(request.user, Action.VIEW).filter(session=session)
    items, nxt = page_of(rows, cursor, limit)
    return {"items": items, "next": nxt}


@router.post(
    "/sessions/{id}/attendance/",
    response={200: s.AttendanceOut, **PROBLEMS},
    tags=["study"],
    operation_id="record_attendance",
)
def record_attendance(
    request: HttpRequest,
    data: s.AttendanceIn,
    id: int = Path(..., ge=1, le=MAX_ID),
):
    """Record one member present, excused or absent (a check-in device, a paper roster typed
    in): ``study.services.mark_attendance``, as the roster does, with the same refusals."""
    session = one(StudySession.objects.for_user(request.user, Action.VIEW), id)
    person = _person(request, data.person_id)
    return mark_attendance(
        user=request.user,
        session=session,
        person=person,
        status=data.status,
        method=Attendance.Method.KIOSK,
        reason=data.reason,
    )


def _person(request: HttpRequest, pk: int) -> Person:
    if not 1 <= pk <= MAX_ID:
        raise BadInput(_("No such member."), {"person_id": [_("No such member.")]})
    person = Person.objects.for_user(request.user, Action.VIEW).filter(pk=pk).first()
    if person is None:
        raise BadInput(_("No such member."), {"person_id": [_("No such member.")]})
    return person


@router.post(
    "/learning-reports/",
    response={201: s.LearningReportOut, **PROBLEMS},
    tags=["study"],
    operation_id="submit_learning_report",
)
def submit_learning_report(request: HttpRequest, data: s.LearningReportIn):
    """Submit a member's learning report (a clerk for a member, or the member themself):
    ``study.services.submit_report``."""
    person = _person(request, data.person_id)
    plan = None
    if 1 <= data.plan_id <= MAX_ID:
        plan = visible_plans(request.user).filter(pk=data.plan_id).first()
    if plan is None:
        raise BadInput(_("No such plan."), {"plan_id": [_("No such plan.")]})
    return Status(201, submit_report(user=request.user, plan=plan, person=person, text=data.text))


@router.post(
    "/tasks/{id}/progress-reports/",
    response={201: s.ProgressOut, **PROBLEMS},
    tags=["programs"],
    operation_id="report_progress",
)
def task_progress(
    request: HttpRequest,
    data: s.ProgressIn,
    id: int = Path(..., ge=1, le=MAX_ID),
):
    """The lead unit reports progress on a task: ``programs.services.progress.report_progress``
    (the same period rule, plausibility checks and audit event as the progress page)."""
    task = one(Task.objects.for_user(request.user, Action.VIEW), id)
    milestone = None
    if data.milestone_id is not None:
        milestone = (
            task.milestones.filter(pk=data.milestone_id).first()
            if (1 <= data.milestone_id <= MAX_ID)
            else None
        )
        if milestone is None:
            raise BadInput(_("No such milestone."), {"milestone_id": [_("No such milestone.")]})
    update = report_progress(
        user=request.user,
        task=task,
        period=data.period,
        status=data.status,
        value=data.value,
        narrative=data.narrative,
        milestone=milestone,
    )
    return Status(201, update)


@router.post(
    "/units/{id}/activities/",
    response={201: s.ActivityDetailOut, **PROBLEMS},
    tags=["outreach"],
    operation_id="record_activity",
)
def record_activity(
    request: HttpRequest,
    data: s.ActivityIn,
    id: int = Path(..., ge=1, le=MAX_ID),
):
    """Record what a unit did to bring a plan's resolution to the public:
    ``outreach.services.record_activity``, as the page does (the same checks, flags and audit
    event; it fulfils the unit's dissemination obligations). The evidence file is given on the
    page."""
    user = request.user
    unit = one(Unit.objects.for_user(user, Action.VIEW), id)
    require(user, Action.CHANGE, unit)  # a viewer is refused (403) before the body is read
    errors: dict[str, list[str]] = {}
    plan = None
    if 1 <= data.plan_id <= MAX_ID:
        plan = plan_choices(user).filter(pk=data.plan_id).first()
    if plan is None:
        errors["plan_id"] = [_("No such plan.")]
    wanted = {k for k in data.key_point_ids if 1 <= k <= MAX_ID}
    points = list(KeyPoint.objects.filter(pk__in=wanted)) if wanted else []
    if len(points) != len(set(data.key_point_ids)):
        errors["key_point_ids"] = [_("Choose key points of the plan's resolutions.")]
    audience = None
    if data.audience_unit_id is not None:
        if 1 <= data.audience_unit_id <= MAX_ID:
            audience = (
                Unit.objects.for_user(user, Action.VIEW)
                .filter(pk=data.audience_unit_id, path__prefix=unit.path, depth__lte=unit.depth + 1)
                .first()
            )
        if audience is None:
            errors["audience_unit_id"] = [_("No such unit.")]
    if data.link:
        try:
            URLValidator()(data.link)
        except ValidationError as exc:
            errors["link"] = exc.messages
    if errors:
        raise BadInput(_("Some values are not valid."), errors)
    assert plan is not None
    activity = outreach.record_activity(
        user=user,
        unit=unit,
        plan=plan,
        channel=data.channel,
        held_on=data.held_on,
        title=data.title,
        reach=data.reach,
        key_points=points,
        link=data.link,
        audience_unit=audience,
        audience_label=data.audience_label,
        audience_size=data.audience_size,
        opinions=data.opinions,
        opinion_themes=data.opinion_themes,
    )
    return Status(
        201,
        {
            **s.ActivityOut.from_orm(activity).dict(),
            "key_point_ids": sorted(p.pk for p in points),
        },
    )


def _figures(result, numbers) -> list[dict]:
    out = []
    for indicator in result.indicators():
        value = result.value(indicator.key, numbers)
        shown = percent(value.numerator, value.denominator)
        out.append(
            {
                "key": indicator.key,
                "label": str(indicator.label),
                "numerator": value.numerator,
                "denominator": value.denominator,
                "percent": None if shown is None else float(shown),
            }
        )
    return out


@router.get(
    "/plans/{id}/rollup/",
    response={200: s.RollupOut, 304: None, **PROBLEMS},
    tags=["plans"],
    operation_id="plan_rollup",
)
def plan_rollup(
    request: HttpRequest,
    response: HttpResponse,
    id: int = Path(..., ge=1, le=MAX_ID),
    unit: int | None = Query(None, ge=1, le=MAX_ID),
    as_of: datetime.date | None = None,
):
    """Every figure of a plan for a unit's subtree and each unit below it, as of a date: the
    reporting engine's numbers, the dashboard's own. ``ETag`` is the data version the figures
    were computed at; send it back in ``If-None-Match`` to get 304 while nothing changed."""
    plan = one(visible_plans(request.user).select_related("unit"), id)
    if unit is None:
        where = Unit.objects.top_for(request.user, Action.VIEW, under=plan.unit)
    else:
        where = (
            Unit.objects.for_user(request.user, Action.VIEW)
            .filter(pk=unit, path__prefix=plan.unit.path)
            .first()
        )
    if where is None:
        raise Http404
    day = as_of or timezone.localdate()
    result = rollup(plan, where, day)
    tag = hashlib.sha256(
        f"{plan.pk}:{plan.version}:{where.pk}:{day}:{result.version}:{result.computed_at}".encode()
    ).hexdigest()[:32]
    etag = f'"{tag}"'
    response["ETag"] = etag
    if etag in request.headers.get("If-None-Match", ""):
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        return not_modified
    return {
        "plan_id": plan.pk,
        "unit_id": where.pk,
        "as_of": day,
        "computed_at": result.computed_at,
        "version": result.version,
        "figures": _figures(result, result.total),
        "units_below": [
            {"unit_id": node.unit.pk, "figures": _figures(result, node.numbers)}
            for node in result.children
        ],
    }


api.add_router("/", router)
