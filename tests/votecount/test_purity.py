"""The counting engine imports only the standard library (STYLE 3.4), and nothing of the web app.

The check runs in a fresh interpreter: it imports ``votecount`` and every module of it (the
command line included) and reports what was loaded beyond the interpreter's own start-up modules.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json, pkgutil, sys
sys.path.insert(0, sys.argv[1])
before = set(sys.modules)
import votecount
for module in pkgutil.iter_modules(votecount.__path__):
    importlib.import_module("votecount." + module.name)
print(json.dumps({
    "file": votecount.__file__,
    "loaded": sorted(set(sys.modules) - before),
    "modules": sorted(sys.modules),
    "stdlib": sorted(sys.stdlib_module_names),
}))
"""


@functools.cache
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
    assert Path(probe["file"]).resolve() == ROOT / "votecount" / "__init__.py"
    stdlib = set(probe["stdlib"])
    outside = [
        name
        for name in probe["loaded"]
        if name.split(".")[0] not in stdlib and name.split(".")[0] != "votecount"
    ]
    assert outside == []
    # the probe did import the engine and its command line
    assert {"votecount.ranked", "votecount.cli", "votecount.__main__"} <= set(probe["loaded"])


def test_counting_imports_nothing_of_the_web_app():
    tops = {name.split(".")[0] for name in _probe()["modules"]}
    assert "app" not in tops
    assert not {"flask", "sqlalchemy", "click", "werkzeug", "jinja2", "numpy"} & tops
