"""Writes to the tree go through services: permission, validation, the write and exactly one
audit event per changed row, all in one transaction; a refusal writes nothing at all."""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.tooling.testing import make_user, vacate
from trienkhai.units import services
from trienkhai.units.models import Person, Position, RoleAssignment, Unit

Verb = AuditEvent.Verb
MODELS = (Unit, Person, Position, RoleAssignment, AuditEvent)


def database():
    """Every row of every model the services write, as plain values."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}


@contextmanager
def nothing_written():
    before = database()
    yield
    assert database() == before


class Log:
    event: AuditEvent


@contextmanager
def one_event(verb, **expected):
    """The block appends exactly one audit event, with ``verb``; it is then ``log.event``."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    log = Log()
    yield log
    new = list(AuditEvent.objects.filter(pk__gt=last))
    assert [e.verb for e in new] == [verb]
    log.event = new[0]
    for name, value in expected.items():
        assert getattr(log.event, name) == value, name


@contextmanager
def refused(exc=PermissionDenied):
    """The call is refused and writes nothing."""
    with nothing_written(), pytest.raises(exc) as info:
        yield info


# --- units ------------------------------------------------------------------------------------


def test_a_clerk_adds_a_cell_to_their_commune(tree):
    with one_event(Verb.CREATE, actor=tree.clerk_a) as log:
        unit = services.create_unit(
            user=tree.clerk_a,
            parent=tree.commune_a,
            name="  Chi  bộ thôn 2 ",
            code="hl-a2",
            kind=Unit.Kind.PARTY_CELL,
            level=Unit.Level.GRASSROOTS,
        )

    unit.refresh_from_db()
    assert (unit.name, unit.code) == ("Chi bộ thôn 2", "HL-A2")
    assert unit.get_parent() == tree.commune_a
    assert log.event.unit == unit
    assert log.event.before is None
    assert log.event.after["name"] == "Chi bộ thôn 2"
    assert log.event.after["code"] == "HL-A2"


def test_a_clerk_cannot_add_a_unit_to_the_sibling_commune(tree):
    with refused():
        services.create_unit(
            user=tree.clerk_a,
            parent=tree.commune_b,
            name="Chi bộ lạ",
            code="HL-B9",
            kind="party_cell",
            level="grassroots",
        )


def test_a_unit_code_is_unique_whatever_its_case(tree):
    with refused(ValidationError) as info:
        services.create_unit(
            user=tree.clerk_a,
            parent=tree.commune_a,
            name="Chi bộ trùng mã",
            code="hl-b1",
            kind="party_cell",
            level="grassroots",
        )
    assert "code" in info.value.error_dict


def test_a_unit_needs_a_name(tree):
    with refused(ValidationError) as info:
        services.create_unit(
            user=tree.clerk_a,
            parent=tree.commune_a,
            name="   ",
            code="HL-A9",
            kind="party_cell",
            level="grassroots",
        )
    assert "name" in info.value.error_dict


def test_updating_a_unit_records_before_and_after(tree):
    with one_event(Verb.UPDATE, actor=tree.clerk_a, unit=tree.cell_a) as log:
        services.update_unit(user=tree.clerk_a, unit=tree.cell_a, name="Chi bộ thôn Một")

    assert log.event.before["name"] == "Chi bộ thôn 1"
    assert log.event.after["name"] == "Chi bộ thôn Một"
    assert [(before, after) for _, before, after in log.event.changes()] == [
        ("Chi bộ thôn 1", "Chi bộ thôn Một")
    ]


def test_saving_a_unit_unchanged_writes_no_event(tree):
    with nothing_written():
        services.update_unit(user=tree.clerk_a, unit=tree.cell_a, name="Chi bộ thôn 1")


def test_a_viewer_cannot_update_a_unit(tree):
    with refused():
        services.update_unit(user=tree.viewer_a, unit=tree.cell_a, name="Đổi tên")


def test_only_editable_unit_fields_can_be_set(tree):
    with nothing_written(), pytest.raises(ValueError):
        services.update_unit(user=tree.clerk_a, unit=tree.cell_a, path="0001")


