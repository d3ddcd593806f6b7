"""The generator builds the shapes DESIGN.md promises, and the demo logins are what they say.

The demo province is generated once for the package (``conftest.py``: outside the per-test
transactions) and removed at its end; every test runs inside its own rolled-back transaction.
"""

import dataclasses
import random
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.demo import names, plan
from trienkhai.demo.clear import dependent_models
from trienkhai.demo.generator import GenerationRefused, generate
from trienkhai.demo.loader import DEMO_PASSWORD, DEMO_ROOT_CODE, load_demo
from trienkhai.demo.shapes import NATIONAL, PROVINCE, SHAPES, SMALL, expected
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

USERNAMES = ["admin", "clerk", "head", "secretary", "member", "other"]
K, L = Unit.Kind, Unit.Level


@pytest.fixture
def logins(demo_logins):
    """The demo's logins by username (the province is loaded once for the package: conftest)."""
    return demo_logins


def _user(username):
    return get_user_model().objects.get(username=username)


# --- shapes and plans (no database) -------------------------------------------------------


def test_the_scales_match_the_workload_table():
    small, province, national = expected(SMALL), expected(PROVINCE), expected(NATIONAL)
    assert 130 <= small["units"] <= 170 and 2_700 <= small["people"] <= 3_300
    assert province["directly_under"] == 170
    assert 1_200 <= province["grassroots_committees"] <= 1_320
    assert 9_300 <= province["cells"] <= 9_900
    assert 11_500 <= province["units"] <= 12_800 and 225_000 <= province["people"] <= 255_000
    assert 280_000 <= national["units"] <= 320_000
    assert 5_300_000 <= national["people"] <= 5_900_000


def test_a_province_plan_has_unique_codes_that_fit_the_columns():
    root = plan.province(PROVINCE, "HL", "Hòa Lâm", random.Random(1))
    nodes = list(root.walk())
    codes = [n.code for n in nodes]
    assert len(codes) == len(set(codes))
    assert max(map(len, codes)) <= 32
    assert max(len(n.name) for n in nodes) <= 255
    assert max(len(n.short_name) for n in nodes) <= 64
    cells = sum(n.kind == K.PARTY_CELL for n in nodes)
    assert abs(cells - expected(PROVINCE)["cells"]) < 0.05 * expected(PROVINCE)["cells"]


def test_national_codes_are_unique_across_provinces():
    province_codes = [code for code, _ in names.PROVINCES]
    assert len(province_codes) == len(set(province_codes)) == NATIONAL.provinces
    assert plan.central_root().code not in province_codes
    codes = Counter()
    for code, name in names.PROVINCES[:3]:
        tree = plan.province(NATIONAL, code, name, random.Random(code))
        codes.update(n.code for n in tree.walk())
        assert all(n.code == code or n.code.startswith(f"{code}-") for n in tree.walk())
    assert codes.most_common(1)[0][1] == 1


def test_the_same_seed_gives_the_same_plan():
    def one():
        return [
            (n.code, n.name) for n in plan.province(SMALL, "HL", "Hòa Lâm", random.Random(7)).walk()
        ]

    assert one() == one()


def test_replace_finds_every_table_that_hangs_on_units():
    order, to_null = dependent_models()
    assert {Person, Position, RoleAssignment, AuditEvent, Unit} <= set(order)
    assert order[-1] is Unit and order.index(Position) < order.index(Person)
    assert get_user_model() not in order
    assert to_null == []


# --- the generated demo province ------------------------------------------------------------


@pytest.mark.django_db
def test_the_small_scale_has_the_demo_shape(logins):
    by_sort = Counter(Unit.objects.values_list("kind", "level"))
    assert by_sort[(K.PARTY_COMMITTEE, L.PROVINCE)] == 1
    assert by_sort[(K.GOVERNMENT, L.PROVINCE)] == by_sort[(K.FRONT, L.PROVINCE)] == 1
    assert by_sort[(K.MASS_ORG, L.PROVINCE)] == 5
    communes = Unit.objects.filter(name__startswith="Đảng bộ xã") | Unit.objects.filter(
        name__startswith="Đảng bộ phường"
    )
    assert communes.count() == SMALL.communes
    assert by_sort[(K.PARTY_COMMITTEE, L.COMMUNE)] == SMALL.communes + SMALL.agency_committees
    assert by_sort[(K.GOVERNMENT, L.COMMUNE)] == by_sort[(K.FRONT, L.COMMUNE)] == SMALL.communes
    assert by_sort[(K.MASS_ORG, L.COMMUNE)] == 5 * SMALL.communes
    assert 40 <= by_sort[(K.PARTY_CELL, L.GRASSROOTS)] <= 80
    assert by_sort[(K.PARTY_COMMITTEE, L.GRASSROOTS)] <= 15
    assert by_sort[(K.AGENCY, L.PROVINCE)] == SMALL.departments
    assert 130 <= Unit.objects.count() <= 180
    assert 2_500 <= Person.objects.count() <= 3_600
    root = Unit.objects.get(code=DEMO_ROOT_CODE)
    assert root.name == "Đảng bộ tỉnh Hòa Lâm" and root.depth == 1


