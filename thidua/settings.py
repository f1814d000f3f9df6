"""One settings file, driven by environment variables (see README, "Production")."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# pyHanko imports cryptography's DSA support, which we never use (seals and signatures are RSA or
# ECDSA): its deprecation notice would be printed at every start of every command.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
VAR_DIR = Path(os.environ.get("THIDUA_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key(testing: bool) -> str:
    """SECRET_KEY from the environment (production), a fixed key in tests, else the
    per-checkout key file that `make run` creates (importing settings writes nothing)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    if testing:
        return "thidua-tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    raise ImproperlyConfigured(
        f"No SECRET_KEY: set the SECRET_KEY environment variable, or create {path} for "
        "development with `make var/secret_key` (make run does it)."
    )


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("THIDUA_TESTING", False)
SECRET_KEY = _secret_key(TESTING)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Behind TLS in production; `make run` and the tests serve plain HTTP on 127.0.0.1.
HTTPS = env_bool("HTTPS", not DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "thidua.core",
    "thidua.accounts",
    "thidua.orgs",
    "thidua.cycles",
    "thidua.legal",
    "thidua.reports",
    "thidua.notifications",
    "thidua.drafting",
    "thidua.signing",
    "thidua.meetings",
    "thidua.scoring",
    "thidua.voting",
    "thidua.awards",
    "thidua.activities",
    "thidua.news",
    "thidua.jobs",
    "thidua.api",
    "thidua.board",
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "thidua.core.middleware.NulFreeQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.accounts.middleware.OTPMiddleware",
    "thidua.accounts.middleware.TwoFactorPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]
if os.environ.get("THIDUA_BENCH") == "1":
    # make bench: queries per request in a response header (thidua/core/middleware.py).
    MIDDLEWARE.insert(0, "thidua.core.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "thidua.urls"
FORM_RENDERER = "thidua.core.forms.FormRenderer"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "thidua.core.context_processors.navigation",
                "thidua.notifications.context_processors.unread_count",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}",
        # Connections are kept between requests (SQLite too: opening one and setting its pragmas
        # cost more than a cached page, see make bench).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every transaction take the write lock first, so that concurrent writers
    # queue instead of failing, and the audit chain is extended by one writer at a time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    if TESTING:
        # A file rather than memory: the live server's threads and the backup test open it
        # like production does. One file per test process, so parallel runs do not collide.
        DATABASES["default"]["TEST"] = {
            "NAME": str(Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}.sqlite3")
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "thidua.accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing cost is not what the tests check; argon2 stays first everywhere else.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "board:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sign-in throttling: lock a username (from any address) after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
# The e-mail address and the username of one account share one failure counter.
AXES_USERNAME_CALLABLE = "thidua.accounts.lockout.attempt_username"
# Renders accounts/locked_out.html with the time the lockout ends.
AXES_LOCKOUT_CALLABLE = "thidua.accounts.lockout.locked_out_response"
# Attempts during a lockout do not extend it: the page can say when to try again.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Failures are recorded with the real client's address, also behind a trusted proxy.
AXES_CLIENT_IP_CALLABLE = "thidua.core.http.client_ip"

# Background jobs (thidua/jobs) are tasks in the database, run by `manage.py db_worker` (make
# run starts it beside the web server); the tests run them at once, in the caller.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}
# A running job without a progress step for this long lost its worker and is marked failed.
JOBS_STALE_AFTER_MINUTES = float(os.environ.get("JOBS_STALE_AFTER_MINUTES", "15"))

# Triggers that make the database refuse UPDATE/DELETE on audit events (off only in tests).
AUDIT_DB_GUARDS = env_bool("AUDIT_DB_GUARDS", not TESTING)
# The signed checkpoints of the audit chains' heads (thidua/core/checkpoints.py): a file outside
# the database, appended to by `audit_checkpoint` (cron) and `backup`; the tests use their own.
AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get(
        "AUDIT_CHECKPOINT_FILE",
        Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}-audit-checkpoints.jsonl"
        if TESTING
        else VAR_DIR / "audit-checkpoints.jsonl",
    )
)
# Who receives each checkpoint by e-mail (comma-separated addresses; none by default).
AUDIT_CHECKPOINT_EMAILS = env_list("AUDIT_CHECKPOINT_EMAILS", "")

