"""The routes of the permission matrix and the object each one is opened with.

The tests (``test_permission_matrix.py``, ``test_fuzz_views.py``, ``test_bad_input.py``) walk
the URL configuration; this module says, for every URL that takes an object id, which object
of commune A's subtree opens it. The objects of the first apps are built here; every other app
contributes its own in ``<app>/tests/matrix.py`` (see ``contributions`` at the end), so that a
new app never edits this file. The rest of the original description:

For each named URL that takes an object id, a user whose role covers the object can use it, the
clerk of the sibling commune gets a 404 (and nothing is written), a user of the same unit whose
role is one step too weak for what a POST does (a viewer where it changes, a clerk where it
approves or grades, a head where it manages roles) is refused and nothing is written, and an
anonymous visitor is sent to the login page. A new URL is covered the day it is added: if this
file cannot tell which object to open it with, its test fails and says where to add it.
"""

from __future__ import annotations

import datetime
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from trienkhai.core import access
from trienkhai.core.access import Action, Role
from trienkhai.core.models import AuditEvent, DataFlag
from trienkhai.programs import services as program_services
from trienkhai.programs.models import ActionProgram, AnnualReview, ProgressEvidence, Task
from trienkhai.resolutions import services as plan_services
from trienkhai.resolutions.models import (
    Obligation,
    ObligationDocument,
    Plan,
    Requirement,
    Resolution,
)
from trienkhai.study import qr as study_qr
from trienkhai.study import services as study_services
from trienkhai.study.models import CheckinConflict, LearningReport, StudySession
from trienkhai.tooling.testing import Tree, pdf_bytes, vacate
from trienkhai.units import services
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

ID_KWARG = re.compile(r"^(pk|.+_pk|.+_id)$")


@dataclass(frozen=True)
class Route:
    name: str  # "units:unit-detail"
    view_class: type | None
    id_kwargs: tuple[str, ...]

    @property
    def model(self):
        return getattr(self.view_class, "model", None)

    @property
    def action(self) -> str:
        return getattr(self.view_class, "action", Action.VIEW)

    @property
    def post_action(self) -> str:
        """What a POST needs, as the view declares it (``post_action``, else ``action``)."""
        return getattr(self.view_class, "post_action", None) or self.action

    @property
    def allows_get(self) -> bool:
        view = self.view_class
        return view is not None and "get" in view.http_method_names and hasattr(view, "get")

    @property
    def allows_post(self) -> bool:
        view = self.view_class
        return view is not None and "post" in view.http_method_names and hasattr(view, "post")

    def __str__(self):
        return self.name


def named_patterns(patterns=None, namespace: str = ""):
    """(full name, pattern) of every named URL pattern, at any depth of includes."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


#: Pages whose capability is a token in the URL, not a role: the QR check-in a member's phone
#: opens, and the hall's kiosk (a device a clerk turned on: its signed cookie) —
#: study/tests/test_views_checkin.py covers expired, forwarded and forged tokens, and devices.
TOKEN_URLS = {"study:checkin", "study:kiosk"}


def id_routes() -> list[Route]:
    """Every named URL that takes an object id."""
    routes = []
    for name, entry in named_patterns():
        kwargs = tuple(k for k in entry.pattern.regex.groupindex if ID_KWARG.match(k))
        if kwargs and name not in TOKEN_URLS:
            routes.append(Route(name, getattr(entry.callback, "view_class", None), kwargs))
    return routes


# --- which object each URL is opened with ------------------------------------------------------
# Each factory returns an object of commune A's subtree (HL-A), which clerk_a's role covers and
# clerk_b's (sibling commune HL-B) does not. Map a URL by name where it needs a special object;
# otherwise the model of its view decides.


def audit_event_in_commune_a(tree: Tree) -> AuditEvent:
    services.update_unit(user=tree.clerk_a, unit=tree.commune_a, short_name="An Phú")
    return AuditEvent.objects.get(unit=tree.commune_a, verb=AuditEvent.Verb.UPDATE)


def closed_cell_a(tree: Tree) -> Unit:
    vacate(tree.cell_a)  # a unit closes once no one is left in it
    return services.close_unit(user=tree.admin, unit=tree.cell_a, on=datetime.date(2026, 1, 31))


PDF = pdf_bytes()


def resolution_of_commune_a(tree: Tree) -> Resolution:
    """Commune A's own document (those of the province are addressed to commune B too)."""
    return plan_services.register_resolution(
        user=tree.clerk_a,
        unit=tree.commune_a,
        kind="resolution",
        number="05-NQ/ĐU",
        title="Phát triển kinh tế",
        issuing_body="Đảng ủy xã An Phú",
        issued_on=datetime.date(2025, 9, 1),
        key_points=[("Điểm một", False), ("Điểm mới", True)],
        document=SimpleUploadedFile("nq.pdf", PDF, content_type="application/pdf"),
    )


