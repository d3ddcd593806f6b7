"""The cascade two levels deep: the province's plan, commune A's plan implementing it, the
school committee's plan implementing that; the deadline rule; evidence flowing up."""

import pytest

from trienkhai.resolutions import services
from trienkhai.resolutions.models import Obligation, Plan
from trienkhai.resolutions.models import ObligationStatus as S

from .test_services_builders import (
    DUE,
    D,
    draft,
    english,
    grow,
    issued,
    owing,
    province_plan,
    refused,
    req,
    vietnamese_when_translated,
)

STUDY_DUE = DUE  # 31/03/2026
PROGRAM_DUE = D(2026, 4, 30)


@pytest.fixture
def wide(tree):
    return grow(tree)


@pytest.fixture
def top(tree, wide):
    resolution = services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="44-NQ/TW",
        title="Chiến lược bảo vệ Tổ quốc trong tình hình mới",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=D(2023, 11, 24),
    )
    return province_plan(
        tree,
        req("study_session", "Học tập, quán triệt", kinds=["party_cell"], due=STUDY_DUE),
        req(
            "action_program",
            "Chương trình hành động",
            kinds=["party_committee"],
            due=PROGRAM_DUE,
        ),
        resolutions=[resolution],
    )


def child(tree, parent, **fields):
    fields.setdefault("number", "03-KH/ĐU")
    return draft(tree.clerk_a, tree.commune_a, parent=parent, issued_on=D(2026, 1, 20), **fields)


def test_a_child_plan_starts_from_the_parents_requirements(tree, top):
    plan = child(tree, top)
    mine = list(plan.requirements.order_by("order"))
    theirs = list(top.requirements.order_by("order"))
    assert [(r.kind, r.title, r.target_kinds, r.due_on) for r in mine] == [
        (r.kind, r.title, r.target_kinds, r.due_on) for r in theirs
    ]
    assert [r.parent_requirement for r in mine] == theirs
    assert list(plan.resolutions.values_list("number", flat=True)) == ["44-NQ/TW"]
    assert plan.parent == top and plan.status == Plan.Status.DRAFT


def test_the_child_plans_obligations_fall_only_under_its_unit(tree, top):
    plan = services.issue_plan(user=tree.head_a, plan=child(tree, top))
    study, program = plan.requirements.order_by("order")
    assert owing(plan, requirement=study) == {"HL-A1", "HL-A21"}
    assert owing(plan, requirement=program) == {"HL-A2"}  # the commune itself is the issuer
    assert owing(top) == {"HL-A", "HL-B", "HL-A1", "HL-A21", "HL-B1", "HL-A2"}


def test_a_child_deadline_after_the_parents_is_refused_naming_both_dates(tree, top):
    [study, _program] = top.requirements.order_by("order")
    late = req(
        "study_session",
        "Học tập ở xã",
        due=D(2026, 4, 15),
        parent_requirement=study,
    )
    with refused():
        child(tree, top, requirements=[late])
    error = english(child, tree, top, requirements=[late])
    assert error.message_dict["__all__"] == [
        "The deadline of “Học tập ở xã” (15/04/2026) falls after the deadline of the plan "
        "above (31/03/2026)."
    ]


def test_a_child_deadline_on_or_before_the_parents_is_fine(tree, top):
    [study, program] = top.requirements.order_by("order")
    plan = child(
        tree,
        top,
        requirements=[
            req(due=STUDY_DUE, parent_requirement=study),
            req(
                "action_program",
                kinds=["party_committee"],
                due=D(2026, 3, 1),
                parent_requirement=program,
            ),
        ],
    )
    assert plan.requirements.count() == 2


def test_moving_a_child_deadline_past_the_parents_is_refused_on_update(tree, top):
    plan = child(tree, top)
    study = plan.requirements.get(kind="study_session")
    requirements = [
        {"id": r.pk, **{n: getattr(r, n) for n in services.REQUIREMENT_FIELDS}}
        for r in plan.requirements.all()
    ]
    for data in requirements:
        if data["id"] == study.pk:
            data["due_on"] = D(2026, 4, 1)
    error = english(services.update_plan, user=tree.clerk_a, plan=plan, requirements=requirements)
    assert "falls after the deadline of the plan above (31/03/2026)" in error.messages[0]


def test_a_requirement_of_another_plan_cannot_be_carried_out(tree, top):
    other = issued(tree.clerk_b, tree.commune_b, approver=tree.admin, number="07-KH/ĐU")
    foreign = other.requirements.get()
    error = english(child, tree, top, requirements=[req(parent_requirement=foreign)])
    assert error.message_dict["__all__"] == [
        "Requirement “Tổ chức hội nghị học tập” carries out a requirement that is not in the "
        "plan above."
    ]


def test_a_plan_cannot_implement_a_siblings_plan(tree, top):
    sibling = issued(tree.clerk_b, tree.commune_b, approver=tree.admin, number="07-KH/ĐU")
    with refused():
        child(tree, sibling)
    error = english(child, tree, sibling)
    assert error.message_dict["parent"] == [
        "A plan can only implement a plan of a unit above its own."
    ]


def test_a_plan_cannot_implement_its_own_units_plan(tree, top):
    error = english(draft, tree.admin, tree.province, parent=top, number="13-KH/TU")
    assert error.message_dict["parent"] == [
        "A plan can only implement a plan of a unit above its own."
    ]


def test_a_plan_cannot_implement_a_draft(tree, wide):
    above = draft(tree.admin, tree.province)
    with refused():
        child(tree, above)
    error = english(child, tree, above)
    assert error.message_dict["parent"] == ["The plan above has not been issued yet."]


