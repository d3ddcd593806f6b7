"""A newcomer's first command on an empty data directory migrates before it writes (issue 12).

Run as a separate process against its own fresh SQLite file, as the newcomer runs it: the test
database of the suite is migrated already and would hide the failure.
"""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the default database of a fresh data directory is SQLite"
)


CLI = "import sys; from trienkhai.cli import main; sys.exit(main())"


def trienkhai(data_dir, *args):
    env = {**os.environ, "TRIENKHAI_DATA_DIR": str(data_dir)}
    env.pop("TRIENKHAI_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generate_on_a_fresh_data_directory_migrates_first(tmp_path):
    done = trienkhai(tmp_path, "generate", "--scale", "small")

    assert done.returncode == 0, done.stderr
    assert "Preparing the database" in done.stdout
    assert "no such table" not in done.stderr
    database = next(tmp_path.glob("*.sqlite3"))
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from units_unit").fetchone()[0] > 100

    again = trienkhai(tmp_path, "generate", "--scale", "small")  # migrated: nothing to prepare

    assert "Preparing the database" not in again.stdout
    assert again.returncode != 0  # units exist: refused without --replace, as before
    assert "--replace" in again.stderr


def test_report_on_a_fresh_data_directory_says_what_is_missing(tmp_path):
    done = trienkhai(tmp_path, "report", "--plan", "1", "--unit", "X", "--output", "r.xlsx")

    assert done.returncode != 0
    assert "no such table" not in done.stderr
    assert "Traceback" not in done.stderr
