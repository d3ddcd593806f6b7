"""The audited update: permission, only the editable fields, validation, only the changed
columns written, one audit event with before and after — or nothing at all."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.core.changes import update_audited
from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Unit

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
