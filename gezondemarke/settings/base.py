"""Settings shared by every environment. Everything that differs comes from the environment.

With nothing set, the portal runs embedded: SQLite, Celery tasks in process.
With DATABASE_URL and REDIS_URL set it uses PostgreSQL, Redis and a real worker.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Only a development default: production.py refuses to start with it.
INSECURE_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "rest_framework",
    "drf_spectacular",
    "accounts",
    "audit",
    "regioplan",
    "monitoring",
    "participatie",
    "governance",
    "plandata",
    "opendata",
]

MIDDLEWARE = [
    "core.logging.RequestIdMiddleware",
    "gezondemarke.health.HealthCheckMiddleware",  # before the Host check and HTTPS redirect
    "django.middleware.security.SecurityMiddleware",
    "core.security.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.twofactor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Above ConditionalGet, so a 304 it makes still carries API-Version.
    "core.api.middleware.ApiVersionHeaderMiddleware",
    "core.api.middleware.ApiUtcMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag / Last-Modified -> 304 for pollers
    "core.security.SecurityHeadersMiddleware",
    "core.resilience.DatabaseUnavailableMiddleware",
]

# No inline scripts or styles anywhere: pages load their JavaScript and CSS as files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src "
    "'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors "
    "'none'"
)

ROOT_URLCONF = "gezondemarke.urls"
CSRF_FAILURE_VIEW = "gezondemarke.errors.csrf_failure"
WSGI_APPLICATION = "gezondemarke.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "core.context_processors.cache_generation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'gezondemarke.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "regioplan:overview"
LOGOUT_REDIRECT_URL = "regioplan:overview"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Hashed, compressed static files (whitenoise); production and the image build use these.
PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Login throttling (accounts/forms.py): this many failures per username or per address...
# Reverse proxies in front of the portal that append to X-Forwarded-For
# (0: none, trust REMOTE_ADDR).
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
# ...lock logins for this long.
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))

# Session: expire after inactivity.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 2)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Redis and Celery. Without REDIS_URL tasks run in process (eager), through the same code.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60

# "pages" holds whole public pages (core/pagecache.py). It must be shared by all
# web processes, so production (several gunicorn workers) needs REDIS_URL.
if REDIS_URL:
    CACHES = {
        # Tolerant: an unreachable Redis is an empty cache, so pages keep serving
        # (core/resilience.py).
        "default": {
            "BACKEND": "core.resilience.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "pages": {
            "BACKEND": "core.resilience.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "pages",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gezonde Marke <noreply@gezondemarke.nl>")

GOALS_PER_PAGE = 25

LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")  # "json" in production
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "()": "core.logging.UtcFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every page it lays out at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Monitoring
# Figures may belong to years from MONITORING_FIRST_YEAR up to the plan's horizon (2040). The
# plan compares with 2022 ("ten opzichte van 2022") and CBS series start earlier, so 2020.
MONITORING_FIRST_YEAR = int(os.environ.get("MONITORING_FIRST_YEAR", "2020"))
# A quarter's update is due this many days after the quarter ends.
MONITORING_DEADLINE_DAYS = int(os.environ.get("MONITORING_DEADLINE_DAYS", "15"))
# Days after the deadline during which a late update still enters the quarter's book.
MONITORING_LATE_DAYS = int(os.environ.get("MONITORING_LATE_DAYS", "14"))
# Reminder digests: this many days before the deadline, and this many days after it.
MONITORING_REMINDER_DAYS_BEFORE = int(os.environ.get("MONITORING_REMINDER_DAYS_BEFORE", "7"))
MONITORING_REMINDER_DAYS_AFTER = int(os.environ.get("MONITORING_REMINDER_DAYS_AFTER", "3"))
MONITORING_MAX_EVIDENCE_BYTES = int(
    os.environ.get("MONITORING_MAX_EVIDENCE_BYTES", str(10 * 1024 * 1024))
)
MONITORING_MAX_IMPORT_ROWS = 5000
# Small counts per wijk are not shown in public (pages, API, exports): a wijk figure of a KPI
# counted in numbers ("Aantal") below this threshold reads "minder dan 10" (docs/monitoring.md).
MONITORING_WIJK_MIN_COUNT = int(os.environ.get("MONITORING_WIJK_MIN_COUNT", "10"))
MONITORING_MAX_IMPORT_BYTES = 5 * 1024 * 1024  # an import file; larger ones are refused
CBS_ODATA_URL = os.environ.get("CBS_ODATA_URL", "https://opendata.cbs.nl/ODataApi/odata")
# Waarstaatjegemeente.nl (ABF's Swing Open Data Service, OData v4): the key goes in the
# `apikey` header of every request; without it the connector says so and fetches nothing.
WSJG_ODS_URL = os.environ.get("WSJG_ODS_URL", "https://wsjg.databank.nl/jiveservices/odata")
WSJG_API_KEY = os.environ.get("WSJG_API_KEY", "")

# Quarterly report: beat fires in the first week of each quarter; the task builds only on the
# quarter's first working day (weekdays, skipping New Year and Easter Monday).
REPORT_SCHEDULE_HOUR = int(os.environ.get("REPORT_SCHEDULE_HOUR", "6"))
REPORT_SCHEDULE_MINUTE = int(os.environ.get("REPORT_SCHEDULE_MINUTE", "0"))

CELERY_BEAT_SCHEDULE = {
    "monitoring-reminders": {
        "task": "monitoring.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "quarterly-report": {
        "task": "monitoring.tasks.scheduled_report",
        "schedule": crontab(
            hour=REPORT_SCHEDULE_HOUR,
            minute=REPORT_SCHEDULE_MINUTE,
            day_of_month="1-7",
            month_of_year="1,4,7,10",
        ),
    },
    "sweep-pending-reports": {
        "task": "monitoring.tasks.sweep_pending_reports",
        "schedule": crontab(minute="*/5"),
    },
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # with acks_late: one report per worker process at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when Redis is down: fail fast, the sweep enqueues it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
    # An unacknowledged task (its worker was killed) is delivered again after this long. It must
    # exceed the longest task (CELERY_TASK_TIME_LIMIT).
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "1800")),
}
CELERY_TASK_PUBLISH_RETRY = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880

# REST API (NL API Design Rules): see docs/api.md
# The sync watermark (core/api/watermark.py) lies this much before the oldest open transaction.
API_SYNC_MARGIN_SECONDS = int(os.environ.get("API_SYNC_MARGIN_SECONDS", "2"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.ReadOnlyOrPlanEditor"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.DutchPageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.problems.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.AnonRateThrottle",
        "core.api.throttling.AuthenticatedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
    },
    "URL_FORMAT_OVERRIDE": "formaat",
    "NUM_PROXIES": NUM_PROXIES,
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gezonde Marke API",
    "DESCRIPTION": (
        "De API van het portaal van Gezonde Marke: het Regioplan Drenthe (regio-opgaven, doelen, "
        "initiatieven, "
        "organisaties) en de monitoring (KPI's, meetwaarden, voortgangsrapportages, "
        "kwartaalrapporten). "
        "Het plan is openbaar: lezen mag zonder inloggen. Partners en het programmateam schrijven "
        "met een "
        "persoonlijke token (`Authorization: Token <sleutel>`), aan te maken op hun profielpagina. "
        "Volgt de NL API Design Rules: Nederlandse namen, versie in de URI, `API-Version`-header, "
        "fouten als `application/problem+json`, paginering met `page` en `page_size`, "
        "`gewijzigd_sinds` "
        "voor incrementele synchronisatie en ETag/Last-Modified voor voorwaardelijke verzoeken."
    ),
    "VERSION": "1.5.0",  # core.api.API_VERSION
    "OAS_VERSION": "3.0.3",
    "CONTACT": {
        "name": "Programmateam Gezonde Marke",
        "email": "info@gezondemarke.nl",
        "url": "https://www.gezondemarke.nl",
    },
    "LICENSE": {"name": "CC BY 4.0 (gegevens)"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Paths relative to the server URL, which holds the major version (ADR /core/uri-version).
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.adr_postprocess",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/swagger-ui/favicon-32x32.png",
    # The API's Dutch words (API 1.2): one enum name per set, where field names repeat.
    "ENUM_NAME_OVERRIDES": {
        "GoalStatusEnum": ["concept", "actief", "afgerond", "gearchiveerd"],
        "ReportStatusEnum": ["in_de_wachtrij", "wordt_gemaakt", "klaar", "mislukt"],
        "UpdateStatusEnum": ["concept", "ingediend", "teruggestuurd", "goedgekeurd"],
        "KpiSoortEnum": ["gemeten", "berekend"],
        "GoalSoortEnum": ["operationeel_doel", "oplossingsrichting"],
        "InbrengSoortEnum": ["idee", "zorg", "ervaring", "vraag"],
        "InitiatiefSoortEnum": [
            "zorgcooperatie",
            "dorps_of_buurtinitiatief",
            "ontmoetingsplek",
            "vervoer",
            "netwerk",
            "anders",
        ],
        "VerwijderingSoortEnum": ["verwijderd", "gearchiveerd", "verborgen"],
    },
}

# Participation (see docs/participatie.md for the retention period's justification)
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://localhost:8000")
# The public HTTPS address the API document names as its server (ADR: servers use https).
API_SERVER_URL = os.environ.get(
    "API_SERVER_URL",
    PORTAL_BASE_URL
    if PORTAL_BASE_URL.startswith("https://")
    else "https://portaal.gezondemarke.nl",
).rstrip("/")
# Two-step sign-in for the programme team, coordinators and admins (accounts/twofactor.py):
# required in production; elsewhere anyone may switch it on, and is then always asked.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=False)
OTP_TOTP_ISSUER = "Gezonde Marke"
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "3"))
# Account invitations: how long a link works, and how many one person sends an hour.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "7"))
INVITATION_LIMIT = int(os.environ.get("INVITATION_LIMIT", "20"))
# The collaboration pulse is shown per regio-opgave only where this many organisations answered.
PULSE_MIN_RESPONDENTS = int(os.environ.get("PULSE_MIN_RESPONDENTS", "3"))
PARTICIPATIE_RATE_LIMIT = int(os.environ.get("PARTICIPATIE_RATE_LIMIT", "5"))
PARTICIPATIE_RATE_WINDOW_SECONDS = int(os.environ.get("PARTICIPATIE_RATE_WINDOW_SECONDS", "3600"))
PARTICIPATIE_RETENTION_DAYS = int(os.environ.get("PARTICIPATIE_RETENTION_DAYS", "365"))
CELERY_BEAT_SCHEDULE["monitoring-review-digest"] = {
    "task": "monitoring.tasks.send_review_digest",
    "schedule": crontab(hour=7, minute=30),
}
CELERY_BEAT_SCHEDULE["participatie-digests"] = {
    "task": "participatie.tasks.send_digests",
    "schedule": crontab(minute=15),
}
CELERY_BEAT_SCHEDULE["participatie-retention"] = {
    "task": "participatie.tasks.remove_expired_personal_data",
    "schedule": crontab(hour=3, minute=30),
}
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "core.tasks.heartbeat",
    "schedule": 60.0,
}
