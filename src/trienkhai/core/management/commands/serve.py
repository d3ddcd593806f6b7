"""`trienkhai serve`: the production server (gunicorn, static files through WhiteNoise).

Several worker processes, so that every core works (one Python process uses one core at a
time, whatever its threads): gunicorn's ``gthread`` workers, each with a few threads for the
requests that wait on the database or the network. The application is loaded once in the
master and forked (``preload_app``): workers start in milliseconds and share the loaded code.

Counts come from the flags, else from the environment, else from the machine:

TRIENKHAI_WORKERS   worker processes; default the CPUs the process may use, plus one
TRIENKHAI_THREADS   threads per worker; default 2

(Measured on 2 CPUs, docs/performance.md "Load": 3 processes × 2 threads confirmed a check-in
burst faster than 4 × 4 in each of three alternating runs — more threads of one process only
take turns at its interpreter lock, and a thread holding SQLite's write lock waits its turn.)
TRIENKHAI_TIMEOUT   seconds a request may take before its worker is restarted; default 120
"""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

#: Seconds an idle client connection is kept open.
KEEPALIVE = 15


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or a taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise CommandError(f"{name} must be a whole number, not {value!r}.") from exc
    if number < 1:
        raise CommandError(f"{name} must be at least 1.")
    return number


def default_workers() -> int:
    return env_int("TRIENKHAI_WORKERS", cpu_count() + 1)


def default_threads() -> int:
    return env_int("TRIENKHAI_THREADS", 2)


def server_options(
    host: str, port: int, workers: int | None = None, threads: int | None = None
) -> dict[str, Any]:
    """Gunicorn's settings for `serve`: kept in one place so the tests can read them."""
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "worker_class": "gthread",
        "workers": workers or default_workers(),
        "threads": threads or default_threads(),
        "timeout": env_int("TRIENKHAI_TIMEOUT", 120),
        "graceful_timeout": 30,
        # Idle keep-alive connections wait in the worker's selector, not in a thread: a phone
        # that scans and confirms a few seconds later reuses its connection.
        "keepalive": KEEPALIVE,
        "preload_app": True,
        "proc_name": "trienkhai",
        # Errors to the standard error, as waitress did; no access log (one line a request
        # would cost more than some requests).
        "errorlog": "-",
        "loglevel": "warning",
        "accesslog": None,
    }


def warm_up() -> int:
    """What every process would otherwise do on its first requests, done once in the master
    before the fork so that the workers inherit it: the URL patterns, both languages'
    catalogues and every template compiled (the cached loader keeps them). Measured: the
    first burst on fresh workers cost 0.45 s of CPU a worker more than the next. Returns the
    number of templates compiled."""
    from pathlib import Path

    from django.template import engines
    from django.template.exceptions import TemplateSyntaxError
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - importing every urls module is the point
    reverse("home")
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Home")
    compiled = 0
    engine = engines["django"]
    for directory in get_app_template_dirs("templates"):
        for path in Path(directory).rglob("*.html"):
            try:
                engine.get_template(path.relative_to(directory).as_posix())
            except TemplateSyntaxError:  # a fragment that only compiles where it is included
                continue
            compiled += 1
    return compiled


def run_server(
    host: str, port: int, stdout: Any, workers: int | None = None, threads: int | None = None
) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from trienkhai.wsgi import application

    options = server_options(host, port, workers, threads)

    class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type information
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    warm_up()
    # The master may have used the database (migrations, the demo's load): a connection must
    # not be shared by the forked workers, each opens its own.
    connections.close_all()
    stdout.write(
        f"Serving trienkhai on http://{host}:{port}/ with {options['workers']} processes × "
        f"{options['threads']} threads (Ctrl+C to stop)"
    )
    stdout.flush()
    Server().run()


class Command(BaseCommand):
    help = "Serve trienkhai for production use (DEBUG off, static files served)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=None, help="processes (default: CPUs + 1)"
        )
        parser.add_argument(
            "--threads", type=int, default=None, help="threads per process (default: 2)"
        )

    def handle(
        self, host: str, port: int, workers: int | None, threads: int | None, **options: Any
    ) -> None:
        if settings.SECRET_KEY.startswith("insecure-"):
            raise CommandError("Set TRIENKHAI_SECRET_KEY before serving in production.")
        if settings.DEBUG:
            self.stderr.write("Warning: TRIENKHAI_DEBUG is on.")
        for name, value in (("--workers", workers), ("--threads", threads)):
            if value is not None and value < 1:
                raise CommandError(f"{name} must be at least 1.")
        run_server(host, port, self.stdout, workers, threads)
