"""The audit log can be trusted: every event chains to the one before it, and
`trienkhai audit verify` finds an edited, deleted or reordered event and names it."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from trienkhai.core import auditchain
from trienkhai.core.audit import record
from trienkhai.core.models import AuditEvent
from trienkhai.units import services

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (trigger, advisory lock)"
)


def four_events(tree) -> list[AuditEvent]:
    for n, unit in enumerate([tree.commune_a, tree.cell_a, tree.commune_b, tree.province]):
        services.update_unit(user=tree.admin, unit=unit, short_name=f"Tên {n}")
    return list(AuditEvent.objects.order_by("-pk")[:4])[::-1]


def tamper(**changes_by_pk):
    """Change rows behind the application's back (an attacker with database access)."""
    with transaction.atomic():
        auditchain.allow_maintenance()
        for pk, changes in changes_by_pk.items():
            if changes is None:
                AuditEvent._base_manager.filter(pk=pk).delete()
            else:
                AuditEvent._base_manager.filter(pk=pk).update(**changes)


def verify_command() -> tuple[int, str, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_each_event_carries_the_hash_of_the_one_before(tree):
    events = four_events(tree)
    everything = list(AuditEvent.objects.order_by("pk"))
    assert everything[0].prev_hash == auditchain.GENESIS
    for before, event in itertools.pairwise(everything):
        assert event.prev_hash == before.hash
        assert len(event.hash) == 64 and event.hash != event.prev_hash
    report = auditchain.verify()
    assert report.broken is None
    assert report.checked == len(everything) and report.head == events[-1].hash


def test_verify_passes_and_prints_the_head(tree):
    events = four_events(tree)
    code, out, err = verify_command()
    assert code == 0 and not err
    assert events[-1].hash in out
    assert "Chuỗi nhật ký kiểm tra toàn vẹn" in out


def test_an_edited_event_is_named(tree):
    events = four_events(tree)
    tamper(**{str(events[1].pk): {"after": {"short_name": "Tên khác"}}})

    report = auditchain.verify()
    assert report.broken is not None
    assert (report.broken.id, report.broken.kind) == (events[1].pk, "edited")
    assert report.head == events[0].hash

    code, _, err = verify_command()
    assert code == 1
    assert f"#{events[1].pk}" in err and "bị sửa" in err


@pytest.mark.parametrize("field", ["at", "actor_id", "verb", "object_repr", "before"])
def test_any_field_edited_breaks_the_chain(tree, field):
    events = four_events(tree)
    import datetime

    changed = {
        "at": events[2].at - datetime.timedelta(seconds=1),
        "actor_id": tree.clerk_a.pk,
        "verb": AuditEvent.Verb.CLOSE,
        "object_repr": "khác",
        "before": None,
    }[field]
    tamper(**{str(events[2].pk): {field: changed}})
    broken = auditchain.verify().broken
    assert broken is not None and (broken.id, broken.kind) == (events[2].pk, "edited")


def test_an_edit_that_recomputes_its_own_hash_breaks_the_next_link(tree):
    events = four_events(tree)
    fields = {name: getattr(events[1], name) for name in auditchain.FIELDS}
    fields["object_repr"] = "giả mạo"
    forged = auditchain.digest(fields, events[1].prev_hash)
    tamper(**{str(events[1].pk): {"object_repr": "giả mạo", "hash": forged}})

    broken = auditchain.verify().broken
    assert broken is not None
    assert (broken.id, broken.kind, broken.previous_id) == (events[2].pk, "deleted", events[1].pk)


def test_a_deleted_event_is_found_at_the_next_one(tree):
    events = four_events(tree)
    tamper(**{str(events[1].pk): None})

    broken = auditchain.verify().broken
    assert broken is not None
    assert (broken.id, broken.kind, broken.previous_id) == (events[2].pk, "deleted", events[0].pk)
    code, _, err = verify_command()
    assert code == 1 and f"#{events[2].pk}" in err and f"#{events[0].pk}" in err


def test_deleting_the_first_events_is_found(tree):
    events = four_events(tree)
    first = AuditEvent.objects.order_by("pk").first()
    assert first is not None and first.pk != events[1].pk
    tamper(**{str(first.pk): None})
    broken = auditchain.verify().broken
    assert broken is not None and broken.kind == "deleted" and broken.previous_id is None


def test_reordered_events_are_named(tree):
    """Two events swap places (their ids): the first one out of place says whom it follows."""
    events = four_events(tree)
    a, b = events[1], events[2]
    columns = ["hash", "prev_hash", *auditchain.FIELDS]
    values = {pk: AuditEvent.objects.filter(pk=pk).values(*columns).get() for pk in (a.pk, b.pk)}
    tamper(**{str(a.pk): values[b.pk], str(b.pk): values[a.pk]})

    broken = auditchain.verify().broken
    assert broken is not None
    assert (broken.id, broken.kind, broken.follows_id) == (a.pk, "reordered", b.pk)
    code, _, err = verify_command()
    assert code == 1 and "đảo thứ tự" in err


def test_an_event_needs_an_actor(tree):
    with pytest.raises(ValueError, match="actor_label"):
        record(user=None, verb="update", obj=tree.commune_a, unit=tree.commune_a)
    event = record(
        user=None, verb="update", obj=tree.commune_a, unit=tree.commune_a, actor_label="máy A"
    )
    assert event.actor is None and event.actor_label == "máy A"
    assert auditchain.verify().broken is None


def test_json_is_hashed_as_the_database_gives_it_back(tree):
    """Tuples, number keys and whole floats come back from a JSON column changed: the hash
    is over what is read back, so the event still verifies."""
    record(
        user=tree.admin,
        verb="update",
        obj=tree.commune_a,
        unit=tree.commune_a,
        before={1: (1, 2), "f": 1e16, "g": 0.5, "s": "Đảng bộ"},
        after={"nested": [{"x": 2.0}]},
    )
    assert auditchain.verify().broken is None


def test_an_append_costs_one_query_more(tree):
    """The head (with the lock on PostgreSQL), then the INSERT; no savepoint."""
    with CaptureQueriesContext(connection) as queries:
        record(user=tree.admin, verb="update", obj=tree.commune_a, unit=tree.commune_a)
    assert len(queries.captured_queries) == 2, [q["sql"] for q in queries.captured_queries]


def test_rechain_computes_the_chain_of_rows_written_before_it(tree):
    """The data migration: rows without hashes get their chain, in id order."""
    four_events(tree)
    tamper(
        **{
            str(pk): {"hash": "", "prev_hash": ""}
            for pk in AuditEvent.objects.values_list("pk", flat=True)
        }
    )
    assert auditchain.verify().broken is not None
    with transaction.atomic():
        auditchain.allow_maintenance()
        assert auditchain.rechain(AuditEvent, chunk=3) == AuditEvent.objects.count()
    assert auditchain.verify().broken is None


@on_postgresql
def test_postgresql_refuses_to_update_or_delete_audit_rows(tree):
    event = four_events(tree)[0]
    for write in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(object_repr="x"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
    ):
        with pytest.raises(ProgrammingError) as info, transaction.atomic():
            write()
        assert "append-only" in str(info.value)
    event.refresh_from_db()
    assert auditchain.verify().broken is None


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_maintenance_flag_lasts_one_transaction():
    """SET LOCAL: the flag ends with the transaction that set it (here a real one; inside a
    test's own transaction it would last until the test ends)."""
    from trienkhai.tooling.testing import make_tree

    event = four_events(make_tree())[0]
    with transaction.atomic():
        auditchain.allow_maintenance()
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="x")
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="y")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_do_not_fork_the_chain():
    """Writer A holds the append lock until it commits; writer B, in another connection,
    waits for it and chains to A's event."""
    from django.db import connections

    from trienkhai.tooling.testing import make_tree

    tree = make_tree()
    a_wrote, b_may_go, b_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def writer_b():
        try:
            b_may_go.wait(10)
            record(user=tree.admin, verb="update", obj=tree.commune_b, unit=tree.commune_b)
            b_done.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer_b)
    thread.start()
    with transaction.atomic():
        record(user=tree.admin, verb="update", obj=tree.commune_a, unit=tree.commune_a)
        a_wrote.set()
        b_may_go.set()
        # B is blocked on the lock while A's transaction is open.
        assert not b_done.wait(1.0)
    thread.join(10)
    assert not errors and b_done.is_set()
    last_two = list(AuditEvent.objects.order_by("-pk")[:2])
    assert last_two[0].prev_hash == last_two[1].hash
    assert auditchain.verify().broken is None


