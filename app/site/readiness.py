"""The checks behind ``/readyz``: can this process reach what it needs to serve requests?"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import text

from app.extensions import db

log = logging.getLogger(__name__)


def check_database() -> str:
    """Return "ok" when a trivial query succeeds, otherwise "unavailable"."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure means not ready; the reason goes to the log, not the page
        log.warning("readiness: the database does not answer", exc_info=True)
        db.session.rollback()
        return "unavailable"
    finally:
        db.session.close()
    return "ok"


def redis_urls(config: Mapping) -> dict[str, str]:
    """The Redis servers this configuration uses: rate limits and the shared cache."""
    urls = {}
    limits = config.get("RATELIMIT_STORAGE_URI") or ""
    if limits.startswith(("redis://", "rediss://")):
        urls["redis_rate_limits"] = limits
    cache_url = config.get("CACHE_REDIS_URL") or ""
    if cache_url and cache_url != limits:
        urls["redis_cache"] = cache_url
    return urls


def check_redis(url: str, timeout: float) -> str:
    """Return "ok" when the Redis server at ``url`` answers PING within ``timeout`` seconds."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        return "ok" if client.ping() else "unavailable"
    except redis.RedisError:
        log.warning("readiness: Redis does not answer", exc_info=True)
        return "unavailable"
    finally:
        client.close()
