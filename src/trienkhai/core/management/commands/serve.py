"""`trienkhai serve`: the production server (waitress, static files through WhiteNoise)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def run_server(host: str, port: int, stdout: Any) -> None:
    import waitress

    from trienkhai.wsgi import application

    stdout.write(f"Serving trienkhai on http://{host}:{port}/ (Ctrl+C to stop)")
    stdout.flush()
    waitress.serve(
        application,
        host=host,
        port=port,
        threads=8,
        ident="trienkhai",
        # A backstop twice the application's limit: up to it, RequestSizeMiddleware answers
        # with its page; beyond it waitress refuses before buffering the body.
        max_request_body_size=2 * settings.MAX_REQUEST_MB * 1024 * 1024,
    )


class Command(BaseCommand):
    help = "Serve trienkhai for production use (DEBUG off, static files served)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, host: str, port: int, **options: Any) -> None:
        if settings.SECRET_KEY.startswith("insecure-"):
            raise CommandError("Set TRIENKHAI_SECRET_KEY before serving in production.")
        if settings.DEBUG:
            self.stderr.write("Warning: TRIENKHAI_DEBUG is on.")
        run_server(host, port, self.stdout)
