"""Why each option was funded or not (or placed where it is), in words and numbers a voter reads.

The counting engine stores, per option, an explanation in numbers (``outcome["explanations"]``:
:class:`votecount.MesExplanation`, :class:`votecount.GreedyExplanation`,
:class:`votecount.RankedExplanation` as JSON). This module turns them into sentences in the
page's language, without the engine's jargon (no ρ, no "runs"): money as the page writes it,
counts of voters and votes. It reads only the stored outcome, never the ballots.

Amounts a sentence compares are rounded so that the comparison stays true: what supporters
*had* is rounded down to the grosz, what an option *needed more* is rounded up, so "they had
119 999,99 zł, it needed 120 000 zł" never reads as two equal amounts.

Also here: the summary of the share per voter (the completion of the Method of Equal Shares
said as "the budget per voter it ended at"), the comparison step, and the side-by-side of the
published method with the simple most-votes method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.common.money import money
from app.priorities.export import number

GROSZ = Decimal("0.01")


def _exact(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    text = str(value)
    return Fraction(text) if "/" in text else Fraction(Decimal(text))


def _rounded(value: Any, rounding: str) -> Decimal:
    exact = _exact(value)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        GROSZ, rounding=rounding
    )


def had(value: Any) -> str:
    """Money someone had, rounded down to the grosz (never reads as more than it was)."""
    return money(_rounded(value, ROUND_FLOOR))


def needed(value: Any) -> str:
    """Money that was missing, rounded up to the grosz (never reads as less than it was)."""
    return money(_rounded(value, ROUND_CEILING))


@dataclass(frozen=True)
class Why:
    """Why one option ended where it did: ``funded`` (``None`` for a ranking), the sentences."""

    key: str
    funded: bool | None
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def explain(outcome: Mapping[str, Any], titles: Mapping[str, str], points: bool = False):
    """Per option key: :class:`Why`, from the stored outcome (empty when it has no
    explanations, e.g. a result counted before they were stored, or the sum of points).

    :param points: the ballots are points ballots (support is counted in points, not votes).
    """
    stored = outcome.get("explanations") or {}
    method = outcome.get("method", "")
    name = _namer(titles)
    result = {}
    for key, data in stored.items():
        kind = data.get("kind")
        if kind == "mes":
            result[key] = Why(key, bool(data["funded"]), _mes(data, name))
        elif kind == "greedy":
            result[key] = Why(key, bool(data["funded"]), _greedy(data, points))
        elif kind == "ranked":
            result[key] = Why(key, None, _ranked(data, method, name))
    return result


def _namer(titles: Mapping[str, str]) -> Callable[[str | None], str]:
    return lambda key: _("“%(title)s”", title=titles.get(key or "", key or ""))


def _supporters(count: int) -> str:
    return ngettext("%(num)d voter", "%(num)d voters", count)


def _support(count: int, points: bool) -> str:
    if points:
        return ngettext("%(num)d point", "%(num)d points", count)
    return ngettext("%(num)d vote", "%(num)d votes", count)


# --- the Method of Equal Shares ----------------------------------------------------------


def _mes(data: Mapping[str, Any], name) -> tuple[str, ...]:
    reason = data["reason"]
    cost = money(data["cost"])
    supporters = int(data.get("supporters") or 0)
    if reason == "funded":
        return (
            _(
                "Funded in round %(round)s: its supporters (%(supporters)s) had %(left)s left "
                "of their shares, and together they paid its cost of %(cost)s.",
                round=data["round"],
                supporters=_supporters(supporters),
                left=had(data["money_left"]),
                cost=cost,
            ),
        )
    if reason == "free":
        return (_("Funded before the rounds: it costs nothing and some ballots support it."),)
    if reason == "filled":
        return (
            _(
                "Funded after the equal shares were spent: it fitted in the money left over, "
                "given to the options with the most votes first."
            ),
        )
    if reason == "greedy":
        return (
            _(
                "Funded: more voters preferred the outcome of the most-votes method, which "
                "funds it."
            ),
        )
    if reason == "no_supporters":
        return (_("Not funded: no ballot supported it."),)
    if reason not in ("too_few_supporters", "shares_spent"):
        if _exact(data["cost"]) == 0:
            return (_("Not funded: it costs nothing, but no ballot gave it support."),)
        return (_("Not funded."),)
    sentences = []
    lost_round = data.get("lost_round")
    if reason == "shares_spent" and lost_round:
        sentences.append(
            _(
                "Not funded. Its supporters (%(supporters)s) started with %(start)s of their "
                "shares, enough for its cost of %(cost)s, but they also paid for options funded "
                "before it:",
                supporters=_supporters(supporters),
                start=had(data["money_at_start"]),
                cost=cost,
            )
            + " "
            + _paid_for(data, name)
        )
        sentences.append(
            _(
                "It lost to %(winner)s in round %(round)s: from then on its supporters had too "
                "little left.",
                winner=name(data.get("lost_to")),
                round=lost_round,
            )
        )
        sentences.append(
            _(
                "In the end they had %(left)s; it needed %(cost)s (%(short)s more).",
                left=had(data["money_left"]),
                cost=cost,
                short=needed(data["shortfall"]),
            )
        )
    else:
        sentences.append(
            _(
                "Not funded: its supporters (%(supporters)s) had %(left)s of their shares "
                "together, and it needed %(cost)s (%(short)s more).",
                supporters=_supporters(supporters),
                left=had(data["money_left"]),
                cost=cost,
                short=needed(data["shortfall"]),
            )
        )
    more = data.get("more_supporters")
    if more:
        sentences.append(
            ngettext(
                "With %(num)d more supporter it would have been funded.",
                "With %(num)d more supporters it would have been funded.",
                int(more),
            )
        )
    return tuple(sentences)


def _paid_for(data: Mapping[str, Any], name) -> str:
    parts = [
        ngettext(
            "%(option)s (%(amount)s from %(num)d voter)",
            "%(option)s (%(amount)s from %(num)d voters)",
            int(payers),
            option=name(option),
            amount=had(amount),
        )
        for option, amount, payers in data.get("paid_for") or ()
    ]
    other = _exact(data.get("paid_other") or 0)
    if other > 0:
        parts.append(_("other options (%(amount)s)", amount=had(other)))
    return "; ".join(parts) + "."


# --- greedy rules -------------------------------------------------------------------------


def _greedy(data: Mapping[str, Any], points: bool) -> tuple[str, ...]:
    reason = data["reason"]
    score = int(data.get("score") or 0)
    values = {
        "position": data.get("position"),
        "support": _support(score, points),
        "cost": money(data["cost"]),
    }
    if reason == "funded":
        return (
            _(
                "Funded: it was number %(position)s by support (%(support)s), and when its turn "
                "came %(available)s were left, enough for its cost of %(cost)s.",
                available=had(data["available"]),
                **values,
            ),
        )
    if reason == "does_not_fit":
        return (
            _(
                "Not funded: it did not fit. When its turn came (number %(position)s by "
                "support, %(support)s), %(available)s were left and it needed %(cost)s "
                "(%(short)s more).",
                available=had(data["available"]),
                short=needed(data["shortfall"]),
                **values,
            ),
        )
    if reason == "below_threshold":
        return (
            _(
                "Not funded: it had %(support)s, fewer than the minimum of %(minimum)s.",
                minimum=data.get("threshold"),
                **values,
            ),
        )
    if reason == "not_reached":
        return (
            _(
                "Not funded: the count stopped at an earlier option that did not fit, before "
                "its turn (number %(position)s by support).",
                **values,
            ),
        )
    return (_("Not funded: no ballot supported it."),)


# --- ranked methods -----------------------------------------------------------------------


def _ranked(data: Mapping[str, Any], method: str, name) -> tuple[str, ...]:
    place = int(data["place"])
    margin = data.get("margin")
    behind = data.get("behind")
    if method == "irv":
        votes = data.get("votes")
        if data.get("round") is not None:
            return (
                _(
                    "Place %(place)s: eliminated in round %(round)s of the count for first "
                    "place with %(votes)s, %(margin)s fewer than %(other)s, which stayed in.",
                    place=place,
                    round=data["round"],
                    votes=_support(int(votes or 0), False),
                    margin=number(margin),
                    other=name(behind),
                )
                if margin
                else _(
                    "Place %(place)s: eliminated in round %(round)s of the count for first "
                    "place with %(votes)s, as many as %(other)s (a tie decided).",
                    place=place,
                    round=data["round"],
                    votes=_support(int(votes or 0), False),
                    other=name(behind),
                ),
            )
        if behind:
            return (
                _(
                    "Place %(place)s: the count for first place ended when %(other)s had a "
                    "majority; it had %(votes)s, %(margin)s fewer.",
                    place=place,
                    other=name(behind),
                    votes=_support(int(votes or 0), False),
                    margin=number(margin),
                ),
            )
        if place == 1:
            return (_("First place: it won the count for first place."),)
        return (_("Place %(place)s.", place=place),)
    if place == 1:
        if method == "borda":
            return (_("First place with %(score)s points.", score=number(data.get("score"))),)
        return (_("First place: no other option beats it head to head."),)
    if method == "borda" and behind:
        return (
            _(
                "Place %(place)s with %(score)s points, %(margin)s fewer than %(other)s.",
                place=place,
                score=number(data.get("score")),
                margin=number(margin),
                other=name(behind),
            ),
        )
    if method == "schulze" and behind:
        if margin is not None and _exact(margin) > 0:
            return (
                _(
                    "Place %(place)s: head to head, %(margin)s more ballots prefer %(other)s to "
                    "it.",
                    place=place,
                    margin=number(margin),
                    other=name(behind),
                ),
            )
        return (
            _(
                "Place %(place)s: head to head it is not beaten by %(other)s directly, but "
                "%(other)s wins through a chain of stronger head-to-head wins.",
                place=place,
                other=name(behind),
            ),
        )
    return (_("Place %(place)s.", place=place),)


# --- the share per voter, the comparison step, the side-by-side ---------------------------


@dataclass(frozen=True)
class ShareSummary:
    """The share of the budget per voter: at the start (budget / ballots) and where it ended."""

    start: Fraction
    final: Fraction
    ballots: int

    @property
    def raised(self) -> bool:
        return self.final > self.start


def share_summary(outcome: Mapping[str, Any], budget: Any, ballots: int) -> ShareSummary | None:
    """The share per voter of an MES outcome (``None`` for other methods or no ballots)."""
    final = outcome.get("voter_budget")
    if final is None or not ballots or budget is None:
        return None
    return ShareSummary(_exact(budget) / ballots, _exact(final), ballots)


def share_sentence(summary: ShareSummary) -> str:
    start = had(summary.start)
    if summary.raised:
        return _(
            "Each voter started with an equal share of the budget: %(start)s (the budget "
            "divided by %(ballots)s ballots). To spend more of the budget, the shares were "
            "raised, as the method prescribes, to %(final)s per voter; the outcome is the one at "
            "that share.",
            start=start,
            ballots=summary.ballots,
            final=had(summary.final),
        )
    return _(
        "Each voter had an equal share of the budget: %(start)s (the budget divided by "
        "%(ballots)s ballots).",
        start=start,
        ballots=summary.ballots,
    )


def comparison_sentence(outcome: Mapping[str, Any]) -> str | None:
    """The comparison step of an ``...-comparison`` variant, in words (``None`` without one)."""
    step = next((s for s in outcome.get("trace", ()) if s.get("step") == "mes_comparison"), None)
    if step is None:
        return None
    values = {"mes": step["prefers_mes"], "greedy": step["prefers_greedy"]}
    if step["kept"] == "greedy":
        return _(
            "Comparison with the most-votes method: %(greedy)s voters preferred its outcome and "
            "%(mes)s the outcome of equal shares, so the most-votes outcome was kept.",
            **values,
        )
    return _(
        "Comparison with the most-votes method: %(mes)s voters preferred the outcome of equal "
        "shares and %(greedy)s the most-votes outcome, so the outcome of equal shares was kept.",
        **values,
    )


@dataclass(frozen=True)
class SideBySide:
    """The published outcome beside the most-votes one: per option key, funded in each."""

    keys: tuple[str, ...]
    published: frozenset[str]
    most_votes: frozenset[str]
    published_cost: str
    most_votes_cost: str

    @property
    def differing(self) -> tuple[str, ...]:
        return tuple(
            key for key in self.keys if (key in self.published) != (key in self.most_votes)
        )


def side_by_side(
    outcome: Mapping[str, Any], most_votes: Mapping[str, Any] | None, keys: list[str]
) -> SideBySide | None:
    """The two outcomes over the options ``keys`` (the page's order); ``None`` without a
    stored most-votes outcome."""
    if not most_votes or "selected" not in outcome:
        return None
    return SideBySide(
        keys=tuple(keys),
        published=frozenset(outcome.get("selected", ())),
        most_votes=frozenset(most_votes.get("selected", ())),
        published_cost=outcome.get("total_cost", "0"),
        most_votes_cost=most_votes.get("total_cost", "0"),
    )
