"""What every iCalendar file of the site shares: who produced it and the events' UIDs.

The product identifier (PRODID) names the platform from the site settings
(:mod:`app.common.identity`), so a calendar app shows whose calendar it is. UIDs must not
change when an administrator renames the platform, yet must differ between two cities running
the platform (a person may subscribe to both): their domain is the host of the configured
``SITE_URL``, the same for every process, page and feed.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from flask import current_app

#: The UID domain when ``SITE_URL`` names no host.
FALLBACK_DOMAIN = "konsulta"


def prodid(platform: str, product: str) -> str:
    """``-//<platform>//<product>//PL`` (the separator never doubled inside the name)."""
    return f"-//{platform.replace('//', '/')}//{product}//PL"


def uid_domain() -> str:
    """The right-hand side of every event's UID: the configured site's host name."""
    host = urlsplit(current_app.config.get("SITE_URL") or "").hostname
    return host or FALLBACK_DOMAIN


def slug(text: str, fallback: str = "konsulta") -> str:
    """A file name's part from ``text``: "Sądecka Konsulta" → "sadecka-konsulta"."""
    text = text.lower().replace("ł", "l")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-") or fallback
