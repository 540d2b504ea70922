"""Issue 13, the web half: the exact rule variant a vote stores and publishes, the results page
saying why each option was funded or not, the side-by-side with the most-votes method, the
receipt saying where a ballot's share went, and a recount of the downloaded file alone."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from app.auth.models import Role
from app.extensions import db
from app.priorities import explanations, results
from app.priorities.receipts import share_of_ballot
from tests.factories import make_ballot as ballot
from tests.factories import make_closed_vote, make_organization, make_user, publish_vote_results
from votecount.cli import recount_file

#: The demo's tasks and ballots (app/site/demo/priorities.py): 400 000 zł, five organizations.
TASKS = [
    ("Klub seniora na Wólkach", "180000"),
    ("Dowóz osób z niepełnosprawnościami", "150000"),
    ("Liga piłkarska szkół", "90000"),
    ("Sprzątanie brzegów Dunajca", "40000"),
    ("Centrum wolontariatu", "120000"),
    ("Warsztaty ekologiczne", "60000"),
]
CHOICES = [[0, 1, 4], [3, 5], [2, 3], [0, 1], [1, 4, 5]]


@pytest.fixture
def official(app):
    return make_user(role=Role.OFFICIAL)


def budget_vote(method: str, secrecy: str = "open"):
    return make_closed_vote(
        title="Zadania do sfinansowania",
        ballot_type="approval",
        method=method,
        secrecy=secrecy,
        budget=Decimal("400000"),
        options=[{"title": title, "cost": Decimal(cost)} for title, cost in TASKS],
    )


def cast_demo_ballots(vote) -> list[str]:
    """The demo's ballots; returns their receipt codes in the order cast."""
    keys = [option.key for option in vote.options]
    codes = []
    for number, chosen in enumerate(CHOICES):
        organization = make_organization(name=f"Stowarzyszenie {number + 1}")
        _ballot, code = ballot(vote, organization, sorted(keys[i] for i in chosen))
        codes.append(code)
    return codes


def published(vote, official):
    result = publish_vote_results(vote, official, "Stanowisko urzędu.")
    db.session.commit()
    return result


def title_key(vote, title_start: str) -> str:
    return next(o.key for o in vote.options if o.title.startswith(title_start))


# --- the stored variant, the file and the recount ----------------------------------------


@pytest.mark.parametrize(
    ("method", "rule"),
    [
        ("equalshares/add1", "equalshares/add1"),
        ("equalshares/add1-comparison", "equalshares/add1-comparison"),
        ("mes", "mes-pabutools-add1"),
        ("mes-plain", "mes-plain"),
        ("greedy", "greedy"),
        ("greedy-no-skip", "greedy-no-skip"),
    ],
)
def test_the_file_names_the_exact_variant_and_recounts_alone(
    app, client, official, tmp_path, method, rule
):
    vote = budget_vote(method)
    cast_demo_ballots(vote)
    result = published(vote, official)
    assert result.outcome["variant"] == rule
    download = client.get(f"/votes/{vote.id}/ballots.pb")
    assert download.status_code == 200
    text = download.get_data(as_text=True)
    assert re.search(rf"^rule;{re.escape(rule)}$", text, re.MULTILINE)
    path = tmp_path / results.pb_filename(vote)
    path.write_text(text, encoding="utf-8")
    recount = recount_file(path)  # no method: the file's META rule
    assert recount.rule == rule and recount.source == "file"
    assert list(recount.result.selected) == result.outcome["selected"]
    published_json = client.get(f"/votes/{vote.id}/results.json").get_json()
    assert published_json["outcome"]["selected"] == list(recount.result.selected)
    assert published_json["vote"]["rule"] == rule
    # the stored outcome is exactly what the recount of the file prints (shares included)
    assert recount.result.as_dict(shares=True) == json.loads(json.dumps(result.outcome))
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert f"votecount glosowanie-{vote.id}.pb" in page
    assert f"<code>{rule}</code>" in page


def test_a_vote_stores_a_long_variant_name(app, official):
    name = "equalshares/add1u-integral-exhaustive-inc10-tie-maxvotes+mincost-comparison"
    vote = budget_vote(name)
    db.session.refresh(vote)
    assert vote.method == name


# --- the results page: why, share per voter, side-by-side ---------------------------------


