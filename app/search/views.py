"""The results page of the search box in the header."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.common.timeutil import utcnow
from app.organizations.permissions import is_official
from app.search import index, sources
from app.search.models import SearchEntry

#: Results of each kind on the page of all kinds, and on the page of one kind.
PER_KIND, PER_PAGE = 5, 30
MAX_QUERY = 200

KIND_LABELS = {
    "consultation": _l("Consultations"),
    "unit": _l("Draft provisions"),
    "remark": _l("Comments"),
    "answer": _l("Answers to comments"),
    "proposal": _l("Proposals"),
    "option": _l("Vote options"),
    "meeting": _l("Consultation meetings"),
    "survey": _l("Surveys"),
    "organization": _l("Organizations"),
    "event": _l("Events"),
    "opportunity": _l("Opportunities"),
    "programme_task": _l("Tasks of the programmes of cooperation"),
    "task_update": _l("Updates on the implementation of tasks"),
    "programme_report": _l("Programme implementation reports"),
}


def link(entry: SearchEntry) -> str:
    url = url_for(entry.endpoint, **(entry.url_values or {}))
    return f"{url}#{entry.anchor}" if entry.anchor else url


def results():
    """Everything the query finds that the visitor may see, grouped by kind."""
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    kind = request.args.get("kind", "")
    if kind not in sources.KINDS:
        kind = ""
    page = request.args.get("page", 1, type=int) or 1
    page = max(1, min(page, 100))
    groups: list[index.Group] = []
    if query:
        if kind:
            groups = index.search(
                query,
                staff=is_official(current_user),
                now=utcnow(),
                kinds=[kind],
                limit=PER_PAGE,
                offset=(page - 1) * PER_PAGE,
            )
        else:
            groups = index.search(
                query, staff=is_official(current_user), now=utcnow(), limit=PER_KIND
            )
    return render_template(
        "search/results.html",
        query=query,
        kind=kind,
        page=page,
        groups=groups,
        labels=KIND_LABELS,
        link=link,
        kinds=sources.KINDS,
    )
