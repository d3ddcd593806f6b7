"""``trienkhai load browse|checkin``: a bounded load test of a server on this machine.

    trienkhai load browse  --url http://127.0.0.1:8104 --users 100 --duration 300 --think 5
    trienkhai load checkin --url http://127.0.0.1:8104 --members 600 --rate 120

Run it against a server started on the same data (``trienkhai demo`` or ``trienkhai serve``
with the same ``TRIENKHAI_DATA_DIR``/``TRIENKHAI_DATABASE_URL`` and ``TRIENKHAI_SECRET_KEY``):
it makes the logins it needs through the product's services first (see
``tooling/load/accounts.py``), then loads the server over HTTP, loopback only. Defaults are
small; the bounds are in ``tooling/load/client.py``. The exit status is 1 when a request
failed or a check-in was lost.
"""

import asyncio
import concurrent.futures
import json

from django.core.management.base import BaseCommand, CommandError


def run_apart(coroutine):
    """Run the simulated users' coroutine to its end in a thread of its own, with its own event
    loop: the command may be called from a thread that already runs one (a test session that
    also drove Playwright's synchronous API), where ``asyncio.run`` refuses."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Command(BaseCommand):
    help = "Load a trienkhai server on this machine (loopback only) and print p50/p95/p99."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="scenario", required=True)
        browse = sub.add_parser("browse", help="signed-in users over the main pages")
        browse.add_argument("--users", type=int, default=10)
        browse.add_argument("--duration", type=float, default=30.0, help="seconds")
        browse.add_argument("--think", type=float, default=5.0, help="seconds between pages")
        checkin = sub.add_parser("checkin", help="a check-in burst to one new conference")
        checkin.add_argument("--members", type=int, default=100)
        checkin.add_argument("--rate", type=float, default=50.0, help="arrivals a second")
        checkin.add_argument(
            "--tap", type=float, default=1.0, help="seconds from the scan to the confirm"
        )
        for p in (browse, checkin):
            p.add_argument("--url", default="http://127.0.0.1:8000", help="loopback only")
            p.add_argument("--json", action="store_true", help="the figures as JSON")

    def handle(self, *args, scenario, url, json, **options):
        try:
            import aiohttp  # noqa: F401
        except ImportError as exc:
            raise CommandError("The load test needs aiohttp: uv sync --dev") from exc
        from trienkhai.tooling.load import accounts, client

        try:
            base = client.loopback_base(url)
            if scenario == "browse":
                client.check_bounds(users=options["users"], duration=options["duration"])
                self.out(f"Preparing {options['users']} logins …")
                visitors = accounts.visitors(options["users"])
                stats = run_apart(
                    client.browse(
                        base,
                        visitors,
                        accounts.PASSWORD,
                        duration=options["duration"],
                        think=options["think"],
                        out=self.out,
                    )
                )
                names = [name for name, _path in visitors[0].pages]
                return self.report(stats.rows(names), stats, json, lost=0)
            return self.checkin(base, json, **options)
        except (client.Refused, accounts.SetupRefused) as exc:
            raise CommandError(str(exc)) from exc

    def checkin(self, base, as_json, *, members, rate, tap, **options):
        from trienkhai.tooling.load import accounts, checkin, client

        client.check_bounds(users=members, duration=members / rate, rate=rate)
        self.out(f"Preparing {members} member logins …")
        from django.conf import settings

        names = accounts.members(members)
        keys = accounts.signed_in(names)
        session = accounts.conference()
        self.out(f"Conference: {session.title} (id {session.pk})")
        stats, confirmed = run_apart(
            client.burst(
                base,
                keys,
                settings.SESSION_COOKIE_NAME,
                lambda send, tap: checkin.check_in(send, session.pk, tap),
                rate=rate,
                tap=tap,
                out=self.out,
            )
        )
        present = accounts.present_count(session)
        elapsed = stats.ended - stats.started
        summary = {
            "members": members,
            "confirmed": confirmed,
            "attendance_rows": present,
            "lost": members - present,
            "seconds": elapsed,
            "checkins_per_s": confirmed / elapsed if elapsed else 0.0,
        }
        rows = stats.rows(["checkin_scan", "checkin_confirm"])
        return self.report(rows, stats, as_json, lost=summary["lost"], summary=summary)

    def out(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    def report(self, rows, stats, as_json, *, lost, summary=None):
        from trienkhai.tooling.load.client import table

        if as_json:
            self.stdout.write(json.dumps({"pages": rows, **(summary or {})}))
        else:
            self.stdout.write(table(rows))
            if summary:
                self.stdout.write(
                    "check-ins: {confirmed} confirmed of {members}, {attendance_rows} attendance "
                    "rows, {lost} lost, {checkins_per_s:.1f} a second over {seconds:.1f} s".format(
                        **summary
                    )
                )
        for sample in stats.error_samples:
            self.stderr.write(f"error: {sample}")
        if rows[-1]["errors"] or lost:
            raise SystemExit(1)
