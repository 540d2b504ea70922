"""What the vote pages say for a code: the labels of states, methods and trace steps, the texts
of setup problems, ballot problems and refusals, the column names of the CSV download and the
messages of the ballot script.

The English strings are the message ids of the translations: changing one loses its Polish text.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.common.money import money
from app.common.web import refusal_text
from app.priorities.forms import METHOD_LABELS, METHOD_SENTENCES
from app.priorities.permissions import BallotRefusal
from app.priorities.phases import VoteState
from app.priorities.rules import BallotProblem, Problem, SetupProblem, canonical_method
from app.priorities.services import Locked
from votecount import UnknownRule

#: The methods as the results page names them (older names; offered ones: forms.METHOD_LABELS).
RESULT_METHOD_LABELS = {
    "borda": _l("Borda count"),
    "schulze": _l("Schulze method"),
    "irv": _l("Instant-runoff voting"),
    "points": _l("Sum of points (budget split in proportion to points)"),
    "greedy": _l("Greedy rule (most supported first, while money lasts)"),
    "mes": _l("Method of Equal Shares"),
    "mes-plain": _l("Method of Equal Shares (without completion)"),
}
TIE_STAGE_LABELS = {
    "ranking": _l("Tie for place"),
    "greedy_order": _l("Tie in the order of the greedy rule, step"),
    "mes_round": _l("Tie in round"),
    "remainder": _l("Tie of remainders in the budget split, position"),
    "fill": _l("Tie in the order of the money left over, step"),
}
#: How a tie was broken (``votecount.TieBreak``), after "broken in favour of …".
TIE_RULE_LABELS = {
    "smaller_id": _l("broken in favour of the smaller option id"),
    "lower_cost": _l("broken in favour of the option that costs less"),
    "higher_cost": _l("broken in favour of the option that costs more"),
    "more_votes": _l("broken in favour of the option with more votes"),
    "file_order": _l("broken in favour of the option listed earlier"),
}
COMPLETION_LABELS = {
    "continue": _l("fits: raise the shares again"),
    "exhaustive": _l("nothing else fits: this outcome is final"),
    "over_budget": _l("over the budget: the previous outcome is final"),
    "all_funded": _l("every supported option is funded: this outcome is final"),
    "final": _l("a larger share cannot change this outcome: it is final"),
}
#: The decisions of the greedy rule's trace.
GREEDY_DECISION_LABELS = {
    "funded": _l("funded"),
    "does_not_fit": _l("does not fit"),
    "below_threshold": _l("below the minimum of votes"),
    "not_reached": _l("not reached: the count stopped earlier"),
}


def method_label(method: str) -> str:
    """The name of counting rule ``method`` on pages: the offered ones by their label, others
    by the label of their canonical name, or by the rule's own name."""
    for name in (method, _canonical(method)):
        if name in METHOD_LABELS:
            return str(METHOD_LABELS[name])
        if name in RESULT_METHOD_LABELS:
            return str(RESULT_METHOD_LABELS[name])
    return method


def method_sentence(method: str) -> str:
    """One plain sentence saying what rule ``method`` does ("" for a rule the form does not
    offer: the page then names the rule and links the engine's description)."""
    sentence = METHOD_SENTENCES.get(method) or METHOD_SENTENCES.get(_canonical(method))
    return str(sentence) if sentence else ""


def _canonical(method: str) -> str:
    try:
        return canonical_method(method)
    except UnknownRule:  # an unknown stored name is shown as it is
        return method


#: A change of a vote that opened meanwhile (the pages check first; a race gets this 409 page).
refusal_text(Locked)(
    _l("Voting has opened: the method, the rules and the options can no longer be changed.")
)


def state_labels() -> dict[VoteState, str]:
    return {
        VoteState.SETUP: _("being set up"),
        VoteState.OPEN: _("open for voting"),
        VoteState.CLOSED: _("closed"),
        VoteState.PUBLISHED: _("results published"),
    }


def index_section_titles() -> dict[VoteState, str]:
    """The headings of the sections of the votes index."""
    return {
        VoteState.OPEN: _("Open for voting"),
        VoteState.SETUP: _("Being set up"),
        VoteState.CLOSED: _("Closed, results not published yet"),
        VoteState.PUBLISHED: _("Results published"),
    }


def setup_message(problem: Problem) -> str:
    params = problem.params
    return {
        SetupProblem.UNKNOWN_BALLOT_TYPE: lambda: _("Choose a ballot type."),
        SetupProblem.UNKNOWN_METHOD: lambda: _("Choose a counting method."),
        SetupProblem.METHOD_DOES_NOT_FIT: lambda: _(
            "This counting method cannot count this ballot type: ranked ballots use Borda, "
            "Schulze or instant-runoff; approval ballots use greedy or equal shares."
        ),
        SetupProblem.POINTS_REQUIRED: lambda: _("Enter how many points each voter distributes."),
        SetupProblem.CAP_OVER_TOTAL: lambda: _(
            "The most points for one option cannot exceed the points per voter."
        ),
        SetupProblem.BUDGET_REQUIRED: lambda: _(
            "Enter the budget: this counting method funds options within it."
        ),
        SetupProblem.ROUNDING_UNIT_POSITIVE: lambda: _("Enter a rounding unit greater than 0."),
        SetupProblem.CHOICES_RANGE: lambda: _(
            "The most options a voter may choose cannot be fewer than the fewest they must."
        ),
        SetupProblem.CLOSES_BEFORE_OPENING: lambda: _(
            "Voting must open in the future and close after it opens."
        ),
        SetupProblem.TOO_FEW_OPTIONS: lambda: _(
            "Add at least %(minimum)s options before voting opens.", minimum=params["minimum"]
        ),
        SetupProblem.COST_REQUIRED: lambda: _(
            "Enter the cost of “%(title)s”: the counting method uses costs.",
            title=params["title"],
        ),
        SetupProblem.MIN_CHOICES_OVER_OPTIONS: lambda: _(
            "Voters are asked to choose more options than there are."
        ),
    }[problem.code]()


