"""kill -9 in the middle of the big writes leaves nothing partial (issue 14, "Faults").

Each test runs the write in a child process on its own SQLite file (the product's settings:
WAL, ``transaction_mode=IMMEDIATE``), lets it get well inside its transaction — a hook in the
child writes a marker file after the first rows are written, then keeps the transaction open
— kills it with SIGKILL, and reads the file back with the standard library's ``sqlite3``: the
counts are all-or-nothing and the database is sound and writable.

- ``trienkhai generate --scale small``: no unit, no person;
- a plan's issue (five requirements on every committee and cell of the generated province,
  written by ``sync_obligations``): the plan still a draft, no obligation, no version, no
  ``issue`` audit event;
- a program's approval (version + status + audit event + the obligation fulfilled): none of
  them.

- a spreadsheet import (issue 18): killed after its first people are written, no person, no
  audit event; the same file imported again afterwards goes in whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection

# The children run on their own SQLite file whatever the suite's database: once is enough, in
# the SQLite run (CI runs the suite on both).
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the children write their own SQLite file"
)

DB = "trienkhai.sqlite3"
MARKER = "inside-the-transaction"


def child_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TRIENKHAI_DATABASE_URL"}
    env.update(
        TRIENKHAI_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
        PYTHONPATH=str(Path(__file__).resolve().parents[3]),
    )
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once and copied for each test."""
    data = tmp_path_factory.mktemp("migrated")
    subprocess.run(
        [sys.executable, "-m", "trienkhai.cli", "migrate", "--verbosity", "0"],
        env=child_env(data),
        check=True,
        timeout=300,
    )
    assert not (data / f"{DB}-wal").exists() or (data / f"{DB}-wal").stat().st_size == 0
    return data / DB


@pytest.fixture
def data_dir(tmp_path, migrated) -> Path:
    shutil.copy(migrated, tmp_path / DB)
    return tmp_path


PRELUDE = """
import os, sys, time
import django
django.setup()
from pathlib import Path
from django.conf import settings

def pause_here():
    '''Tell the test we are inside the transaction, then keep it open until killed.'''
    Path(settings.DATA_DIR, "MARKER").write_text(str(os.getpid()))
    time.sleep(120)
    sys.exit("not killed")
""".replace("MARKER", MARKER)