def test_the_admin_moves_a_cell_to_the_other_commune(tree):
    with one_event(Verb.MOVE, actor=tree.admin) as log:
        cell = services.move_unit(user=tree.admin, unit=tree.cell_a, new_parent=tree.commune_b)

    assert cell.get_parent() == tree.commune_b
    assert cell.path.startswith(tree.commune_b.path)
    assert Unit.objects.get(pk=tree.commune_a.pk).numchild == 0
    assert Unit.objects.get(pk=tree.commune_b.pk).numchild == 2
    assert log.event.before["parent"].startswith("Đảng ủy xã An Phú")
    assert log.event.after["parent"].startswith("Đảng ủy phường Bình Minh")
    # The people of the cell moved with it, out of clerk_a's sight into clerk_b's.
    assert not Person.objects.for_user(tree.clerk_a).filter(pk=tree.person_a.pk).exists()
    assert Person.objects.for_user(tree.clerk_b).filter(pk=tree.person_a.pk).exists()


def test_a_clerk_cannot_push_a_unit_into_the_sibling_commune(tree):
    with refused():
        services.move_unit(user=tree.clerk_a, unit=tree.cell_a, new_parent=tree.commune_b)


def test_a_clerk_cannot_pull_a_unit_out_of_the_sibling_commune(tree):
    with refused():
        services.move_unit(user=tree.clerk_a, unit=tree.cell_b, new_parent=tree.commune_a)


def test_a_unit_cannot_move_under_its_own_descendant(tree):
    with refused(ValidationError):
        services.move_unit(user=tree.admin, unit=tree.commune_a, new_parent=tree.cell_a)
    with refused(ValidationError):
        services.move_unit(user=tree.admin, unit=tree.commune_a, new_parent=tree.commune_a)


def test_the_root_cannot_move(tree):
    with refused(ValidationError):
        services.move_unit(user=tree.admin, unit=tree.province, new_parent=tree.commune_a)


def test_moving_a_unit_to_its_own_parent_changes_nothing(tree):
    with nothing_written():
        services.move_unit(user=tree.admin, unit=tree.cell_a, new_parent=tree.commune_a)


def test_closing_a_cell_records_the_date(tree):
    vacate(tree.cell_a)
    on = datetime.date(2026, 3, 31)

    with one_event(Verb.CLOSE, unit=tree.cell_a) as log:
        services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=on)

    assert Unit.objects.get(pk=tree.cell_a.pk).active_to == on
    assert log.event.before["active_to"] is None
    assert log.event.after["active_to"] == "2026-03-31"


def test_a_commune_with_open_cells_cannot_close(tree):
    with refused(ValidationError) as info:
        services.close_unit(user=tree.clerk_a, unit=tree.commune_a)
    assert "1" in info.value.messages[0]


def test_a_unit_cannot_close_before_it_opened(tree):
    vacate(tree.cell_a)
    services.update_unit(user=tree.clerk_a, unit=tree.cell_a, active_from=datetime.date(2026, 1, 1))
    with refused(ValidationError):
        services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2025, 12, 31))


def test_a_closed_unit_cannot_close_again(tree):
    vacate(tree.cell_a)
    services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2026, 3, 31))
    with refused(ValidationError):
        services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2026, 4, 1))


def test_the_sibling_clerk_cannot_close_a_unit(tree):
    with refused():
        services.close_unit(user=tree.clerk_b, unit=tree.cell_a)


def test_reopening_a_closed_unit(tree):
    vacate(tree.cell_a)
    services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2026, 3, 31))

    with one_event(Verb.REOPEN, unit=tree.cell_a) as log:
        services.reopen_unit(user=tree.clerk_a, unit=tree.cell_a)

    assert Unit.objects.get(pk=tree.cell_a.pk).active_to is None
    assert (log.event.before["active_to"], log.event.after["active_to"]) == ("2026-03-31", None)


def test_an_open_unit_cannot_be_reopened(tree):
    with refused(ValidationError):
        services.reopen_unit(user=tree.clerk_a, unit=tree.cell_a)


