"""Every list page costs the same number of queries however many rows it shows (rule 4).

Each test opens a page on a small tree, grows the tree well past a page of rows, opens the page
again and expects exactly the same number of queries.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.units.models import Person, Position, Unit

_codes = itertools.count(1)


def add_cells(parent, count):
    """``count`` cells under ``parent``, each with two people (one a non-member)."""
    cells = []
    for _ in range(count):
        n = next(_codes)
        cells.append(
            Unit.objects.add_child(
                parent,
                create_kwargs=dict(
                    name=f"Chi bộ số {n}", code=f"X{n}", kind="party_cell", level="grassroots"
                ),
            )
        )
    add_people(cells, 2)
    return cells


def add_people(units, per_unit, name="Nguyễn Văn"):
    people = []
    for unit in units:
        for i in range(per_unit):
            n = next(_codes)
            person = Person(
                unit=unit,
                full_name=f"{name} Số{n}",
                member_code=f"M{n}",
                is_party_member=i % 2 == 0,
                birth_year=1970 + n % 30,
            )
            person.derive_keys()
            people.append(person)
    Person.objects.bulk_create(people)
    return people


def queries(client, url, params=None, **headers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params, headers=headers)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def assert_constant(client, url, grow, params=None, **headers):
    small = queries(client, url, params, **headers)
    grow()
    large = queries(client, url, params, **headers)
    assert large == small, f"{url}: {small} queries with few rows, {large} with many"
    return small


@pytest.fixture
def admin_client(tree, client):
    client.force_login(tree.admin)
    return client


@pytest.fixture
def clerk_client(tree, client):
    client.force_login(tree.clerk_a)
    return client


def test_the_tree_page(tree, admin_client):
    add_cells(tree.province, 2)

    count = assert_constant(
        admin_client, reverse("units:tree"), lambda: add_cells(tree.province, 60)
    )
    assert count <= 10


def test_the_tree_page_of_a_clerk(tree, clerk_client):
    add_cells(tree.commune_a, 2)

    assert_constant(clerk_client, reverse("units:tree"), lambda: add_cells(tree.commune_a, 60))


def test_the_children_partial(tree, admin_client):
    add_cells(tree.commune_a, 2)
    url = reverse("units:unit-children", args=[tree.commune_a.pk])

    count = assert_constant(
        admin_client, url, lambda: add_cells(tree.commune_a, 60), HX_Request="true"
    )
    assert count <= 10


def test_the_children_partial_second_page(tree, admin_client):
    add_cells(tree.commune_a, 55)
    url = reverse("units:unit-children", args=[tree.commune_a.pk])

    assert_constant(admin_client, url, lambda: add_cells(tree.commune_a, 60), {"page": 2})


def test_a_unit_page_with_its_sub_units_people_and_positions(tree, clerk_client):
    add_cells(tree.commune_a, 2)
    add_people([tree.commune_a], 2)

    def grow():
        add_cells(tree.commune_a, 60)
        people = add_people([tree.commune_a], 60)
        for i, person in enumerate(people[:5]):
            Position.objects.create(unit=tree.commune_a, person=person, title=f"Ủy viên {i}")

    url = reverse("units:unit-detail", args=[tree.commune_a.pk])
    count = assert_constant(clerk_client, url, grow)
    assert count <= 20


def test_a_unit_page_listing_people_who_left(tree, clerk_client):
    add_people([tree.cell_a], 3)

    def grow():
        add_people([tree.cell_a], 80)
        Person.objects.filter(unit=tree.cell_a).update(left_on="2026-01-01")

    url = reverse("units:unit-detail", args=[tree.cell_a.pk])
    assert_constant(clerk_client, url, grow, {"left": "1"})


def test_the_search_page(tree, clerk_client):
    add_cells(tree.commune_a, 2)

    def grow():
        cells = add_cells(tree.commune_a, 30)
        add_people(cells, 3)

    count = assert_constant(clerk_client, reverse("units:search"), grow, {"q": "nguyen so"})
    assert count <= 10


def test_the_search_results_partial(tree, clerk_client):
    add_cells(tree.commune_a, 2)

    assert_constant(
        clerk_client,
        reverse("units:search"),
        lambda: add_cells(tree.commune_a, 60),
        {"q": "chi bo"},
        HX_Request="true",
    )


def test_the_person_page(tree, clerk_client):
    def grow():
        cells = add_cells(tree.commune_a, 20)
        for i, cell in enumerate(cells):
            Position.objects.create(
                unit=cell, person=tree.person_a, title=f"Bí thư {i}", is_head=True
            )

    url = reverse("units:person-detail", args=[tree.person_a.pk])
    count = assert_constant(clerk_client, url, grow)
    assert count <= 10


def test_the_roles_page(tree, admin_client):
    from trienkhai.tooling.testing import make_user

    def grow():
        for i in range(60):
            make_user(f"viewer{i}", "viewer", tree.cell_a)

    url = reverse("units:roles", args=[tree.commune_a.pk])
    assert_constant(admin_client, url, grow)
