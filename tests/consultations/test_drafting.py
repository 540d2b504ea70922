"""Splitting drafts into units, Polish labels, stable keys across versions, word diffs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.consultations.drafting import (
    ChangeKind,
    DiffSegment,
    Unit,
    UnitKind,
    assign_keys,
    match_units,
    section_label,
    split_markdown,
    word_diff,
)

PROGRAM = """\
Projekt uchwały Rady Miasta w sprawie programu współpracy.

# Program współpracy Miasta z organizacjami pozarządowymi na rok 2027

## § 1. Postanowienia ogólne

Ilekroć w programie jest mowa o:
1) ustawie – należy przez to rozumieć ustawę o działalności pożytku publicznego;
2) organizacjach – należy przez to rozumieć:
   a) organizacje pozarządowe,
   b) podmioty, o których mowa w art. 3 ust. 3 ustawy;
3) programie – należy przez to rozumieć niniejszy program.

Program obejmuje rok kalendarzowy 2027.

## § 2. Cele programu

Celem głównym programu jest wzmacnianie partnerstwa Miasta z organizacjami.

Celami szczegółowymi programu są:
- zwiększenie udziału mieszkańców w życiu publicznym,
- poprawa jakości usług publicznych.

## Rozdział II

### Formy współpracy

Współpraca ma charakter finansowy i pozafinansowy.