def test_the_log_shows_who_acted_without_a_login_and_the_hashes(tree, login):
    from django.urls import reverse

    event = record(
        user=None,
        verb="update",
        obj=tree.commune_a,
        unit=tree.commune_a,
        actor_label="thiết bị ẩn danh 0123abcd, mã đảng viên A001",
    )
    client = login(tree.admin)
    listing = client.get(reverse("audit")).content.decode()
    assert "thiết bị ẩn danh 0123abcd, mã đảng viên A001" in listing
    detail = client.get(reverse("audit-event", args=[event.pk])).content.decode()
    assert "mã đảng viên A001" in detail
    assert event.hash in detail and event.prev_hash in detail
    assert "Mã băm" in detail


def test_generate_replace_deletes_the_audit_events_deliberately(tree):
    """`trienkhai generate --replace` removes the organisation and its audit events — the one
    deletion the PostgreSQL trigger lets through — and the chain starts afresh."""
    from trienkhai.demo.clear import clear_generated_data
    from trienkhai.units.models import Unit

    four_events(tree)
    clear_generated_data(out=lambda *_: None)
    assert not AuditEvent.objects.exists()
    root = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh ủy mới", code="MX", kind="party_committee", level="province")
    )
    event = record(user=tree.admin, verb="create", obj=root, unit=root)
    assert event.prev_hash == auditchain.GENESIS
    assert auditchain.verify().broken is None