# Two-factor policy: roles for whom TOTP is mandatory ("board", "head", "leader", "all").
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", "board,head")
OTP_TOTP_ISSUER = "thidua"
# How long a password or TOTP confirmation counts before signing or voting.
REAUTH_MAX_AGE_SECONDS = 5 * 60

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Each app keeps its own catalogue in thidua/<app>/locale (make messages).
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"


def _file_storage() -> dict[str, object]:
    """Where uploads (evidence, scans, photos, reports, pending imports) and job results live.

    MEDIA_ROOT on this machine's disk by default. With S3_BUCKET, an S3-compatible bucket
    (django-storages) that every server and worker shares (README, "Several servers"). Every
    file is private: the bucket is never read by browsers, each file is streamed by the view
    that checks who may see it, so objects get no ACL of their own (the bucket's, private) and
    no public URL is ever built."""
    bucket = os.environ.get("S3_BUCKET", "").strip()
    others = [
        name
        for name in (
            "S3_ENDPOINT_URL",
            "S3_REGION",
            "S3_ACCESS_KEY_ID",
            "S3_SECRET_ACCESS_KEY",
            "S3_PREFIX",
        )
        if os.environ.get(name, "").strip()
    ]
    if not bucket:
        if others:
            raise ImproperlyConfigured(
                f"{', '.join(others)} set without S3_BUCKET: name the bucket in S3_BUCKET, "
                "or unset them to keep files in MEDIA_ROOT"
            )
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise ImproperlyConfigured(
            f"S3_BUCKET: “{bucket}” is not a bucket name (3–63 lower-case letters, digits, dots "
            "and hyphens)"
        )
    endpoint = os.environ.get("S3_ENDPOINT_URL", "").strip()
    if endpoint and not re.fullmatch(r"https?://[^/\s]+/?", endpoint):
        raise ImproperlyConfigured(
            f"S3_ENDPOINT_URL: “{endpoint}” is not a server address (e.g. https://s3.example.vn "
            "or http://127.0.0.1:9000)"
        )
    key_id = os.environ.get("S3_ACCESS_KEY_ID", "").strip()
    secret = os.environ.get("S3_SECRET_ACCESS_KEY", "").strip()
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured(
            "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use "
            "the machine's AWS credentials (instance role, ~/.aws)"
        )
    options: dict[str, object] = {
        "bucket_name": bucket,
        "location": os.environ.get("S3_PREFIX", "").strip().strip("/"),
        # Never overwrite: a second file of the same name gets another name, as on disk.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "region_name": os.environ.get("S3_REGION", "").strip() or None,
        "endpoint_url": endpoint or None,
        "access_key": key_id or None,
        "secret_key": secret or None,
    }
    if endpoint:
        # MinIO, Ceph, moto… answer on one host: bucket in the path, not in the host name.
        options["addressing_style"] = "path"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


