"""SQLite's writers queue (``trienkhai.core.sqlite``): in turn, bounded by the timeout."""

import subprocess
import sys
import threading
import time

import pytest
from django.db import OperationalError

from trienkhai.core.sqlite.base import WriterQueue

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def database(tmp_path):
    return str(tmp_path / "db.sqlite3")


def hold_in_another_process(database, seconds):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, f"{database}-writers", str(seconds)],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout.readline() == b"held\n"
    return holder


def test_a_writer_waits_for_another_process_then_goes_in(database):
    holder = hold_in_another_process(database, 0.5)
    queue = WriterQueue(database, timeout=10)
    started = time.monotonic()
    queue.enter()
    waited = time.monotonic() - started
    queue.leave()
    holder.wait()
    assert waited > 0.2  # it did wait for the other process …
    assert queue.held is False  # … and left


def test_waiting_longer_than_the_timeout_is_database_is_locked(database):
    holder = hold_in_another_process(database, 3)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            WriterQueue(database, timeout=0.2).enter()
        # The process's own lock was given back: another thread may try again at once.
        with pytest.raises(OperationalError):
            WriterQueue(database, timeout=0.1).enter()
    finally:
        holder.kill()
        holder.wait()
    queue = WriterQueue(database, timeout=1)
    queue.enter()  # the dead process's lock went with it
    queue.leave()


def test_threads_of_one_process_go_in_one_at_a_time(database):
    inside, most, lock = [0], [0], threading.Lock()

    def write():
        queue = WriterQueue(database, timeout=10)
        for _ in range(20):
            queue.enter()
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.001)
            with lock:
                inside[0] -= 1
            queue.leave()

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1


def test_leaving_twice_is_harmless(database):
    queue = WriterQueue(database, timeout=1)
    queue.enter()
    queue.leave()
    queue.leave()
    queue.enter()
    queue.leave()
