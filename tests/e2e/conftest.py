"""Browser fixtures: a live server on the test database, the system Chromium, axe-core audits.

Browser tests run wherever Chromium is installed; without it they skip locally with a clear
message and fail in CI (where ``CI`` is set), so CI can never pass them vacuously.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import smtp_config

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _missing(what: str):
    message = f"{what} is missing: browser tests cannot run"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _missing("Chromium (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        _missing("node_modules/axe-core (run `npm ci`)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def app_overrides(smtp):
    # no SERVER_NAME: e-mailed links then point at the live server's own address
    return {**smtp_config(smtp), "WTF_CSRF_ENABLED": True, "SERVER_NAME": None}


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Track request threads so that teardown waits for them: a request still running when the
    # database engine is disposed would leave its connection open.
    server.daemon_threads = False
    server.block_on_close = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, request):
    # axe is injected as an inline script, which our CSP forbids: let the test browser bypass it.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


class Auditor:
    """Runs axe-core on the current page and fails on any WCAG 2.0/2.1 A or AA violation."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.audited: list[str] = []

    def __call__(self, page) -> None:
        result = self._run_axe(page)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(str(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        self.audited.append(page.url)
        assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)

    def _run_axe(self, page, attempts: int = 3) -> dict:
        """Injects and runs axe once the page has loaded.

        A click that follows a link returns before the next page arrives; injecting into the
        document being replaced fails ("Cannot read properties of null") or loses the script
        ("Execution context was destroyed"), so wait for the load and try again.
        """
        from playwright.sync_api import Error as PlaywrightError

        for attempt in range(attempts):
            page.wait_for_load_state("load")
            try:
                page.add_script_tag(content=self.source)
                return page.evaluate(
                    "options => axe.run(document, options)",
                    {
                        "runOnly": {"type": "tag", "values": WCAG_TAGS},
                        "resultTypes": ["violations"],
                    },
                )
            except PlaywrightError:
                if attempt == attempts - 1:
                    raise
                page.wait_for_timeout(200)
        raise AssertionError("unreachable")


@pytest.fixture
def audit(axe_source) -> Auditor:
    return Auditor(axe_source)
