"""Survey rules without Flask or a database: checking answers, conditional display, tallies.

Answers arrive as the raw strings of a form (``{question id: [values]}``) and leave as stored
values: an option's text (single choice), a list of option texts (multiple choice; ranking, in
order of preference), an integer 1–5 (scale), a string (text) or an int/float (number).

Rules
-----
* A question with a condition (``show_if``) is *shown* only when the answer to the question it
  depends on equals the condition's value (for a multiple choice: contains it). A question not
  shown is never required and its answer is dropped, so the form works without JavaScript:
  the server decides on submit, a script only hides the question early.
* A draft is checked for shape (valid options, ranges, maximum of choices) but not for required
  questions; a submitted response must answer every shown required question.
* Percentages are of the responses that answered the question (for a multiple choice, shares
  of respondents, so they may add up to more than 100).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.surveys.states import (
    LONG_TEXT_MAX,
    SCALE_VALUES,
    SHORT_TEXT_MAX,
    QuestionKind,
    SurveyState,
)


class Problem(StrEnum):
    REQUIRED = "required"
    NOT_AN_OPTION = "not_an_option"
    TOO_MANY_CHOICES = "too_many_choices"
    OUT_OF_SCALE = "out_of_scale"
    NOT_A_NUMBER = "not_a_number"
    BELOW_MINIMUM = "below_minimum"
    ABOVE_MAXIMUM = "above_maximum"
    RANK_TWICE = "rank_twice"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class Condition:
    question_id: int
    value: str


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: QuestionKind
    required: bool = False
    options: tuple[str, ...] = ()
    max_choices: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    show_if: Condition | None = None


def survey_state(opens_at: datetime, closes_at: datetime, now: datetime) -> SurveyState:
    """Open for ``opens_at <= now < closes_at``."""
    if now < opens_at:
        return SurveyState.DRAFT
    if now < closes_at:
        return SurveyState.OPEN
    return SurveyState.CLOSED


def _matches(answer: Any, expected: str) -> bool:
    if answer is None:
        return False
    if isinstance(answer, list):
        return expected in answer
    return str(answer) == expected


def shown_questions(specs: Sequence[QuestionSpec], values: Mapping[int, Any]) -> set[int]:
    """The ids of the questions shown given ``values`` (conditions may chain: a question
    depending on a hidden one is hidden too)."""
    shown: set[int] = set()
    for spec in specs:  # in order: a condition refers to an earlier question
        condition = spec.show_if
        if condition is None or (
            condition.question_id in shown
            and _matches(values.get(condition.question_id), condition.value)
        ):
            shown.add(spec.id)
    return shown


def _blank(raw: Sequence[str]) -> bool:
    return not [v for v in raw if v.strip()]


def parse_number(text: str) -> int | float:
    """A number as people type it: "1 250", "3,5" or "3.5"; raises ValueError."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not number.is_finite():
        raise ValueError(text)
    return int(number) if number == number.to_integral_value() else float(number)


def parse_answer(spec: QuestionSpec, raw: Sequence[str]) -> tuple[Any, Problem | None]:
    """The stored value of one question's raw form values (None when unanswered), or a problem.

    Ranking arrives as one position per option ("" for not ranked), in the options' order.
    """
    kind = spec.kind
    if kind == QuestionKind.RANKING:
        return _parse_ranking(spec, raw)
    if _blank(raw):
        return None, None
    values = [v.strip() for v in raw if v.strip()]
    if kind == QuestionKind.SINGLE:
        if len(values) != 1 or values[0] not in spec.options:
            return None, Problem.NOT_AN_OPTION
        return values[0], None
    if kind == QuestionKind.MULTIPLE:
        chosen = list(dict.fromkeys(values))
        if any(v not in spec.options for v in chosen):
            return None, Problem.NOT_AN_OPTION
        if spec.max_choices is not None and len(chosen) > spec.max_choices:
            return None, Problem.TOO_MANY_CHOICES
        return [o for o in spec.options if o in chosen], None
    if kind == QuestionKind.SCALE:
        try:
            number = int(values[0])
        except ValueError:
            return None, Problem.OUT_OF_SCALE
        if number not in SCALE_VALUES or len(values) != 1:
            return None, Problem.OUT_OF_SCALE
        return number, None
    if kind == QuestionKind.NUMBER:
        try:
            number = parse_number(values[0])
        except ValueError:
            return None, Problem.NOT_A_NUMBER
        if spec.minimum is not None and number < spec.minimum:
            return None, Problem.BELOW_MINIMUM
        if spec.maximum is not None and number > spec.maximum:
            return None, Problem.ABOVE_MAXIMUM
        return number, None
    text = "\n".join(values)
    limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        return None, Problem.TOO_LONG
    return text, None


