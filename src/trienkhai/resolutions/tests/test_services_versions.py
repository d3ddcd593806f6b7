"""An issued plan never changes silently: the head edits it with a reason, a new version says
what changed (dates dd/mm/yyyy), and the obligations below follow."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from trienkhai.core.models import AuditEvent
from trienkhai.resolutions import rollup, services
from trienkhai.resolutions.models import Obligation, PlanVersion, Requirement
from trienkhai.resolutions.models import ObligationStatus as S

from .test_services_builders import (
    DUE,
    D,
    commune_plan,
    draft,
    english,
    grow,
    owing,
    refused,
    req,
)

NEW_DUE = D(2026, 4, 15)


def current(plan) -> list[dict]:
    """The plan's requirements as a form would hand them back (with their ids)."""
    return [
        {"id": r.pk, **{n: getattr(r, n) for n in services.REQUIREMENT_FIELDS}}
        for r in plan.requirements.filter(withdrawn=False)
    ]


@pytest.fixture
def plan(tree):
    grow(tree)
    return commune_plan(
        tree,
        req("study_session", "Học tập", due=DUE),
        req("learning_reports", "Bài thu hoạch", due=D(2026, 4, 30)),
    )


def edit(tree, plan, reason="Điều chỉnh theo chỉ đạo của Tỉnh ủy", **changes):
    with translation.override("en"):
        return services.update_plan(user=tree.head_a, plan=plan, reason=reason, **changes)


def with_deadline(plan, title, due):
    requirements = current(plan)
    for data in requirements:
        if data["title"] == title:
            data["due_on"] = due
    return requirements


def test_a_clerk_cannot_edit_an_issued_plan(tree, plan):
    with refused(PermissionDenied):
        services.update_plan(user=tree.clerk_a, plan=plan, title="Sửa", reason="Vì sao")


def test_an_edit_of_an_issued_plan_needs_a_reason(tree, plan):
    with refused():
        services.update_plan(user=tree.head_a, plan=plan, title="Sửa", reason="  ")
    error = english(services.update_plan, user=tree.head_a, plan=plan, title="Sửa")
    assert error.message_dict == {"reason": ["Say why the issued plan changes."]}


def test_a_changed_deadline_makes_a_new_version_saying_before_and_after(tree, plan):
    edit(tree, plan, requirements=with_deadline(plan, "Học tập", NEW_DUE))
    plan.refresh_from_db()
    assert plan.version == 2
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert (version.issued_by, version.reason) == (
        tree.head_a,
        "Điều chỉnh theo chỉ đạo của Tỉnh ủy",
    )
    assert version.changes == [
        {"what": "Học tập: Due by", "before": "31/03/2026", "after": "15/04/2026"}
    ]
    assert sorted(r["due_on"] for r in version.snapshot["requirements"].values()) == [
        "2026-04-15",
        "2026-04-30",
    ]
    event = AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).get()
    assert event.before == {"version": 1} and event.after == {"version": 2, "changes": 1}


def test_the_obligations_follow_a_changed_deadline(tree, plan):
    edit(tree, plan, requirements=with_deadline(plan, "Học tập", NEW_DUE))
    assert set(
        Obligation.objects.filter(requirement__title="Học tập").values_list("due_on", flat=True)
    ) == {NEW_DUE}


def test_a_fulfilled_obligation_is_judged_against_the_new_deadline(tree, plan):
    services.record_evidence(
        unit=tree.cell_a, plan=plan, kind="study_session", on=D(2026, 4, 10), evidence="x"
    )
    o = Obligation.objects.get(unit=tree.cell_a, requirement__title="Học tập")
    assert o.status_as_of(D(2026, 5, 1)) == S.LATE
    edit(tree, plan, requirements=with_deadline(plan, "Học tập", NEW_DUE))
    o.refresh_from_db()
    assert o.status_as_of(D(2026, 5, 1)) == S.ON_TIME


def test_added_and_removed_requirements_are_listed(tree, plan):
    kept = [r for r in current(plan) if r["title"] == "Học tập"]
    edit(tree, plan, requirements=[*kept, req("results_report", "Báo cáo kết quả", due=NEW_DUE)])
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert version.changes == [
        {"what": "Requirement added", "before": "—", "after": "Báo cáo kết quả (15/04/2026)"},
        {"what": "Requirement removed", "before": "Bài thu hoạch (30/04/2026)", "after": "—"},
    ]


