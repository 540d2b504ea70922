"""The test-only speed-up still applies (else the suite silently becomes ~40 s slower)."""

from werkzeug.routing import Rule


def test_werkzeug_still_has_the_builder_the_suite_reuses():
    assert hasattr(Rule, "_compile_builder"), "tests/speedups.py no longer applies: remove it"
