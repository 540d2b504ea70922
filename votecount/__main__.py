"""``python -m votecount FILE.pb --method mes [--json]``: the recount command (:mod:`.cli`)."""

from votecount.cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog="python -m votecount"))
