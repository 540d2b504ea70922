"""The counting engine imports only the standard library (STYLE 3.4).

The check runs in a fresh interpreter. ``app/__init__.py`` is the Flask application factory, so
importing ``app.priorities.counting`` the normal way would load Flask through the parent
package; the child process therefore registers a bare ``app`` package first, then imports every
module of the engine (except ``__main__``, which is the command line) and reports what was
loaded beyond the interpreter's own start-up modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import importlib, json, pkgutil, sys, types
before = set(sys.modules)
app = types.ModuleType("app")
app.__path__ = [sys.argv[1] + "/app"]
sys.modules["app"] = app
import app.priorities.counting as counting
for module in pkgutil.iter_modules(counting.__path__):
    if module.name != "__main__":
        importlib.import_module("app.priorities.counting." + module.name)
loaded = sorted(set(sys.modules) - before)
print(json.dumps({"loaded": loaded, "stdlib": sorted(sys.stdlib_module_names)}))
"""


def _probe() -> dict:
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-I", "-c", PROBE, str(ROOT)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(completed.stdout)


def test_counting_imports_only_the_standard_library():
    probe = _probe()
    stdlib = set(probe["stdlib"])
    outside = [
        name
        for name in probe["loaded"]
        if name.split(".")[0] not in stdlib and not name.startswith("app")
    ]
    assert outside == []
    ours = {name for name in probe["loaded"] if name.startswith("app")}
    assert "app.extensions" not in ours
    assert "app.priorities.counting.ranked" in ours  # the probe did import the engine
    forbidden = {"flask", "sqlalchemy", "click", "werkzeug", "numpy"}
    assert not forbidden & {name.split(".")[0] for name in probe["loaded"]}
