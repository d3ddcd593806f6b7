"""``trienkhai report``: files written, and every mistake a message with a non-zero exit."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from trienkhai.resolutions import services as plans

from .world import T

pytestmark = pytest.mark.django_db
AS_OF = T.strftime("%d/%m/%Y")


def report(*args):
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_writes_the_excel_annex(world, tmp_path):
    path = tmp_path / "annex.xlsx"
    out = report(
        "--plan",
        "12-KH/TU",
        "--unit",
        "HL",
        "--format",
        "xlsx",
        "--output",
        str(path),
        "--as-of",
        AS_OF,
        "--language",
        "en",
    )
    assert f"Wrote {path}" in out
    ws = load_workbook(path).active
    assert "16/06/2025" in ws["A4"].value
    assert ws.cell(ws.max_row, 2).value == "Total"


def test_writes_the_word_report_format_from_the_extension(world, tmp_path):
    path = tmp_path / "bao-cao.docx"
    report("--plan", "12-kh/tu", "--unit", "hl-a", "--output", str(path), "--as-of", AS_OF)
    doc = Document(path)
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    assert doc.tables[0].cell(0, 0).paragraphs[1].text == "ĐẢNG ỦY XÃ AN PHÚ"


def test_a_plan_of_a_unit_above_is_found_from_below_and_the_nearest_wins(world, tree, tmp_path):
    """HL-A issues its own 12-KH/TU-numbered plan? Numbers are unique per issuer only: a
    commune plan with the province's number is found from the commune (nearest issuer)."""
    local = plans.create_plan(
        user=tree.admin,
        unit=tree.commune_a,
        number="12-KH/TU",
        title="Kế hoạch của xã",
        issued_on=T - datetime.timedelta(days=30),
        requirements=[
            {
                "kind": "results_report",
                "title": "Báo cáo",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": T,
            }
        ],
    )
    plans.issue_plan(user=tree.admin, plan=local)
    path = tmp_path / "r.docx"
    report("--plan", "12-KH/TU", "--unit", "HL-A1", "--output", str(path), "--as-of", AS_OF)
    summary = [p.text for p in Document(path).paragraphs]
    assert any("12-KH/TU" in t and "Đảng ủy xã An Phú" in t for t in summary)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--plan", "99-KH/TU", "--unit", "HL"], "No plan has the number"),
        (["--plan", "12-KH/TU", "--unit", "NOPE"], "No unit has the code"),
        (["--plan", "12-KH/TU", "--unit", "HL", "--as-of", "31/02/2025"], "is not a date"),
        (["--plan", "12-KH/TU", "--unit", "HL", "--as-of", "01/01/2999"], "in the future"),
    ],
)
def test_mistakes_are_command_errors(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        report(*args, "--output", str(tmp_path / "r.docx"))
    assert not (tmp_path / "r.docx").exists()


def test_a_plan_the_unit_does_not_answer_to(world, tree, tmp_path):
    local = plans.create_plan(
        user=tree.admin,
        unit=tree.commune_a,
        number="05-KH/ĐU",
        title="Kế hoạch của xã",
        issued_on=T,
        requirements=[
            {
                "kind": "results_report",
                "title": "Báo cáo",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": T,
            }
        ],
    )
    with pytest.raises(CommandError, match="is a draft"):
        report("--plan", "05-KH/ĐU", "--unit", "HL-A", "--output", str(tmp_path / "r.docx"))
    plans.issue_plan(user=tree.admin, plan=local)
    with pytest.raises(CommandError, match="HL-B does not report on it"):
        report("--plan", "05-KH/ĐU", "--unit", "HL-B", "--output", str(tmp_path / "r.docx"))


def test_unknown_format_and_unwritable_output(world, tmp_path):
    with pytest.raises(CommandError, match="Unknown format"):
        report("--plan", "12-KH/TU", "--unit", "HL", "--output", str(tmp_path / "r.pdf"))
    with pytest.raises(CommandError, match="invalid choice"):
        report("--plan", "12-KH/TU", "--unit", "HL", "--format", "pdf", "--output", "x")
    with pytest.raises(CommandError, match="does not exist"):
        report("--plan", "12-KH/TU", "--unit", "HL", "--output", str(tmp_path / "no" / "r.docx"))
    with pytest.raises(CommandError, match="is a directory"):
        report("--plan", "12-KH/TU", "--unit", "HL", "--format", "docx", "--output", str(tmp_path))


def test_from_the_shell_an_error_exits_non_zero_without_a_traceback(world, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(
            [
                "trienkhai",
                "report",
                "--plan",
                "99-KH/TU",
                "--unit",
                "HL",
                "--output",
                str(tmp_path / "r.docx"),
            ]
        )
    assert exit_.value.code != 0
    err = capsys.readouterr().err
    assert "No plan has the number" in err
    assert "Traceback" not in err