def test_a_unit_cannot_be_added_under_a_closed_unit(tree):
    vacate(tree.cell_a)
    services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2026, 3, 31))
    with refused(ValidationError):
        services.create_unit(
            user=tree.clerk_a,
            parent=tree.cell_a,
            name="Tổ đảng 1",
            code="HL-A1-1",
            kind="party_cell",
            level="grassroots",
        )


def test_a_cell_cannot_reopen_while_its_commune_is_closed(tree):
    vacate(tree.cell_b)
    services.close_unit(user=tree.admin, unit=tree.cell_b, on=datetime.date(2026, 3, 31))
    services.close_unit(user=tree.admin, unit=tree.commune_b, on=datetime.date(2026, 3, 31))
    with refused(ValidationError):
        services.reopen_unit(user=tree.admin, unit=tree.cell_b)


def test_an_open_unit_cannot_move_under_a_closed_one_but_a_closed_one_can(tree):
    vacate(tree.cell_a)
    vacate(tree.cell_b)
    services.close_unit(user=tree.admin, unit=tree.cell_b, on=datetime.date(2026, 3, 31))
    with refused(ValidationError):
        services.move_unit(user=tree.admin, unit=tree.cell_a, new_parent=tree.cell_b)

    services.close_unit(user=tree.admin, unit=tree.cell_a, on=datetime.date(2026, 3, 31))
    with one_event(Verb.MOVE):
        services.move_unit(user=tree.admin, unit=tree.cell_a, new_parent=tree.cell_b)


# --- people -----------------------------------------------------------------------------------


def test_a_clerk_adds_a_person_typed_in_capitals(tree):
    with one_event(Verb.CREATE, unit=tree.cell_a) as log:
        person = services.create_person(
            user=tree.clerk_a, unit=tree.cell_a, full_name="TRẦN  THỊ ÁNH", member_code=" a002 "
        )

    person.refresh_from_db()
    assert (person.full_name, person.member_code) == ("Trần Thị Ánh", "A002")
    assert (person.family_name, person.middle_name, person.given_name) == ("Trần", "Thị", "Ánh")
    assert log.event.after["full_name"] == "Trần Thị Ánh"
    assert log.event.after["unit"] == "Chi bộ thôn 1 (HL-A1)"


def test_a_clerk_cannot_add_a_person_to_the_sibling_commune(tree):
    with refused():
        services.create_person(user=tree.clerk_a, unit=tree.cell_b, full_name="Lê Văn Lạ")


def test_a_member_code_is_unique(tree):
    with refused(ValidationError) as info:
        services.create_person(
            user=tree.clerk_a, unit=tree.cell_a, full_name="Lê Văn Trùng", member_code="b001"
        )
    assert "member_code" in info.value.error_dict


def test_only_party_members_can_be_exempt(tree):
    with refused(ValidationError):
        services.create_person(
            user=tree.clerk_a,
            unit=tree.cell_a,
            full_name="Lê Văn Quần",
            is_party_member=False,
            exempt_from_activity=True,
        )


def test_updating_a_person_records_before_and_after(tree):
    with one_event(Verb.UPDATE, unit=tree.cell_a) as log:
        services.update_person(user=tree.clerk_a, person=tree.person_a, birth_year=1980)

    assert (log.event.before["birth_year"], log.event.after["birth_year"]) == (None, 1980)


def test_moving_a_person_needs_rights_on_both_units(tree):
    with refused():
        services.update_person(user=tree.clerk_a, person=tree.person_a, unit=tree.cell_b)
    with refused():
        services.update_person(user=tree.clerk_b, person=tree.person_a, unit=tree.cell_b)

    with one_event(Verb.MOVE, unit=tree.cell_b):
        services.update_person(user=tree.admin, person=tree.person_a, unit=tree.cell_b)
    assert Person.objects.get(pk=tree.person_a.pk).unit == tree.cell_b


def test_moving_a_person_between_two_cells_of_the_same_name_is_recorded(tree):
    # Every commune has a "Chi bộ thôn 1": the move must not look like "no change".
    twin = services.create_unit(
        user=tree.admin,
        parent=tree.commune_b,
        name="Chi bộ thôn 1",
        code="HL-B2",
        kind="party_cell",
        level="grassroots",
    )

    with one_event(Verb.MOVE, unit=twin) as log:
        services.update_person(user=tree.admin, person=tree.person_a, unit=twin)

    assert Person.objects.get(pk=tree.person_a.pk).unit == twin
    assert log.event.changes() != []


