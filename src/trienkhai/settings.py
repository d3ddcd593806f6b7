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
TRIENKHAI_CHECKIN_OPEN_BEFORE  minutes before a session's start its QR check-in opens (60)
TRIENKHAI_HTTPS          1 when the site is served over HTTPS: secure cookies, HSTS, redirect
TRIENKHAI_HSTS_SECONDS   how long browsers keep to HTTPS (Strict-Transport-Security); default a year
TRIENKHAI_HSTS_PRELOAD   1 (default) / 0: the HSTS header allows the browsers' preload list
TRIENKHAI_TRUSTED_PROXY  1 when a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-For
                         (and strips them from clients): Django then believes them
TRIENKHAI_CSRF_TRUSTED_ORIGINS  comma-separated origins (https://host) allowed to post forms
TRIENKHAI_REQUIRE_2FA    1 (default) / 0: heads and administrators must sign in with a second factor
TRIENKHAI_LIVE_ROLLUPS   1 (default) / 0: today's dashboards read the live figures (reporting/live)
TRIENKHAI_LIVE_ROLLUPS_AUTO  1 (default) / 0: a plan read for today is made live in the background
TRIENKHAI_LOGIN_FAILURE_LIMIT     wrong passwords before an account or an address is locked (10)
TRIENKHAI_LOGIN_COOLOFF_MINUTES   how long a lockout lasts after the last failure (15)
TRIENKHAI_EMAIL_HOST     SMTP server for notifications; without it mails are written to files
                         under $TRIENKHAI_DATA_DIR/mail/
TRIENKHAI_EMAIL_PORT, TRIENKHAI_EMAIL_USER, TRIENKHAI_EMAIL_PASSWORD, TRIENKHAI_EMAIL_TLS (1/0),
TRIENKHAI_EMAIL_FROM     the rest of the SMTP settings and the sender's address
TRIENKHAI_SITE_URL       the address links in e-mails start with (http://127.0.0.1:8000)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Lets Django's generic classes take type arguments at runtime (``DetailView[Any]``,
# ``forms.ModelChoiceField[Plan]``), as the type checker reads them (see docs/architecture.md).
django_stubs_ext.monkeypatch()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("TRIENKHAI_DATA_DIR", "var")).resolve()

DEBUG = env_bool("TRIENKHAI_DEBUG", False)
SECRET_KEY = os.environ.get("TRIENKHAI_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("TRIENKHAI_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("TRIENKHAI_SECRET_KEY must be set in production.")
    # Development and demo only: `trienkhai serve` refuses to start without a real key.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("TRIENKHAI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ninja",  # the API's browsable docs from its own static files (no CDN: the CSP)
    "trienkhai.core",
    "trienkhai.units",
    "trienkhai.resolutions",
    "trienkhai.study",
    "trienkhai.programs",
    "trienkhai.notifications",
    "trienkhai.inspections",
    "trienkhai.outreach",
    "trienkhai.imports",
    "trienkhai.reporting",
    "trienkhai.api",
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
    # Before anything reads the body (the CSRF check reads the form in process_view), after
    # the user is known so that its 413 page has the menu.
    "trienkhai.core.middleware.RequestSizeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "trienkhai.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "trienkhai.core.middleware.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the view's own errors first: the database gone away → 503 page.
    "trienkhai.core.unavailable.DatabaseUnavailableMiddleware",
    # Last, so that it sees the login view's answer (axes counts the failures and locks out).
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
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

# Throttling of wrong passwords (django-axes, see docs/architecture.md "Logins"): an account,
# and separately an address, is locked after TRIENKHAI_LOGIN_FAILURE_LIMIT wrong passwords, until
# TRIENKHAI_LOGIN_COOLOFF_MINUTES have passed since the last one (a try during the lockout starts
# the wait again). A right password resets that account's failures (core/logins.py), not the
# address's: an attacker cannot clear the count by signing in to an account of their own.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("TRIENKHAI_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("TRIENKHAI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "trienkhai.core.logins.lockout_response"
AXES_CLIENT_IP_CALLABLE = "trienkhai.core.logins.client_ip"
# The name typed, bounded to what a login can be (axes stores it in a 255-character column:
# a 10,000-character name was a 500 on PostgreSQL).
AXES_USERNAME_CALLABLE = "trienkhai.core.logins.typed_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS: list[str] = []

# Two-factor sign-in (django-otp): required for the users whose roles let them approve or manage
# roles (heads and administrators) when TRIENKHAI_REQUIRE_2FA is on (the default; `trienkhai
# demo` turns it off unless the variable is set); optional for everyone else.
TRIENKHAI_REQUIRE_2FA = env_bool("TRIENKHAI_REQUIRE_2FA", True)

# Live figures (reporting/live.py, issue 20): today's dashboards read each unit's kept figures,
# kept up to date from the database's change log; a plan is made live on its first reading.
TRIENKHAI_LIVE_ROLLUPS = env_bool("TRIENKHAI_LIVE_ROLLUPS", True)
TRIENKHAI_LIVE_ROLLUPS_AUTO = env_bool("TRIENKHAI_LIVE_ROLLUPS_AUTO", True)
OTP_TOTP_ISSUER = "trienkhai"

# HTTPS and the reverse proxy. Behind a proxy that terminates TLS, Django sees plain HTTP: with
# TRIENKHAI_TRUSTED_PROXY it believes the proxy's X-Forwarded-Proto (the request is secure, so a
# form's `Origin: https://host` matches) and X-Forwarded-For (the address axes counts).
HTTPS = not DEBUG and env_bool("TRIENKHAI_HTTPS", False)
TRUSTED_PROXY = env_bool("TRIENKHAI_TRUSTED_PROXY", False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("TRIENKHAI_CSRF_TRUSTED_ORIGINS")
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"TRIENKHAI_CSRF_TRUSTED_ORIGINS: {origin!r} must start with https:// or http://."
        )

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = env_int("TRIENKHAI_HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# "preload" only allows submitting the domain to the browsers' HTTPS-only list; off with
# TRIENKHAI_HSTS_PRELOAD=0 (then `check --deploy` warns security.W021).
SECURE_HSTS_PRELOAD = HTTPS and env_bool("TRIENKHAI_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts and styles from our own static files; the few inline
# <script>/<style> blocks carry the request's nonce ({{ csp_nonce }}). Style attributes (the
# widths of the progress bars) are allowed; nothing else inline (no onclick, no hx-on).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

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

# Request bodies are bounded (issue 14); each refusal is a page that says why
# (core/errors.py), never a 500. The largest form is a plan of 100 requirements (about 1,500
# fields): 5,000 leave room and stop a forged flood of fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# The form fields without the files: the longest text typed (a learning report, a program's
# narrative) is a few hundred KB; Django's 2.5 MB, said here on purpose.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)
# A file (checked by content in core/uploads.py), and how many a form takes at once (progress
# evidence: 5).
MAX_UPLOAD_MB = int(os.environ.get("TRIENKHAI_MAX_UPLOAD_MB", "20"))
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# A whole request body (core/middleware.py, and waitress's own limit): five files at the limit
# and the form around them.
MAX_REQUEST_MB = 5 * MAX_UPLOAD_MB + 5
# Smaller files stay in memory while checked; larger ones are streamed to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The limits of core/uploads.py: pages of a PDF; for Office files (ZIP archives), entries,
# size once uncompressed and compression ratio of an entry (a zip bomb compresses 1,000 times).
MAX_UPLOAD_PAGES = 500
MAX_ZIP_ENTRIES = 2000
MAX_UNCOMPRESSED_MB = 100
MAX_ZIP_RATIO = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Each background task's start and end (copy checks, exports) is not news on the console.
    "loggers": {"django.tasks": {"level": "WARNING"}},
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

# Notifications by e-mail (notifications/mail.py): SMTP when a host is given, else files.
_EMAIL_HOST = os.environ.get("TRIENKHAI_EMAIL_HOST", "").strip()
MAILERS = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": int(os.environ.get("TRIENKHAI_EMAIL_PORT", "587")),
                "username": os.environ.get("TRIENKHAI_EMAIL_USER", ""),
                "password": os.environ.get("TRIENKHAI_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("TRIENKHAI_EMAIL_TLS", True),
                "timeout": 20,
            },
        }
        if _EMAIL_HOST
        else {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(DATA_DIR / "mail")},
        }
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("TRIENKHAI_EMAIL_FROM", "trienkhai <no-reply@localhost>")
TRIENKHAI_SITE_URL = os.environ.get("TRIENKHAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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

# QR check-in (study/checkin.py): it opens this many minutes before a session starts and
# closes when it ends. The rate limits (sliding windows in the cache above; with several
# processes, configure TRIENKHAI_CACHE_URL so that they share the counts): attempts per
# device and per address a minute, wrong PINs before a device (or a member's PIN, whatever
# the device) is locked for the session, and for how long.
TRIENKHAI_CHECKIN_OPEN_BEFORE = int(os.environ.get("TRIENKHAI_CHECKIN_OPEN_BEFORE", "60"))
TRIENKHAI_CHECKIN_LIMITS = {
    "device_per_minute": 10,
    "kiosk_per_minute": 60,
    "address_per_minute": 300,  # a hall's members share one Wi-Fi address
    "wrong_pins_device": 5,
    "wrong_pins_kiosk": 20,
    "wrong_pins_member": 10,
    "lock_minutes": 15,
}
