"""One way in: what comes from above is visible below once issued; a sibling unit can neither
see nor act on another's plan, requirements, versions, obligations or documents."""

import pytest
from django.core.exceptions import PermissionDenied

from trienkhai.resolutions import services
from trienkhai.resolutions.models import (
    KeyPoint,
    Obligation,
    ObligationDocument,
    Plan,
    PlanVersion,
    Requirement,
    Resolution,
)

from .test_services_builders import D, commune_plan, draft, pdf, province_plan, refused


@pytest.fixture
def plans(tree):
    top = province_plan(tree)
    ours = commune_plan(tree, parent=top)
    return top, ours


def numbers(queryset) -> set[str]:
    return set(queryset.values_list("number", flat=True))


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "viewer_a", "head_a"])
def test_a_province_plan_is_addressed_to_everyone_below(tree, plans, who):
    top, _ = plans
    user = getattr(tree, who)
    assert top.number in numbers(Plan.objects.for_user(user))
    assert Requirement.objects.for_user(user).filter(plan=top).count() == 1
    assert PlanVersion.objects.for_user(user).filter(plan=top).count() == 1


def test_a_communes_plan_is_not_visible_to_its_sibling(tree, plans):
    top, ours = plans
    assert numbers(Plan.objects.for_user(tree.clerk_b)) == {top.number}
    assert not Requirement.objects.for_user(tree.clerk_b).filter(plan=ours).exists()
    assert not PlanVersion.objects.for_user(tree.clerk_b).filter(plan=ours).exists()
    assert ours in Plan.objects.for_user(tree.viewer_a)  # the cell below sees it
    assert ours in Plan.objects.for_user(tree.admin)


def test_nobody_without_a_role_sees_any_plan(tree, plans):
    assert not Plan.objects.for_user(tree.nobody).exists()
    assert not Obligation.objects.for_user(tree.nobody).exists()


def test_a_draft_from_above_is_not_yet_visible_below(tree):
    above = draft(tree.admin, tree.province)
    assert not Plan.objects.for_user(tree.clerk_a).filter(pk=above.pk).exists()
    assert not Requirement.objects.for_user(tree.clerk_a).filter(plan=above).exists()
    assert Plan.objects.for_user(tree.admin).filter(pk=above.pk).exists()
    services.issue_plan(user=tree.admin, plan=above)
    assert Plan.objects.for_user(tree.clerk_a).filter(pk=above.pk).exists()
    assert Requirement.objects.for_user(tree.clerk_a).filter(plan=above).exists()


def test_a_units_own_draft_is_visible_to_its_clerk(tree):
    mine = draft(tree.clerk_a, tree.commune_a)
    assert Plan.objects.for_user(tree.clerk_a).filter(pk=mine.pk).exists()
    assert Plan.objects.for_user(tree.clerk_a, "change").filter(pk=mine.pk).exists()
    assert not Plan.objects.for_user(tree.clerk_b).filter(pk=mine.pk).exists()


def test_a_plan_from_above_cannot_be_changed_below(tree, plans):
    top, _ = plans
    assert not Plan.objects.for_user(tree.clerk_a, "change").filter(pk=top.pk).exists()


def test_resolutions_from_above_are_visible_below_but_not_a_siblings(tree):
    def register(user, unit, number):
        return services.register_resolution(
            user=user,
            unit=unit,
            kind="resolution",
            number=number,
            title=f"Nghị quyết {number}",
            issuing_body="BCH",
            issued_on=D(2025, 1, 1),
            key_points=[("Một", False)],
        )

    register(tree.admin, tree.province, "18-NQ/TW")
    register(tree.clerk_a, tree.commune_a, "05-NQ/ĐU")
    assert numbers(Resolution.objects.for_user(tree.clerk_b)) == {"18-NQ/TW"}
    assert numbers(Resolution.objects.for_user(tree.viewer_a)) == {"18-NQ/TW", "05-NQ/ĐU"}
    assert KeyPoint.objects.for_user(tree.clerk_b).count() == 1


def test_a_sibling_never_sees_a_communes_obligations(tree, plans):
    top, ours = plans
    seen = Obligation.objects.for_user(tree.clerk_b)
    assert set(seen.values_list("unit__code", flat=True)) == {"HL-B1"}
    assert not seen.filter(plan=ours).exists()
    assert set(
        Obligation.objects.for_user(tree.clerk_a).values_list("plan__number", "unit__code")
    ) == {(top.number, "HL-A1"), (ours.number, "HL-A1")}


def test_a_sibling_cannot_issue_a_communes_plan(tree):
    plan = draft(tree.clerk_a, tree.commune_a)
    with refused(PermissionDenied):
        services.issue_plan(user=tree.clerk_b, plan=plan)


@pytest.mark.parametrize("issued", [False, True])
def test_a_sibling_cannot_update_a_communes_plan(tree, issued):
    plan = commune_plan(tree) if issued else draft(tree.clerk_a, tree.commune_a)
    with refused(PermissionDenied):
        services.update_plan(user=tree.clerk_b, plan=plan, title="Của B", reason="B muốn")


def test_a_sibling_cannot_upload_to_a_communes_obligation(tree, plans, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _, ours = plans
    obligation = Obligation.objects.get(plan=ours, unit=tree.cell_a)
    with refused(PermissionDenied):
        services.upload_report(user=tree.clerk_b, obligation=obligation, upload=pdf())
    services.upload_report(user=tree.clerk_a, obligation=obligation, upload=pdf())
    assert ObligationDocument.objects.for_user(tree.clerk_a).count() == 1
    assert ObligationDocument.objects.for_user(tree.clerk_b).count() == 0


def test_a_sibling_cannot_draft_on_a_communes_behalf(tree, plans):
    top, _ = plans
    with refused(PermissionDenied):
        draft(tree.clerk_b, tree.commune_a, parent=top, number="09-KH/ĐU")
