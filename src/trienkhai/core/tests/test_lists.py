"""The list layer (``core.lists``) on the lists of units and people: declared filters, sorting
in Vietnamese order, search without diacritics, numbered pages, bad ids, the scope, the HTMX
partial and the unit autocomplete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core.access import Role
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Person, Unit

PEOPLE = reverse("units:person-list")
UNITS = reverse("units:unit-list")
CHOICES = reverse("unit-choices")


def names(response, status=200):
    assert response.status_code == status
    return [str(record) for record in response.context["page"].object_list]


def people(unit, *full_names):
    rows = []
    for name in full_names:
        person = Person(unit=unit, full_name=name)
        person.derive_keys()
        rows.append(person)
    return Person.objects.bulk_create(rows)


def test_search_ignores_case_and_diacritics(tree, login):
    client = login(tree.admin)

    assert names(client.get(PEOPLE, {"q": "nguyen van a"})) == ["Nguyễn Văn An"]
    assert names(client.get(PEOPLE, {"q": "NGUYỄN an"})) == ["Nguyễn Văn An"]
    # đ is d: "dang" finds Đặng, and so does "đặng"
    assert names(client.get(PEOPLE, {"q": "dang"})) == ["Đặng Thị Bình"]
    assert names(client.get(PEOPLE, {"q": "đặng thi"})) == ["Đặng Thị Bình"]
    # every word must be there
    assert names(client.get(PEOPLE, {"q": "nguyen binh"})) == []


def test_the_unit_filter_takes_the_subtree_and_combines(tree, login):
    people(tree.cell_a, "Trần Thị Cúc")
    client = login(tree.admin)

    assert names(client.get(PEOPLE, {"unit": tree.commune_a.pk})) == [
        "Nguyễn Văn An",
        "Trần Thị Cúc",
    ]
    assert names(client.get(PEOPLE, {"unit": tree.commune_a.pk, "q": "cuc"})) == ["Trần Thị Cúc"]
    assert names(client.get(PEOPLE, {"unit": tree.commune_b.pk})) == ["Đặng Thị Bình"]


def test_choice_filters(tree, login):
    client = login(tree.admin)

    assert names(client.get(UNITS, {"kind": "party_cell"})) == ["Chi bộ khu phố 1", "Chi bộ thôn 1"]
    assert names(client.get(UNITS, {"level": "commune", "under": tree.commune_b.pk})) == [
        "Đảng ủy phường Bình Minh"
    ]


def test_sorting_follows_vietnamese_order_both_ways(tree, login):
    # given names first: An < Ánh < Bình < Đức < Dũng? no: d < đ, so Dũng < Đức
    people(tree.cell_a, "Lê Thị Ánh", "Phạm Văn Đức", "Hoàng Văn Dũng")
    client = login(tree.admin)

    expected = ["Nguyễn Văn An", "Lê Thị Ánh", "Đặng Thị Bình", "Hoàng Văn Dũng", "Phạm Văn Đức"]
    assert names(client.get(PEOPLE, {"sort": "full_name"})) == expected
    assert names(client.get(PEOPLE, {"sort": "-full_name"})) == expected[::-1]
    # units by name: "Chi bộ" < "Đảng ủy" < "Tỉnh ủy"
    assert names(client.get(UNITS, {"sort": "name"}))[0] == "Chi bộ khu phố 1"
    assert names(client.get(UNITS, {"sort": "-name"}))[0] == "Tỉnh ủy Hòa Lâm"
    # a column that is not sortable, or not a column, is ignored
    assert names(client.get(PEOPLE, {"sort": "search_key"})) == expected


def test_numbered_pages_and_past_the_last_page(tree, login, settings):
    settings.PAGE_SIZE = 2
    people(tree.cell_a, "Lê Thị Ánh", "Phạm Văn Đức", "Hoàng Văn Dũng")
    client = login(tree.admin)

    first = client.get(PEOPLE, {"sort": "full_name"})
    html = first.content.decode()
    assert first.context["page"].paginator.num_pages == 3
    assert 'aria-current="page">1<' in html
    assert "sort=full_name&amp;page=3" in html  # the pager keeps the sorting
    assert names(client.get(PEOPLE, {"sort": "full_name", "page": 3})) == ["Phạm Văn Đức"]
    for beyond in ("99", "-1", "²", "abc"):
        page = client.get(PEOPLE, {"sort": "full_name", "page": beyond}).context["page"]
        assert page.number in (1, 3)
    assert client.get(PEOPLE, {"page": "99"}).context["page"].number == 3
    # the page size is bounded
    assert client.get(PEOPLE, {"per_page": "100000"}).context["page"].paginator.per_page == 200
    assert client.get(PEOPLE, {"per_page": "²"}).context["page"].paginator.per_page == 2


@pytest.mark.parametrize("bad", ["²", "-1", "abc", "1.5", "", "99999999999999999999", "sibling"])
def test_a_bad_or_foreign_unit_id_is_a_form_error_never_a_500_nor_a_leak(tree, login, bad):
    client = login(tree.clerk_a)
    value = tree.commune_b.pk if bad == "sibling" else bad

    response = client.get(PEOPLE, {"unit": value})

    html = response.content.decode()
    assert "Đặng Thị Bình" not in html and "Bình Minh" not in html
    if bad == "":
        assert names(response) == ["Nguyễn Văn An"]  # no filter
    else:
        assert names(response, 400) == []
        assert "Chọn một đơn vị trong danh sách" in html


def test_a_sibling_unit_user_gets_nothing_of_the_other_unit(tree, login):
    client = login(tree.clerk_b)

    assert names(client.get(PEOPLE)) == ["Đặng Thị Bình"]
    assert names(client.get(PEOPLE, {"q": "nguyen"})) == []
    assert "An Phú" not in "".join(names(client.get(UNITS)))
    assert names(client.get(UNITS, {"sort": "name"})) == [
        "Chi bộ khu phố 1",
        "Đảng ủy phường Bình Minh",
    ]


def test_a_user_without_a_role_sees_an_empty_list(tree, login):
    assert names(login(tree.nobody).get(PEOPLE)) == []


def test_htmx_gets_the_table_alone(tree, login):
    response = login(tree.admin).get(PEOPLE, {"q": "an"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "<form" not in html and "Nguyễn Văn An" in html


def test_the_filter_shows_the_chosen_unit_by_name(tree, login):
    html = login(tree.admin).get(PEOPLE, {"unit": tree.cell_a.pk}).content.decode()

    assert 'value="Chi bộ thôn 1 (HL-A1)"' in html
    assert f'name="unit" id="id_unit" value="{tree.cell_a.pk}"' in html


def test_the_unit_autocomplete_offers_units_of_the_scope_by_name(tree, login):
    client = login(tree.clerk_b)

    html = client.get(CHOICES, {"q": "chi bo"}).content.decode()
    assert "Chi bộ khu phố 1" in html and f'data-id="{tree.cell_b.pk}"' in html
    assert "thôn 1" not in html
    assert client.get(CHOICES, {"q": "xa an"}).content.decode().strip() == ""
    assert client.get(CHOICES, {"q": "x", "action": "nonsense"}).status_code == 404


def test_the_unit_autocomplete_is_bounded(tree, login):
    for n in range(25):
        Unit.objects.add_child(
            Unit.objects.get(pk=tree.cell_a.pk),
            create_kwargs=dict(
                name=f"Tổ đảng {n}", code=f"T{n}", kind="party_cell", level="grassroots"
            ),
        )

    html = login(tree.admin).get(CHOICES, {"q": "to dang"}).content.decode()
    assert html.count("<option") == 20


def test_the_audit_autocomplete_offers_only_units_the_user_may_audit(tree, login):
    client = login(make_user("admin_b", Role.ADMIN, tree.commune_b))

    html = client.get(CHOICES, {"q": "chi bo", "action": "audit"}).content.decode()
    assert "khu phố 1" in html and "thôn 1" not in html


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_rows(tree, login):
    client = login(tree.admin)
    params = {"unit": tree.province.pk, "sort": "-unit"}
    few = count_queries(client, PEOPLE, params)
    people(tree.cell_a, *[f"Nguyễn Văn Số {n}" for n in range(80)])
    many = count_queries(client, PEOPLE, params)

    assert many == few
    assert count_queries(client, UNITS, {"q": "chi"}) <= few


def test_the_table_is_the_projects_responsive_table_with_sort_links(tree, login):
    html = login(tree.admin).get(PEOPLE, {"q": "an"}).content.decode()

    assert '<table class="responsive">' in html
    assert 'href="?q=an&amp;sort=-full_name"' in html  # sorted by name: the link reverses it


def test_the_audit_log_and_the_unit_list_cost_the_same_queries_for_few_or_many_rows(tree, login):
    from trienkhai.units import services

    services.update_unit(user=tree.admin, unit=tree.cell_a, short_name="T")
    client = login(tree.admin)
    audit, units = reverse("audit"), reverse("units:unit-list")
    params = {"unit": tree.province.pk, "sort": "-unit"}
    few = count_queries(client, audit, params), count_queries(client, units, {"sort": "-name"})
    for n in range(60):
        services.update_unit(user=tree.admin, unit=tree.cell_a, short_name=f"T{n}")
        Unit.objects.add_child(
            Unit.objects.get(pk=tree.cell_b.pk),
            create_kwargs=dict(
                name=f"Tổ {n}", code=f"B1-{n}", kind="party_cell", level="grassroots"
            ),
        )
    many = count_queries(client, audit, params), count_queries(client, units, {"sort": "-name"})

    assert many == few


def test_the_pager_of_a_list_inside_a_page_keeps_the_other_parameters(rf):
    """``core.lists.paged``: its own parameter, first / neighbours / last, links that keep the
    filters and the other list's page, and any bad page value is a page, never an error."""
    from trienkhai.core.lists import paged

    request = rf.get("/", {"left": "1", "units_page": "2", "people_page": "5"})
    page = paged(request, list(range(100)), param="people_page", per_page=10)
    assert page.number == 5 and page.param == "people_page"
    assert page.page_range == [1, "…", 4, 5, 6, "…", 10]
    links = dict(page.links)
    assert links[10] == "?left=1&units_page=2&people_page=10"
    assert links[page.paginator.ELLIPSIS] is None
    assert page.previous_url == "?left=1&units_page=2&people_page=4"
    assert page.next_url == "?left=1&units_page=2&people_page=6"
    for bad in ("²", "abc", "-1", "0", "9" * 30, ""):
        page = paged(rf.get("/", {"people_page": bad}), list(range(100)), param="people_page")
        assert page.number in (1, page.paginator.num_pages)