def draft_plan_of_commune_a(tree: Tree) -> Plan:
    return plan_services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch học tập",
        issued_on=datetime.date(2026, 1, 20),
        requirements=[
            {
                "kind": "results_report",
                "title": "Báo cáo kết quả",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": datetime.date(2026, 3, 31),
            }
        ],
    )


def obligation_of_cell_a(tree: Tree) -> Obligation:
    plan = plan_services.issue_plan(user=tree.head_a, plan=draft_plan_of_commune_a(tree))
    return plan.obligations.get(unit=tree.cell_a)


def document_of_cell_a(tree: Tree) -> ObligationDocument:
    return plan_services.upload_report(
        user=tree.clerk_a,
        obligation=obligation_of_cell_a(tree),
        upload=SimpleUploadedFile("bc.pdf", PDF, content_type="application/pdf"),
    )


def issued_plan_of_commune_a(tree: Tree) -> Plan:
    return plan_services.issue_plan(user=tree.head_a, plan=draft_plan_of_commune_a(tree))


def session_of_commune_a(tree: Tree) -> StudySession:
    """A session that started an hour ago (so that it can be marked held)."""
    return study_services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=issued_plan_of_commune_a(tree),
        title="Hội nghị học tập",
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        mode="in_person",
    )


def checkin_conflict_of_commune_a(tree: Tree) -> CheckinConflict:
    """Person A, marked absent by the clerk, then checked in with their PIN."""
    session = session_of_commune_a(tree)
    study_services.mark_attendance(
        user=tree.clerk_a, session=session, person=tree.person_a, status="absent"
    )
    outcome = study_services.check_in(
        session=session,
        person=tree.person_a,
        method="pin",
        token=study_qr.token_for(session.pk),
        device="d" * 32,
    )
    return outcome.conflict


def learning_report_of_person_a(tree: Tree) -> LearningReport:
    """With a file, so that its download page has something to send."""
    return study_services.submit_report(
        user=tree.clerk_a,
        plan=issued_plan_of_commune_a(tree),
        person=tree.person_a,
        text="Bài thu hoạch của đảng viên.",
        upload=SimpleUploadedFile("bth.pdf", PDF, content_type="application/pdf"),
    )


def _programs(tree: Tree):
    """The programs tests' world (a province plan with an action-program requirement, heads
    on the communes) and its builder, which writes through the services."""
    from trienkhai.programs.tests.conftest import Builder, make_world

    return Builder(make_world(tree))


def draft_program_of_commune_a(tree: Tree) -> ActionProgram:
    build = _programs(tree)
    program = build.program(tree.commune_a)
    build.task(program)
    return program


def adopted_program_of_commune_a(tree: Tree) -> ActionProgram:
    build = _programs(tree)
    program = build.program(tree.commune_a)
    build.task(program)
    return build.adopt(program)


def program_of_commune_a_in_discussion(tree: Tree) -> ActionProgram:
    program = draft_program_of_commune_a(tree)
    return program_services.open_discussion(user=tree.clerk_a, program=program)


def task_of_adopted_program_of_commune_a(tree: Tree) -> Task:
    return adopted_program_of_commune_a(tree).tasks.get()


def evidence_of_commune_a(tree: Tree) -> ProgressEvidence:
    task = task_of_adopted_program_of_commune_a(tree)
    update = program_services.report_progress(
        user=tree.clerk_a,
        task=task,
        period=task.program.approved_on,
        status="on_track",
        on=task.program.approved_on,
        files=[SimpleUploadedFile("bb.pdf", PDF, content_type="application/pdf")],
    )
    return update.evidence.get()


def review_of_commune_a(tree: Tree) -> AnnualReview:
    program = adopted_program_of_commune_a(tree)
    return program_services.prepare_review(
        user=tree.clerk_a, program=program, year=program.first_approved_on.year
    )


def flag_of_cell_a(tree: Tree, state: str = DataFlag.State.OPEN) -> DataFlag:
    """A data warning on cell A: its clerk (commune A's) explains, commune A's head is the
    level above that reviews it."""
    return DataFlag.objects.create(
        unit=tree.cell_a,
        rule="session_before_plan",
        object_type="study.studysession",
        object_id=1,
        object_repr="Hội nghị học tập",
        params={"held": "01/01/2026", "plan_date": "20/01/2026"},
        detected_on=timezone.localdate(),
        state=state,
        explanation="Nhập nhầm năm." if state == DataFlag.State.EXPLAINED else "",
    )