FILE_STORAGE = _file_storage()
STORAGES = {
    "default": FILE_STORAGE,
    # Background jobs' results (thidua/jobs), named jobs/YYYY/MM/…: the worker writes them, any
    # web server serves them, so with several machines this is the shared bucket too.
    "jobs": FILE_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Uploads above this are refused before they reach a view's checks.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# Imports with more rows than this are applied as a background job with a progress page.
IMPORT_JOB_MIN_ROWS = int(os.environ.get("IMPORT_JOB_MIN_ROWS", "300"))

# The site's public address (e.g. https://thidua.example.gov.vn): links in e-mails and the
# verification URLs and QR codes printed on documents. Required in production (`check --deploy`
# fails without it); `make run` sets it to the local server's address.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
# A demonstration site: every generated document carries "BẢN MẪU" outside its official text.
DEMO_MODE = env_bool("DEMO_MODE", False)
# The digital seals of the issuing organisations (thidua/reports/sealing.py): a JSON object of
# key ("block:<id>", "province:<code>") → PKCS#12 file, passphrase file, name, position, image.
# Keys stay in files outside the database; no entry → documents are issued unsigned, saying so.
PDF_SEALS: dict[str, dict[str, str]] = json.loads(os.environ.get("THIDUA_PDF_SEALS", "{}"))
# Trusted timestamps (RFC 3161) on the seals and the other signatures the product embeds: the
# time-stamping authority's URL (THIDUA_TSA_URL, optional). Without one a seal's time is the
# server's clock, and the verification report says so. A TSA that does not answer in time leaves
# the seal untimestamped (logged), never blocks the document.
PDF_TSA_URL = os.environ.get("THIDUA_TSA_URL", "").strip()
PDF_TSA_TIMEOUT = float(os.environ.get("THIDUA_TSA_TIMEOUT", "10"))
# Revocation of the certificates in a checked PDF (OCSP, else CRL), fetched from the addresses the
# trusted certificates name. Off on an installation without network (THIDUA_REVOCATION_FETCH=0):
# every report then says "not checked (turned off)".
REVOCATION_FETCH = env_bool("THIDUA_REVOCATION_FETCH", True)
REVOCATION_TIMEOUT = float(os.environ.get("THIDUA_REVOCATION_TIMEOUT", "5"))
# How long a good status fetched for a certificate is reused (thidua/signing/pdfcheck.py); 0 asks
# the CA every time.
REVOCATION_CACHE_SECONDS = int(os.environ.get("THIDUA_REVOCATION_CACHE_SECONDS", "900"))
# On a demonstration site only: the demo CA's seals that load_demo writes (thidua/demo/seals.py).
DEMO_SEALS_DIR = VAR_DIR / "demo-seals"
# Remote signing (ký số từ xa, thidua/signing/remote.py): THIDUA_REMOTE_SIGNING, a JSON object
# {"provider": "dotted.path.Provider", "options": {...}}. Unset: the sign page does not offer it.
# A demonstration site and the tests use the built-in TEST provider (a local test CA's keys),
# which refuses to run anywhere else.
REMOTE_SIGNING: dict[str, Any] | None = json.loads(
    os.environ.get("THIDUA_REMOTE_SIGNING", "") or "null"
) or ({"provider": "thidua.signing.remote_test.TestProvider"} if DEMO_MODE or TESTING else None)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua <no-reply@localhost>")

# Django's database sessions, read with plain SQL (every signed-in request reads one).
SESSION_ENGINE = "thidua.core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The reverse proxies (nginx…) in front of the application, as addresses or networks: only a
# request from one of them has its client taken from X-Forwarded-For (thidua/core/http.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: “{_proxy}” is not an address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
        ) from None
# Lockout is per username, not per address: a meeting room's delegates share one NAT address
# and one person's typos must not lock out the others.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Per process (a restart empties them). "default" holds computed data (published scores, the
# Board's charts) and the public comment limit; "pages" the whole pages of
# thidua/core/page_cache.py, apart so that pages never push the computed data out. 500 pages of
# 5–110 KB: at most about 50 MB per process. With several servers, CACHE_URL names one Redis
# server they all share (README, "Several servers").
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "computed",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL: “{CACHE_URL}” is not a Redis address (e.g. redis://127.0.0.1:6379/0)"
        )
    # One server for both; the prefixes keep them apart (size it with Redis' maxmemory and an
    # LRU policy: entries also expire on their own timeouts).
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": f"thidua:{name}",
        }
        for name in ("default", "pages")
    }

# Whole-page cache of the public portal for visitors (thidua/core/page_cache.py).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
# The same for the workspace's busiest pages, per signed-in person (same module).
PERSON_PAGE_CACHE = env_bool("PERSON_PAGE_CACHE", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
