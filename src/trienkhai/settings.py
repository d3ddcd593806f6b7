"""Django settings, read from the environment (see README, "Configuration").

TRIENKHAI_DATABASE_URL   database URL; default SQLite at $TRIENKHAI_DATA_DIR/trienkhai.sqlite3
TRIENKHAI_DATA_DIR       where the SQLite database and uploads live; default ./var
TRIENKHAI_SECRET_KEY     required when DEBUG is off
TRIENKHAI_DEBUG          1/true to turn debugging on
TRIENKHAI_ALLOWED_HOSTS  comma-separated host names
TRIENKHAI_CACHE_URL      redis://host:6379/0 to share cached rollups between processes; default
                         a per-process memory cache
TRIENKHAI_TASKS          "immediate" (default: background work runs at once, in the request) or
                         "database" (queued in the database for `trienkhai db_worker` processes)
"""

import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets Django's generic classes take type arguments at runtime (``DetailView[Any]``,
# ``forms.ModelChoiceField[Plan]``), as the type checker reads them (see docs/architecture.md).
django_stubs_ext.monkeypatch()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRIENKHAI_DATA_DIR", "var")).resolve()

DEBUG = env_bool("TRIENKHAI_DEBUG", False)
SECRET_KEY = os.environ.get("TRIENKHAI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TRIENKHAI_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("TRIENKHAI_SECRET_KEY must be set in production.")
    # Development and demo only: `trienkhai serve` refuses to start without a real key.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("TRIENKHAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

#: Who holds which role where (user × unit × role): read only by ``trienkhai.core.access``.
TRIENKHAI_ROLE_MODEL = "units.RoleAssignment"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "treebeard",
    "django_tasks_db",
    "trienkhai.core",
    "trienkhai.units",
    "trienkhai.resolutions",
    "trienkhai.study",
    "trienkhai.programs",
    "trienkhai.reporting",
    "trienkhai.demo",
    "trienkhai.tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trienkhai.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the view's own errors first: the database gone away → 503 page.
    "trienkhai.core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "trienkhai.urls"
WSGI_APPLICATION = "trienkhai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "trienkhai.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("TRIENKHAI_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'trienkhai.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one writer works; IMMEDIATE avoids lock-upgrade deadlocks.
    # The backend queues the writers of every process instead of letting them poll with
    # SQLite's growing sleeps (core/sqlite/base.py: a burst of check-ins, issue 14).
    DATABASES["default"]["ENGINE"] = "trienkhai.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": None}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation cost seconds on the rollup queries and saved nothing (measured).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env_bool("TRIENKHAI_HTTPS", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["trienkhai.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every start otherwise
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
MAX_UPLOAD_MB = int(os.environ.get("TRIENKHAI_MAX_UPLOAD_MB", "20"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Pages of lists; the tree page loads children lazily in pages of this size too.
PAGE_SIZE = 50


# Background work (large report exports) goes through Django's tasks framework. "database"
# queues it in the database (django-tasks-db) for any number of `trienkhai db_worker`
# processes sharing the database; "immediate" runs it at once, in the request (demo, tests).
TASKS_MODE = os.environ.get("TRIENKHAI_TASKS", "immediate").strip().lower()
if TASKS_MODE not in {"immediate", "database"}:
    raise ImproperlyConfigured('TRIENKHAI_TASKS must be "immediate" or "database".')
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_MODE == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Cached rollups (reporting/engine.py) are per process unless a shared cache is configured.
CACHE_URL = os.environ.get("TRIENKHAI_CACHE_URL", "").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("TRIENKHAI_CACHE_URL must be a redis:// URL.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
