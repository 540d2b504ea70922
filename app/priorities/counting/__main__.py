"""``python -m app.priorities.counting FILE.pb --method mes [--json]``: the recount command.

This module is only run, never imported by the engine, so the engine itself stays free of click.
"""

from app.priorities.cli import recount

if __name__ == "__main__":
    recount(prog_name="python -m app.priorities.counting")
