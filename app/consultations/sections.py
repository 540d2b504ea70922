"""Sections that wings built on consultations add to a round's pages (a small registry).

The round page and the report belong to this wing, which imports no wing above it; meetings and
surveys register a function here that renders their part (``register``), and the templates ask
for the parts with the ``round_sections`` template global. A section function takes the round
and returns markup, or "" when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

#: Where a section goes: on the round's page, or in its report.
PLACES = ("round", "report")

_SECTIONS: dict[str, list[Callable[[Any], Any]]] = {place: [] for place in PLACES}


def register(place: str, render: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Add ``render`` to the sections of ``place`` (once, however often it is imported)."""
    if render not in _SECTIONS[place]:
        _SECTIONS[place].append(render)
    return render


def render_sections(place: str, consultation: Any) -> Markup:
    """Every registered section of ``place`` for ``consultation``, in registration order."""
    # each section is a rendered (auto-escaped) template of the wing that registered it
    parts = (render(consultation) or "" for render in _SECTIONS[place])
    return Markup("").join(Markup(part) for part in parts)  # noqa: S704
