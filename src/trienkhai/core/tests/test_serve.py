"""`trienkhai serve`: several processes, and SQLite that takes their writes at once."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from trienkhai.core.management.commands import serve


def test_workers_default_to_the_cpus_plus_one_and_follow_the_environment(monkeypatch):
    monkeypatch.delenv("TRIENKHAI_WORKERS", raising=False)
    monkeypatch.delenv("TRIENKHAI_THREADS", raising=False)
    monkeypatch.setattr(serve, "cpu_count", lambda: 3)
    options = serve.server_options("127.0.0.1", 8000)
    assert (options["workers"], options["threads"]) == (4, 2)
    assert options["worker_class"] == "gthread"
    assert options["preload_app"] is True
    assert options["bind"] == "127.0.0.1:8000"

    monkeypatch.setenv("TRIENKHAI_WORKERS", "5")
    monkeypatch.setenv("TRIENKHAI_THREADS", "2")
    assert serve.server_options("::1", 80)["bind"] == "[::1]:80"
    assert (serve.default_workers(), serve.default_threads()) == (5, 2)
    # Flags win over the environment.
    assert serve.server_options("127.0.0.1", 80, workers=1, threads=8)["workers"] == 1


@pytest.mark.parametrize("value", ["zero", "0", "-2"])
def test_a_wrong_worker_count_is_refused(monkeypatch, value):
    monkeypatch.setenv("TRIENKHAI_WORKERS", value)
    with pytest.raises(CommandError, match="TRIENKHAI_WORKERS"):
        serve.default_workers()


def test_serve_refuses_the_development_key(settings):
    settings.SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    with pytest.raises(CommandError, match="TRIENKHAI_SECRET_KEY"):
        call_command("serve")


def test_serve_refuses_a_flag_below_one(settings):
    settings.SECRET_KEY = "a-real-key-for-this-test-only-0123456789"
    with pytest.raises(CommandError, match="--workers"):
        call_command("serve", "--workers", "0")


WRITER = """
import os, sys, threading, time
import django
django.setup()
from django.db import connection
from trienkhai.core.models import User
from trienkhai.units import services
from trienkhai.units.models import Unit

unit = Unit.objects.get(code="HL")
admin = User.objects.get(username="admin")
connection.close()
errors = []

def work(thread):
    try:
        for n in range(ROWS):
            services.create_person(
                user=admin, unit=unit, full_name=f"Người {sys.argv[1]}-{thread}-{n}"
            )
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

time.sleep(max(0.0, float(sys.argv[2]) - time.time()))  # every process starts together
threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
for t in threads: t.start()
for t in threads: t.join()
if errors:
    sys.exit("; ".join(errors[:3]))
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="about SQLite's own file: run once, in the SQLite run"
)
def test_sqlite_takes_concurrent_writes_from_several_processes(tmp_path):
    """4 processes × 4 threads write audited rows at once on one SQLite file (the settings'
    WAL, ``BEGIN IMMEDIATE`` and 20 s busy timeout): no "database is locked", none lost."""
    env = {k: v for k, v in os.environ.items() if k != "TRIENKHAI_DATABASE_URL"}
    env.update(
        TRIENKHAI_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="trienkhai.settings",
        PYTHONPATH=str(Path(__file__).resolve().parents[3]),
    )
    setup = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from trienkhai.tooling.testing import make_tree
make_tree()
"""
    subprocess.run([sys.executable, "-c", setup], env=env, check=True, timeout=300)
    processes, threads, rows = 4, 4, 25
    script = WRITER.replace("ROWS", str(rows)).replace("THREADS", str(threads))
    start = time.time() + 3
    children = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(p), str(start)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for p in range(processes)
    ]
    failures = []
    for child in children:
        _out, err = child.communicate(timeout=300)
        if child.returncode:
            failures.append(err.decode()[-1000:])
    assert failures == []

    import sqlite3

    with sqlite3.connect(tmp_path / "trienkhai.sqlite3") as db:
        written = db.execute(
            "SELECT count(*) FROM units_person WHERE full_name LIKE 'Người %-%-%'"
        ).fetchone()[0]
        audited = db.execute(
            "SELECT count(*) FROM core_auditevent WHERE object_type = 'units.person'"
        ).fetchone()[0]
    assert written == audited == processes * threads * rows
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_the_master_warms_up_what_the_workers_inherit():
    """Without the database (this test has none: a query would fail it)."""
    from django.template import engines

    compiled = serve.warm_up()
    assert compiled > 50
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and loader.get_template_cache  # the cached loader
    assert "core/base.html" in loader.get_template_cache
