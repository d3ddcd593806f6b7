"""Drafting and issuing a plan: only the head issues; issuing puts an obligation on exactly the
units the requirements name, active on the plan's date; bad plans are refused clearly."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import services
from trienkhai.resolutions.models import Obligation, Plan, PlanVersion, Requirement, Resolution
from trienkhai.units.models import Unit

from .test_services_builders import (
    DUE,
    PLAN_DATE,
    D,
    commune_plan,
    draft,
    english,
    grow,
    owing,
    province_plan,
    refused,
    req,
)

Verb = AuditEvent.Verb


def test_a_draft_has_its_requirements_in_order_and_no_obligations(tree):
    plan = draft(
        tree.clerk_a,
        tree.commune_a,
        req(title="  Học tập  "),
        req("learning_reports", "Nộp bài thu hoạch", due=D(2026, 4, 15)),
    )
    assert (plan.status, plan.version) == (Plan.Status.DRAFT, 0)
    assert list(plan.requirements.values_list("order", "title", "kind")) == [
        (1, "Học tập", "study_session"),
        (2, "Nộp bài thu hoạch", "learning_reports"),
    ]
    assert not Obligation.objects.exists() and not PlanVersion.objects.exists()
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor, event.unit) == (Verb.CREATE, tree.clerk_a, tree.commune_a)
    assert event.after["requirements"] == 2


def test_a_plan_implements_several_documents(tree):
    documents = [
        services.register_resolution(
            user=tree.admin,
            unit=tree.province,
            kind=kind,
            number=number,
            title=f"Văn bản {number}",
            issuing_body="Ban Chấp hành Trung ương",
            issued_on=D(2023, 10, 1),
        )
        for kind, number in [("resolution", "44-NQ/TW"), ("conclusion", "65-KL/TW")]
    ]
    plan = draft(tree.admin, tree.province, resolutions=documents)
    assert set(plan.resolutions.values_list("number", flat=True)) == {"44-NQ/TW", "65-KL/TW"}


def test_a_clerk_cannot_issue_but_the_head_can(tree):
    plan = draft(tree.clerk_a, tree.commune_a)
    with refused(PermissionDenied):
        services.issue_plan(user=tree.clerk_a, plan=plan)
    services.issue_plan(user=tree.head_a, plan=plan)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (Plan.Status.ISSUED, 1)
    version = PlanVersion.objects.get(plan=plan)
    assert (version.number, version.issued_by, version.changes) == (1, tree.head_a, [])
    assert [r["due_on"] for r in version.snapshot["requirements"].values()] == ["2026-03-31"]
    event = AuditEvent.objects.get(verb=Verb.ISSUE)
    assert (event.actor, event.after) == (tree.head_a, {"version": 1, "obligations": 1})


def test_issuing_falls_on_exactly_the_targeted_units(tree):
    wide = grow(tree)
    plan = commune_plan(
        tree,
        req("study_session", "Chi bộ học tập", kinds=["party_cell"]),
        req("action_program", "Chương trình", kinds=["party_committee"], levels=["grassroots"]),
        req("results_report", "Báo cáo", kinds=["government", "front"], levels=["commune"]),
        req("learning_reports", "Bài thu hoạch", kinds=["party_cell"], levels=["commune"]),
    )
    by_title = {r.title: r for r in plan.requirements.all()}
    assert owing(plan, requirement=by_title["Chi bộ học tập"]) == {"HL-A1", "HL-A21"}
    assert owing(plan, requirement=by_title["Chương trình"]) == {"HL-A2"}
    assert owing(plan, requirement=by_title["Báo cáo"]) == {"HL-AUB", "HL-AMT"}
    assert owing(plan, requirement=by_title["Bài thu hoạch"]) == set()
    assert set(Obligation.objects.values_list("due_on", flat=True)) == {DUE}
    assert wide.gov_b.obligations.count() == 0


def test_the_issuer_itself_owes_nothing(tree):
    plan = province_plan(tree, req(kinds=["party_committee"]))
    assert owing(plan) == {"HL-A", "HL-B"}


def test_units_closed_before_the_plan_date_are_left_out(tree):
    Unit.objects.filter(pk=tree.cell_b.pk).update(active_to=D(2026, 1, 9))
    Unit.objects.filter(pk=tree.cell_a.pk).update(active_to=PLAN_DATE)  # closes on the day
    plan = province_plan(tree)
    assert owing(plan) == {"HL-A1"}


def test_a_unit_that_closes_after_the_plan_date_owes(tree):
    Unit.objects.filter(pk=tree.cell_b.pk).update(active_to=D(2026, 2, 1))
    assert owing(province_plan(tree)) == {"HL-A1", "HL-B1"}


def test_issuing_twice_is_refused(tree):
    plan = commune_plan(tree)
    with refused():
        services.issue_plan(user=tree.head_a, plan=plan)
    error = english(services.issue_plan, user=tree.head_a, plan=plan)
    assert error.messages == ["This plan has already been issued."]


def test_a_plan_needs_a_requirement_to_be_issued(tree):
    plan = draft(tree.clerk_a, tree.commune_a, requirements=[])
    error = english(services.issue_plan, user=tree.head_a, plan=plan)
    assert error.messages == ["A plan needs at least one requirement before it is issued."]
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


def test_a_deadline_before_the_plan_date_is_refused_naming_both_dates(tree):
    bad = req(title="Học tập", due=D(2026, 1, 5))
    with refused():
        draft(tree.clerk_a, tree.commune_a, bad)
    error = english(draft, tree.clerk_a, tree.commune_a, bad)
    assert error.message_dict["__all__"] == [
        "The deadline of “Học tập” (05/01/2026) is before the plan's date (10/01/2026)."
    ]


def test_a_deadline_on_the_plan_date_is_fine(tree):
    assert draft(tree.clerk_a, tree.commune_a, req(due=PLAN_DATE)).pk


def test_moving_the_plan_date_past_a_deadline_is_refused(tree):
    plan = draft(tree.clerk_a, tree.commune_a)
    error = english(services.update_plan, user=tree.clerk_a, plan=plan, issued_on=D(2026, 4, 1))
    assert "is before the plan's date (01/04/2026)" in error.messages[0]


@pytest.mark.parametrize(
    "bad, message",
    [
        (req(title=""), "Requirement 1 has no title."),
        (req(kinds=[]), "Requirement “Tổ chức hội nghị học tập” names no kind of unit."),
        (req(due=None), "Requirement “Tổ chức hội nghị học tập” has no deadline."),
        (
            req(target_value=Decimal("120")),
            "The target of “Tổ chức hội nghị học tập” must be a percentage above 0 and at "
            "most 100.",
        ),
        (
            req(kind="party"),
            "Requirement “Tổ chức hội nghị học tập” asks for something unknown.",
        ),
        (
            req(kinds=["party_cell", "cell"]),
            "Requirement “Tổ chức hội nghị học tập” names an unknown kind or level of unit.",
        ),
        (
            req(levels=["district"]),
            "Requirement “Tổ chức hội nghị học tập” names an unknown kind or level of unit.",
        ),
    ],
)
def test_a_bad_requirement_is_refused_and_nothing_is_saved(tree, bad, message):
    with refused():
        draft(tree.clerk_a, tree.commune_a, bad)
    error = english(draft, tree.clerk_a, tree.commune_a, bad)
    assert error.message_dict["__all__"] == [message]


def test_all_problems_are_reported_at_once(tree):
    error = english(
        draft,
        tree.clerk_a,
        tree.commune_a,
        req(title=""),
        req(due=D(2025, 1, 1)),
        number="KH 12",
        title=" ",
    )
    assert set(error.message_dict) == {"number", "title", "__all__"}
    assert len(error.message_dict["__all__"]) == 2


def test_a_target_percentage_is_kept(tree):
    plan = draft(tree.clerk_a, tree.commune_a, req("attendance", target_value=Decimal("95")))
    assert plan.requirements.get().target_value == Decimal("95.00")


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "nobody"])
def test_only_a_clerk_of_the_unit_drafts_its_plan(tree, who):
    with refused(PermissionDenied):
        draft(getattr(tree, who), tree.commune_a)


def test_a_plan_cannot_implement_a_document_its_drafter_cannot_see(tree):
    theirs = services.register_resolution(
        user=tree.clerk_a,
        unit=tree.commune_a,
        kind="resolution",
        number="05-NQ/ĐU",
        title="Nghị quyết của xã An Phú",
        issuing_body="Đảng ủy xã An Phú",
        issued_on=D(2025, 12, 1),
    )
    with refused(PermissionDenied):
        draft(tree.clerk_b, tree.commune_b, resolutions=[theirs])
    plan = draft(tree.clerk_b, tree.commune_b)
    with refused(PermissionDenied):
        services.update_plan(user=tree.clerk_b, plan=plan, resolutions=[theirs])
    assert Resolution.objects.for_user(tree.clerk_b).count() == 0


def test_a_draft_is_edited_in_place(tree):
    plan = draft(tree.clerk_a, tree.commune_a)
    [requirement] = plan.requirements.all()
    services.update_plan(
        user=tree.clerk_a,
        plan=plan,
        title="Tên mới",
        requirements=[{"id": requirement.pk, **req(title="Sửa", due=D(2026, 4, 30))}],
    )
    plan.refresh_from_db()
    assert (plan.title, plan.version, plan.status) == ("Tên mới", 0, Plan.Status.DRAFT)
    assert list(Requirement.objects.values_list("pk", "title", "due_on")) == [
        (requirement.pk, "Sửa", D(2026, 4, 30))
    ]
    assert not PlanVersion.objects.exists() and not Obligation.objects.exists()


def test_a_requirement_dropped_from_a_draft_is_deleted(tree):
    plan = draft(tree.clerk_a, tree.commune_a, req(title="Một"), req(title="Hai"))
    keep = plan.requirements.get(title="Hai")
    services.update_plan(
        user=tree.clerk_a, plan=plan, requirements=[{"id": keep.pk, **req(title="Hai")}]
    )
    assert list(Requirement.objects.values_list("title", "order", "withdrawn")) == [
        ("Hai", 1, False)
    ]
