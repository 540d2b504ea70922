"""The annual plan opens on the first year with planned competitions; ?year= still chooses."""

from __future__ import annotations

from app.common.timeutil import WARSAW, utcnow
from tests.factories import make_opportunity


def _this_year() -> int:
    return utcnow().astimezone(WARSAW).year


def test_plan_opens_on_next_year_when_only_next_year_is_planned(client):
    year = _this_year() + 1
    make_opportunity(title="Konkurs na przyszły rok", planned_year=year, planned_month=3)
    page = client.get("/opportunities/plan").get_data(as_text=True)
    assert "Konkurs na przyszły rok" in page
    assert f'aria-current="page">{year}<' in page
    current = client.get(f"/opportunities/plan?year={year - 1}").get_data(as_text=True)
    assert "Konkurs na przyszły rok" not in current


def test_plan_opens_on_this_year_when_it_has_planned_items(client):
    year = _this_year()
    make_opportunity(title="Konkurs w tym roku", planned_year=year, planned_month=12)
    make_opportunity(title="Konkurs za rok", planned_year=year + 1, planned_month=1)
    page = client.get("/opportunities/plan").get_data(as_text=True)
    assert "Konkurs w tym roku" in page and "Konkurs za rok" not in page


def test_plan_without_planned_items_opens_on_this_year(client):
    page = client.get("/opportunities/plan").get_data(as_text=True)
    assert f'aria-current="page">{_this_year()}<' in page