- zlecanie zadań publicznych,
- konsultowanie projektów aktów prawa miejscowego.
"""


def first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:2]) if words[0] == "§" else words[0]


# --------------------------------------------------------------------------- splitting


def test_empty_input_gives_no_units() -> None:
    assert split_markdown("") == []
    assert split_markdown("  \n\n \t\n") == []


def test_atx_and_setext_headings() -> None:
    units = split_markdown("# Tytuł #\n\nTekst\n\nPodtytuł\n--------\n\nInny\n===\n###### Mały")
    assert [(u.kind, u.level, u.text) for u in units] == [
        (UnitKind.HEADING, 1, "Tytuł"),
        (UnitKind.PARAGRAPH, 0, "Tekst"),
        (UnitKind.HEADING, 2, "Podtytuł"),
        (UnitKind.HEADING, 1, "Inny"),
        (UnitKind.HEADING, 6, "Mały"),
    ]


def test_thematic_break_is_not_a_unit_and_not_a_list_item() -> None:
    units = split_markdown("Akapit pierwszy\n\n---\n\n* * *\n\nAkapit drugi")
    assert [u.text for u in units] == ["Akapit pierwszy", "Akapit drugi"]


def test_paragraphs_are_blank_line_separated_and_keep_their_lines() -> None:
    units = split_markdown("Linia pierwsza\nlinia druga\n\n\nNowy akapit  ")
    assert [(u.kind, u.text) for u in units] == [
        (UnitKind.PARAGRAPH, "Linia pierwsza\nlinia druga"),
        (UnitKind.PARAGRAPH, "Nowy akapit"),
    ]
    assert [u.position for u in units] == [0, 1]
    assert [u.key for u in units] == ["u1", "u2"]


@pytest.mark.parametrize(
    ("source", "markers"),
    [
        ("- a\n- b", ["-", "-"]),
        ("* a\n+ b", ["*", "+"]),
        ("1. a\n2. b", ["1.", "2."]),
        ("1) a\n2) b", ["1)", "2)"]),
        ("a) pierwsza\nb) druga", ["a)", "b)"]),
    ],
)
def test_list_markers(source: str, markers: list[str]) -> None:
    units = split_markdown(source)
    assert [u.kind for u in units] == [UnitKind.LIST_ITEM] * len(markers)
    assert [u.marker for u in units] == markers
    assert all(u.level == 0 for u in units)


def test_list_interrupts_a_paragraph_and_continuation_lines_belong_to_the_item() -> None:
    units = split_markdown(
        "Celami są:\n1) pierwszy cel,\n   ciąg dalszy;\n2) drugi cel\nleniwa kontynuacja\n\n"
        "   akapit w punkcie\n\nNowy akapit"
    )
    assert [(u.kind, u.text) for u in units] == [
        (UnitKind.PARAGRAPH, "Celami są:"),
        (UnitKind.LIST_ITEM, "pierwszy cel,\nciąg dalszy;"),
        (UnitKind.LIST_ITEM, "drugi cel\nleniwa kontynuacja\n\nakapit w punkcie"),
        (UnitKind.PARAGRAPH, "Nowy akapit"),
    ]


def test_nested_items_are_their_own_units() -> None:
    units = split_markdown("- jeden\n  - pod\n    - głębiej\n- dwa\n1) trzy\na) lit bez wcięcia")
    assert [(u.text, u.label) for u in units] == [
        ("jeden", "Wstęp, pkt 1"),
        ("pod", "Wstęp, pkt 1 lit. a"),
        ("głębiej", "Wstęp, pkt 1 lit. a tiret 1"),
        ("dwa", "Wstęp, pkt 2"),
        ("trzy", "Wstęp, pkt 3"),
        ("lit bez wcięcia", "Wstęp, pkt 3 lit. a"),
    ]


def test_code_fence_is_one_paragraph_even_with_blank_lines_and_markers() -> None:
    source = "Przed\n```\n# nie nagłówek\n\n- nie punkt\n```\nPo"
    units = split_markdown(source)
    assert [(u.kind, u.text) for u in units] == [
        (UnitKind.PARAGRAPH, "Przed"),
        (UnitKind.PARAGRAPH, "```\n# nie nagłówek\n\n- nie punkt\n```"),
        (UnitKind.PARAGRAPH, "Po"),
    ]


def test_unclosed_fence_runs_to_the_end() -> None:
    units = split_markdown("~~~~\nkod\n~~~\nnadal kod")
    assert len(units) == 1
    assert units[0].text == "~~~~\nkod\n~~~\nnadal kod"


def test_crlf_input() -> None:
    units = split_markdown("# A\r\n\r\nTekst\r\nciąg\r\n")
    assert [u.text for u in units] == ["A", "Tekst\nciąg"]


# --------------------------------------------------------------------------- labels


def test_labels_of_a_cooperation_programme() -> None:
    assert [(u.label, first_words(u.text)) for u in split_markdown(PROGRAM)] == [
        ("Wstęp, ust. 1", "Projekt"),
        ("Część 1", "Program"),
        ("§ 1", "§ 1."),
        ("§ 1 ust. 1", "Ilekroć"),
        ("§ 1 pkt 1", "ustawie"),
        ("§ 1 pkt 2", "organizacjach"),
        ("§ 1 pkt 2 lit. a", "organizacje"),
        ("§ 1 pkt 2 lit. b", "podmioty,"),
        ("§ 1 pkt 3", "programie"),
        ("§ 1 ust. 2", "Program"),
        ("§ 2", "§ 2."),
        ("§ 2 ust. 1", "Celem"),
        ("§ 2 ust. 2", "Celami"),
        ("§ 2 pkt 1", "zwiększenie"),
        ("§ 2 pkt 2", "poprawa"),
        ("Rozdział II", "Rozdział"),
        ("Rozdział II, Część 1", "Formy"),
        ("Rozdział II, Część 1, ust. 1", "Współpraca"),
        ("Rozdział II, Część 1, pkt 1", "zlecanie"),
        ("Rozdział II, Część 1, pkt 2", "konsultowanie"),
    ]


def test_chapter_items_join_with_comma_and_articles_with_space() -> None:
    source = "# Rozdział 2\n\nAkapit\n\n- a\n- b\n- c\n- d\n\n## Art. 5\n\nTreść\n\n1) punkt"
    assert [u.label for u in split_markdown(source)] == [
        "Rozdział 2",
        "Rozdział 2, ust. 1",
        "Rozdział 2, pkt 1",
        "Rozdział 2, pkt 2",
        "Rozdział 2, pkt 3",
        "Rozdział 2, pkt 4",
        "Art. 5",
        "Art. 5 ust. 1",
        "Art. 5 pkt 1",
    ]


def test_unnamed_headings_are_numbered_among_siblings() -> None:
    source = "# Wstęp\n## Tło\n## Cele\n# Uzasadnienie\n## Skutki\n\nTekst"
    assert [u.label for u in split_markdown(source)] == [
        "Część 1",
        "Część 1, Część 1",
        "Część 1, Część 2",
        "Część 2",
        "Część 2, Część 1",
        "Część 2, Część 1, ust. 1",
    ]


def test_counters_restart_in_each_section() -> None:
    source = "## § 3\n\nA\n\nB\n\n- x\n\n## § 4\n\nC\n\n- y"
    assert [u.label for u in split_markdown(source)] == [
        "§ 3",
        "§ 3 ust. 1",
        "§ 3 ust. 2",
        "§ 3 pkt 1",
        "§ 4",
        "§ 4 ust. 1",
        "§ 4 pkt 1",
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("§ 3. Cele programu", "§ 3"),
        ("§ 3", "§ 3"),
        ("§3a. Zmiana", "§ 3a"),
        ("**§ 7.** Przepisy końcowe", "§ 7"),
        ("Rozdział II", "Rozdział II"),
        ("ROZDZIAŁ iv Finanse", "Rozdział IV"),
        ("Rozdział 2. Cele", "Rozdział 2"),
        ("Art. 5", "Art. 5"),
        ("Artykuł 12", "Art. 12"),
        ("Dział I", "Dział I"),
        ("Oddział 3", "Oddział 3"),
        ("Cele programu", None),
        ("Rozdziały programu", None),
        ("Artysta", None),
    ],
)
def test_section_label(text: str, label: str | None) -> None:
    assert section_label(text) == label


def test_many_nested_letters_continue_after_z() -> None:
    items = "\n".join(f"  - lit{n}" for n in range(28))
    units = split_markdown("- punkt\n" + items)
    assert units[26].label.endswith("lit. z")
    assert units[27].label.endswith("lit. aa")
    assert units[28].label.endswith("lit. ab")


# --------------------------------------------------------------------------- keys & matching


def keyed(source: str, previous: list[Unit] | None = None) -> list[Unit]:
    return assign_keys(split_markdown(source), previous)


def key_of(units: list[Unit], text_start: str) -> str:
    return next(u.key for u in units if u.text.startswith(text_start))


V1 = """\
## § 1. Cele