def test_evidence_on_the_child_plan_fulfils_the_parents_obligation_too(tree, top):
    plan = services.issue_plan(user=tree.head_a, plan=child(tree, top))
    done = services.record_evidence(
        unit=tree.cell_a, plan=plan, kind="study_session", on=D(2026, 3, 5), evidence="Hội nghị"
    )
    assert done == 2
    fulfilled = Obligation.objects.filter(fulfilled_on=D(2026, 3, 5))
    assert set(fulfilled.values_list("plan__number", "unit__code")) == {
        ("03-KH/ĐU", "HL-A1"),
        ("12-KH/TU", "HL-A1"),
    }
    assert {o.evidence for o in fulfilled} == {"Hội nghị"}
    # another kind of requirement, and another unit, stay open
    assert not Obligation.objects.filter(unit=tree.cell_a, requirement__kind="action_program")
    assert Obligation.objects.get(plan=top, unit=tree.cell_b).fulfilled_on is None


def test_evidence_flows_up_two_levels(tree, wide, top):
    commune = services.issue_plan(user=tree.head_a, plan=child(tree, top))
    school = issued(
        tree.clerk_a,
        wide.school,
        parent=commune,
        number="01-KH/ĐU",
        issued_on=D(2026, 2, 1),
        approver=tree.head_a,
    )
    assert owing(school) == {"HL-A21"}
    services.record_evidence(
        unit=wide.school_cell, plan=school, kind="study_session", on=D(2026, 4, 2), evidence="x"
    )
    statuses = {
        o.plan.number: o.status
        for o in Obligation.objects.filter(unit=wide.school_cell, requirement__kind="study_session")
        .with_status(D(2026, 4, 10))
        .select_related("plan")
    }
    assert statuses == {"12-KH/TU": S.LATE, "03-KH/ĐU": S.LATE, "01-KH/ĐU": S.LATE}


def test_earlier_evidence_wins_later_evidence_does_not(tree, top):
    args = dict(unit=tree.cell_a, plan=top, kind="study_session")
    services.record_evidence(**args, on=D(2026, 3, 20), evidence="lần 1")
    assert services.record_evidence(**args, on=D(2026, 3, 25), evidence="lần 2") == 0
    assert services.record_evidence(**args, on=D(2026, 3, 10), evidence="lần 0") == 1
    o = Obligation.objects.get(plan=top, unit=tree.cell_a)
    assert (o.fulfilled_on, o.evidence) == (D(2026, 3, 10), "lần 0")


def test_evidence_for_a_subtree_marks_the_units_under_it(tree, wide, top):
    done = services.record_evidence(
        unit=tree.commune_a,
        plan=top,
        kind="study_session",
        on=D(2026, 3, 5),
        evidence="Hội nghị toàn xã",
        subtree=True,
    )
    assert done == 2
    assert set(
        Obligation.objects.filter(fulfilled_on__isnull=False).values_list("unit__code", flat=True)
    ) == {"HL-A1", "HL-A21"}


def test_the_deadline_rule_speaks_vietnamese_when_the_catalogue_has_it(tree, top):
    study = top.requirements.get(kind="study_session")
    vietnamese_when_translated(
        "The deadline of “%(title)s” (%(due)s) falls after the deadline of the plan above "
        "(%(parent_due)s).",
        child,
        tree,
        top,
        requirements=[req(due=D(2026, 4, 15), parent_requirement=study)],
    )


def test_evidence_for_one_requirement_stays_on_it(tree, top):
    """A document uploaded against one obligation, a target checked against one
    requirement: the plan's other obligations of the unit, and the plans above, stay open."""
    plan = services.issue_plan(user=tree.head_a, plan=child(tree, top))
    mine = plan.requirements.get(kind="study_session")
    done = services.record_evidence(
        unit=tree.cell_a,
        plan=None,
        kind="study_session",
        requirement=mine,
        on=D(2026, 3, 5),
        evidence="x",
    )
    assert done == 1
    fulfilled = Obligation.objects.filter(fulfilled_on__isnull=False)
    assert list(fulfilled.values_list("plan__number", "unit__code")) == [("03-KH/ĐU", "HL-A1")]


def test_the_bulk_siblings_keep_the_rule(tree, top):
    """Loaders record evidence in bulk under the same rule: never on a cancelled obligation,
    never later than evidence already there."""
    study = top.requirements.get(kind="study_session")
    cell_a = Obligation.objects.get(requirement=study, unit=tree.cell_a)
    cell_b = Obligation.objects.get(requirement=study, unit=tree.cell_b)
    services.record_evidence(
        unit=tree.cell_a, plan=top, kind="study_session", on=D(2026, 3, 1), evidence="trước"
    )
    Obligation.objects.filter(pk=cell_b.pk).update(cancelled=True)
    assert (
        services.record_evidence_bulk(
            Obligation.objects.filter(pk__in=[cell_a.pk, cell_b.pk]),
            on=D(2026, 3, 9),
            evidence="sau",
        )
        == 0
    )
    services.record_evidence_rows(
        [
            (study.pk, tree.cell_a.id, D(2026, 2, 20), "sớm hơn"),
            (study.pk, tree.cell_b.id, D(2026, 2, 20), "hủy"),
        ]
    )
    cell_a.refresh_from_db()
    cell_b.refresh_from_db()
    assert (cell_a.fulfilled_on, cell_a.evidence) == (D(2026, 2, 20), "sớm hơn")
    assert cell_b.fulfilled_on is None
