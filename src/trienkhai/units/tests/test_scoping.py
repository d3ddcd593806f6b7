"""The one way in: ``for_user`` shows each user the subtrees they hold a role on, and no more."""

import pytest
from django.urls import reverse
from django.utils import translation

from trienkhai.core.access import Action
from trienkhai.core.models import AuditEvent, User
from trienkhai.units import services
from trienkhai.units.models import Person, RoleAssignment, Unit


def codes(units):
    return sorted(u.code for u in units)


@pytest.fixture
def events(tree):
    """One audit event in each commune and one on the province."""
    services.update_unit(user=tree.admin, unit=tree.commune_a, short_name="An Phú")
    services.update_unit(user=tree.admin, unit=tree.cell_b, short_name="KP1")
    services.update_unit(user=tree.admin, unit=tree.province, short_name="Hòa Lâm")
    return AuditEvent.objects.all()


def test_a_commune_clerk_sees_the_commune_and_everything_under_it(tree, events):
    user = tree.clerk_a

    assert codes(Unit.objects.for_user(user)) == ["HL-A", "HL-A1"]
    assert list(Person.objects.for_user(user)) == [tree.person_a]
    assert {r.unit.code for r in RoleAssignment.objects.for_user(user)} == {"HL-A", "HL-A1"}
    assert set(AuditEvent.objects.for_user(user).values_list("unit__code", flat=True)) == {"HL-A"}


def test_a_cell_viewer_sees_only_the_cell(tree, events):
    user = tree.viewer_a

    assert codes(Unit.objects.for_user(user)) == ["HL-A1"]
    assert list(Person.objects.for_user(user)) == [tree.person_a]
    assert [r.user for r in RoleAssignment.objects.for_user(user)] == [tree.viewer_a]
    assert not AuditEvent.objects.for_user(user).exists()


def test_the_province_admin_sees_everything(tree, events):
    user = tree.admin

    assert codes(Unit.objects.for_user(user)) == ["HL", "HL-A", "HL-A1", "HL-B", "HL-B1"]
    assert set(Person.objects.for_user(user)) == {tree.person_a, tree.person_b}
    assert RoleAssignment.objects.for_user(user).count() == RoleAssignment.objects.count()
    assert AuditEvent.objects.for_user(user, Action.AUDIT).count() == 3


def test_a_superuser_without_roles_sees_everything(tree, events):
    root = User.objects.create_superuser("root", password="x")

    assert Unit.objects.for_user(root).count() == 5
    assert Person.objects.for_user(root, Action.CHANGE).count() == 2
    assert AuditEvent.objects.for_user(root, Action.AUDIT).count() == 3


def test_a_user_without_a_role_sees_nothing(tree, events):
    user = tree.nobody

    assert not Unit.objects.for_user(user).exists()
    assert not Person.objects.for_user(user).exists()
    assert not RoleAssignment.objects.for_user(user).exists()
    assert not AuditEvent.objects.for_user(user).exists()


def test_an_inactive_user_sees_nothing_whatever_their_roles(tree):
    tree.clerk_a.is_active = False
    tree.clerk_a.save()

    assert not Unit.objects.for_user(tree.clerk_a).exists()


def test_an_anonymous_user_sees_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    assert not Unit.objects.for_user(AnonymousUser()).exists()
    assert not Unit.objects.for_user(None).exists()


def test_a_role_on_a_sibling_never_leaks_through_a_shared_path_prefix(tree):
    # Paths are fixed-width steps, so HL-A's path is never a prefix of HL-B's subtree.
    assert not tree.commune_b.path.startswith(tree.commune_a.path)
    assert "HL-B1" not in codes(Unit.objects.for_user(tree.clerk_a))


def test_roles_grant_actions_not_just_sight(tree):
    assert codes(Unit.objects.for_user(tree.viewer_a, Action.CHANGE)) == []
    assert codes(Unit.objects.for_user(tree.clerk_a, Action.CHANGE)) == ["HL-A", "HL-A1"]
    assert codes(Unit.objects.for_user(tree.clerk_a, Action.MANAGE_ROLES)) == []
    assert codes(Unit.objects.for_user(tree.head_a, Action.APPROVE)) == ["HL-A", "HL-A1"]
    assert len(codes(Unit.objects.for_user(tree.admin, Action.MANAGE_ROLES))) == 5


def test_an_unknown_action_is_a_programming_error(tree):
    with pytest.raises(ValueError, match="unknown action"):
        Unit.objects.for_user(tree.clerk_a, "delete_everything")


