"""The database schema brought up to date by the commands that write data.

A newcomer's first command on a fresh data directory may be ``trienkhai generate`` or
``trienkhai report`` rather than ``trienkhai demo``: they migrate first instead of failing on
``no such table``.
"""

from typing import TextIO

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def pending_migrations(database: str = DEFAULT_DB_ALIAS) -> int:
    """How many migrations the database has not applied yet."""
    executor = MigrationExecutor(connections[database])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrate_if_needed(stdout: TextIO | None = None, database: str = DEFAULT_DB_ALIAS) -> int:
    """Apply the pending migrations, saying so on ``stdout``; return how many there were."""
    pending = pending_migrations(database)
    if pending:
        if stdout is not None:
            stdout.write(f"Preparing the database ({pending} migrations)…\n")
        call_command("migrate", database=database, interactive=False, verbosity=0)
    return pending