@pytest.mark.django_db
def test_the_tree_paths_are_valid(logins):
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    units = list(Unit.objects.get_tree())
    assert len(units) == Unit.objects.count()
    assert [u.path for u in units] == sorted(u.path for u in units)
    children = Counter(u.path[: -Unit.steplen] for u in units if u.depth > 1)
    for unit in units:
        assert unit.depth * Unit.steplen == len(unit.path)
        assert unit.numchild == children[unit.path], unit.code
    assert [u.code for u in Unit.objects.filter(depth=1)] == [DEMO_ROOT_CODE]
    commune = Unit.objects.get(code="HL-X01")
    assert Unit.objects.get_parent(commune).code == DEMO_ROOT_CODE


@pytest.mark.django_db
def test_codes_and_member_codes_are_unique(logins):
    codes = list(Unit.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    member_codes = list(
        Person.objects.filter(member_code__isnull=False).values_list("member_code", flat=True)
    )
    assert len(member_codes) == len(set(member_codes))
    assert all(c.startswith("HL") and len(c) == 10 for c in member_codes)


@pytest.mark.django_db
def test_every_led_unit_has_exactly_one_current_head(logins):
    heads = dict(
        Position.objects.filter(is_head=True, ended_on__isnull=True)
        .values_list("unit")
        .annotate(n=Count("id"))
    )
    # Two cells of the demo merge into their neighbours during the plan (demo.plans): their
    # secretaries' terms ended and their members moved.
    open_units = Unit.objects.filter(active_to__isnull=True)
    assert set(heads) == set(open_units.values_list("id", flat=True))
    assert set(heads.values()) == {1}
    for position in Position.objects.filter(ended_on__isnull=True).select_related("person"):
        assert position.person.unit_id == position.unit_id
    committees = Unit.objects.filter(kind=K.PARTY_COMMITTEE)
    deputies = Position.objects.filter(title="Phó Bí thư", unit__in=committees)
    assert deputies.count() == committees.count()
    assert set(
        Position.objects.filter(unit__kind=K.PARTY_CELL).values_list("title", flat=True)
    ) == {"Bí thư"}
    assert set(
        Position.objects.filter(unit__kind=K.GOVERNMENT).values_list("title", flat=True)
    ) == {"Chủ tịch"}


@pytest.mark.django_db
def test_people_look_like_a_party_organisation(logins):
    people = Person.objects.all()
    total = people.count()
    members = people.filter(is_party_member=True)
    in_cells = members.filter(unit__kind=K.PARTY_CELL).count()
    assert in_cells / total > 0.85  # DESIGN: ~90 % of people are members in cells
    exempt = members.filter(exempt_from_activity=True)
    assert 0.01 <= exempt.count() / members.count() <= 0.06
    assert not exempt.filter(birth_year__gt=1957).exists()
    assert people.filter(is_party_member=False, unit__kind=K.MASS_ORG).exists()
    assert not people.filter(is_party_member=False, member_code__isnull=False).exists()
    years = people.values_list("birth_year", flat=True)
    assert min(years) >= 1940 and max(years) <= 2004
    categories = Counter(people.values_list("category", flat=True))
    assert 0 < categories[Person.Category.KEY_CADRE] < total * 0.05
    assert 0 < categories[Person.Category.LECTURER] < total * 0.05
    assert not people.filter(middle_name="Thị", gender=Person.Gender.MALE).exists()
    sample = people.order_by("?")[:50]
    for person in sample:
        stored = (person.search_key, person.sort_key, person.given_name)
        person.derive_keys()
        assert stored == (person.search_key, person.sort_key, person.given_name)


# --- refusing, replacing and the demo logins --------------------------------------------------


@pytest.mark.django_db
def test_generating_into_a_database_with_units_is_refused(logins):
    before = Unit.objects.count()
    with pytest.raises(GenerationRefused, match="replace"):
        generate("small")
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate", "--scale", "small")
    assert Unit.objects.count() == before


@pytest.mark.django_db
def test_replace_deletes_everything_first(logins):
    result = generate("small", seed=3, replace=True)
    assert Unit.objects.count() == result.units
    assert Person.objects.count() == result.people
    assert not RoleAssignment.objects.exists()
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    assert get_user_model().objects.filter(username="admin").exists()  # users stay


@pytest.mark.django_db
def test_several_provinces_hang_under_a_central_root(monkeypatch):
    """The national path (central root, one transaction per province) on a tiny shape."""
    monkeypatch.setitem(SHAPES, "tiny", dataclasses.replace(SMALL, name="tiny", provinces=2))
    result = generate("tiny", replace=True)
    root = Unit.objects.get(depth=1)
    assert (root.code, root.level, root.numchild) == ("TW", L.CENTRAL, 2)
    provinces = list(Unit.objects.filter(depth=2).values_list("code", flat=True))
    assert provinces == [code for code, _ in names.PROVINCES[:2]]
    assert Unit.objects.count() == result.units
    assert Unit.objects.find_problems() == ([], [], [], [], [])
    member_codes = Person.objects.filter(member_code__isnull=False).values("member_code")
    assert member_codes.distinct().count() == member_codes.count()


@pytest.mark.django_db
def test_the_generate_command_replaces_and_reports_its_rate():
    out = StringIO()
    call_command("generate", "--scale", "small", "--seed", "2", "--replace", stdout=out)
    assert "rows/s" in out.getvalue()
    assert Unit.objects.filter(code=DEMO_ROOT_CODE).exists()


@pytest.mark.django_db
def test_loaddemo_prints_the_logins(logins):
    out = StringIO()
    call_command("loaddemo", stdout=out)
    table = out.getvalue()
    assert "already loaded" in table
    for login in logins.values():
        assert login.username in table and login.description in table
    assert DEMO_PASSWORD in table


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing(logins):
    models = [Unit, Person, Position, RoleAssignment, get_user_model()]
    before = [m.objects.count() for m in models]
    again = load_demo()
    assert [m.objects.count() for m in models] == before
    assert {login.username: login for login in again} == logins


@pytest.mark.django_db
def test_each_demo_login_holds_the_role_it_describes(logins):
    # Then the two heads a visitor would try (test_programs checks them).
    assert list(logins)[:7] == [*USERNAMES, "guest"]
    assert all(name.startswith("head.") for name in list(logins)[7:]) and len(logins) == 9
    assert not RoleAssignment.objects.filter(user__username="guest").exists()
    assert _user("guest").check_password(DEMO_PASSWORD)
    roles = {
        u: list(RoleAssignment.objects.filter(user__username=u).select_related("unit"))
        for u in USERNAMES
    }
    assert all(len(r) == 1 for r in roles.values())
    grant = {u: r[0] for u, r in roles.items()}
    assert grant["admin"].role == Role.ADMIN and grant["admin"].unit.code == DEMO_ROOT_CODE
    commune = grant["clerk"].unit
    assert grant["clerk"].role == Role.CLERK and commune.name == "Đảng bộ xã Tân Phong"
    assert logins["clerk"].description == "Văn thư Đảng ủy xã Tân Phong"
    assert grant["head"].role == Role.HEAD and grant["head"].unit == commune
    head = Position.objects.get(unit=commune, is_head=True, ended_on__isnull=True).person
    assert head.user == _user("head") and logins["head"].person == head.full_name
    cell = grant["secretary"].unit
    assert grant["secretary"].role == Role.HEAD and cell.kind == K.PARTY_CELL
    assert Unit.objects.get_parent(cell) == commune
    secretary = Position.objects.get(unit=cell, is_head=True, ended_on__isnull=True).person
    assert secretary.user == _user("secretary")
    assert grant["member"].role == Role.VIEWER and grant["member"].unit == cell
    member = _user("member").person
    assert member.unit == cell and member.is_party_member and not member.positions.exists()
    other = grant["other"].unit
    assert grant["other"].role == Role.CLERK and other != commune
    assert Unit.objects.get_parent(other) == Unit.objects.get_parent(commune)
    for username in USERNAMES:
        assert logins[username].password == DEMO_PASSWORD
        assert _user(username).check_password(DEMO_PASSWORD)
        assert logins[username].description and logins[username].unit


@pytest.mark.django_db
def test_the_other_clerk_sees_nothing_of_the_demo_commune(logins):
    commune = Unit.objects.get(code="HL-X01")
    visible = Person.objects.for_user(_user("other"))
    assert visible.exists()
    assert not visible.filter(unit__path__prefix=commune.path).exists()
    cell = RoleAssignment.objects.get(user__username="member").unit
    assert Person.objects.for_user(_user("member")).count() == cell.people.count()