# --- what users see on the screens ------------------------------------------------------------


def test_a_user_without_a_role_is_told_so_on_the_home_page(tree, login):
    client = login(tree.nobody)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "core/no_role.html" in [t.name for t in response.templates]
    with translation.override("vi"):
        heading = translation.gettext("You have no role on any unit yet")
    assert heading in response.content.decode()


def test_a_user_without_a_role_finds_no_units_in_the_tree_or_search(tree, login):
    client = login(tree.nobody)

    assert "Hòa Lâm" not in client.get(reverse("units:tree")).content.decode()
    search = client.get(reverse("units:search"), {"q": "nguyen"}).content.decode()
    assert "Nguyễn Văn An" not in search


def test_a_user_with_a_role_gets_their_home_page_and_the_tree_in_the_menu(tree, login):
    response = login(tree.viewer_a).get(reverse("home"))

    assert response.status_code == 200
    assert "core/home.html" in [t.name for t in response.templates]
    assert reverse("units:tree") in response.content.decode()


def test_the_tree_starts_at_the_units_the_user_holds_roles_on(tree, login):
    page = login(tree.clerk_a).get(reverse("units:tree")).content.decode()

    assert "Đảng bộ xã An Phú" in page
    assert "Tỉnh ủy Hòa Lâm" not in page
    assert "Bình Minh" not in page


def test_search_only_finds_people_in_scope(tree, login):
    client = login(tree.clerk_a)

    page = client.get(reverse("units:search"), {"q": "binh"}).content.decode()

    assert "Đặng Thị Bình" not in page
    assert "Bình Minh" not in page


def test_a_viewer_cannot_open_the_edit_page(tree, login):
    client = login(tree.viewer_a)

    assert client.get(reverse("units:unit-detail", args=[tree.cell_a.pk])).status_code == 200
    assert client.get(reverse("units:unit-edit", args=[tree.cell_a.pk])).status_code == 404
    assert client.get(reverse("units:person-edit", args=[tree.person_a.pk])).status_code == 404


def test_a_viewer_is_not_offered_the_edit_buttons(tree, login):
    page = login(tree.viewer_a).get(reverse("units:unit-detail", args=[tree.cell_a.pk]))

    assert reverse("units:unit-edit", args=[tree.cell_a.pk]) not in page.content.decode()


def test_a_clerk_cannot_manage_roles(tree, login):
    client = login(tree.clerk_a)

    assert client.get(reverse("units:roles", args=[tree.commune_a.pk])).status_code == 404
    response = client.post(reverse("units:role-revoke", args=[tree.role_a.pk]))
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=tree.role_a.pk).exists()


def test_a_clerk_cannot_grant_themselves_a_role(tree, login):
    client = login(tree.clerk_a)

    response = client.post(
        reverse("units:roles", args=[tree.commune_a.pk]), {"username": "clerk_a", "role": "admin"}
    )

    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user=tree.clerk_a, role="admin").exists()


def test_a_head_may_change_but_not_manage_roles(tree, login):
    client = login(tree.head_a)

    assert client.get(reverse("units:unit-edit", args=[tree.commune_a.pk])).status_code == 200
    assert client.get(reverse("units:roles", args=[tree.commune_a.pk])).status_code == 404


def test_a_role_granted_today_takes_effect_on_the_next_request(tree, login):
    client = login(tree.nobody)
    assert client.get(reverse("units:unit-detail", args=[tree.cell_b.pk])).status_code == 404

    services.grant_role(
        user=tree.admin, target_user=tree.nobody, unit=tree.commune_b, role="viewer"
    )

    assert client.get(reverse("units:unit-detail", args=[tree.cell_b.pk])).status_code == 200
    assert client.get(reverse("units:unit-detail", args=[tree.cell_a.pk])).status_code == 404


def test_a_person_page_shows_only_positions_in_the_users_scope(tree, login):
    services.set_position(
        user=tree.admin, unit=tree.commune_b, person=tree.person_b, title="Phó Bí thư"
    )
    services.update_person(user=tree.admin, person=tree.person_b, unit=tree.cell_a)
    url = reverse("units:person-detail", args=[tree.person_b.pk])

    clerk_page = login(tree.clerk_a).get(url).content.decode()
    admin_page = login(tree.admin).get(url).content.decode()

    assert "Đặng Thị Bình" in clerk_page
    assert "Phó Bí thư" not in clerk_page
    assert "Bình Minh" not in clerk_page
    assert "Phó Bí thư" in admin_page
