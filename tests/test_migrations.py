"""The migration files list in chain order (no database needed).

`ls migrations/versions` must show the migrations from the base to the head: the first ones are
numbered (0001_slug.py, ...), new ones are named YYYYMMDD_HHMM_slug.py by the file_template in
migrations/alembic.ini. A migration whose name sorts before its parent (for example a branch
merged after a newer one) fails here: rename the file and keep its revision id, which databases
store in alembic_version.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"
NAME = re.compile(r"(\d{4}|\d{8}_\d{4})_\w+\.py")


def read_migrations() -> dict[str, tuple[str, tuple[str, ...]]]:
    """File name -> (revision, down revisions), read with ast from the module-level assignments."""
    migrations = {}
    for path in sorted(VERSIONS.glob("*.py")):
        if path.name.startswith("__"):
            continue
        values = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                values[target.id] = ast.literal_eval(value)
        assert "revision" in values and "down_revision" in values, path.name
        down = values["down_revision"]
        downs = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        migrations[path.name] = (values["revision"], downs)
    return migrations


MIGRATIONS = read_migrations()


def test_there_are_migrations():
    assert MIGRATIONS


@pytest.mark.parametrize("name", sorted(MIGRATIONS))
def test_file_name_follows_the_scheme(name):
    assert NAME.fullmatch(name), f"{name}: expected NNNN_slug.py or YYYYMMDD_HHMM_slug.py"


def test_one_base_one_head_and_every_parent_exists():
    revisions = [revision for revision, _ in MIGRATIONS.values()]
    assert len(revisions) == len(set(revisions)), "a revision id is used twice"
    parents = {down for _, downs in MIGRATIONS.values() for down in downs}
    assert parents <= set(revisions), f"unknown down_revision: {parents - set(revisions)}"
    bases = [name for name, (_, downs) in MIGRATIONS.items() if not downs]
    heads = [name for name, (revision, _) in MIGRATIONS.items() if revision not in parents]
    assert len(bases) == 1, f"expected one base, found {bases}"
    assert len(heads) == 1, f"expected one head, found {heads} (merge them: flask db merge)"


def test_sorted_file_names_list_the_chain_from_base_to_head():
    seen: set[str] = set()
    for name in sorted(MIGRATIONS):
        revision, downs = MIGRATIONS[name]
        missing = [down for down in downs if down not in seen]
        assert not missing, (
            f"{name} (revision {revision}) sorts before its down_revision {missing}: "
            "rename the file so that `ls migrations/versions` lists the chain in order"
        )
        seen.add(revision)
