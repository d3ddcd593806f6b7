"""The demo province, loaded once for every test of this package.

Loading it takes ~11 s; the four modules here (generator, plans, programs, study) read the same
province, so it is loaded the first time a test asks for it (``demo_logins``), outside the
per-test transactions, and removed when the last test of the package has run, so that tests
elsewhere still start from an empty database. Every test runs in its own rolled-back
transaction as usual, so no test sees another's writes.

PostgreSQL's sequences are not transactional: a test that regenerates the province
(``generate(replace=True)``) moves the unit, person and position sequences back to its own
rows, which the rollback removes. ``sequences_past_the_demo`` puts them past the demo's rows
again before each test, or a test inserting a unit after such a test would reuse a demo unit's
id.
"""

import shutil
import tempfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Max, Q
from django.test import override_settings

from trienkhai.demo.clear import clear_generated_data
from trienkhai.demo.loader import load_demo
from trienkhai.units.models import Person, Position, Unit

# The demo's logins; the programs' loading also makes a head.<code> login per head.
USERNAMES = ["admin", "clerk", "head", "secretary", "member", "other", "guest"]
SEQUENCED = (Unit, Person, Position)  # the models the generator writes with explicit ids


@pytest.fixture(scope="package")
def demo_logins(django_db_setup, django_db_blocker):
    """The demo province, loaded once for the package: its logins by username."""
    # Argon2 takes half a second a password by design; the tests only need a hasher. The
    # demo uploads a few reports: they go to a temporary folder, not the real media.
    media = tempfile.mkdtemp(prefix="trienkhai-demo-media-")
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media
    )
    with django_db_blocker.unblock(), fast:
        logins = {login.username: login for login in load_demo()}
        tops = {m: m.objects.aggregate(top=Max("id"))["top"] or 0 for m in SEQUENCED}
        _demo_tops.update(tops)
        yield logins
        _demo_tops.clear()
        clear_generated_data(out=lambda message: None)
        get_user_model().objects.filter(
            Q(username__in=USERNAMES) | Q(username__startswith="head.")
        ).delete()
    shutil.rmtree(media, ignore_errors=True)


_demo_tops: dict = {}  # model → the highest id of the loaded demo, while it is loaded


@pytest.fixture(autouse=True)
def sequences_past_the_demo(request, django_db_blocker):
    """Before each database test, the sequences the generator moves start past the demo's rows
    (a test before may have regenerated the province and moved them back)."""
    if not _demo_tops or connection.vendor != "postgresql":
        return
    if request.node.get_closest_marker("django_db") is None:
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for model in SEQUENCED:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {table})))",
                [model._meta.db_table, _demo_tops[model]],
            )
