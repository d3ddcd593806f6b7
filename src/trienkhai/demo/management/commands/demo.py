"""`trienkhai demo`: migrate, load the demo province once, print the logins, serve."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from trienkhai.core.management.commands.serve import run_server
from trienkhai.demo.loader import load_demo


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
        call_command("migrate", interactive=False, verbosity=0)
        logins = load_demo(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write("Demo logins (tài khoản thử):")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username:<{width}}  {login.password}  {login.description}")
        self.stdout.write("")
        if no_serve:
            return
        if host not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS.append(host)
        run_server(host, port, self.stdout, workers, threads)
