"""SQLite whose writers queue instead of polling.

SQLite lets one writer at a time. A writer that finds the lock taken sleeps and tries again
(the busy timeout), sleeping longer each time: 1, 2, 5, 10 … up to 100 ms between tries. Under
a burst of writes (a province conference checking in) a writer that began waiting early sleeps
100 ms at a stretch while newcomers, still at their 1 ms tries, take the lock before it: the
slowest wait for seconds, and past the 20 s timeout they fail ("database is locked").

Here a transaction first takes its place in a queue — a lock shared by the threads of the
process, then an advisory lock (``flock``) on a file beside the database shared by the
processes — and only then ``BEGIN IMMEDIATE``: threads are woken in turn the moment the lock
is released, processes within a millisecond. The queue is left when the transaction ends
(commit, rollback, or the connection closed); a process that dies leaves it too (the kernel
drops its ``flock``). Waiting longer than the connection's ``timeout`` raises
``OperationalError("database is locked")`` as SQLite would (a 503 page, see
``core/unavailable.py``). Writes outside a transaction (``autocommit``) still go straight to
SQLite and its busy timeout. In-memory databases (the tests) have one connection: no queue.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base, schema

_process_locks: dict[str, threading.Lock] = {}
_process_files: dict[tuple[int, str], int] = {}
_guard = threading.Lock()


def _process_lock(path: str) -> threading.Lock:
    with _guard:
        return _process_locks.setdefault(path, threading.Lock())


def _queue_file(path: str) -> int:
    """The queue's file, opened once per process (after a fork too: a descriptor inherited
    from the parent would share its lock instead of competing for it)."""
    key = (os.getpid(), path)
    with _guard:
        fd = _process_files.get(key)
        if fd is None:
            fd = _process_files[key] = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        return fd


class WriterQueue:
    """One connection's place in the queue of the writers of one database file."""

    POLL = 0.001  # seconds between two tries at another process's lock

    def __init__(self, database: str, timeout: float) -> None:
        self.path = f"{database}-writers"
        self.timeout = timeout
        self.held = False

    def enter(self) -> None:
        deadline = time.monotonic() + self.timeout
        lock = _process_lock(self.path)
        if not lock.acquire(timeout=self.timeout):
            raise OperationalError("database is locked (waited for the other writers)")
        try:
            fd = _queue_file(self.path)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise OperationalError(
                            "database is locked (waited for the other processes' writers)"
                        ) from None
                    time.sleep(self.POLL)
        except BaseException:
            lock.release()
            raise
        self.held = True

    def leave(self) -> None:
        if not self.held:
            return
        self.held = False
        try:
            fcntl.flock(_queue_file(self.path), fcntl.LOCK_UN)
        finally:
            _process_lock(self.path).release()


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    """Triggers kept across a table's remake.

    Django changes most columns on SQLite by remaking the table (a new table, the rows copied,
    the old one dropped, the new one renamed): the triggers on the old table would go with it,
    and the rename fails while a trigger on another table reads it ("error in trigger …: no
    such table"; the change log's triggers read people, sessions, programs: see
    ``reporting/changes.py``). So every trigger is set aside around a remake and made again
    from its own SQL after it."""

    def _remake_table(self, model: Any, *args: Any, **kwargs: Any) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
        for name, _sql in triggers:
            self.execute(f'DROP TRIGGER "{name}"', params=None)
        super()._remake_table(model, *args, **kwargs)  # type: ignore[misc]  # private hook
        for _name, sql in triggers:
            self.execute(sql, params=None)


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
    # The methods below are the backend's private hooks, which django-stubs does not declare.
    queue: WriterQueue | None = None

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if self.queue is not None:
            self.queue.leave()
        name = str(self.settings_dict["NAME"])
        if self.is_in_memory_db() or not name:
            self.queue = None
        else:
            self.queue = WriterQueue(name, float(conn_params.get("timeout", 5)))
        return connection

    def _start_transaction_under_autocommit(self) -> None:
        if self.queue is None:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
            return
        self.queue.enter()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self.queue.leave()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            if self.queue is not None:
                self.queue.leave()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            if self.queue is not None:
                self.queue.leave()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            if self.queue is not None:
                self.queue.leave()