def _parse_ranking(spec: QuestionSpec, raw: Sequence[str]) -> tuple[Any, Problem | None]:
    positions: list[tuple[int, str]] = []
    for option, value in zip(spec.options, list(raw) + [""] * len(spec.options), strict=False):
        if not value.strip():
            continue
        try:
            position = int(value)
        except ValueError:
            return None, Problem.NOT_AN_OPTION
        if not 1 <= position <= len(spec.options):
            return None, Problem.NOT_AN_OPTION
        positions.append((position, option))
    if not positions:
        return None, None
    if len({p for p, _ in positions}) != len(positions):
        return None, Problem.RANK_TWICE
    return [option for _, option in sorted(positions)], None


@dataclass
class Checked:
    """The values to store (shown questions only) and the problems by question id."""

    values: dict[int, Any] = field(default_factory=dict)
    problems: dict[int, Problem] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_response(
    specs: Sequence[QuestionSpec], raw: Mapping[int, Sequence[str]], *, submit: bool
) -> Checked:
    """Check a whole response; for ``submit``, required shown questions must be answered."""
    result = Checked()
    parsed: dict[int, Any] = {}
    for spec in specs:
        value, problem = parse_answer(spec, raw.get(spec.id, ()))
        if problem is not None:
            result.problems[spec.id] = problem
        elif value is not None:
            parsed[spec.id] = value
    shown = shown_questions(specs, parsed)
    for spec in specs:
        if spec.id not in shown:
            result.problems.pop(spec.id, None)  # a hidden question's input does not count
            continue
        if spec.id in parsed:
            result.values[spec.id] = parsed[spec.id]
        elif submit and spec.required and spec.id not in result.problems:
            result.problems[spec.id] = Problem.REQUIRED
    return result


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: Decimal  # 0–100, one decimal


@dataclass(frozen=True)
class Tally:
    """One question's results: rows to chart (choices, scale, ranking) and figures."""

    answered: int
    rows: tuple[Row, ...] = ()
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: Any = None
    maximum: Any = None


def _percent(part: int, whole: int) -> Decimal:
    if whole == 0:
        return Decimal(0)
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _dec(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def tally(spec: QuestionSpec, values: Sequence[Any]) -> Tally:
    """Count one question's answers (``values`` holds only given answers).

    Ranking: a row per option with the number of first places, sorted by average position
    (``mean`` is unused); ties keep the options' order.
    """
    answered = len(values)
    if spec.kind == QuestionKind.SINGLE:
        counts = Counter(values)
        return Tally(
            answered,
            tuple(Row(o, counts[o], _percent(counts[o], answered)) for o in spec.options),
        )
    if spec.kind == QuestionKind.MULTIPLE:
        counts = Counter(v for chosen in values for v in chosen)
        return Tally(
            answered,
            tuple(Row(o, counts[o], _percent(counts[o], answered)) for o in spec.options),
        )
    if spec.kind == QuestionKind.SCALE:
        counts = Counter(values)
        rows = tuple(Row(str(n), counts[n], _percent(counts[n], answered)) for n in SCALE_VALUES)
        mean = _dec(statistics.fmean(values)) if values else None
        median = _dec(statistics.median(values)) if values else None
        return Tally(answered, rows, mean=mean, median=median)
    if spec.kind == QuestionKind.RANKING:
        first = Counter(order[0] for order in values if order)
        positions: dict[str, list[int]] = {o: [] for o in spec.options}
        for order in values:
            for place, option in enumerate(order, start=1):
                if option in positions:
                    positions[option].append(place)
        unranked = len(spec.options) + 1

        def average(option: str) -> float:
            places = positions[option] + [unranked] * (answered - len(positions[option]))
            return statistics.fmean(places) if places else unranked

        ordered = sorted(spec.options, key=lambda o: (average(o), spec.options.index(o)))
        return Tally(
            answered,
            tuple(Row(o, first[o], _percent(first[o], answered)) for o in ordered),
        )
    if spec.kind == QuestionKind.NUMBER:
        if not values:
            return Tally(0)
        return Tally(
            answered,
            mean=_dec(statistics.fmean(values)),
            median=_dec(statistics.median(values)),
            minimum=min(values),
            maximum=max(values),
        )
    return Tally(answered)
