"""Newsroom settings, read from the environment.

Every value a deployment changes comes from an environment variable; the
defaults give a working development site on SQLite with nothing else
installed. See README.md for the list.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django_prose_editor.config import html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or list(default)


DEBUG = env_bool("DEBUG")

# Required when DEBUG is off: Django then refuses to serve without it, while
# management commands such as migrate and makemigrations still run.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_prose_editor",
    "newsroom.apps.AxesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "accounts",
    "articles",
    "background",
    "fees",
]

MIDDLEWARE = [
    # First: X-Forwarded-* from anyone but a trusted proxy is dropped before
    # SecurityMiddleware or the login throttle reads it.
    "newsroom.proxies.forwarded_headers_middleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Every answer's frame and CSP headers, a cached page's too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.language_middleware",
    # Before any view reads the query string: NUL bytes are dropped.
    "newsroom.hostile_input.nul_byte_middleware",
    # A reader's page with a fresh copy is answered here (no session,
    # login or throttling work); everything else goes on.
    "articles.reader.cache.cached_pages_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.second_factor_middleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Axes must come last: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, else a SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so that two editors
    # saving at once queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails a request in seconds (a
    # 503, newsroom/errors.py) instead of holding the worker until its
    # timeout. DATABASE_URL's ?connect_timeout= wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, local memory otherwise. Only the
# reader's page cache uses it (articles/reader/cache.py): sessions, the login
# throttle and the workflow keep their state in the database. A Redis that
# is down or hung answers within REDIS_TIMEOUT seconds, and the page cache
# then leaves it alone for NEWSROOM_CACHE_RETRY_SECONDS.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Password guessing (accounts/login_guard.py): five failures for one
# username from any addresses, or twenty from one address for any usernames,
# lock logins for fifteen minutes after the last counted failure.
AXES_HANDLER = "accounts.login_guard.LoginGuardHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
NEWSROOM_LOGIN_ADDRESS_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_LIMIT", "20"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Tries made while locked do not extend the lock.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.login_guard.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address: X-Forwarded-For only from these proxies (addresses or
# networks, comma-separated; newsroom/proxies.py). Empty: no proxy trusted.
NEWSROOM_TRUSTED_PROXIES = env_list("NEWSROOM_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "newsroom.proxies.client_ip"

# Second step at login (accounts/two_factor.py): the code's issuer as the
# authenticator app shows it, and a pause after each wrong code that doubles.
OTP_TOTP_ISSUER = lambda device: NEWSROOM_SITE_NAME  # noqa: E731
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# The site speaks Simplified Chinese unless a reader picks English.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# The body editor's menu in Chinese (static/js/prose-menu-zh.js); it adds no
# HTML to what the sanitiser allows.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/prose-menu-zh.js")],
        "extensions": {"NewsroomMenu": html_tags([])},
    }
]

# Static files are served by WhiteNoise; media on the local disk unless an
# S3-compatible bucket is configured.
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        # S3Storage, with each object's type and disposition set by us.
        "BACKEND": "articles.photos.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy: scripts and style sheets only from this site or
# carrying the request's nonce. The admin and the body editor work under it.
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL))
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The hash admits the one <style> element the body editor (Tiptap)
    # injects, and nothing else; tests/browser fail if an upgrade changes it.
    "style-src": [
        CSP.SELF,
        CSP.NONCE,
        "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
    ],
    # The admin's widgets and the body editor position menus through style
    # attributes; attributes cannot run script, <style> elements stay blocked.
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"]
    + ([_media_origin] if _media_origin != "://" else []),
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# HTTPS in production; a proxy or CDN in front terminates TLS. Its
# X-Forwarded-Proto counts only when it is in NEWSROOM_TRUSTED_PROXIES.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS for a year; the preload list only when asked for, since leaving it
# takes months.
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The deploy check warns when preload is off; off is the deliberate default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# A form posted with a missing or stale token: the Chinese 403 page.
CSRF_FAILURE_VIEW = "newsroom.refusals.csrf_failure"

# Email: SMTP (EMAIL_HOST, default a local mail server); printed to the
# console in development unless EMAIL_HOST is set. Notifications are mailed
# only when a server is configured or in development.
_email_host = os.environ.get("EMAIL_HOST", "")
if DEBUG and not _email_host:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host or "localhost",
                "port": int(
                    os.environ.get("EMAIL_PORT", "587" if _email_host else "25")
                ),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", bool(_email_host)),
                # Mail is sent by the task worker, never in a step's request
                # (articles/workflow/mail.py); a hung server costs the worker
                # this many seconds, not forever.
                "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
            },
        }
    }
NEWSROOM_SEND_EMAIL = DEBUG or bool(_email_host)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": os.environ.get("AXES_LOG_LEVEL", "WARNING")}},
}

# Tags: Chinese separators (，、；) split tags as the ASCII comma does.
TAGGIT_TAGS_FROM_STRING = "articles.tagging.parse_tags"
TAGGIT_CASE_INSENSITIVE = True

# 稿费 are computed when a story is printed (见报) or when it is published
# online: "print" or "publish", the paper's choice.
NEWSROOM_FEE_TRIGGER = os.environ.get("NEWSROOM_FEE_TRIGGER", "print")

# The newspaper itself: printed in the masthead and the page footer.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "江城工人报")
NEWSROOM_SITE_TAGLINE = os.environ.get(
    "NEWSROOM_SITE_TAGLINE", "工会宣传舆论阵地 服务职工群众平台"
)
NEWSROOM_PUBLICATION_CODE = os.environ.get("NEWSROOM_PUBLICATION_CODE", "")


def _review_chain(value):
    """`初审:编辑,复审:部门主任,终审:总编辑` → [("初审", "编辑"), …]"""
    stages = []
    for item in value.split(","):
        label, _sep, group = item.partition(":")
        if not (label.strip() and group.strip()):
            raise ValueError(f"NEWSROOM_REVIEW_CHAIN: {item!r} is not 'stage:group'")
        if len(label.strip()) > 20:  # the timeline's stage_label column
            raise ValueError(f"NEWSROOM_REVIEW_CHAIN: stage name {label!r} over 20")
        group, at, scope = group.strip().partition("@")
        if not group.strip():
            raise ValueError(f"NEWSROOM_REVIEW_CHAIN: {item!r} names no group")
        if at and scope.strip() != "desk":
            raise ValueError(
                f"NEWSROOM_REVIEW_CHAIN: {item!r}: the only scope is '@desk'"
            )
        stages.append((label.strip(), group.strip() + ("@desk" if at else "")))
    return stages


# The review chain (三审): each stage's name and the group whose members sign
# it, in order. One to N stages; change it without touching code. A group
# ending in "@desk" (复审:部门主任@desk) is narrowed to the story's own desk:
# the chiefs of that desk for 部门主任, the desk's people for another group.
NEWSROOM_REVIEW_CHAIN = _review_chain(
    os.environ.get("NEWSROOM_REVIEW_CHAIN", "初审:编辑,复审:部门主任@desk,终审:总编辑")
)
# An edit after sign-off goes back to the first stage ("rechain") or is only
# recorded as a post-sign-off change ("record").
NEWSROOM_EDIT_AFTER_SIGNOFF = os.environ.get("NEWSROOM_EDIT_AFTER_SIGNOFF", "rechain")
# Superusers follow the chain like everyone else unless this is set.
NEWSROOM_SUPERUSER_EXEMPT = env_bool("NEWSROOM_SUPERUSER_EXEMPT", False)
# Preview links for unpublished stories stop working after this many hours.
NEWSROOM_PREVIEW_HOURS = int(os.environ.get("NEWSROOM_PREVIEW_HOURS", "72"))
# How long a reader's page may be cached (seconds); 0 turns the cache off.
# An edit makes stale at once the pages that show the story, so this bounds
# only what no dependency names: a newly related story, the later pages of
# a list a story left.
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "3600"))
# How long a shared cache in front (nginx, a CDN), which an edit cannot
# reach, may keep a page: its Cache-Control s-maxage (seconds).
NEWSROOM_SHARED_CACHE_SECONDS = int(
    os.environ.get("NEWSROOM_SHARED_CACHE_SECONDS", "5")
)
# How long a cached page's copy is kept to serve, marked stale, while the
# database is away (seconds; 24 h).
NEWSROOM_STALE_SECONDS = int(os.environ.get("NEWSROOM_STALE_SECONDS", 24 * 3600))
# After a cache error, how long the page cache leaves the cache alone.
NEWSROOM_CACHE_RETRY_SECONDS = float(
    os.environ.get("NEWSROOM_CACHE_RETRY_SECONDS", "10")
)
# The 503 page's Retry-After (seconds) when the database is away.
NEWSROOM_RETRY_AFTER_SECONDS = int(os.environ.get("NEWSROOM_RETRY_AFTER_SECONDS", "60"))
# After the database fails, how long stale copies are served without asking
# it again (seconds), so that readers do not each wait on it.
NEWSROOM_DATABASE_RETRY_SECONDS = float(
    os.environ.get("NEWSROOM_DATABASE_RETRY_SECONDS", "5")
)
# Request limits, from a story's limits (articles/limits.py: a body of
# 200,000 characters, 100 photos, 50 names in a byline), with room to spare,
# so a story at its limits always reaches the form and its Chinese messages.
# 10 MB: the body at up to 9 bytes a character (a Chinese character
# URL-encoded is %E6%B1%9F) plus everything else; uploaded files are
# streamed and not counted. 5,000 fields: about 6 per photo or byline row
# and 40 for the story, with room for a few hundred rows more, so too many
# rows meet the form's message. Beyond either, the Chinese 413 or 400 page
# (newsroom/refusals.py); the browser keeps the typed text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000
# Serve uploaded media from Django itself (development and tests only).
NEWSROOM_SERVE_MEDIA = env_bool("NEWSROOM_SERVE_MEDIA", DEBUG)
# Photo uploads: largest file, and most pixels (all animation frames counted).
NEWSROOM_PHOTO_MAX_BYTES = int(
    os.environ.get("NEWSROOM_PHOTO_MAX_BYTES", 30 * 1024 * 1024)
)
NEWSROOM_PHOTO_MAX_PIXELS = int(os.environ.get("NEWSROOM_PHOTO_MAX_PIXELS", 60_000_000))

# Background tasks (django.tasks): photo processing, notification mail,
# large import confirmations, search-index rebuilds and page-cache purge
# retries run outside the request (background/, README "Background work").
# By default the tasks wait in the database for `manage.py db_worker`
# (`make run` starts one); NEWSROOM_TASKS=immediate runs them in the request
# instead, for a site that runs no worker.
#
# NEWSROOM_TASKS=rq puts them on Redis (REDIS_URL) through RQ, for a newsroom
# that runs workers on several machines: `manage.py rqworker default
# --job-class django_tasks_rq.Job --with-scheduler` on each (README,
# "Background work"). Results then live in Redis, not in the admin's list.
NEWSROOM_TASKS = os.environ.get("NEWSROOM_TASKS", "db")
_task_backends = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if NEWSROOM_TASKS not in _task_backends:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS={NEWSROOM_TASKS!r}: use db, immediate or rq "
        "(NEWSROOM_TASKS 只能是 db、immediate 或 rq)."
    )
TASKS = {"default": {"BACKEND": _task_backends[NEWSROOM_TASKS]}}
if NEWSROOM_TASKS == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured(
            "NEWSROOM_TASKS=rq needs REDIS_URL (用 RQ 队列须设置 REDIS_URL)."
        )
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
# A failed task is tried again after NEWSROOM_TASK_RETRY_SECONDS, then four
# times longer each time, up to NEWSROOM_TASK_ATTEMPTS attempts in all.
NEWSROOM_TASK_ATTEMPTS = int(os.environ.get("NEWSROOM_TASK_ATTEMPTS", 3))
NEWSROOM_TASK_RETRY_SECONDS = float(os.environ.get("NEWSROOM_TASK_RETRY_SECONDS", 30))
# An import confirmation with more new stories than this, or more text,
# runs in the background with its progress shown; smaller ones in the request.
NEWSROOM_IMPORT_BACKGROUND_STORIES = int(
    os.environ.get("NEWSROOM_IMPORT_BACKGROUND_STORIES", 15)
)
NEWSROOM_IMPORT_BACKGROUND_CHARS = int(
    os.environ.get("NEWSROOM_IMPORT_BACKGROUND_CHARS", 100_000)
)
