"""The one place that turns user text into safe HTML. Nothing else imports bleach.

Markdown is rendered first and the resulting HTML is then cleaned against a named allowlist
profile, so that raw HTML typed into the Markdown (``<script>``, ``onerror=``, ``javascript:``
links) never reaches a page.
"""

from __future__ import annotations

import bleach
import markdown as md
from bleach.linkifier import DEFAULT_CALLBACKS

PROFILES: dict[str, dict] = {
    "rich": {
        "tags": {
            "p",
            "br",
            "strong",
            "em",
            "b",
            "i",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
            "h2",
            "h3",
            "h4",
            "a",
            "hr",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        },
        "attributes": {"a": ["href", "title", "rel"], "th": ["scope"]},
    },
    "basic": {
        "tags": {"p", "br", "strong", "em", "ul", "ol", "li", "a"},
        "attributes": {"a": ["href", "title", "rel"]},
    },
}
PROTOCOLS = {"http", "https", "mailto"}


def _nofollow(attrs: dict, new: bool = False) -> dict:
    return DEFAULT_CALLBACKS[0](attrs, new)


def sanitize_html(html: str, profile: str = "rich") -> str:
    """Clean HTML against the allowlist ``profile``; disallowed tags are escaped, not kept."""
    rules = PROFILES[profile]
    cleaned = bleach.clean(
        html,
        tags=rules["tags"],
        attributes=rules["attributes"],
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    return bleach.linkify(cleaned, callbacks=[_nofollow], skip_tags={"pre", "code"})


def render_markdown(text: str | None, profile: str = "rich") -> str:
    """Render Markdown to sanitised HTML (empty string for empty input)."""
    if not text or not text.strip():
        return ""
    html = md.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    # Headings typed as "#" would outrank the page's own h1; shift them down a level.
    for level in (3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return sanitize_html(html, profile)


def plain_text(text: str | None) -> str:
    """Strip every tag, leaving text safe to show in any context."""
    return bleach.clean(text or "", tags=set(), strip=True)
