"""The audited write: permission, only the editable fields, validation, only the changed
columns written, one audit event with before and after (the related rows' too) — or nothing
at all."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.core.changes import audited, update_audited
from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Person, Unit

pytestmark = pytest.mark.django_db
FIELDS = ["name", "short_name", "code"]


def events():
    return AuditEvent.objects.filter(object_type="units.unit")


def test_a_change_writes_the_changed_columns_and_records_before_and_after(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with CaptureQueriesContext(connection) as queries:
        written = update_audited(
            cell, user=tree.clerk_a, changes={"name": "Chi bộ thôn Một"}, fields=FIELDS
        )
    assert "name" in written and "code" not in written
    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    assert '"code"' not in update and '"name"' in update
    event = events().get()
    assert (event.verb, event.unit_id, event.actor) == ("update", cell.pk, tree.clerk_a)
    assert event.before["name"] == "Chi bộ thôn 1" and event.after["name"] == "Chi bộ thôn Một"
    assert Unit.objects.get(pk=cell.pk).name == "Chi bộ thôn Một"


def test_no_change_writes_and_records_nothing(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with CaptureQueriesContext(connection) as queries:
        written = update_audited(
            cell, user=tree.clerk_a, changes={"name": cell.name}, fields=FIELDS
        )
    assert written == []
    assert not [q for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def test_refusals_write_nothing(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with pytest.raises(PermissionDenied):
        update_audited(cell, user=tree.clerk_b, changes={"name": "X"}, fields=FIELDS)
    with pytest.raises(ValueError):
        update_audited(cell, user=tree.clerk_a, changes={"path": "0009"}, fields=FIELDS)
    with pytest.raises(ValidationError):
        update_audited(cell, user=tree.clerk_a, changes={"kind": "nonsense"}, fields=["kind"])
    assert Unit.objects.get(pk=cell.pk).name == "Chi bộ thôn 1"
    assert not events().exists()


def test_the_verb_may_depend_on_what_was_written(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    update_audited(
        cell,
        user=tree.clerk_a,
        changes={"short_name": "Thôn 1"},
        fields=FIELDS,
        verb=lambda written: "close" if "short_name" in written else "update",
    )
    assert events().get().verb == "close"


def people(unit: Unit) -> dict:
    """The related rows of a unit an event shows here: the names of its people."""
    return {"people": sorted(p.full_name for p in unit.people.all())}


def test_audited_records_the_related_rows_changes_with_the_fields(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with audited(user=tree.clerk_a, obj=cell, fields=["name"], related=people):
        Person.objects.create(unit=cell, full_name="Trần Thị Cúc", member_code="A002")
    event = events().get()
    assert event.before == {"name": "Chi bộ thôn 1", "people": ["Nguyễn Văn An"]}
    assert event.after == {"name": "Chi bộ thôn 1", "people": ["Nguyễn Văn An", "Trần Thị Cúc"]}
    assert (event.verb, event.unit_id, event.actor) == ("update", cell.pk, tree.clerk_a)


def test_audited_records_nothing_when_nothing_changed(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with (
        CaptureQueriesContext(connection) as queries,
        audited(user=tree.clerk_a, obj=cell, fields=["name"], related=people),
    ):
        cell.name = "Chi bộ thôn 1"  # the same name again
    assert not events().exists()
    assert not [q for q in queries if q["sql"].startswith("INSERT")]
    with audited(user=tree.clerk_a, obj=cell, fields=["name"], always=True):
        pass  # an act (a report) is recorded even when it repeats the last one
    assert events().count() == 1


def test_audited_refuses_before_the_block_runs_and_records_nothing(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    ran = []
    with (
        pytest.raises(PermissionDenied),
        audited(user=tree.clerk_b, obj=cell, fields=["name"], related=people),
    ):
        ran.append(True)
        Person.objects.create(unit=cell, full_name="Trần Thị Cúc", member_code="A002")
    assert ran == [] and not cell.people.filter(member_code="A002").exists()
    assert not events().exists()


def test_audited_records_nothing_when_the_block_raises(tree):
    cell = Unit.objects.get(pk=tree.cell_a.pk)
    with pytest.raises(ValidationError), audited(user=tree.clerk_a, obj=cell, fields=["name"]):
        cell.name = "Chi bộ thôn Một"
        raise ValidationError("refused by the service")
    assert not events().exists()


def test_audited_follows_a_row_found_in_the_block_and_shows_only_what_changed(tree):
    with audited(
        user=tree.clerk_a, unit=tree.cell_a, fields=["full_name", "member_code"], only_changed=True
    ) as change:
        person = Person.objects.get(pk=tree.person_a.pk)
        change.watch(person)
        person.full_name = "Nguyễn Văn Ân"
        person.save()
        change.note(photos=0)
    event = AuditEvent.objects.get(object_type="units.person")
    assert event.before == {"full_name": "Nguyễn Văn An"}
    assert event.after == {"full_name": "Nguyễn Văn Ân", "photos": 0}
    assert event.unit_id == tree.cell_a.pk


def test_a_new_row_has_nothing_before_and_a_skipped_write_records_nothing(tree):
    with audited(user=tree.clerk_a, unit=tree.cell_a, fields=["full_name"], verb="create") as c:
        person = Person(unit=tree.cell_a, full_name="Lê Văn Dũng", member_code="A003")
        c.watch(person, new=True)
        person.save()
    event = AuditEvent.objects.get(object_type="units.person")
    assert (event.verb, event.before, event.after) == ("create", None, {"full_name": "Lê Văn Dũng"})
    with audited(user=tree.clerk_a, obj=person, fields=["full_name"]) as change:
        person.full_name = "Lê Văn Dung"
        change.skip()
    assert AuditEvent.objects.filter(object_type="units.person").count() == 1