def test_a_removed_requirement_is_withdrawn_and_its_obligations_cancelled(tree, plan):
    kept = [r for r in current(plan) if r["title"] == "Học tập"]
    edit(tree, plan, requirements=kept)
    removed = Requirement.objects.get(title="Bài thu hoạch")
    assert removed.withdrawn
    assert set(removed.obligations.values_list("cancelled", flat=True)) == {True}
    assert {o.status for o in removed.obligations.with_status(D(2026, 6, 1))} == {S.CANCELLED}
    progress = rollup.completeness(plan, tree.commune_a, as_of=D(2026, 6, 1))
    assert [p.requirement.title for p in progress] == ["Học tập"]
    assert progress[0].tally.owed == 2


def test_an_added_requirement_creates_its_obligations(tree, plan):
    edit(
        tree,
        plan,
        requirements=[
            *current(plan),
            req("results_report", "Báo cáo", kinds=["government"], due=NEW_DUE),
        ],
    )
    added = Requirement.objects.get(title="Báo cáo")
    assert owing(plan, requirement=added) == {"HL-AUB"}
    assert set(added.obligations.values_list("due_on", flat=True)) == {NEW_DUE}


def test_units_no_longer_targeted_have_their_obligations_cancelled(tree, plan):
    requirements = current(plan)
    study = next(r for r in requirements if r["title"] == "Học tập")
    study["target_kinds"] = ["government", "front"]
    edit(tree, plan, requirements=requirements)
    assert owing(plan, requirement_id=study["id"]) == {"HL-AUB", "HL-AMT"}
    cancelled = Obligation.objects.filter(requirement_id=study["id"], cancelled=True)
    assert set(cancelled.values_list("unit__code", flat=True)) == {"HL-A1", "HL-A21"}
    # and back again: the cells owe once more, the same rows
    study["target_kinds"] = ["party_cell"]
    edit(tree, plan, requirements=requirements)
    assert owing(plan, requirement_id=study["id"]) == {"HL-A1", "HL-A21"}
    assert Obligation.objects.filter(requirement_id=study["id"]).count() == 4


def test_title_and_date_changes_are_listed(tree, plan):
    edit(tree, plan, title="Kế hoạch (sửa đổi)", issued_on=D(2026, 1, 12))
    [title, date] = PlanVersion.objects.get(plan=plan, number=2).changes
    assert title["what"] == "Title" and title["after"] == "Kế hoạch (sửa đổi)"
    assert date == {"what": "Date", "before": "10/01/2026", "after": "12/01/2026"}


def test_versions_count_up(tree, plan):
    edit(tree, plan, title="Lần hai")
    edit(tree, plan, title="Lần ba")
    assert list(PlanVersion.objects.filter(plan=plan).values_list("number", flat=True)) == [
        3,
        2,
        1,
    ]


def test_an_edit_that_changes_nothing_makes_no_version(tree, plan):
    events = AuditEvent.objects.count()
    edit(tree, plan, requirements=current(plan), title=plan.title)
    plan.refresh_from_db()
    assert plan.version == 1
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert AuditEvent.objects.count() == events


def test_editing_a_draft_makes_no_version(tree):
    plan = draft(tree.clerk_a, tree.commune_a)
    services.update_plan(
        user=tree.clerk_a,
        plan=plan,
        requirements=with_deadline(plan, "Tổ chức hội nghị học tập", NEW_DUE),
    )
    plan.refresh_from_db()
    assert plan.version == 0 and not PlanVersion.objects.exists()
    assert not Obligation.objects.exists()
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.UPDATE).count() == 1


def test_a_refused_edit_leaves_the_issued_plan_and_its_obligations(tree, plan):
    with refused():
        edit(tree, plan, requirements=with_deadline(plan, "Học tập", D(2026, 1, 1)))


def test_changed_kinds_of_units_are_listed_by_name(tree, plan):
    requirements = current(plan)
    requirements[0]["target_kinds"] = ["government", "front"]
    requirements[0]["target_levels"] = ["commune"]
    requirements[0]["kind"] = "results_report"
    edit(tree, plan, requirements=requirements)
    assert PlanVersion.objects.get(plan=plan, number=2).changes == [
        {
            "what": "Học tập: What",
            "before": "Study session held",
            "after": "Results report submitted",
        },
        {
            "what": "Học tập: Kinds of units",
            "before": "Party cell",
            "after": "Fatherland Front, Government",
        },
        {"what": "Học tập: Levels", "before": "—", "after": "Commune or equivalent"},
    ]