def ballot_message(problem: Problem, titles: dict[str, str]) -> str:
    """The problem's text, after the title of the option at fault (if ``titles`` names it)."""
    params = problem.params
    title = titles.get(problem.option or "", "")
    message = {
        BallotProblem.EMPTY: lambda: _("The ballot is empty: rank, score or choose an option."),
        BallotProblem.UNKNOWN_OPTION: lambda: _(
            "The ballot names an option that is not on this vote. Reload the page and vote again."
        ),
        BallotProblem.DUPLICATE_OPTION: lambda: _("An option appears on the ballot twice."),
        BallotProblem.NOT_A_WHOLE_NUMBER: lambda: _("Enter a whole number."),
        BallotProblem.NEGATIVE: lambda: _("Enter 0 or more points, not a negative number."),
        BallotProblem.RANK_OUT_OF_RANGE: lambda: _(
            "Choose a rank from 1 to %(count)s.", count=params["count"]
        ),
        BallotProblem.RANK_REPEATED: lambda: _(
            "Rank %(rank)s is given to more than one option: each rank may be used once.",
            rank=params["rank"],
        ),
        BallotProblem.RANK_GAP: lambda: _(
            "Rank %(rank)s is missing: number the options you rank 1, 2, 3… without gaps.",
            rank=params["rank"],
        ),
        BallotProblem.OVER_TOTAL: lambda: _(
            "You gave %(total)s points but may give at most %(maximum)s in total.",
            total=params["total"],
            maximum=params["maximum"],
        ),
        BallotProblem.OVER_CAP: lambda: _(
            "At most %(cap)s points may go to one option.", cap=params["cap"]
        ),
        BallotProblem.OVER_BUDGET: lambda: _(
            "The options you chose cost %(total)s, more than the budget of %(budget)s.",
            total=money(params["total"]),
            budget=money(params["budget"]),
        ),
        BallotProblem.TOO_FEW: lambda: ngettext(
            "Choose at least %(num)d option.",
            "Choose at least %(num)d options.",
            params["minimum"],
        ),
        BallotProblem.TOO_MANY: lambda: ngettext(
            "Choose at most %(num)d option.", "Choose at most %(num)d options.", params["maximum"]
        ),
    }[problem.code]()
    return f"{title}: {message}" if title else message


def refusal_message(refusal: BallotRefusal) -> str:
    return {
        BallotRefusal.NOT_OPEN_YET: _("Voting has not opened yet."),
        BallotRefusal.CLOSED: _("Voting is closed: ballots are no longer accepted."),
        BallotRefusal.NOT_ELIGIBLE: _(
            "Only approved representatives of verified organizations may vote in this vote."
        ),
    }[refusal]


def person_refusal_message() -> str:
    return _("Only signed-in people with a confirmed e-mail address may vote in this vote.")


def locked_message() -> str:
    return _("Voting has opened: the method, the rules and the options can no longer be changed.")


def script_text() -> dict[str, str]:
    """The messages of ballot.js in the user's language (placeholders filled in by the script)."""
    return {
        "up": _("Move up"),
        "down": _("Move down"),
        "moved": _("%(title)s: rank %(rank)s"),
        "unranked": _("%(title)s: not ranked"),
        "points_left": _("Points left: %(left)s of %(total)s."),
        "points_over": _("%(over)s points too many: you may give at most %(total)s."),
        "budget_ok": _("Chosen: %(spent)s of %(budget)s; %(left)s left."),
        "budget_near": _("Close to the limit: %(spent)s of %(budget)s; %(left)s left."),
        "budget_over": _("Over the budget by %(over)s: %(spent)s of %(budget)s."),
    }


def csv_headers() -> dict[str, str]:
    """The column names of the results CSV (and its yes / no)."""
    return {
        "position": _("Position"),
        "option_id": _("Option id"),
        "title": _("Option"),
        "support": _("Support"),
        "score": _("Score"),
        "tied": _("Tie"),
        "share": _("Share of points"),
        "allocation": _("Amount (PLN)"),
        "cost": _("Cost (PLN)"),
        "funded": _("Funded"),
        "yes": _("yes"),
        "no": _("no"),
    }


def ballots_withheld_message(ballots: int, minimum: int) -> str:
    """Why a secret vote's ballots file is not published (the result may be)."""
    return ngettext(
        "The ballots file is not published: %(num)s ballot was cast, and the secrecy of the "
        "vote requires at least %(min)s.",
        "The ballots file is not published: %(num)s ballots were cast, and the secrecy of the "
        "vote requires at least %(min)s.",
        ballots,
        min=minimum,
    )


def preview_missing_message() -> str:
    return _("Compute the preview and check it first: results are published only after that.")


def preview_outdated_message() -> str:
    return _(
        "The ballots have changed since the preview you checked (for example, a paper ballot "
        "was entered or another official computed a new preview). Compute the preview again, "
        "check it, then publish."
    )