Celem programu jest wzmacnianie współpracy Miasta z organizacjami pozarządowymi.

Program realizowany jest w okresie od 1 stycznia do 31 grudnia 2027 roku.

Środki na realizację programu określa uchwała budżetowa Miasta na rok 2027.

## § 2. Ewaluacja

Ocena realizacji programu jest dokonywana na podstawie sprawozdania rocznego.
"""


def test_first_version_keys_in_order() -> None:
    units = keyed(V1)
    assert [u.key for u in units] == ["u1", "u2", "u3", "u4", "u5", "u6"]
    assert assign_keys(units, None) == units


def test_identical_version_keeps_all_keys() -> None:
    v1 = keyed(V1)
    v2 = keyed(V1, v1)
    assert [u.key for u in v2] == [u.key for u in v1]
    assert all(m.change is ChangeKind.UNCHANGED for m in match_units(v1, v2))


def test_edited_paragraph_keeps_key_and_is_changed() -> None:
    v1 = keyed(V1)
    source = V1.replace("od 1 stycznia do 31 grudnia", "od 1 lutego do 31 grudnia")
    v2 = keyed(source, v1)
    assert [u.key for u in v2] == [u.key for u in v1]
    matches = match_units(v1, v2)
    changed = [m for m in matches if m.change is ChangeKind.CHANGED]
    assert len(changed) == 1
    assert changed[0].old_key == key_of(v1, "Program realizowany")
    assert changed[0].new_position == 2
    assert 0.5 <= changed[0].similarity < 1


def test_inserted_paragraph_gets_a_fresh_key_and_others_keep_theirs() -> None:
    v1 = keyed(V1)
    source = V1.replace(
        "\nŚrodki na", "\nMiasto współpracuje z radą działalności pożytku publicznego.\n\nŚrodki na"
    )
    v2 = keyed(source, v1)
    assert key_of(v2, "Miasto współpracuje") == "u7"
    for start in ("Celem", "Program realizowany", "Środki", "Ocena", "§ 2"):
        assert key_of(v2, start) == key_of(v1, start)
    added = [m for m in match_units(v1, v2) if m.change is ChangeKind.ADDED]
    assert added == [match_units(v1, v2)[3]]
    assert added[0].old_key is None
    assert added[0].new_position == 3


def test_deleted_paragraph_is_reported_removed_where_it_was() -> None:
    v1 = keyed(V1)
    source = V1.replace(
        "Program realizowany jest w okresie od 1 stycznia do 31 grudnia 2027 roku.\n\n", ""
    )
    v2 = keyed(source, v1)
    assert [u.key for u in v2] == ["u1", "u2", "u4", "u5", "u6"]
    matches = match_units(v1, v2)
    assert [m.change for m in matches] == [
        ChangeKind.UNCHANGED,
        ChangeKind.UNCHANGED,
        ChangeKind.REMOVED,
        ChangeKind.UNCHANGED,
        ChangeKind.UNCHANGED,
        ChangeKind.UNCHANGED,
    ]
    assert matches[2] == type(matches[2])("u3", None, ChangeKind.REMOVED, 0.0)
    # the next new unit gets a number after the highest one, not the removed u3
    v3 = keyed(source + "\nNowy akapit o sprawozdaniu.\n", v2)
    assert v3[-1].key == "u7"


def test_reserved_keys_are_never_reused() -> None:
    v1 = keyed("Pierwszy akapit tekstu.\n\nDrugi akapit tekstu jest tutaj.")
    v2 = keyed("Pierwszy akapit tekstu.", v1)
    assert [u.key for u in v2] == ["u1"]
    v3 = assign_keys(
        split_markdown("Pierwszy akapit tekstu.\n\nCałkiem nowa treść."), v2, reserved=["u2"]
    )
    assert [u.key for u in v3] == ["u1", "u3"]


def test_moved_paragraph_keeps_its_key() -> None:
    v1 = keyed(V1)
    moved = "Środki na realizację programu określa uchwała budżetowa Miasta na rok 2027.\n\n"
    source = V1.replace(moved, "") + "\n" + moved
    v2 = keyed(source, v1)
    assert key_of(v2, "Środki") == key_of(v1, "Środki")
    assert v2[-1].text.startswith("Środki")
    assert v2[-1].label == "§ 2 ust. 2"
    assert sorted(u.key for u in v2) == sorted(u.key for u in v1)
    match = next(m for m in match_units(v1, v2) if m.old_key == key_of(v1, "Środki"))
    assert match.change is ChangeKind.UNCHANGED
    assert match.new_position == len(v2) - 1


def test_moved_and_edited_paragraph_keeps_its_key() -> None:
    v1 = keyed(V1)
    moved = "Środki na realizację programu określa uchwała budżetowa Miasta na rok 2027.\n\n"
    edited = "Środki na realizację programu określa uchwała budżetowa na 2027 rok.\n"
    v2 = keyed(V1.replace(moved, "") + "\n" + edited, v1)
    assert key_of(v2, "Środki") == key_of(v1, "Środki")


def test_unrelated_rewrite_is_removed_plus_added() -> None:
    v1 = keyed("Cele programu obejmują wzmacnianie organizacji.")
    v2 = keyed("Zupełnie inny tekst o finansowaniu sportu dzieci.", v1)
    assert [u.key for u in v2] == ["u2"]
    assert [m.change for m in match_units(v1, v2)] == [ChangeKind.REMOVED, ChangeKind.ADDED]


def test_kinds_are_not_matched_with_each_other() -> None:
    v1 = keyed("Cele programu współpracy")
    v2 = keyed("# Cele programu współpracy", v1)
    assert [m.change for m in match_units(v1, v2)] == [ChangeKind.REMOVED, ChangeKind.ADDED]


def test_heading_level_change_is_a_change() -> None:
    v1 = keyed("# Cele programu")
    v2 = keyed("## Cele programu", v1)
    assert [u.key for u in v2] == ["u1"]
    assert [m.change for m in match_units(v1, v2)] == [ChangeKind.CHANGED]


def test_matching_is_deterministic_with_duplicates() -> None:
    v1 = keyed("- uchylony\n- uchylony\n- treść")
    v2 = keyed("- uchylony\n- treść\n- uchylony\n- uchylony", v1)
    again = keyed("- uchylony\n- treść\n- uchylony\n- uchylony", v1)
    assert v2 == again
    assert sorted(u.key for u in v2) == ["u1", "u2", "u3", "u4"]


def test_match_units_of_empty_versions() -> None:
    v1 = keyed("Akapit")
    assert match_units([], []) == []
    assert [m.change for m in match_units([], v1)] == [ChangeKind.ADDED]
    assert [m.change for m in match_units(v1, [])] == [ChangeKind.REMOVED]
    assert assign_keys([], v1) == []


# --------------------------------------------------------------------------- word diff


def test_word_diff_marks_replaced_words() -> None:
    assert word_diff("od 1 stycznia 2027", "od 1 lutego 2027") == [
        DiffSegment("equal", "od 1 "),
        DiffSegment("delete", "stycznia"),
        DiffSegment("insert", "lutego"),
        DiffSegment("equal", " 2027"),
    ]


def test_word_diff_punctuation_is_its_own_token() -> None:
    assert word_diff("programu;", "programu.") == [
        DiffSegment("equal", "programu"),
        DiffSegment("delete", ";"),
        DiffSegment("insert", "."),
    ]


def test_word_diff_of_empty_texts() -> None:
    assert word_diff("", "") == []
    assert word_diff("", "nowy") == [DiffSegment("insert", "nowy")]
    assert word_diff("stary", "") == [DiffSegment("delete", "stary")]


def rebuild(segments: list[DiffSegment], keep: str) -> str:
    return "".join(s.text for s in segments if s.op in ("equal", keep))


TEXTS = st.lists(
    st.sampled_from([*"abcąęśżź ZŻ\n\t.,;§-–12", "ust.", "pkt ", "  ", "programu"]),
    max_size=30,
).map("".join)


@settings(derandomize=True, deadline=None, max_examples=200)
@given(old=TEXTS, new=TEXTS)
def test_word_diff_reconstructs_both_texts(old: str, new: str) -> None:
    segments = word_diff(old, new)
    assert rebuild(segments, "insert") == new
    assert rebuild(segments, "delete") == old
    assert all(segment.text for segment in segments)
    assert all(a.op != b.op for a, b in zip(segments, segments[1:], strict=False))


@settings(derandomize=True, deadline=None, max_examples=100)
@given(st.lists(st.sampled_from(["# A", "Akapit x", "Akapit y", "- punkt", "1) p", "## § 2"])))
def test_every_unit_is_matched_exactly_once(parts: list[str]) -> None:
    old = keyed("\n\n".join(parts))
    new = keyed("\n\n".join(reversed(parts)) + "\n\nKoniec", old)
    matches = match_units(old, new)
    assert sorted(m.new_position for m in matches if m.new_position is not None) == list(
        range(len(new))
    )
    old_keys = [m.old_key for m in matches if m.old_key is not None]
    assert sorted(old_keys) == sorted(u.key for u in old)
    assert len({u.key for u in new}) == len(new)
