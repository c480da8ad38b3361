"""Settings for the whole site, read from environment variables.

Development needs none of them: with nothing set the site runs in debug mode on a SQLite file
in ``var/``. Production sets ``DJANGO_DEBUG=false`` and at least ``DJANGO_SECRET_KEY``,
``DJANGO_ALLOWED_HOSTS`` and ``DATABASE_URL``. README.md has the full table.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_database_url,
    writable_folder,
)
from config.proxies import parse_networks
from config.social import login_form_targets, social_providers

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=True)

# A fixed key is fine for development only; production must bring its own.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret-0b6f4e1c9a7d2e5f8c3b1a6d9e2f7c4a"
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(a long random string, e.g. from "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off "
        "(a comma-separated list such as 'example.org,www.example.org')."
    )

SITE_NAME = env_str("SITE_NAME", "The Long Take")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_DESCRIPTION = env_str(
    "SITE_DESCRIPTION", "Long essays about films and the people who make them."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # For its search field (an essay's stored vector) and lookups; inert on SQLite.
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "django_tasks_db",
    "accounts",
    "accounts.providers.wordpress_com",
    "accounts.providers.mastodon",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.openid_connect",
    "reviews",
    "comments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PolicyHeadersMiddleware",
    "config.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.pagecache.PageCacheMiddleware",
    # Pages compressed on the way out (static files come compressed from WhiteNoise), inside
    # the page cache, so a cached page is compressed once, not at every hit. Django pads each
    # response at random against BREACH-style attacks on the CSRF token (no shared page,
    # compressed once and cached, carries one).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # These two come last, so they see the "not found" answers: an old WordPress address
    # redirects to its new page, then a page editors wrote in the admin answers.
    "reviews.middleware.LegacyAddressMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", "sqlite:///var/db.sqlite3"), base_dir=BASE_DIR
    )
}
# An index may carry extra columns for PostgreSQL, which production runs, to answer from the
# index alone (the comments' indexes); SQLite builds it without them, and says so for every
# such index, so on SQLite that warning is silenced for the whole project.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "pages": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
        },
    }
    # Sessions stay in the database, the record every instance shares, and are read through
    # Redis, which every instance shares too: a signed-in reader's page asks the cache, not
    # the database, who they are. Not with the in-process cache, which another process's
    # logout could not reach.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # In-process: right for one process (development, tests). Several gunicorn workers or
    # instances need REDIS_URL, or a version bump in one would not reach the others' pages.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }

# The page cache (config.pagecache): public pages for readers without personal cookies.
PAGE_CACHE_ALIAS = "pages"
# Off only to measure rendering (tests that count queries); the headers are sent either way.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_PROXY_SECONDS = env_int("PAGE_CACHE_PROXY_SECONDS", 10)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 30)
# A request carrying any of these gets its own page: the session (a login, a guest's comments
# awaiting moderation, a draft), the remembered commenter details (comments.forms), messages.
# deploy/nginx-cache.conf bypasses its cache on the same names.
PAGE_CACHE_PERSONAL_COOKIES = ["sessionid", "comment_author", "messages"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Permissions only, in one query (see the module); it signs nobody in.
    "accounts.backends.PermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
SITE_ID = 1

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Readers may make local accounts unless this is off; staff accounts are made in the admin.
ACCOUNT_READER_SIGNUP = env_bool("ACCOUNT_READER_SIGNUP", default=True)
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = social_providers()
# X gives no email address: a social login never stops to ask for one; an email is asked for
# only when the reader wants notifications (and is verified then).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
# Pictures fetched at login are re-encoded and stored here (accounts.pictures): no larger.
SOCIAL_PICTURE_MAX_BYTES = 2 * 1024 * 1024

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Built by scripts/setup.sh from npm packages (package.json), never copied in: Bootstrap's
    # CSS from its Sass sources (assets/scss/), and the typefaces' woff2 files.
    BASE_DIR / "build" / "static",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = writable_folder("DJANGO_MEDIA_ROOT", env_str("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
# Uploaded images (reviews.images): the largest file and picture accepted, and the widths that
# renditions are made at (change them, then run `manage.py regenerate_renditions`).
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_MB", 15) * 1024 * 1024
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_MEGAPIXELS", 40) * 1_000_000
IMAGE_RENDITION_WIDTHS = [480, 800, 1200, 1600]
# How long a shared preview link to an unpublished essay keeps working.
ARTICLE_PREVIEW_MAX_AGE = env_int("ARTICLE_PREVIEW_DAYS", 7) * 24 * 60 * 60
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email goes through Django's mailers: printed to the console in development, SMTP otherwise.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if DEBUG and not env_str("SMTP_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("SMTP_HOST", "localhost"),
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_TLS", default=True),
                "timeout": 10,
            },
        }
    }

# Background tasks (notification email). Development and tests run them at once, in the request;
# production stores them in the database for `manage.py db_worker`, which also honours
# `run_after` — how a scheduled essay's announcement waits for its publication time.
TASKS_BACKEND = env_str("DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database")
TASKS_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        "DJANGO_TASKS_BACKEND must be 'immediate' (run tasks in the request) or 'database' "
        "(queue them for `manage.py db_worker`)."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}

# Comments. Word lists, the link limit and the closing age are defaults that moderators can
# change in the moderation settings; the rest are set here.
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)  # 0: never close
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)
COMMENTS_BLOCK_WORDS = env_list(
    "COMMENTS_BLOCK_WORDS", ["viagra", "cialis", "casino bonus", "crypto giveaway", "payday loan"]
)
COMMENTS_HOLD_WORDS = env_list("COMMENTS_HOLD_WORDS", ["bit.ly/", "tinyurl.com/", "t.me/"])
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)  # faster than this is a robot
# A comment form left open longer than this must be sent again, with a fresh token.
COMMENTS_FORM_MAX_AGE = env_int("COMMENTS_FORM_MAX_HOURS", 24) * 60 * 60
# `manage.py purge_spam_comments` deletes spam older than this.
COMMENTS_SPAM_RETENTION_DAYS = env_int("COMMENTS_SPAM_RETENTION_DAYS", 30)
COMMENTS_RATE_PER_MINUTE = env_int("COMMENTS_RATE_PER_MINUTE", 5)  # per IP and per commenter
COMMENTS_RATE_PER_HOUR = env_int("COMMENTS_RATE_PER_HOUR", 30)
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)  # top-level threads on one page
COMMENTS_EDIT_MINUTES = env_int("COMMENTS_EDIT_MINUTES", 15)
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 90)
# New-essay subscribers hear of essays published within this many days; an essay back-dated
# further (an archive import) goes out quietly.
COMMENTS_ANNOUNCE_WITHIN_DAYS = env_int("COMMENTS_ANNOUNCE_WITHIN_DAYS", 7)

# Security headers. The policy allows nothing from other origins; pages work without scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *login_form_targets(SOCIALACCOUNT_PROVIDERS)],
    "frame-ancestors": [CSP.NONE],
    # Video players essays may embed; the same hosts as reviews.sanitise.VIDEO_HOSTS.
    "frame-src": [
        "https://www.youtube-nocookie.com",
        "https://www.youtube.com",
        "https://player.vimeo.com",
    ],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# The reverse proxies in front of the site, whose X-Forwarded-For is believed (config.proxies).
TRUSTED_PROXIES = parse_networks(env_list("DJANGO_TRUSTED_PROXIES"))
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by config.middleware.PolicyHeadersMiddleware: no page asks for these browser features,
# and no other site may load our responses into its own (uploaded media is the proxy's).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # Both are promises about every subdomain, hard to take back (preload lists take months
    # to forget a site), so a site owner opts in knowingly; `check --deploy` is told so.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
    if SECURE_HSTS_PRELOAD and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        raise ImproperlyConfigured(
            "DJANGO_HSTS_PRELOAD needs DJANGO_HSTS_INCLUDE_SUBDOMAINS=true as well "
            "(preload lists accept only sites that cover their subdomains)."
        )
    SILENCED_SYSTEM_CHECKS += [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
    if env_bool("DJANGO_BEHIND_PROXY", default=False):
        # Only behind a proxy that sets this header itself; otherwise clients could spoof it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django gives its loggers a console handler of their own in debug; everything goes
        # through the root handler above instead, so no line is printed twice.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # Each task logs its start and end; in debug (tasks run in the request) that is noise.
        "django.tasks": {"level": "WARNING" if DEBUG else "INFO"},
    },
}
