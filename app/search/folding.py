"""How search text is folded, the same way for the index and for the query (pure, no Flask).

Folding lower-cases, drops diacritics (NFKD then combining marks removed) and maps the letters
that do not decompose (ł, đ, ø, ß, æ, œ) by hand, so "zastepczych" and "ZASTĘPCZYCH" fold to the
same word. Both backends (SQLite FTS5, PostgreSQL full-text search) index the folded text, so
they agree on what matches; PostgreSQL's ``unaccent`` would do the same on its side only, and it
is not IMMUTABLE, so it could not be used in the index expression without a wrapper.
"""

from __future__ import annotations

import re
import unicodedata

_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"}
)
_WORD = re.compile(r"[a-z0-9]+")

#: A query uses at most this many words (the rest are ignored).
MAX_TERMS = 8


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics: 'Zastępczych Łąk' -> 'zastepczych lak'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text`` (letters and digits only)."""
    return _WORD.findall(fold(text))


def query_terms(query: str) -> list[str]:
    """The words a query searches for: folded, unique, in order, one-letter words dropped
    unless they are all there is (a prefix of one letter matches nearly everything)."""
    found = list(dict.fromkeys(words(query)))
    longer = [w for w in found if len(w) > 1]
    return (longer or found)[:MAX_TERMS]
