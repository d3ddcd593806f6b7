"""`trienkhai demo`: migrate, load the demo province once, print the logins, serve."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from trienkhai.core.management.commands.serve import run_server
from trienkhai.core.schema import migrate_if_needed
from trienkhai.demo.loader import load_demo
from trienkhai.demo.study import prepare_checkin


class Command(BaseCommand):
    help = "Set up the demo (database, migrations, demo province) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Stop after loading.")
        parser.add_argument("--workers", type=int, default=None, help="server processes")
        parser.add_argument("--threads", type=int, default=None, help="threads per process")

    def handle(self, host, port, no_serve, workers=None, threads=None, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        migrate_if_needed(self.stdout)
        logins = load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write("Demo logins (tài khoản thử):")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.password}  {login.description}")
        self.stdout.write("")
        checkin = prepare_checkin()
        if checkin is not None:
            session, person, pin = checkin
            self.stdout.write(
                f"QR check-in (điểm danh): /study/sessions/{session.pk}/ "
                f"— member code {person.member_code}, PIN {pin} (login 'member' needs neither)"
            )
            self.stdout.write("")
        if "TRIENKHAI_REQUIRE_2FA" not in os.environ:
            # The demo's head and admin would otherwise have to set up an authenticator app
            # before seeing anything; production keeps the requirement (settings.py).
            settings.TRIENKHAI_REQUIRE_2FA = False
            self.stdout.write(
                "Two-factor sign-in is optional in the demo (set TRIENKHAI_REQUIRE_2FA=1 to "
                "require it of heads and admins as in production); anyone can turn it on from "
                "their name, top right."
            )
            self.stdout.write("")
        if no_serve:
            return
        if host not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)
        run_server(host, port, self.stdout, workers, threads)
