"""Every kind of page of the demo site reads in one language (issue 12, item 14).

The demo site is walked (one or two pages of each kind, as a visitor, a representative, an
official and an administrator), each page once in Polish and once in English. The demo's own
content is Polish and so appears on English pages too; the checks look only at what the
interface itself writes:

* no text of the interface in the other language: a Polish page shows no English message of the
  catalogue (an untranslated or cached text), an English page no Polish translation (a text
  translated once and kept, e.g. at import time);
* no hard-coded text: no English sentence on a Polish page, and no Polish word on a button,
  a column heading, a legend, a label of a definition list or an accessible name of an English
  page;
* no raw code shown to people: a state or kind code ("in_progress", "approved"), an audit action
  ("user.deactivate") or a table name, outside ``<code>`` (the audit log keeps the code there);
* numbers and dates the way of the page's language (decimal comma and "6.12.2026" in Polish,
  no "6.12.2026" on an English page).

And every message the code and the templates use has a Polish translation in the catalogue.
"""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path
from urllib.parse import urljoin

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from lxml import html as lxml_html
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.site.demo import create_demo_data
from tests.conftest import Auth
from tests.demo_site import page_path, pattern

APP_DIR = Path(__file__).resolve().parents[2] / "app"
CATALOGUE = APP_DIR / "translations" / "pl" / "LC_MESSAGES" / "messages.po"

ACCOUNTS = [
    None,
    "ngo1@konsulta.example.org",
    "urzednik@konsulta.example.org",
    "admin@konsulta.example.org",
]
#: Pages not linked from the home page's reach in a short walk, but worth reading.
EXTRA_STARTS = ["/search?q=program", "/accessibility"]
PAGES_PER_KIND = 2
PAGES_PER_ACCOUNT = 160
#: Text never read as interface text: scripts, the code shown on purpose, what people typed.
SKIPPED = {"script", "style", "code", "pre", "textarea"}
#: Where the interface alone writes (demo content hardly ever appears in these).
CHROME = {"button", "legend", "dt", "summary", "caption"}
CHROME_ATTRIBUTES = ("aria-label", "placeholder")

#: Words of an English sentence that Polish never uses ("to", "no", "a" are Polish words too).
ENGLISH_WORDS = re.compile(
    r"\b(the|of|and|your|is|are|with|for|this|has|have|will|been|an|yet|from|was|which|you|"
    r"in|not|can|be|it|or|please|page)\b",
    re.IGNORECASE,
)
#: Polish words that an English button, heading or label never contains.
POLISH_WORDS = re.compile(
    r"(?<!\w)(się|nie|jest|oraz|lub|przez|który|która|które|aby|czy|dla|jej|już|tylko|"
    r"Zapisz|Anuluj|Usuń|Edytuj|Wyślij|Dodaj|Zmień|Opublikuj|Pobierz|Filtruj|Szukaj|Zaloguj|"
    r"Potwierdź|Wróć|Wybierz|Pokaż|Brak|Tak|Nie)(?!\w)"
)
#: A code written with an underscore between lowercase words: in_progress, programme_tasks
#: (not in an e-mail address, a file name or a web address).
RAW_CODE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@/-])")
#: A Polish date written the English way, or an English one the Polish way.
ENGLISH_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d{2}\s?[AP]M\b")
POLISH_DATE = re.compile(r"\b\d{1,2}\.\d{2}\.\d{4}\b")
#: A decimal point or a thousands comma in an amount of złoty on a Polish page, and the other way.
ENGLISH_AMOUNT = re.compile(r"\d,\d{3}(?:\.\d{2})? zł|\d\.\d{2} zł|\d\.\d%")
POLISH_AMOUNT = re.compile(r"\d \d{3}(?:,\d{2})? zł|\d,\d{2} zł|\d,\d%")
POLISH_LETTERS = re.compile("[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")


def _catalogue() -> dict[str, str]:
    """msgid → Polish msgstr (the first form for plurals)."""
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    pairs = {}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            pairs[msgid] = strings[0] or ""
    return pairs


