"""The tree shows, for each unit, its sub-units and the people of its whole subtree."""

import datetime
import re

import pytest
from django.urls import reverse

from trienkhai.units import services


def add_people(tree):
    services.create_person(user=tree.admin, unit=tree.cell_a, full_name="Lê Văn Hai")
    services.create_person(
        user=tree.admin, unit=tree.cell_a, full_name="Lê Văn Ba", is_party_member=False
    )
    gone = services.create_person(user=tree.admin, unit=tree.cell_a, full_name="Lê Văn Tư")
    services.update_person(user=tree.admin, person=gone, left_on=datetime.date(2026, 1, 1))
    services.create_person(user=tree.admin, unit=tree.commune_a, full_name="Trần Văn Năm")


def counts(units):
    return {u.code: (u.member_count, u.people_count) for u in units}


def test_the_tree_counts_current_people_of_each_subtree(tree, login):
    add_people(tree)

    response = login(tree.admin).get(reverse("units:tree"))

    # province: person_a, person_b, Hai, Ba (non-member), Năm; Tư has left
    assert counts(response.context["roots"]) == {"HL": (4, 5)}


def test_the_children_of_a_unit_carry_their_own_subtree_counts(tree, login):
    add_people(tree)

    response = login(tree.admin).get(reverse("units:unit-children", args=[tree.province.pk]))

    assert counts(response.context["page"].object_list) == {"HL-A": (3, 4), "HL-B": (1, 1)}


def test_the_unit_page_lists_people_in_roster_order(tree, login):
    add_people(tree)

    response = login(tree.clerk_a).get(reverse("units:unit-detail", args=[tree.cell_a.pk]))

    names = [p.full_name for p in response.context["people"].object_list]
    assert names == ["Nguyễn Văn An", "Lê Văn Ba", "Lê Văn Hai"]


def test_the_unit_page_can_include_people_who_left(tree, login):
    add_people(tree)

    response = login(tree.clerk_a).get(
        reverse("units:unit-detail", args=[tree.cell_a.pk]), {"left": "1"}
    )

    names = [p.full_name for p in response.context["people"].object_list]
    assert names == ["Nguyễn Văn An", "Lê Văn Ba", "Lê Văn Hai", "Lê Văn Tư"]


def test_search_without_tone_marks_finds_people_and_units(tree, login):
    client = login(tree.admin)

    response = client.get(reverse("units:search"), {"q": "dang thi"})
    assert [p.full_name for p in response.context["page"].object_list] == ["Đặng Thị Bình"]

    response = client.get(reverse("units:search"), {"q": "XA AN PHU"})
    assert [u.code for u in response.context["units"]] == ["HL-A"]

    response = client.get(reverse("units:search"), {"q": "a001"})
    assert [p.full_name for p in response.context["page"].object_list] == ["Nguyễn Văn An"]
    # "Chi bộ thôn 1" is one of many: the unit above it says which
    assert tree.commune_a.name in response.content.decode()


def test_the_unit_code_autocomplete_offers_only_units_the_user_may_change(tree, login):
    response = login(tree.clerk_a).get(reverse("units:lookup"), {"q": "chi bo"})

    assert [u.code for u in response.context["units"]] == ["HL-A1"]


def test_paging_through_people_leaves_the_sub_units_on_their_first_page(tree, login):
    for i in range(60):
        services.create_unit(
            user=tree.admin,
            parent=tree.cell_b,
            name=f"Tổ {i}",
            code=f"T{i}",
            kind="party_cell",
            level="grassroots",
        )
        services.create_person(user=tree.admin, unit=tree.cell_b, full_name=f"Lê Văn Số{i}")
    client = login(tree.admin)
    url = reverse("units:unit-detail", args=[tree.cell_b.pk])
    html = client.get(url).content.decode()
    people_next = re.findall(r'<a class="btn" href="(\?[^"]*)">', html)[-1].replace("&amp;", "&")

    response = client.get(url + people_next)

    assert response.context["people"].number == 2
    assert response.context["children"].number == 1