# --- positions --------------------------------------------------------------------------------


def test_a_new_head_ends_the_previous_head_one_event_per_changed_position(tree):
    new_head = services.create_person(user=tree.clerk_a, unit=tree.cell_a, full_name="Lê Thị Mai")
    on = datetime.date(2026, 2, 1)
    last = AuditEvent.objects.order_by("-pk").first().pk

    position = services.set_position(
        user=tree.head_a, unit=tree.commune_a, person=new_head, title="Bí thư", is_head=True,
        started_on=on,
    )  # fmt: skip

    old = Position.objects.get(pk=tree.position_a.pk)
    assert old.ended_on == on
    current = Position.objects.filter(unit=tree.commune_a, is_head=True, ended_on__isnull=True)
    assert list(current) == [position]
    events = AuditEvent.objects.filter(pk__gt=last).order_by("pk")
    assert [(e.verb, e.object_id) for e in events] == [
        (Verb.CLOSE, str(old.pk)),
        (Verb.CREATE, str(position.pk)),
    ]
    assert (events[0].before["ended_on"], events[0].after["ended_on"]) == (None, "2026-02-01")
    assert events[1].after == {
        "person": "Lê Thị Mai",
        "title": "Bí thư",
        "is_head": True,
        "started_on": "2026-02-01",
    }


def test_a_position_that_is_not_head_leaves_the_head_alone(tree):
    with one_event(Verb.CREATE, unit=tree.commune_a):
        services.set_position(
            user=tree.clerk_a, unit=tree.commune_a, person=tree.person_a, title="Phó Bí thư"
        )
    assert Position.objects.get(pk=tree.position_a.pk).ended_on is None


def test_a_failed_head_change_leaves_the_previous_head_in_office(tree):
    with refused(ValidationError):
        services.set_position(
            user=tree.clerk_a, unit=tree.commune_a, person=tree.person_a, title="  ", is_head=True
        )
    assert Position.objects.get(pk=tree.position_a.pk).ended_on is None


def test_a_position_cannot_go_to_a_person_out_of_scope(tree):
    with refused():
        services.set_position(
            user=tree.clerk_a, unit=tree.commune_a, person=tree.person_b, title="Ủy viên"
        )


def test_ending_a_position(tree):
    with one_event(Verb.CLOSE, unit=tree.commune_a) as log:
        services.end_position(
            user=tree.clerk_a, position=tree.position_a, on=datetime.date(2026, 5, 1)
        )
    assert log.event.after["ended_on"] == "2026-05-01"
    with refused(ValidationError):
        services.end_position(user=tree.clerk_a, position=tree.position_a)


def test_the_sibling_clerk_cannot_end_a_position(tree):
    with refused():
        services.end_position(user=tree.clerk_b, position=tree.position_a)


# --- roles ------------------------------------------------------------------------------------


def test_the_admin_grants_and_revokes_a_role(tree):
    with one_event(Verb.GRANT, unit=tree.commune_b) as log:
        assignment = services.grant_role(
            user=tree.admin, target_user=tree.nobody, unit=tree.commune_b, role=Role.VIEWER
        )
    assert log.event.after == {
        "user": "nobody",
        "role": "viewer",
        "unit": f"{tree.commune_b} (HL-B)",
    }
    assert Unit.objects.for_user(tree.nobody).count() == 2

    with one_event(Verb.REVOKE, unit=tree.commune_b) as log:
        services.revoke_role(user=tree.admin, assignment=assignment)
    assert log.event.before["user"] == "nobody"
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_same_role_cannot_be_granted_twice(tree):
    with refused(ValidationError):
        services.grant_role(
            user=tree.admin, target_user=tree.clerk_a, unit=tree.commune_a, role=Role.CLERK
        )


def test_an_unknown_role_is_refused(tree):
    with refused(ValidationError):
        services.grant_role(
            user=tree.admin, target_user=tree.nobody, unit=tree.commune_a, role="emperor"
        )


