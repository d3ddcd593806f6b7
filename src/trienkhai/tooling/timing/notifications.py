"""How long the notifications take at province scale: a plan issued to every party committee
and cell (its "plan issued" fan-out), one day's reminders (``trienkhai remind``), the rerun that
must send nothing, and the daily digests.

Usage, on a scratch database holding a generated province::

    TRIENKHAI_DATA_DIR=/tmp/notify-scale uv run trienkhai migrate
    TRIENKHAI_DATA_DIR=/tmp/notify-scale uv run trienkhai generate --scale province
    TRIENKHAI_DATA_DIR=/tmp/notify-scale uv run python -m trienkhai.tooling.timing.notifications

(``TRIENKHAI_DATABASE_URL=postgres://…`` for PostgreSQL; ``generate --scale national`` for the
nation: the whole run took 28 minutes on SQLite, and past Django's log of 9,000 queries the
query counts it prints are wrong.) ``--again [--digests]`` times the reminders (and the
digests) once more on a database it has run on. The generated province has no logins;
the script gives every party committee and cell a clerk and a head (two logins each, with an
e-mail address), then drafts and issues a plan of five requirements on all of them, due so
that one day's run meets every kind of reminder: two requirements due in 7 days, one
tomorrow, one yesterday (overdue: the head of the unit above is told too), one in a month
(nothing yet). Mails go to Django's in-memory backend. It writes into the database and leaves
what it wrote (a scratch database).
"""

from __future__ import annotations

import datetime
import os
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    import django

    django.setup()


def _timed(func):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        result = func()
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return wall, cpu, len(captured.captured_queries), result