def test_mes_results_say_why_in_words_without_jargon(app, client, official):
    vote = budget_vote("equalshares/add1")
    cast_demo_ballots(vote)
    published(vote, official)
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Dlaczego każda opcja została sfinansowana albo nie" in page
    main = page.split('id="trace"')[0]
    assert "ρ" not in page
    assert not re.search(r"\bprzebieg(i|ów)?\b", page)  # "runs": jargon
    # "Centrum wolontariatu": 2 supporters, lost to "Warsztaty ekologiczne" in round 3, 2 zł short
    why = re.search(r'id="why-\d+">\s*<strong>Centrum wolontariatu</strong>(.*?)</li>', main, re.S)
    assert why is not None
    text = " ".join(why.group(1).split())
    assert "niesfinansowane" in text and "Nie sfinansowano." in text
    assert "Rozstrzygnęła runda 3, w której sfinansowano „Warsztaty ekologiczne”" in text
    assert "Na końcu mieli 119 998 zł, a potrzeba było 120 000 zł (o 2 zł więcej)." in text
    assert "1 popierający więcej wystarczyłby do sfinansowania." in text
    # the share per voter: 80 000 zł at the start, raised to 124 999 zł
    assert "80 000 zł" in main and "124 999 zł" in main
    # the side-by-side: greedy funds the seniors' club and not the football league
    side = main.split('id="most-votes"')[1]
    assert "Porównanie z prostą metodą „najwięcej głosów”" in page
    assert "Klub seniora na Wólkach" in side and "różni się" in side
    assert "Przy niej różniłyby się 3 opcje:" in side


def test_english_explanations(app, client, official):
    vote = budget_vote("equalshares/add1")
    cast_demo_ballots(vote)
    published(vote, official)
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Why each option was funded or not" in page
    assert "It lost to “Warsztaty ekologiczne” in round 3" in page
    assert "With 1 more supporter it would have been funded." in page
    assert "raised, as the method prescribes, to 124,999 zł per voter" in page
    assert "Compared with the simple most-votes method" in page


def test_greedy_results_say_what_did_not_fit(app, client, official):
    vote = budget_vote("greedy")
    cast_demo_ballots(vote)
    published(vote, official)
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    # by votes: Dowóz 3, then Klub 2 (fits: 250 000 left), Sprzątanie 2 ... Centrum 2 does not fit
    assert "Not funded: it did not fit." in page
    assert 'id="most-votes"' not in page  # greedy is the most-votes method itself


def test_ranked_explanations(app, client, official):
    vote = make_closed_vote(
        method="irv", options=[{"title": "Seniorzy"}, {"title": "Sport"}, {"title": "Kultura"}]
    )
    a, b, c = (o.key for o in vote.options)
    for number, content in enumerate([[a, b, c], [a, c], [b, a], [b, c], [c, b, a]]):
        ballot(vote, make_organization(name=f"Org {number}"), content)
    published(vote, official)
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert "Why each option is in its place" in page
    assert (
        "Place 3: eliminated in round 1 of the count for first place with 1 vote, 1 fewer than "
        "“Seniorzy”, which stayed in." in page
    )
    assert "Place 2: the count for first place ended when “Sport” had a majority" in page


# --- the explanation texts, unit by unit ---------------------------------------------------


def _mes(**overrides):
    data = {
        "kind": "mes",
        "option": "5",
        "funded": False,
        "reason": "too_few_supporters",
        "cost": "120000",
        "supporters": 1,
        "round": None,
        "money_at_start": "80000",
        "money_left": "239999/3",
        "shortfall": "120001/3",
        "more_supporters": 1,
        "lost_round": 0,
        "lost_to": None,
        "paid_for": [],
        "paid_other": "0",
        "price": None,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            _mes(),
            "Not funded: its supporters (1 voter) had 79,999.66 zł of their shares "
            "together, and it needed 120,000 zł (40,000.34 zł more). With 1 more supporter it "
            "would have been funded.",
        ),
        (
            _mes(reason="funded", funded=True, round=2, money_left="250000"),
            "Funded in round 2: its supporters (1 voter) had 250,000 zł left of their "
            "shares, and together they paid its cost of 120,000 zł.",
        ),
        (_mes(reason="no_supporters", supporters=0), "Not funded: no ballot supported it."),
        (
            _mes(reason="filled", funded=True),
            "Funded after the equal shares were spent: it fitted in the money left over, given "
            "to the options with the most votes first.",
        ),
    ],
)
def test_mes_sentences(app, data, expected):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask_babel import force_locale

        with force_locale("en"):
            why = explanations.explain({"explanations": {"5": data}}, {"5": "Centrum"})
    assert why["5"].text == expected


