"""Logging: plain text in development, one JSON object per line in production.

``LOG_FORMAT=json`` (the default of ``ProductionConfig``) sends the app's records, and gunicorn's
when ``deploy/gunicorn.conf.py`` is used, to standard error as JSON that a log collector (journald,
Docker, Loki, ELK) can index without parsing free text. Standard library only.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

#: gunicorn's access-log atoms kept in a JSON access record, under readable names.
ACCESS_FIELDS = {
    "h": "remote_addr",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "a": "user_agent",
}


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time (UTC, ISO 8601), level, logger, message, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry["message"] = "request"
            for atom, name in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-", ""):
                    entry[name] = value
        else:
            entry["message"] = record.getMessage()
        request_fields = _request_fields()
        if request_fields:
            entry.update(request_fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _request_fields() -> dict[str, str]:
    """The method and path of the request being handled, if any (never its body or cookies)."""
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover - Flask is always installed with the app
        return {}
    if not has_request_context():
        return {}
    return {"http_method": request.method, "http_path": request.path}


def configure_logging(log_format: str, level: str = "INFO") -> bool:
    """In JSON mode, send every record to standard error as JSON (idempotent); True if so.

    In text mode nothing changes: Flask's and gunicorn's own handlers print plain lines.
    """
    if log_format != "json":
        return False
    root = logging.getLogger()
    # gunicorn's logconfig_dict (deploy/gunicorn.conf.py) may have put one there already.
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level.upper())
    return True