def again(out=sys.stdout, digests: bool = False) -> None:
    """``--again``: on a database the script has run on, forget the day's reminders and
    digests and time ``remind`` once more (after a change of the code); ``--digests`` the
    digests too."""
    from django.conf import settings
    from django.utils import timezone

    from trienkhai.notifications import mail, reminders
    from trienkhai.notifications.models import Digest, MailState, Notification

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Notification.objects.filter(kind__startswith="obligation_").delete()
    Notification.objects.filter(kind="plan_issued").update(mail=MailState.DIGEST, emailed_at=None)
    Digest.objects.all().delete()
    today = timezone.localdate()
    out.write(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    morning = timezone.make_aware(datetime.datetime.combine(today, datetime.time(6, 0)))
    for label in ("remind: the day's reminders", "remind again (nothing new)"):
        before = Notification.objects.count()
        wall, cpu, queries, done = _timed(lambda: reminders.run(morning))
        written = Notification.objects.count() - before
        out.write(
            f"| {label}, {done.total:,} offered | {wall:,.1f} s | {cpu:,.1f} s | {queries:,} "
            f"| {written:,} |\n"
        )
        out.flush()
    later = morning + datetime.timedelta(hours=2)
    for label in ("daily digests", "daily digests again") if digests else ():
        wall, cpu, queries, sent = _timed(lambda: mail.send_digests(later))
        out.write(f"| {label}: {sent:,} mails | {wall:,.1f} s | {cpu:,.1f} s | {queries:,} | 0 |\n")
        out.flush()


def run(out=sys.stdout) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from trienkhai.core.access import Role
    from trienkhai.notifications import mail, reminders
    from trienkhai.notifications.models import Notification
    from trienkhai.resolutions import services
    from trienkhai.resolutions.models import Requirement, Resolution
    from trienkhai.units.models import RoleAssignment, Unit

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    K, R = Unit.Kind, Requirement.Kind
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise SystemExit("No province here: run `trienkhai generate --scale province` first.")
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    targets = list(
        Unit.objects.filter(
            path__prefix=root.path, kind__in=[K.PARTY_COMMITTEE, K.PARTY_CELL]
        ).values_list("pk", flat=True)
    )
    out.write(
        f"{vendor}: {root.name}, {Unit.objects.count():,} units, {len(targets):,} party "
        f"committees and cells; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
    )
    User = get_user_model()
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(username=f"nt-{role}-{pk}", email=f"nt-{role}-{pk}@example.invalid")
                for pk in targets
                for role in ("clerk", "head")
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        users = dict(User.objects.filter(username__startswith="nt-").values_list("username", "pk"))
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user_id=users[f"nt-{role}-{pk}"], unit_id=pk, role=role)
                for pk in targets
                for role in (Role.CLERK, Role.HEAD)
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
    admin, _ = User.objects.get_or_create(username="notify-timing")
    RoleAssignment.objects.get_or_create(user=admin, unit=root, role=Role.ADMIN)
    today = timezone.localdate()
    resolution = Resolution.objects.filter(unit=root, number="44-NQ/TW").first()
    if resolution is None:
        resolution = services.register_resolution(
            user=admin,
            unit=root,
            kind="resolution",
            number="44-NQ/TW",
            title="Về Chiến lược bảo vệ Tổ quốc trong tình hình mới",
            issuing_body="Ban Chấp hành Trung ương Đảng",
            issued_on=datetime.date(2023, 11, 24),
            term="Khóa XIII",
        )
    spec = [
        (R.STUDY_SESSION, "Tổ chức học tập, quán triệt", 7),
        (R.LEARNING_REPORTS, "Nộp bài thu hoạch", 7),
        (R.ACTION_PROGRAM, "Ban hành chương trình hành động", 1),
        (R.RESULTS_REPORT, "Báo cáo kết quả", -1),
        (R.ATTENDANCE, "Tỷ lệ đảng viên dự học từ 95 %", 30),
    ]
    plan = services.create_plan(
        user=admin,
        unit=root,
        number=f"{800 + root.pk}-KH/TU",
        title="Kế hoạch đo thông báo",
        issued_on=today - datetime.timedelta(days=60),
        resolutions=[resolution],
        requirements=[
            {
                "kind": kind,
                "title": title,
                "target_kinds": [K.PARTY_COMMITTEE, K.PARTY_CELL],
                "target_levels": [],
                "due_on": today + datetime.timedelta(days=due),
                "target_value": 95 if kind == R.ATTENDANCE else None,
            }
            for kind, title, due in spec
        ],
    )
    out.write(
        "| step | wall | CPU (Python) | queries | rows written |\n|---|---:|---:|---:|---:|\n"
    )

    class Rows(list):
        def append(self, row):
            label, wall, cpu, queries, written = row
            out.write(f"| {label} | {wall:,.1f} s | {cpu:,.1f} s | {queries:,} | {written:,} |\n")
            out.flush()

    rows = Rows()

    def count() -> int:
        return Notification.objects.count()

    before = count()
    wall, cpu, queries, _ = _timed(lambda: services.issue_plan(user=admin, plan=plan))
    rows.append(("issue_plan with its 'plan issued' notices", wall, cpu, queries, count() - before))
    from trienkhai.resolutions.notices import plan_issued

    before = count()
    wall, cpu, queries, _ = _timed(lambda: plan_issued(plan))
    rows.append(
        (
            "the 'plan issued' fan-out again (all already there)",
            wall,
            cpu,
            queries,
            count() - before,
        )
    )
    morning = timezone.make_aware(datetime.datetime.combine(today, datetime.time(6, 0)))
    for label in ("remind: the day's reminders", "remind again (nothing new)"):
        before = count()
        wall, cpu, queries, done = _timed(lambda: reminders.run(morning))
        rows.append((f"{label}, {done.total:,} offered", wall, cpu, queries, count() - before))
    later = morning + datetime.timedelta(hours=2)
    wall, cpu, queries, sent = _timed(lambda: mail.send_digests(later))
    rows.append((f"daily digests: {sent:,} mails", wall, cpu, queries, 0))
    wall, cpu, queries, sent = _timed(lambda: mail.send_digests(later))
    rows.append((f"daily digests again: {sent:,} mails", wall, cpu, queries, 0))


if __name__ == "__main__":
    _setup()
    if "--again" in sys.argv:
        again(digests="--digests" in sys.argv)
    else:
        run()