def _raw_values() -> set[str]:
    """Every value of every code enumeration of the application ("approved", "in_progress")."""
    values = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("app.") or module is None:
            continue
        for item in vars(module).values():
            if isinstance(item, type) and issubclass(item, StrEnum) and item is not StrEnum:
                values |= {member.value for member in item if len(member.value) > 2}
    return values


def _texts(body: str) -> tuple[list[str], list[str]]:
    """(every text of the page, the texts only the interface writes), whitespace collapsed."""
    document = lxml_html.fromstring(body)
    texts, chrome = [], []

    def add(text: str | None, element) -> None:
        text = re.sub(r"\s+", " ", text or "").strip()
        if not text:
            return
        ancestors = [element, *element.iterancestors()]
        if any(a.tag in SKIPPED for a in ancestors if isinstance(a.tag, str)):
            return
        texts.append(text)
        if any(a.tag in CHROME or a.get("scope") == "col" for a in ancestors[:2]):
            chrome.append(text)

    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        add(element.text, element)
        if element.getparent() is not None:
            add(element.tail, element.getparent())
        for attribute in CHROME_ATTRIBUTES:
            if element.get(attribute):
                chrome.append(element.get(attribute))
                texts.append(element.get(attribute))
    return texts, chrome


def _walk(client) -> list[tuple[str, str]]:
    """(path, HTML) of up to PAGES_PER_KIND pages of each kind reachable from the home page,
    in the language of the client's cookie."""
    origin = "http://localhost"
    seen, per_kind, pages = set(), {}, []
    queue = ["/", *EXTRA_STARTS]
    while queue and len(pages) < PAGES_PER_ACCOUNT:
        path = queue.pop(0)
        kind = pattern(path)
        if path in seen or per_kind.get(kind, 0) >= PAGES_PER_KIND:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        body = response.get_data(as_text=True)
        pages.append((path, body))
        for href in re.findall(r'href="([^"#]+)"', body):
            found = page_path(urljoin(f"{origin}{path}", href.replace("&amp;", "&")), origin)
            if found and found not in seen:
                queue.append(found)
    return pages


def _raw_code(text: str, language: str, raw_values: set[str], polish: set[str]) -> bool:
    """Whether ``text`` shows a code: a table name or a code with an underscore or a dot, on
    any page; on a Polish page also any other code that is not a Polish word ("approved", but
    not "problem", which is also the translation of "a problem")."""
    if RAW_CODE.search(text):
        return True
    text = text.strip("()[]·:;, ")
    if text in raw_values:
        return bool(re.search(r"[._]", text)) or (language == "pl" and text not in polish)
    return False


def _problems(
    texts: list[str], chrome: list[str], language: str, words, same: set[str]
) -> list[str]:
    """What is wrong with the texts of one page in ``language``; ``same`` are the texts the
    page shows in both languages (the demo's content: its numbers are not the interface's)."""
    catalogue, raw_values, polish = words
    found = [f"raw code: {t!r}" for t in texts if _raw_code(t, language, raw_values, polish)]
    for text in texts:
        if language == "pl":
            # also when the English page shows the same: a text left out of the catalogue
            if catalogue.get(text, text) != text and " " in text:
                found.append(f"English text of the interface: {text!r}")
            if len({word.lower() for word in ENGLISH_WORDS.findall(text)}) >= 2:
                found.append(f"English sentence: {text!r}")
            if ENGLISH_DATE.search(text) or ENGLISH_AMOUNT.search(text):
                found.append(f"English date or number: {text!r}")
            continue
        if text in same:
            continue
        if text in polish and " " in text:
            found.append(f"Polish text of the interface: {text!r}")
        if POLISH_LETTERS.search(text.replace("zł", "")):
            continue  # a title or a name of the demo's around it: "Podział 3 000 000 zł"
        if POLISH_DATE.search(text) or POLISH_AMOUNT.search(text):
            found.append(f"Polish date or number: {text!r}")
    if language == "en":
        found += [f"Polish word: {text!r}" for text in chrome if POLISH_WORDS.search(text)]
    return found


