"""Settings, all read from the environment (12-factor). See .env.example for every variable."""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from celery.schedules import crontab
from dotenv import load_dotenv
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent

# A local, git-ignored `.env` (`make run` writes one for development: DEBUG on, generated keys) fills in the
# variables the environment does not set; the real environment always wins. ENV_FILE names another file,
# ENV_FILE=none reads none (tests, production checks). Without DEBUG and real keys, start-up still refuses.
ENV_FILE = os.environ.get("ENV_FILE", "").strip() or str(BASE_DIR / ".env")
if ENV_FILE.lower() != "none" and Path(ENV_FILE).is_file():
    load_dotenv(ENV_FILE, override=False)


# An empty variable counts as unset (a copied .env.example leaves many of them empty).
def env_str(name, default=""):
    return os.environ.get(name, "").strip() or default


def env_bool(name, default=False):
    value = env_str(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [part.strip() for part in env_str(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # A fixed key is acceptable with DEBUG on only (development); without DEBUG the line above refuses to start.
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105  # nosec B105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first: their Chinese translations win over third-party catalogues for shared msgids.
    "enforcement.core",
    "enforcement.accounts",
    "enforcement.audit",
    "enforcement.outbox",
    "townships",
    "catalog",
    "cases",
    "planning",
    "mobile",
    "intake",
    "assessment",
    "rollup",
    "credit",
    "geo",
    "enforcement.dashboard",
    "enforcement.reports",
    "enforcement.workcalendar",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # the recovery codes
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "enforcement.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "enforcement.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "enforcement.core.middleware.RequestContextMiddleware",
    "enforcement.core.sanitize.InputSanitizingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "enforcement.accounts.middleware.OTPMiddleware",  # django-otp's, plus: unverified sessions go to the OTP pages
    "enforcement.accounts.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "enforcement.core.middleware.AuditlogMiddleware",  # django-auditlog's, its receiver connected once
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "enforcement.urls"
WSGI_APPLICATION = "enforcement.wsgi.application"

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
                "enforcement.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default (`make run`) under concurrent writes: BEGIN IMMEDIATE takes the write lock when a
    # transaction starts, so a second writer waits (busy timeout) instead of failing with "database is
    # locked"; WAL lets readers go on meanwhile (docs/adr/0008-transition-inputs.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env_str("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# A PostgreSQL streaming replica for the figures' reads (reports, dashboard, exports): enforcement.core.replica.
# Without it every read goes to the primary. Tests mirror it onto the default database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL,
                                                 conn_max_age=int(env_str("DB_CONN_MAX_AGE", "60")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["enforcement.core.replica.ReplicaRouter"]
# Behind PgBouncer in transaction pooling (docker-compose profile `scale`) a server-side cursor cannot span
# transactions: iterate client-side instead.
if env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", False):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "enforcement.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "enforcement.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "enforcement.accounts.validators.PasswordHistoryValidator", "OPTIONS": {"history": 5}},
]
PASSWORD_MAX_AGE_DAYS = int(env_str("PASSWORD_MAX_AGE_DAYS", "90"))
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session expires after this many idle seconds (its expiry slides with use, below).
SESSION_COOKIE_AGE = int(env_str("SESSION_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
# The expiry slides with use, refreshed at most once a minute (core.middleware.SessionRefreshMiddleware):
# rewriting the session row on every request was a write per page view.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "enforcement.core.errors.csrf_failure"  # Chinese, in the site's layout

# django-axes: 5 failures lock the username for 30 minutes, on the login page and the token endpoint.
AXES_FAILURE_LIMIT = int(env_str("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env_str("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by IP too would lock a whole township office behind one NAT address after five typos;
# per-IP abuse is throttled instead (DRF throttles, the proxy's rate limit).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: covering indexes' INCLUDE columns (PostgreSQL) are simply not used there.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "enforcement.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Two factors (SECURITY §5, GB/T 22239 level 3): the roles that must sign in with a TOTP code (django-otp).
# Role values; adding a role is one line. Other roles may enrol a device voluntarily, and then need it too.
OTP_REQUIRED_ROLES = [
    "admin",  # 系统管理员
    "security_admin",  # 安全管理员 (三员分立)
    "auditor",  # 审计管理员
    "bureau_staff",
    "township_reviewer",
    "district_reviewer",
    "leader",
]
OTP_TOTP_ISSUER = "综合行政执法平台"
OTP_RECOVERY_CODE_COUNT = 10
# Login attempts one client address may make per window, whatever the usernames (lockout abuse).
LOGIN_THROTTLE_PER_IP = int(env_str("LOGIN_THROTTLE_PER_IP", "30"))
LOGIN_THROTTLE_WINDOW_SECONDS = int(env_str("LOGIN_THROTTLE_WINDOW_SECONDS", "300"))
# Reverse proxies in front of gunicorn whose X-Forwarded-For may be trusted (0: only REMOTE_ADDR counts).
TRUSTED_PROXY_HOPS = int(env_str("TRUSTED_PROXY_HOPS", "0"))
if TRUSTED_PROXY_HOPS:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_HOPS
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

API_TOKEN_TTL_DAYS = int(env_str("API_TOKEN_TTL_DAYS", "30"))
# How long a client request id (phone outbox re-sends, SECURITY §22) is remembered.
CLIENT_REQUEST_RETENTION_DAYS = int(env_str("CLIENT_REQUEST_RETENTION_DAYS", "90"))
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "Demo@2026pass")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# gunicorn serves the static files itself (WhiteNoise): hashed, compressed, cached for a year.
# Production runs `collectstatic` at image build; DEBUG serves them unhashed without it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "enforcement.core.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", BASE_DIR / "media"))
# Signed checkpoints of the audit chain's head (SECURITY §12), on a path apart from the database and media.
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", BASE_DIR / "var" / "audit-checkpoints"))
# HMAC key of the checkpoints; empty: derived from SECRET_KEY. Kept outside the database.
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY", "")
# The audit log export (auditor only, xlsx/CSV, audited) stops after this many rows and says so (X-Export-Capped).
AUDIT_EXPORT_MAX_ROWS = int(env_str("AUDIT_EXPORT_MAX_ROWS", "50000"))
# The chain check page runs the check in the request up to this many events (about 15 µs each: 2 million ≈ 30 s,
# within gunicorn's 60 s timeout); above it the check is queued to the worker and its result shows when done.
AUDIT_VERIFY_PAGE_MAX_EVENTS = int(env_str("AUDIT_VERIFY_PAGE_MAX_EVENTS", "2000000"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "enforcement.accounts.authentication.DeviceTokenAuthentication",
        "enforcement.accounts.authentication.OTPSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["enforcement.core.renderers.FastJSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    # API write bodies are JSON (issue 18 item 2); only the upload views list MultiPartParser themselves
    # (case/inspection evidence, clue photos, the imports). The pages keep their forms (Django, not DRF).
    "DEFAULT_PARSER_CLASSES": ["enforcement.core.sanitize.SafeJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "enforcement.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "enforcement.core.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "enforcement.core.throttling.AnonRateThrottle",
        "enforcement.core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "1200/min"),
        "token": env_str("API_THROTTLE_TOKEN", "20/min"),
    },
    "EXCEPTION_HANDLER": "enforcement.core.api.exception_handler",
    # Throttles key on the client address: trust X-Forwarded-For only as far as our own proxies (without
    # this, DRF would key on the whole client-supplied header and a forged one would dodge every throttle).
    "NUM_PROXIES": TRUSTED_PROXY_HOPS,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "综合行政执法平台 API",
    "DESCRIPTION": "县级综合行政执法平台 REST API (v1)。PDA 客户端使用 Token 认证,浏览器使用会话认证。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Enum names as usual, then every operation's 4xx answers (core.schema).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "enforcement.core.schema.document_error_responses"],
    # The schema and the docs page are for signed-in users (and PDA vendors with a token), not the public.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One name per choice set shared by several serializers (townships, case transition inputs).
    "ENUM_NAME_OVERRIDES": {
        "ExamKindEnum": "townships.qualification_models.QualificationExam.Kind",
        "PenaltyKindEnum": "catalog.models.PenaltyKind",
        "NoPenaltyGroundEnum": "cases.models.NoPenaltyGround",
        "CoerciveReleaseReasonEnum": "cases.models_coercive.ReleaseReason",
        "ReasonEnum": "catalog.models.Adjustment.Reason",
        "MitigationGroundEnum": "cases.models.MitigationGround",
        "DiscretionLevelEnum": "catalog.models.DiscretionLevel",
        "StatementOutcomeEnum": "cases.inputs.base.STATEMENT_OUTCOMES",
        "CorrectionOutcomeEnum": "cases.inputs.base.CORRECTION_OUTCOMES",
        "EvidenceKindEnum": "cases.models.Evidence.Kind",
        "ClueSourceEnum": "intake.models.clue.Source",
        "ClueStateEnum": "intake.models.clue.State",
        "DispatchStatusEnum": "intake.models.field.Dispatch.Status",
        "CaseSourceEnum": "cases.models.Source",
        "CalendarSourceEnum": "enforcement.workcalendar.models.Source",
        "CalendarDayKindEnum": "enforcement.workcalendar.models.DayKind",
        "ItemStatusEnum": "catalog.models.ItemStatus",
        "PatrolFrequencyEnum": "intake.models.patrols.Frequency",
        "InspectionFrequencyEnum": "planning.models.Frequency",
        "PlaceKindEnum": "geo.models.PlaceKind",
        "GeocodePrecisionEnum": "geo.models.Precision",
    },
}

REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL or "cache+memory://")
# Without Redis the site runs stand-alone: tasks execute in-process.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Queues split by kind of work (issue 14), so that workers scale per queue: `celery worker -Q documents`
# on one machine, `-Q reports,imports` on another. A worker started without -Q consumes all of them.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "documents", "reports", "imports")]
CELERY_TASK_ROUTES = {
    "cases.tasks.generate_case_document": {"queue": "documents"},
    "enforcement.reports.tasks.*": {"queue": "reports"},
    "intake.tasks.refresh_rollups": {"queue": "reports"},
    "catalog.tasks.run_import_job": {"queue": "imports"},
    "catalog.tasks.apply_due_adjustments": {"queue": "imports"},
}
CELERY_BEAT_SCHEDULE = {
    "monthly-report": {
        "task": "enforcement.reports.tasks.generate_previous_month_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    "audit-chain-verify": {
        "task": "enforcement.audit.tasks.verify_audit_chain",
        "schedule": crontab(minute=30, hour=2),
    },
    "audit-checkpoint": {  # anchors the head of the chain outside the table (tail truncation is detected)
        "task": "enforcement.audit.tasks.write_audit_checkpoint",
        "schedule": crontab(minute="*/10"),
    },
    "catalog-apply-due-adjustments": {
        "task": "catalog.tasks.apply_due_adjustments",
        "schedule": crontab(minute=5, hour=0),
    },
    "purge-client-requests": {
        "task": "enforcement.core.tasks.purge_client_requests",
        "schedule": crontab(minute=45, hour=2),
    },
    "outbox-drain": {  # side effects that could not be sent when their change committed (broker down)
        "task": "enforcement.outbox.tasks.drain_outbox",
        "schedule": crontab(),
    },
    "outbox-purge-sent": {
        "task": "enforcement.outbox.tasks.purge_sent_messages",
        "schedule": crontab(minute=50, hour=2),
    },
    "intake-daily-rollup": {
        "task": "intake.tasks.refresh_rollups",
        "schedule": crontab(minute=20, hour=1),
    },
    "reports-rollups": {
        "task": "enforcement.reports.tasks.refresh_rollups",
        "schedule": crontab(minute=40, hour=1),
    },
    "cases-publish-decisions": {  # 行政处罚法 art. 48: anything delivered and not yet published
        "task": "cases.tasks.publish_missing_decisions",
        "schedule": crontab(minute=50, hour=1),
    },
}
# 行政处罚法 art. 48: penalty decisions are published within this many working days of the decision.
PUBLICATION_WORKDAYS = int(env_str("PUBLICATION_WORKDAYS", "20"))
# The case list export (xlsx/CSV, masked, audited) stops after this many rows and says so (X-Export-Capped).
CASE_EXPORT_MAX_ROWS = int(env_str("CASE_EXPORT_MAX_ROWS", "10000"))
# 信用修复: the publicity period of administrative penalty information, in months from the day of the decision
# (国家发展改革委《失信行为纠正后的信用信息修复管理办法（试行）》, 令2023年第58号):
# a general breach (一般失信行为) is published for at least 3 and at most 12 months, a serious breach (严重失信行为)
# for at least 12 and at most 36 months. Credit repair (early end of the publicity) may be applied for once the
# minimum has passed and the obligations of the decision are fulfilled; at the maximum the publicity ends by itself.
CREDIT_PUBLICITY_MIN_MONTHS = int(env_str("CREDIT_PUBLICITY_MIN_MONTHS", "3"))
CREDIT_PUBLICITY_MAX_MONTHS = int(env_str("CREDIT_PUBLICITY_MAX_MONTHS", "12"))
CREDIT_PUBLICITY_MIN_MONTHS_SERIOUS = int(env_str("CREDIT_PUBLICITY_MIN_MONTHS_SERIOUS", "12"))
CREDIT_PUBLICITY_MAX_MONTHS_SERIOUS = int(env_str("CREDIT_PUBLICITY_MAX_MONTHS_SERIOUS", "36"))

CACHES = {
    "default": (
        # Redis, shared by every worker; a local per-process cache while Redis is unreachable (core.cache).
        {"BACKEND": "enforcement.core.cache.FallbackRedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Personal-data protection: key kept outside the database (env or file), never in the repository.
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", "")
if not FIELD_ENCRYPTION_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DEBUG is off.")
    FIELD_ENCRYPTION_KEY = "ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE="  # noqa: S105

# Row history of every model change (django-auditlog); secrets and noise excluded.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "audit", "auditlog", "axes", "sessions", "contenttypes", "admin", "accounts.passwordhistory",
    "django_celery_beat.periodictasks", "django_celery_beat.solarschedule",
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login", "key_hash", "last_used_at")
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# Hardening (manage.py check --deploy clean when DEBUG is off).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The map (issue 16, ADR 0012). The basemap is the bureau's: a tile URL template ({z}/{x}/{y}, optional {s})
# such as 天地图 with its key or a tile server of its own; empty = zone outlines on a plain background and
# no external request. The CSP's img-src allows exactly the hosts this template names, nothing else.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
MAP_TILE_SUBDOMAINS = env_list("MAP_TILE_SUBDOMAINS", "")
# The coordinate system the tiles are drawn in: wgs84 (天地图, CGCS2000 ≈ WGS-84) or gcj02 (Gaode/Tencent).
MAP_TILE_COORDINATES = env_str("MAP_TILE_COORDINATES", "wgs84").lower()
if MAP_TILE_COORDINATES not in {"wgs84", "gcj02"}:
    raise ImproperlyConfigured("MAP_TILE_COORDINATES must be wgs84 or gcj02.")
MAP_TILE_MAX_ZOOM = int(env_str("MAP_TILE_MAX_ZOOM", "18"))


def _tile_origins(template, subdomains):
    from urllib.parse import urlsplit

    if not template:
        return []
    parts = urlsplit(template.replace("{s}", "SUBDOMAIN"))
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        raise ImproperlyConfigured("MAP_TILE_URL must be an absolute http(s) URL template.")
    hosts = [parts.netloc.replace("SUBDOMAIN", sub) for sub in (subdomains or ["a", "b", "c"])] \
        if "SUBDOMAIN" in parts.netloc else [parts.netloc]
    return [f"{parts.scheme}://{host}" for host in dict.fromkeys(hosts)]


MAP_TILE_ORIGINS = _tile_origins(MAP_TILE_URL, MAP_TILE_SUBDOMAINS)
# Officers seen (patrol, arrival, a record with a position) within this many minutes count as on duty.
MAP_ON_DUTY_MINUTES = int(env_str("MAP_ON_DUTY_MINUTES", "120"))
# How many nearest on-duty officers triage proposes for a clue with coordinates.
MAP_NEAREST_OFFICERS = int(env_str("MAP_NEAREST_OFFICERS", "3"))
# Most points one map layer draws (the newest first; the page says when more matched).
MAP_MAX_POINTS = int(env_str("MAP_MAX_POINTS", "3000"))
# Largest GeoJSON boundary file accepted, in bytes.
MAP_GEOJSON_MAX_BYTES = int(env_str("MAP_GEOJSON_MAX_BYTES", str(5 * 1024 * 1024)))

# Geocoding (ADR 0019): addresses without coordinates are placed by the bureau's gazetteer (地名地址库, offline,
# always). With both GEOCODER_URL and GEOCODER_KEY set, the online geocoder (天地图 地理编码 API,
# e.g. https://api.tianditu.gov.cn/geocoder) is asked too, through the outbox so intake never waits on it;
# without them no request is ever made.
GEOCODER_URL = env_str("GEOCODER_URL", "")
GEOCODER_KEY = env_str("GEOCODER_KEY", "")
if GEOCODER_URL and not GEOCODER_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("GEOCODER_URL must be an absolute http(s) URL.")
# Seconds to wait for the online geocoder before its answer is given up (the gazetteer's stands).
GEOCODER_TIMEOUT = float(env_str("GEOCODER_TIMEOUT", "3"))
# The coordinate system of the online geocoder's answers: wgs84 (天地图, CGCS2000) or gcj02 (Gaode/Tencent).
GEOCODER_COORDINATES = env_str("GEOCODER_COORDINATES", "wgs84").lower()
if GEOCODER_COORDINATES not in {"wgs84", "gcj02"}:
    raise ImproperlyConfigured("GEOCODER_COORDINATES must be wgs84 or gcj02.")

CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src " + " ".join(["'self'", "data:", *MAP_TILE_ORIGINS]) + "; "
    "style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Legal amounts (DESIGN §3), documented in the README. Art. 51's simple-procedure limits are national law (200 /
# 3,000 yuan): configurable only to follow a future amendment, never per province. The others are local rules.
SIMPLE_PROCEDURE_MAX_FINE_CITIZEN = env_str("SIMPLE_PROCEDURE_MAX_FINE_CITIZEN", "200")
SIMPLE_PROCEDURE_MAX_FINE_ORG = env_str("SIMPLE_PROCEDURE_MAX_FINE_ORG", "3000")
MAJOR_FINE_CITIZEN = env_str("MAJOR_FINE_CITIZEN", "10000")
MAJOR_FINE_ORG = env_str("MAJOR_FINE_ORG", "100000")
# Art. 63 "large fine" giving a right to a hearing; provinces often set it below the major-case amount.
HEARING_FINE_CITIZEN = env_str("HEARING_FINE_CITIZEN", MAJOR_FINE_CITIZEN)
HEARING_FINE_ORG = env_str("HEARING_FINE_ORG", MAJOR_FINE_ORG)
# Art. 63 (二) "large confiscation" (没收较大数额违法所得、没收较大价值非法财物) giving a right to a hearing.
HEARING_CONFISCATION_CITIZEN = env_str("HEARING_CONFISCATION_CITIZEN", HEARING_FINE_CITIZEN)
HEARING_CONFISCATION_ORG = env_str("HEARING_CONFISCATION_ORG", HEARING_FINE_ORG)
# 首违不罚 (art. 33 (1)): a violation is a first one when the party (same ID / USCC number) has no other case
# in this county within this many days before it, on the same item ("item") or in the same domain ("domain").
FIRST_VIOLATION_LOOKBACK_DAYS = int(env_str("FIRST_VIOLATION_LOOKBACK_DAYS", "365"))
FIRST_VIOLATION_SCOPE = env_str("FIRST_VIOLATION_SCOPE", "domain")
# Art. 60: an extension of the decision deadline adds at most this many days per approval, this many approvals.
CASE_EXTENSION_MAX_DAYS = int(env_str("CASE_EXTENSION_MAX_DAYS", "30"))
CASE_EXTENSION_MAX_APPROVALS = int(env_str("CASE_EXTENSION_MAX_APPROVALS", "1"))
# Art. 61, 民事诉讼法 art. 95: a decision delivered by public notice counts as delivered this many days after the
# notice (30 by the law; a setting only for a future amendment).
PUBLIC_NOTICE_DELIVERY_DAYS = int(env_str("PUBLIC_NOTICE_DELIVERY_DAYS", "30"))

# The issuing agency, printed on documents and on the public verify page (行政行为码).
AGENCY_NAME = env_str("AGENCY_NAME", "示范县综合行政执法局")
# Art. 59 (五): where the party applies for administrative review and brings a lawsuit (printed on decisions).
REVIEW_AUTHORITY = env_str("REVIEW_AUTHORITY", "示范县人民政府")
LITIGATION_COURT = env_str("LITIGATION_COURT", "示范县人民法院")
AGENCY_REGION_CODE = env_str("AGENCY_REGION_CODE", "330299")
# Public base URL printed in the QR codes of documents (e.g. https://zhifa.example.gov.cn); empty: path only.
SITE_URL = env_str("SITE_URL", "")
# Largest catalogue import file accepted (bytes).
CATALOG_IMPORT_MAX_BYTES = int(env_str("CATALOG_IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))

# Officer qualifications: training hours each officer should attend per year (seed 003 reached ~170).
TRAINING_HOURS_TARGET = env_str("TRAINING_HOURS_TARGET", "60")
# Officer assessment (考核): the township's share of a posted officer's entered scores (seed 003: at least 50,
# checked by `manage.py check`) and the share of the score computed from the records (assessment/officers.py).
ASSESSMENT_TOWNSHIP_WEIGHT = env_str("ASSESSMENT_TOWNSHIP_WEIGHT", "60")
ASSESSMENT_RECORD_WEIGHT = env_str("ASSESSMENT_RECORD_WEIGHT", "40")

# County → city → province roll-up (rollup app). This deployment's county code and name on its exports, and its
# Ed25519 private key (PEM, base64-encoded on one line) that signs them; empty: exports are refused. A city or
# province deployment registers each county's public key (rollup admin / `manage.py rollup_register`).
ROLLUP_COUNTY_CODE = env_str("ROLLUP_COUNTY_CODE", "")
ROLLUP_SIGNING_KEY = env_str("ROLLUP_SIGNING_KEY", "")

# Intake and the command centre (issue 10): response and reply deadlines, duplicate window.
# Urgent clues: officers on the spot within this many minutes of the dispatch.
CLUE_ARRIVE_MINUTES_URGENT = int(env_str("CLUE_ARRIVE_MINUTES_URGENT", "30"))
# Normal clues: on the spot within this many working days (art. 85 calendar) of the dispatch.
CLUE_ARRIVE_WORKDAYS_NORMAL = int(env_str("CLUE_ARRIVE_WORKDAYS_NORMAL", "2"))
# A complainant with contact details is answered within this many working days of the intake (12345 rule).
CLUE_REPLY_WORKDAYS = int(env_str("CLUE_REPLY_WORKDAYS", "5"))
# Triage looks for possible duplicates among the clues received in the last N days.
CLUE_DUPLICATE_DAYS = int(env_str("CLUE_DUPLICATE_DAYS", "7"))
# Longest rectification period an early warning (预警) may set, in days.
CLUE_WARNING_MAX_DAYS = int(env_str("CLUE_WARNING_MAX_DAYS", "90"))
