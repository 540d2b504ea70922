"""The demo of the programme of cooperation (issue 14, item 5): every kind of tracked task,
a longer change-notice thread."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.programmes.models import ChangeNotice, Programme


def test_demo_programme_tracks_funded_options_and_proposals_and_a_long_thread(runner):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    programme = db.session.scalar(select(Programme).where(Programme.year == 2026))
    sources = {task.source for task in programme.tasks}
    assert sources == {"priority", "proposal", "vote_option"}
    options = [t for t in programme.tasks if t.source == "vote_option"]
    assert all(t.planned_amount is not None and t.updates for t in options)
    threads = db.session.scalars(select(ChangeNotice)).all()
    long = [n for n in threads if len(n.replies) == 3]
    assert len(long) == 1
    assert [r.side for r in long[0].replies] == ["office", "organization", "office"]
    assert long[0].answer == "needs_annex" and long[0].current_answer == "accepted"
    assert long[0].replies[1].file is not None