def test_every_message_has_a_polish_translation():
    catalogue = _catalogue()
    method_map = [
        ("**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    used = {
        (message if isinstance(message, str) else message[0], filename)
        for filename, _line, message, _comments, _context in extract_from_dir(
            str(APP_DIR), method_map, keywords=keywords
        )
    }
    untranslated = sorted((f, m) for m, f in used if not catalogue.get(m))
    assert untranslated == []


def test_every_kind_of_page_reads_in_one_language(app):
    create_demo_data()
    db.session.commit()
    catalogue = _catalogue()
    polish = {text for msgid, text in catalogue.items() if text and text != msgid}
    words = (catalogue, _raw_values(), polish)
    problems: dict[str, list[str]] = {}
    for email in ACCOUNTS:
        client = app.test_client()
        if email:
            Auth(client).login_as(db.session.scalar(select(User).where(User.email == email)))
        client.set_cookie("konsulta_lang", "pl", domain="localhost")
        polish_pages = _walk(client)
        client.set_cookie("konsulta_lang", "en", domain="localhost")
        for path, polish_page in polish_pages:
            pages = {
                "pl": _texts(polish_page),
                "en": _texts(client.get(path).get_data(as_text=True)),
            }
            same = set(pages["pl"][0]) & set(pages["en"][0])
            for language, (texts, chrome) in pages.items():
                for problem in _problems(texts, chrome, language, words, same):
                    where = f"{language} {email or 'visitor'} {path}"
                    problems.setdefault(problem, []).append(where)
    assert {problem: where[:3] for problem, where in problems.items()} == {}


def test_a_deadline_in_a_notification_is_written_the_readers_way(app):
    from flask_babel import force_locale

    from app.notifications.messages import describe
    from app.notifications.models import NotificationKind

    params = {"title": "Program 2027", "due": "2026-11-30"}
    with app.test_request_context():
        with force_locale("pl"):
            polish = describe(NotificationKind.PROGRAMME_ADOPTION_DUE, params)
        with force_locale("en"):
            english = describe(NotificationKind.PROGRAMME_ADOPTION_DUE, params)
        older = describe(NotificationKind.PROGRAMME_ADOPTION_DUE, {**params, "due": "30.11.2026"})
    assert "30 listopada 2026" in polish
    assert "November 30, 2026" in english
    assert "30.11.2026" in older  # stored before dates were ISO: shown as it was


def test_the_request_to_log_in_is_in_the_page_language(app):
    """Flask-Login's own message was English on Polish pages."""
    for language, text in (
        ("pl", "Zaloguj się, aby otworzyć tę stronę."),
        ("en", "Log in to open"),
    ):
        client = app.test_client()
        client.set_cookie("konsulta_lang", language, domain="localhost")
        page = client.get("/notifications/", follow_redirects=True).get_data(as_text=True)
        assert text in page
        assert "Please log in to access this page." not in page


def test_the_checks_find_what_they_look_for():
    """The page checks themselves, on texts seen before they were fixed."""
    catalogue = {"Open": "Otwórz", "a problem": "problem"}
    words = (catalogue, {"approved", "user.deactivate", "problem"}, {"Otwórz", "problem"})
    page = _texts(
        "<main><p>Please log in to access this page.</p><td>programme_tasks #5: Zadanie</td>"
        "<td>(approved)</td><td>approved</td><td>user.deactivate</td><code>user.deactivate</code>"
        "<option>problem</option><p>Published 12/4/26, 11:00 AM</p></main>"
    )
    found = _problems(*page, "pl", words, same=set())
    assert found == [
        "raw code: 'programme_tasks #5: Zadanie'",
        "raw code: '(approved)'",
        "raw code: 'approved'",
        "raw code: 'user.deactivate'",
        "English sentence: 'Please log in to access this page.'",
        "English date or number: 'Published 12/4/26, 11:00 AM'",
    ]
    english = _texts(
        "<main><button>Zapisz</button><p>Podział 3 000 000 zł</p><p>6.12.2026</p></main>"
    )
    assert _problems(*english, "en", words, same=set()) == [
        "Polish date or number: '6.12.2026'",
        "Polish word: 'Zapisz'",
    ]
