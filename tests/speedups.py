"""Speed-ups that only the test suite needs, kept apart so that nothing in the application
depends on them and a reader of conftest.py sees fixtures, not tricks.

``reuse_url_builders`` patches a *private* Werkzeug method (``Rule._compile_builder``): the
suite builds a new app for each of ~1,700 tests and would otherwise recompile every URL
builder each time (~40 s of a SQLite run). If Werkzeug renames the method the patch steps
aside and the tests are only slower (tests/test_speedups.py says so loudly).
"""

from __future__ import annotations

from werkzeug.routing import Rule


def reuse_url_builders() -> None:
    """Each test builds a new app; let its URL rules reuse the builders of earlier apps.

    Werkzeug compiles a Python function per rule to build its URLs (an AST, then ``compile``):
    about 60 ms of the ~85 ms ``create_app`` costs, paid by every one of ~1,600 tests. The
    function depends only on the rule's parsed parts and defaults and gets the rule as an
    argument, so one function serves every app's copy of the same rule. Tests only: the
    application builds its URL map once per process.
    """
    original = getattr(Rule, "_compile_builder", None)
    if original is None:  # a private Werkzeug method: without it, tests are only slower
        return
    builders: dict = {}

    def compile_builder(self, append_unknown=True):
        key = (
            self.rule,
            tuple(self._trace),
            tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items())),
            append_unknown,
        )
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    Rule._compile_builder = compile_builder