BY_MODEL: dict[type, Callable[[Tree], object]] = {
    DataFlag: flag_of_cell_a,
    Unit: lambda tree: tree.commune_a,
    Person: lambda tree: tree.person_a,
    Position: lambda tree: tree.position_a,
    RoleAssignment: lambda tree: tree.role_a,
    AuditEvent: audit_event_in_commune_a,
    Resolution: resolution_of_commune_a,
    Plan: draft_plan_of_commune_a,
    Requirement: lambda tree: draft_plan_of_commune_a(tree).requirements.get(),
    Obligation: obligation_of_cell_a,
    ObligationDocument: document_of_cell_a,
    StudySession: session_of_commune_a,
    LearningReport: learning_report_of_person_a,
    CheckinConflict: checkin_conflict_of_commune_a,
    ActionProgram: draft_program_of_commune_a,
    Task: lambda tree: draft_program_of_commune_a(tree).tasks.get(),
    ProgressEvidence: evidence_of_commune_a,
    AnnualReview: review_of_commune_a,
}
BY_NAME: dict[str, Callable[[Tree], object]] = {
    # lists about an object of the URL (core.lists.ScopedListView: ``model`` is the rows')
    "study:unit-sessions": lambda tree: tree.commune_a,
    "study:unit-reports": lambda tree: tree.commune_a,
    "resolutions:obligation-list": draft_plan_of_commune_a,
    "resolutions:requirement-detail": lambda tree: draft_plan_of_commune_a(tree).requirements.get(),
    "units:unit-reopen": closed_cell_a,
    "study:my-report": issued_plan_of_commune_a,
    "programs:program-comment": program_of_commune_a_in_discussion,
    "programs:program-send-back": program_of_commune_a_in_discussion,
    "programs:program-effect": adopted_program_of_commune_a,
    "programs:program-close": adopted_program_of_commune_a,
    "programs:program-revise": adopted_program_of_commune_a,
    "programs:progress-report": task_of_adopted_program_of_commune_a,
    "programs:progress-history": task_of_adopted_program_of_commune_a,
    "programs:review-list": adopted_program_of_commune_a,
    "programs:review-add": adopted_program_of_commune_a,
    "flag-accept": lambda tree: flag_of_cell_a(tree, DataFlag.State.EXPLAINED),
}
#: Pages only the head of the unit uses (the clerk is refused with a 403 there).
HEAD_ONLY = {"programs:program-close", "programs:program-deputy"}


def object_for(route: Route, tree: Tree):
    factory = BY_NAME.get(route.name) or BY_MODEL.get(route.model)
    if factory is None or route.id_kwargs != ("pk",):
        pytest.fail(
            f"The URL {route.name!r} ({route.view_class}, kwargs {route.id_kwargs}) is not in the "
            "permission matrix: add an object factory for it to BY_NAME (or its model to "
            "BY_MODEL) in core/tests/matrix.py (or, for a new app, in its tests/matrix.py)."
        )
    return factory(tree)


def url_for(route: Route, obj) -> str:
    return reverse(route.name, kwargs={"pk": obj.pk})


def user_in_scope(route: Route, tree: Tree):
    """clerk_a when a clerk may do what the view needs; otherwise the province admin."""
    if route.name in HEAD_ONLY:
        return tree.head_a
    needed = {route.action, route.post_action} if route.allows_post else {route.action}
    if all(Role.CLERK in access.roles_granting(a) for a in needed):
        return tree.clerk_a
    if all(Role.HEAD in access.roles_granting(a) for a in needed):
        return tree.head_a
    return tree.admin


def db_state(obj) -> tuple:
    """Everything a stray write could change: the object's row and the row counts."""
    row = type(obj).objects.filter(pk=obj.pk).values().first()
    counts = tuple(m.objects.count() for m in (Unit, Person, Position, RoleAssignment, AuditEvent))
    return row, counts


# --- what the other apps contribute ------------------------------------------------------------
#: Namespaces with an access matrix of their own (the API answers 401/403/404 as problem
#: details, not with the login page): their routes are left out of this one.
OWN_MATRIX: set[str] = set()
#: Pages open without a login (their own tests say why), beyond the token pages above.
OPEN_TO_ANONYMOUS = {"login", "set_language"}


def contributions():
    """Each installed app's ``tests/matrix.py``, where it declares, as module attributes, any of
    ``BY_MODEL`` and ``BY_NAME`` (object builders, as above), ``HEAD_ONLY``, ``TOKEN_URLS``,
    ``OPEN_TO_ANONYMOUS`` and ``OWN_MATRIX`` (sets of URL names or namespaces)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("trienkhai.") or config.name == "trienkhai.core":
            continue
        try:
            yield importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as missing:
            if missing.name not in (f"{config.name}.tests.matrix", f"{config.name}.tests"):
                raise


for _module in contributions():
    BY_MODEL.update(getattr(_module, "BY_MODEL", {}))
    BY_NAME.update(getattr(_module, "BY_NAME", {}))
    HEAD_ONLY |= set(getattr(_module, "HEAD_ONLY", ()))
    TOKEN_URLS |= set(getattr(_module, "TOKEN_URLS", ()))
    OPEN_TO_ANONYMOUS |= set(getattr(_module, "OPEN_TO_ANONYMOUS", ()))
    OWN_MATRIX |= set(getattr(_module, "OWN_MATRIX", ()))
OPEN_TO_ANONYMOUS |= TOKEN_URLS


def in_this_matrix(name: str) -> bool:
    return name.split(":", 1)[0] not in OWN_MATRIX


ROUTES = [route for route in id_routes() if in_this_matrix(route.name)]