def test_amounts_compared_are_rounded_so_the_comparison_stays_true(app):
    with app.test_request_context(), __import__("flask_babel").force_locale("pl"):
        assert explanations.had(Fraction(119999999, 1000)) == "119 999,99 zł"
        assert explanations.needed(Fraction(1, 1000)) == "0,01 zł"


def test_greedy_sentences(app):
    data = {
        "kind": "greedy",
        "option": "1",
        "funded": False,
        "reason": "does_not_fit",
        "cost": "180000",
        "score": 2,
        "position": 4,
        "available": "70000",
        "shortfall": "110000",
        "threshold": None,
    }
    with app.test_request_context(), __import__("flask_babel").force_locale("pl"):
        why = explanations.explain({"explanations": {"1": data}}, {"1": "Klub"}, points=False)
        text = why["1"].text
    assert "koszt się nie zmieścił" in text
    assert "70 000 zł" in text and "180 000 zł" in text and "110 000 zł" in text
    assert "2 głosy" in text


def test_share_of_ballot_reads_the_stored_shares():
    outcome = {
        "shares": {
            "voter_budget": "124999",
            "ballots": 5,
            "payments": {
                "2": [{"amount": "50000", "ballots": [1, 4, 5]}],
                "6": [{"amount": "30000", "ballots": [2, 5]}],
            },
        }
    }
    share = share_of_ballot(outcome, 5)
    assert share.paid == (("2", Fraction(50000)), ("6", Fraction(30000)))
    assert share.unspent == Fraction(44999)
    assert share_of_ballot(outcome, 6) is None
    assert share_of_ballot({"selected": []}, 1) is None


# --- the receipt: where the share went -----------------------------------------------------


def test_receipt_says_where_the_share_went(app, client, official):
    vote = budget_vote("equalshares/add1", secrecy="secret")
    codes = cast_demo_ballots(vote)
    # before publication: nothing about shares
    page = client.post("/votes/receipt", data={"code": codes[4]}).get_data(as_text=True)
    assert "Na co poszedł Twój udział" not in page
    published(vote, official)
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.post("/votes/receipt", data={"code": codes[4]}).get_data(as_text=True)
    assert "Where your share went" in page
    assert "124,999 zł" in page
    table = page.split("What your share paid for")[1].split("</table>")[0]
    # ballot 5 chose Dowóz, Centrum, Warsztaty: it paid for Dowóz and Warsztaty
    assert "Dowóz osób z niepełnosprawnościami" in table and "Warsztaty ekologiczne" in table
    assert "Centrum wolontariatu" not in table
    assert "50,000 zł" in table and "30,000 zł" in table
    assert "Left unspent" in table and "44,999 zł" in table


def test_receipt_of_a_greedy_vote_lists_the_funded_options_it_supported(app, client, official):
    vote = budget_vote("greedy")
    codes = cast_demo_ballots(vote)
    published(vote, official)
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.post("/votes/receipt", data={"code": codes[1]}).get_data(as_text=True)
    assert "Where your share went" in page
    assert "not decided with shares of the budget" in page


# --- the set-up choices ------------------------------------------------------------------


def test_offered_methods_recommend_one_per_ballot_type():
    from app.priorities import rules

    assert rules.RECOMMENDED_METHOD == {
        "ranked": "borda",
        "points": "points",
        "approval": "equalshares/add1",
    }
    for ballot_type, names in rules.METHODS_BY_BALLOT.items():
        assert names[0] == rules.RECOMMENDED_METHOD[ballot_type]
        for name in names:  # every offered name is a rule of the engine that fits the ballots
            assert ballot_type in rules.kinds_of(name)
    assert "equalshares/add1-comparison" in rules.METHODS_BY_BALLOT["approval"]
    assert rules.uses_budget("equalshares/add1") and rules.uses_budget("mes")
    assert not rules.uses_budget("borda") and not rules.uses_budget("no-such-rule")
    assert rules.canonical_method("mes") == "mes-pabutools-add1"