def test_a_clerk_cannot_grant_roles(tree):
    with refused():
        services.grant_role(
            user=tree.clerk_a, target_user=tree.clerk_a, unit=tree.commune_a, role=Role.ADMIN
        )


def test_an_admin_of_one_commune_cannot_touch_roles_in_the_other(tree):
    admin_b = make_user("admin_b", Role.ADMIN, tree.commune_b)
    with refused():
        services.revoke_role(user=admin_b, assignment=tree.role_a)
    with refused():
        services.grant_role(user=admin_b, target_user=admin_b, unit=tree.commune_a, role=Role.ADMIN)


# --- implausible values (issue 14) ------------------------------------------------------------


@pytest.mark.parametrize("year", [1900, 1930, 2100])
def test_a_unit_is_not_closed_on_an_implausible_date(tree, year):
    vacate(tree.cell_a)
    with refused(ValidationError) as info:
        services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(year, 1, 1))
    assert list(info.value.message_dict) == ["on"]


def test_the_day_the_party_was_founded_is_plausible(tree):
    vacate(tree.cell_a)
    services.update_unit(user=tree.clerk_a, unit=tree.cell_a, active_from=datetime.date(1930, 2, 3))
    services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(1930, 2, 3))


def test_a_unit_does_not_open_in_2100(tree):
    with refused(ValidationError) as info:
        services.create_unit(
            user=tree.clerk_a,
            parent=tree.commune_a,
            name="Chi bộ thôn 9",
            code="HL-A9",
            kind="party_cell",
            level="grassroots",
            active_from=datetime.date(2100, 1, 1),
        )
    assert list(info.value.message_dict) == ["active_from"]


def test_a_unit_with_members_or_positions_does_not_close_and_says_all_of_it(tree):
    Person.objects.create(unit=tree.commune_a, full_name="Trần Văn Ba")
    with refused(ValidationError), translation.override("en"):
        services.close_unit(user=tree.admin, unit=tree.commune_a, on=datetime.date(2026, 3, 31))
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.close_unit(user=tree.admin, unit=tree.commune_a, on=datetime.date(2026, 3, 31))
    assert info.value.messages == [
        "Close or move its open sub-unit first.",
        "Move its member to another unit (or mark them as left) first.",
        "End its current position first.",
    ]


def test_a_member_who_left_does_not_keep_the_unit_open(tree):
    Person.objects.filter(pk=tree.person_a.pk).update(left_on=datetime.date(2026, 1, 1))
    services.close_unit(user=tree.clerk_a, unit=tree.cell_a, on=datetime.date(2026, 3, 31))


def test_a_person_does_not_leave_before_being_born(tree):
    services.update_person(user=tree.clerk_a, person=tree.person_a, birth_year=1985)
    with refused(ValidationError) as info:
        services.update_person(
            user=tree.clerk_a, person=tree.person_a, left_on=datetime.date(1984, 12, 31)
        )
    assert list(info.value.message_dict) == ["left_on"]
    services.update_person(
        user=tree.clerk_a, person=tree.person_a, left_on=datetime.date(1985, 6, 1)
    )


def test_a_year_of_birth_in_the_future_is_refused_by_the_service_too(tree):
    with refused(ValidationError) as info:
        services.create_person(
            user=tree.clerk_a, unit=tree.cell_a, full_name="Lê C", birth_year=2090
        )
    assert list(info.value.message_dict) == ["birth_year"]


def test_a_position_does_not_start_in_1900_nor_end_before_it_started(tree):
    with refused(ValidationError):
        services.set_position(
            user=tree.clerk_a,
            unit=tree.cell_a,
            person=tree.person_a,
            title="Bí thư chi bộ",
            started_on=datetime.date(1900, 1, 1),
        )
    position = services.set_position(
        user=tree.clerk_a,
        unit=tree.cell_a,
        person=tree.person_a,
        title="Bí thư chi bộ",
        started_on=datetime.date(2026, 1, 1),
    )
    with refused(ValidationError):
        services.end_position(user=tree.clerk_a, position=position, on=datetime.date(2025, 12, 1))
