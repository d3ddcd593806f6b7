"""``trienkhai import``: the page's pipeline, with exit codes scripts can rely on."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from trienkhai.core.models import AuditEvent
from trienkhai.units.models import Person

from . import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(files.xlsx())
    return path


def test_the_command_imports_and_audits_as_the_command_line(tree, sheet, capsys):
    call_command("import", str(sheet), kind="people", unit="HL-A")
    assert Person.objects.filter(member_code__in=["01.000001", "01.000002"]).count() == 2
    event = AuditEvent.objects.latest("pk")
    assert event.actor is None and event.actor_label == "trienkhai import"
    assert event.after["created"] == 3
    assert "create 3" in capsys.readouterr().out


def test_a_dry_run_writes_nothing(tree, sheet):
    call_command("import", str(sheet), kind="people", unit="HL-A", dry_run=True)
    assert Person.objects.count() == 2


def test_rows_in_error_exit_non_zero_with_the_rows_printed(tree, sheet, capsys):
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import", str(sheet), kind="people", unit="HL-B")
    assert "row 5: error:" in capsys.readouterr().err
    assert Person.objects.count() == 2


def test_a_rerun_changes_nothing_and_stop_mode_refuses(tree, sheet):
    call_command("import", str(sheet), kind="people", unit="HL-A")
    before = list(Person.objects.order_by("pk").values())
    call_command("import", str(sheet), kind="people", unit="HL-A", on_conflict="update")
    assert list(Person.objects.order_by("pk").values()) == before
    with pytest.raises(CommandError):
        call_command("import", str(sheet), kind="people", unit="HL-A", on_conflict="stop")


def test_the_user_named_is_checked_like_on_the_page(tree, sheet):
    with pytest.raises(CommandError, match="may not import"):
        call_command("import", str(sheet), kind="people", unit="HL-A", username="clerk_b")
    call_command("import", str(sheet), kind="people", unit="HL-A", username="clerk_a")
    assert AuditEvent.objects.latest("pk").actor == tree.clerk_a


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ({"unit": "NOPE"}, "No unit"),
        ({"unit": "HL-A", "username": "ghost"}, "No active user"),
    ],
)
def test_mistakes_are_messages_not_tracebacks(tree, sheet, args, match):
    with pytest.raises(CommandError, match=match):
        call_command("import", str(sheet), kind="people", **args)


def test_a_missing_file_and_a_usage_error(tree, tmp_path):
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "none.xlsx"), kind="people", unit="HL-A")
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "none.xlsx"), kind="cats", unit="HL-A")