def test_the_unit_page_people_are_a_sortable_table_with_numbered_pages(tree, login, settings):
    settings.PAGE_SIZE = 2
    add_people(tree)
    client = login(tree.clerk_a)
    url = reverse("units:unit-detail", args=[tree.cell_a.pk])

    response = client.get(url, {"people_sort": "-full_name"})
    names = [p.full_name for p in response.context["people"].object_list]
    assert names == ["Lê Văn Hai", "Lê Văn Ba"]  # Vietnamese order, reversed: Hai, Ba, An
    html = response.content.decode()
    assert 'aria-current="page">1<' in html
    assert "people_sort=-full_name&amp;people_page=2" in html  # the pager keeps the sorting

    last = client.get(url, {"people_sort": "-full_name", "people_page": "2"})
    assert [p.full_name for p in last.context["people"].object_list] == ["Nguyễn Văn An"]


@pytest.mark.parametrize("bad", ["²", "abc", "-1", "0", "9" * 30])
def test_bad_page_or_sort_values_on_the_unit_page_are_never_a_500(tree, login, bad):
    client = login(tree.clerk_a)
    url = reverse("units:unit-detail", args=[tree.cell_a.pk])
    response = client.get(url, {"people_page": bad, "people_sort": bad, "units_page": bad})
    assert response.status_code == 200
    assert [p.full_name for p in response.context["people"].object_list] == ["Nguyễn Văn An"]


def test_the_sibling_sees_neither_the_unit_page_nor_its_people_in_search(tree, login):
    client = login(tree.clerk_b)
    url = reverse("units:unit-detail", args=[tree.cell_a.pk])
    assert client.get(url, {"people_page": "1"}).status_code == 404
    response = client.get(reverse("units:search"), {"q": "nguyen van an"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert list(response.context["units"]) == []


def test_search_results_are_the_people_table_with_numbered_pages(tree, login, settings):
    settings.PAGE_SIZE = 1
    add_people(tree)
    client = login(tree.admin)
    response = client.get(reverse("units:search"), {"q": "le van", "sort": "full_name"})
    page = response.context["page"]
    assert page.paginator.count == 3  # Hai, Ba, Tư (who left)
    assert [p.full_name for p in page.object_list] == ["Lê Văn Ba"]
    html = response.content.decode()
    assert 'rel="next"' in html and "page=2" in html
    assert 'class="sort asc"' in html


def test_the_sub_units_are_a_table_sorted_by_their_own_parameter(tree, login):
    for name, code in (("Chi bộ thôn 2", "HL-A2"), ("Chi bộ ấp Đông", "HL-A3")):
        services.create_unit(
            user=tree.admin,
            parent=tree.commune_a,
            name=name,
            code=code,
            kind="party_cell",
            level="grassroots",
        )
    add_people(tree)
    client = login(tree.clerk_a)
    url = reverse("units:unit-detail", args=[tree.commune_a.pk])

    children = client.get(url).context["children"]
    # Vietnamese order: "ấp" sorts after "a", before "b"; the counts come with each row.
    assert [u.code for u in children.object_list] == ["HL-A3", "HL-A1", "HL-A2"]
    assert [(u.people_count, u.member_count) for u in children.object_list][1] == (3, 2)
    reversed_ = client.get(url, {"units_sort": "-name"}).context["children"]
    assert [u.code for u in reversed_.object_list] == ["HL-A2", "HL-A1", "HL-A3"]
    # the people table's sorting is its own: ``units_sort`` leaves it in roster order
    people = client.get(url, {"units_sort": "-name"}).context["people"]
    assert people.table.order_by == client.get(url).context["people"].table.order_by
    assert [p.full_name for p in people.object_list] == ["Trần Văn Năm"]


def test_the_roles_are_a_sortable_table_whose_rows_can_be_revoked(tree, login):
    from trienkhai.tooling.testing import make_user
    from trienkhai.units.models import RoleAssignment

    make_user("zviewer", "viewer", tree.cell_a)
    make_user("aviewer", "viewer", tree.cell_a)
    client = login(tree.admin)
    url = reverse("units:roles", args=[tree.commune_a.pk])

    response = client.get(url, {"sort": "-user"})
    users = [a.user.username for a in response.context["page"].object_list]
    assert users == sorted(users, reverse=True) and "zviewer" in users
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert client.get(url, {"sort": "²", "page": "²"}).status_code == 200

    role = RoleAssignment.objects.get(user__username="aviewer")
    revoke = reverse("units:role-revoke", args=[role.pk])
    assert f'action="{revoke}"' in html
    assert client.post(revoke).status_code == 302
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()

    assert login(tree.clerk_b).get(url, {"sort": "user"}).status_code == 404