def run_and_kill(data_dir: Path, script: str, timeout: float = 240) -> None:
    """Run ``script`` in a child; SIGKILL it once it wrote the marker."""
    child = subprocess.Popen(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
        env=child_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    marker = data_dir / MARKER
    deadline = time.monotonic() + timeout
    try:
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail(f"the child ended first: {child.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("the child did not reach its transaction in time")
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stderr.close()


def counts(data_dir: Path, *tables: str) -> dict[str, int]:
    with sqlite3.connect(data_dir / DB) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_kill_9_during_generate_leaves_no_unit_and_no_person(data_dir):
    run_and_kill(
        data_dir,
        """
        from trienkhai.demo import generator
        real_flush = generator._Writer.flush

        def flush(self, *args, **kwargs):
            real_flush(self, *args, **kwargs)
            if self.result.units and self.result.people:  # written, in the transaction
                from trienkhai.units.models import Person, Unit
                assert Unit.objects.count() > 100 and Person.objects.count() > 1000
                pause_here()

        generator._Writer.flush = flush
        from django.core.management import call_command
        call_command("generate", scale="small")
        """,
    )

    assert counts(data_dir, "units_unit", "units_person", "units_position") == {
        "units_unit": 0,
        "units_person": 0,
        "units_position": 0,
    }
    # The database is sound: generating again works.
    subprocess.run(
        [sys.executable, "-m", "trienkhai.cli", "generate", "--scale", "small"],
        env=child_env(data_dir),
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
    )
    assert counts(data_dir, "units_unit")["units_unit"] > 100


ISSUE_SETUP = """
from trienkhai.tooling.builders import ensure_units
ensure_units("small", out=lambda *a: None)
import datetime
from django.contrib.auth import get_user_model
from trienkhai.core.access import Role
from trienkhai.resolutions import services
from trienkhai.resolutions.models import Requirement
from trienkhai.units.models import RoleAssignment, Unit

root = Unit.objects.get(depth=1)
user = get_user_model().objects.create_user("issuer", password="x")
RoleAssignment.objects.create(user=user, unit=root, role=Role.ADMIN)
R, K = Requirement.Kind, Unit.Kind
today = datetime.date.today()
resolution = services.register_resolution(
    user=user, unit=root, kind="resolution", number="44-NQ/TW",
    title="Về Chiến lược bảo vệ Tổ quốc trong tình hình mới",
    issuing_body="Ban Chấp hành Trung ương Đảng", issued_on=datetime.date(2023, 11, 24),
    term="Khóa XIII",
)
plan = services.create_plan(
    user=user, unit=root, number="901-KH/TU", title="Kế hoạch thử ngắt giữa chừng",
    issued_on=today, resolutions=[resolution],
    requirements=[
        {"kind": kind, "title": title, "target_kinds": [K.PARTY_COMMITTEE, K.PARTY_CELL],
         "target_levels": [], "due_on": today + datetime.timedelta(days=30),
         "target_value": None}
        for kind, title in [
            (R.STUDY_SESSION, "Tổ chức học tập"), (R.LEARNING_REPORTS, "Nộp bài thu hoạch"),
            (R.ACTION_PROGRAM, "Ban hành chương trình"), (R.RESULTS_REPORT, "Báo cáo kết quả"),
        ]
    ],
)
"""


def test_kill_9_during_a_plans_issue_leaves_it_a_draft_without_obligations(data_dir):
    run_and_kill(
        data_dir,
        ISSUE_SETUP
        + """
from trienkhai.resolutions.models import Obligation
real_insert, inserted = services._insert_obligations, []

def insert(unit_ids, requirement, plan):
    inserted.append(real_insert(unit_ids, requirement, plan))
    if len(inserted) == 3:  # three requirements' obligations written, two to go
        assert Obligation.objects.filter(plan=plan).count() == sum(inserted) > 100
        pause_here()
    return inserted[-1]

services._insert_obligations = insert
services.issue_plan(user=user, plan=plan)
""",
    )

    with sqlite3.connect(data_dir / DB) as db:
        assert db.execute("SELECT status FROM resolutions_plan").fetchall() == [("draft",)]
        assert (
            db.execute("SELECT count(*) FROM core_auditevent WHERE verb = 'issue'").fetchone()[0]
            == 0
        )
    assert counts(data_dir, "resolutions_obligation", "resolutions_planversion") == {
        "resolutions_obligation": 0,
        "resolutions_planversion": 0,
    }


APPROVAL_SETUP = """
from trienkhai.tooling.testing import make_tree
from trienkhai.programs.tests.conftest import (
    A_APPROVED, Builder, make_draft_a, make_province_program, make_world,
)
from trienkhai.programs import services
from trienkhai.programs.services import workflow
world = make_world(make_tree())
build = Builder(world)
make_province_program(world, build)
draft = make_draft_a(world, build)
services.open_discussion(user=world.clerk_a, program=draft)
"""


def test_kill_9_during_a_programs_approval_writes_none_of_its_parts(data_dir):
    run_and_kill(
        data_dir,
        APPROVAL_SETUP
        + """
from trienkhai.programs.models import ProgramVersion
real_record_evidence = workflow.record_evidence

def record_evidence(**kwargs):
    # The version, the new status and its audit event are written; the obligation is next.
    assert ProgramVersion.objects.filter(program=draft).exists()
    pause_here()

workflow.record_evidence = record_evidence
services.approve_program(user=world.head_a, program=draft, on=A_APPROVED)
""",
    )

    with sqlite3.connect(data_dir / DB) as db:
        program_id, status, version = db.execute(
            "SELECT id, status, version FROM programs_actionprogram WHERE number = '02-CTr/ĐU'"
        ).fetchone()
        assert (status, version) == ("discussion", 0)
        assert db.execute(
            "SELECT count(*) FROM programs_programversion WHERE program_id = ?", [program_id]
        ).fetchone() == (0,)
        assert db.execute(
            "SELECT count(*) FROM core_auditevent WHERE verb = 'approve' AND object_id = ?",
            [str(program_id)],
        ).fetchone() == (0,)
        # Commune A's obligation to issue a program is still open.
        assert db.execute(
            "SELECT count(*) FROM resolutions_obligation o JOIN units_unit u ON u.id = o.unit_id "
            "WHERE u.code = 'HL-A' AND o.fulfilled_on IS NOT NULL"
        ).fetchone() == (0,)


IMPORT_SETUP = """
from django.core.files.uploadedfile import SimpleUploadedFile
from trienkhai.imports import fast, services
from trienkhai.imports.tests import files
from trienkhai.units.models import Person, Unit

root = Unit.objects.add_root(create_kwargs=dict(
    name="Đảng ủy xã An Phú", code="HL-A", kind="party_committee", level="commune"))
rows = [[i, f"Nguyễn Văn {i}", "01/01/1980", "Nam", f"01.{i:06d}", "", ""] for i in range(1, 3001)]
Path(settings.DATA_DIR, "ds.xlsx").write_bytes(files.xlsx(rows))
"""


def test_kill_9_during_an_import_leaves_no_person_and_a_rerun_imports_it_all(data_dir):
    run_and_kill(
        data_dir,
        IMPORT_SETUP
        + """
fast.BATCH = 1000
real_insert = fast.insert

def insert(model, objs):
    ids = real_insert(model, objs[:1000])  # the first thousand written, the rest to go
    assert Person.objects.count() == 1000
    pause_here()

fast.insert = insert
data = (Path(settings.DATA_DIR) / "ds.xlsx").read_bytes()
batch = services.start_import(user=None, unit=root, kind="people",
                              upload=SimpleUploadedFile("ds.xlsx", data))
services.run_now(user=None, batch=batch)
""",
    )
    found = counts(data_dir, "units_person", "core_auditevent", "imports_importbatch")
    assert found["units_person"] == 0 and found["core_auditevent"] == 0
    with sqlite3.connect(data_dir / DB) as db:  # the batch stays as the kill left it
        assert db.execute("SELECT status FROM imports_importbatch").fetchone() == ("running",)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "trienkhai.cli",
            "import",
            "--kind",
            "people",
            "--unit",
            "HL-A",
            str(data_dir / "ds.xlsx"),
        ],
        env=child_env(data_dir),
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
    )
    assert counts(data_dir, "units_person")["units_person"] == 3000
