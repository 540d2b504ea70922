"""Configuration classes, read from environment variables.

``Config`` is the embedded default (SQLite under ``instance/``, in-process rate limits, e-mail to
the console). ``ProductionConfig`` refuses to start without a secret key and a database URL.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{BASE_DIR / 'instance' / 'konsulta.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

    # Languages: Polish is the default, English the second.
    LANGUAGES = ("pl", "en")
    BABEL_DEFAULT_LOCALE = "pl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Warsaw"
    LANGUAGE_COOKIE = "konsulta_lang"

    # Cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SEND_HSTS = False

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    MAX_CONTENT_LENGTH = 11 * 1024 * 1024  # an upload of 10 MB plus the rest of the form

    # Mail: printed to the log unless MAIL_SERVER is set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Konsulta <no-reply@konsulta.local>"
    )
    MAIL_TO_CONSOLE = not bool(os.environ.get("MAIL_SERVER"))
    #: The site's public address, for links in e-mails written outside a request (cron jobs).
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000")
    #: Outbox delivery: attempts before a message is marked failed, and the waits between them.
    OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "6"))
    OUTBOX_BACKOFF_SECONDS = (60, 300, 1800, 7200, 43200)
    OUTBOX_BATCH_SIZE = 50
    #: A message claimed longer ago than this by a worker that died is claimed again.
    OUTBOX_STALE_CLAIM_SECONDS = 900

    # Token lifetimes (seconds).
    CONFIRM_TOKEN_MAX_AGE = 3 * 24 * 3600
    RESET_TOKEN_MAX_AGE = 3600

    # Rate limits (Flask-Limiter). Memory by default; Redis via RATELIMIT_STORAGE_URI.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_STRATEGY = "fixed-window"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "5 per minute;30 per hour")
    RESET_RATE_LIMIT = os.environ.get("RESET_RATE_LIMIT", "5 per minute;30 per hour")
    RECEIPT_RATE_LIMIT = os.environ.get("RECEIPT_RATE_LIMIT", "20 per minute;200 per hour")
    #: Requests to the open data API (/api/v1) per client address.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120 per minute;3000 per hour")

    # Cache of rendered fragments (Flask-Caching): each process keeps its own in memory
    # (SimpleCache); with CACHE_REDIS_URL (or CACHE_TYPE=RedisCache) the processes share Redis.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_TYPE = os.environ.get("CACHE_TYPE") or (
        "RedisCache" if CACHE_REDIS_URL else "SimpleCache"
    )
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_DEFAULT_TIMEOUT", "3600"))
    CACHE_KEY_PREFIX = "konsulta:"

    PAGE_SIZE = 20

    # Operations (see deploy/README.md).
    #: "text" (development) or "json" (one JSON object per line; the production default).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: How many reverse proxies sit in front of the app and set X-Forwarded-For/-Proto
    #: (werkzeug's ProxyFix); 0 trusts none of these headers.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    #: Readiness (/readyz) also pings Redis when a rate-limit or cache URL names it.
    READYZ_TIMEOUT_SECONDS = float(os.environ.get("READYZ_TIMEOUT_SECONDS", "2"))

    #: A commenting stage shorter than this needs a public justification.
    MIN_COMMENTING_DAYS = int(os.environ.get("MIN_COMMENTING_DAYS", "7"))
    #: Secret votes: the set-up form's default of the fewest ballots with which the ballots
    #: file is published (each vote keeps its own number).
    VOTE_MIN_BALLOTS_FOR_PUBLICATION = int(os.environ.get("VOTE_MIN_BALLOTS_FOR_PUBLICATION", "5"))
    ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    #: The city's standing "ideas box": proposals outside any consultation round.
    IDEAS_BOX_ENABLED = _env_bool("IDEAS_BOX_ENABLED", True)

    # The site's identity: defaults until an administrator saves the settings page
    # (app.common.identity).
    SITE_PLATFORM_NAME = os.environ.get("SITE_PLATFORM_NAME", "Konsulta")
    SITE_BODY_NAME_PL = os.environ.get("SITE_BODY_NAME_PL", "Urząd Miasta")
    SITE_BODY_NAME_EN = os.environ.get("SITE_BODY_NAME_EN", "City Office")
    SITE_OFFICE_NAME = os.environ.get("SITE_OFFICE_NAME", "")
    SITE_OFFICE_EMAIL = os.environ.get("SITE_OFFICE_EMAIL", "")
    SITE_OFFICE_PHONE = os.environ.get("SITE_OFFICE_PHONE", "")
    SITE_OFFICE_ADDRESS = os.environ.get("SITE_OFFICE_ADDRESS", "")
    SITE_BIP_URL = os.environ.get("SITE_BIP_URL", "")
    #: The privacy notice's controller and how to reach the data protection officer.
    SITE_PRIVACY_CONTROLLER = os.environ.get("SITE_PRIVACY_CONTROLLER", "")
    SITE_DPO_CONTACT = os.environ.get("SITE_DPO_CONTACT", "")
    #: Extra footer links, one "label | https://address" per line (or separated by "\n").
    SITE_FOOTER_LINKS = os.environ.get("SITE_FOOTER_LINKS", "")
    #: How long a process may show settings saved by another process (its own saves: at once).
    SITE_SETTINGS_CACHE_SECONDS = int(os.environ.get("SITE_SETTINGS_CACHE_SECONDS", "60"))
    SITE_LOGO_MAX_BYTES = 512 * 1024
    SITE_FAVICON_MAX_BYTES = 100 * 1024
    #: Accessibility requests (the statement's form) per client address.
    ACCESS_REQUEST_RATE_LIMIT = os.environ.get(
        "ACCESS_REQUEST_RATE_LIMIT", "5 per minute;20 per day"
    )

    # RODO (GDPR) rights (app.privacy).
    #: The version of the privacy notice a new account agrees to; change it with the notice.
    PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12-06")
    #: Downloads of one's own data (generated on request) per person.
    DATA_EXPORT_RATE_LIMIT = os.environ.get("DATA_EXPORT_RATE_LIMIT", "3 per minute;20 per day")
    #: `flask privacy retention`: unconfirmed accounts are anonymised after this many days, and
    #: notifications read this many days ago are deleted.
    UNCONFIRMED_ACCOUNT_RETENTION_DAYS = int(
        os.environ.get("UNCONFIRMED_ACCOUNT_RETENTION_DAYS", "30")
    )
    READ_NOTIFICATION_RETENTION_DAYS = int(
        os.environ.get("READ_NOTIFICATION_RETENTION_DAYS", "365")
    )
    #: `flask privacy retention`: the requester's name, e-mail and phone are erased from access
    #: requests (the accessibility statement's form) answered or closed this many days ago.
    ACCESS_REQUEST_RETENTION_DAYS = int(os.environ.get("ACCESS_REQUEST_RETENTION_DAYS", "365"))


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105 - fixed key for tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    MAIL_TO_CONSOLE = False
    MAIL_SUPPRESS_SEND = True
    SERVER_NAME = None


class ProductionConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    SEND_HSTS = True
    MAIL_TO_CONSOLE = False
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    #: Settings without which the app factory refuses to start.
    REQUIRED_SETTINGS = ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI")


#: Chosen by KONSULTA_CONFIG in ``wsgi.py`` (gunicorn and the production CLI).
CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