@pytest.mark.parametrize(
    ("ballot_type", "method", "problem"),
    [
        ("approval", "equalshares/add1u-integral-exhaustive", None),  # any registry variant
        ("approval", "dhondt", "unknown_method"),
        ("approval", "x" * 101, "unknown_method"),
        ("ranked", "equalshares/add1", "method_does_not_fit"),
        ("points", "greedy-no-skip", None),
    ],
)
def test_setup_checks_the_method_against_the_registry(ballot_type, method, problem):
    from app.priorities.rules import SetupSpec, setup_problems

    spec = SetupSpec(ballot_type, method, max_points=10, budget=Decimal(100))
    codes = [str(p.code) for p in setup_problems(spec)]
    assert codes == ([problem] if problem else [])


def test_the_setup_form_explains_each_choice_and_marks_the_recommended(app, client, auth):
    from tests.factories import add_voting_stage, make_consultation
    from tests.priorities.test_setup import vote_form

    official = make_user(role=Role.OFFICIAL)
    round_ = add_voting_stage(make_consultation(official))
    auth.login_as(official)
    page = client.get(f"/votes/rounds/{round_.id}/new").get_data(as_text=True)
    assert page.count('name="method"') == 10
    assert "Metoda równych udziałów, tak jak liczy ją equalshares.net" in page
    assert "udziały są podnoszone, dopóki wynik mieści się w budżecie" in page
    recommended = re.findall(r'for="(method-\d+)">([^<]*) <span class="badge[^"]*">zalecana', page)
    assert [label for _id, label in recommended] == [
        "Metoda Bordy",
        "Suma punktów",
        "Metoda równych udziałów, tak jak liczy ją equalshares.net",
    ]
    # every radio is described by its own sentence
    for radio in re.findall(r'<input[^>]*name="method"[^>]*>', page):
        assert 'aria-describedby="method-' in radio
    data = vote_form(ballot_type="approval", method="equalshares/add1-comparison", budget="400000")
    response = client.post(f"/votes/rounds/{round_.id}/new", data=data)
    assert response.status_code == 302
    from sqlalchemy import select

    from app.priorities.models import Vote

    vote = db.session.scalar(select(Vote).order_by(Vote.id.desc()))
    assert vote.method == "equalshares/add1-comparison"
    # an unknown method is refused at the field, the typed values kept
    page = client.post(
        f"/votes/rounds/{round_.id}/new", data=vote_form(method="dhondt", title="Zostaje")
    ).get_data(as_text=True)
    assert 'id="method-error"' in page and 'value="Zostaje"' in page


def test_the_cached_body_is_keyed_by_version_and_rule(app, official):
    from app.priorities.results_cache import BODY_VERSION, body_key

    vote = budget_vote("equalshares/add1")
    cast_demo_ballots(vote)
    result = published(vote, official)
    with app.test_request_context():
        key = body_key(vote, result)
    assert f"/v{BODY_VERSION}/" in key and "equalshares%2Fadd1" in key


def test_the_vote_page_says_what_the_method_does(app, client):
    vote = budget_vote("equalshares/add1")
    page = client.get(f"/votes/{vote.id}").get_data(as_text=True)
    assert "Metoda równych udziałów, tak jak liczy ją equalshares.net." in page
    assert "udziały są podnoszone, dopóki wynik mieści się w budżecie" in page


def test_comparison_that_keeps_the_most_votes_outcome_is_said(app, client, official):
    vote = make_closed_vote(
        ballot_type="approval",
        method="equalshares/add1-comparison",
        budget=Decimal(60),
        options=[{"title": t, "cost": Decimal(c)} for t, c in (("A", 10), ("B", 30), ("C", 10))],
    )
    a, b, c = (o.key for o in vote.options)
    contents = [[a, b], [b, c], [b], [a, b], [a], [a, b], [b, c]]
    codes = [
        ballot(vote, make_organization(name=f"O{n}"), sorted(x))[1] for n, x in enumerate(contents)
    ]
    result = published(vote, official)
    assert result.outcome["variant"] == "equalshares/add1-comparison"
    client.set_cookie(app.config["LANGUAGE_COOKIE"], "en")
    page = client.get(f"/votes/{vote.id}/results").get_data(as_text=True)
    assert (
        "Comparison with the most-votes method: 2 voters preferred its outcome and 0 the outcome "
        "of equal shares, so the most-votes outcome was kept." in page
    )
    assert "Funded: it was number 1 by support (6 votes)" in page
    assert "With it, the same options would be funded." in page
    receipt = client.post("/votes/receipt", data={"code": codes[0]}).get_data(as_text=True)
    assert "not decided with shares of the budget" in receipt
