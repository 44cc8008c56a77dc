"""Browser tests: Playwright for Python driving Debian's Chromium against a live server on
the seeded test database (``seeded_session``: tests/conftest.py loads it once per process).

Why not pytest-django's ``live_server`` fixture: it forces ``transactional_db``, which flushes
every table after each test, so the session-scoped seed would be gone after the first browser
test (and reloading 332 monographs per test is slow). ``live_url`` below runs the same
machinery ``live_server`` wraps (Django's LiveServerThread, static files served) for the whole
session; tests use the ordinary ``db`` fixture, and an in-memory SQLite test database is
shared with the server thread exactly as LiveServerTestCase does.

Without /usr/bin/chromium the tests skip with a reason, except under CI=true, where a
missing browser is a failure (CI must install it: apt-get install -y chromium).
"""

import os
from pathlib import Path

import pytest

# Debian's chromium; LACTRX_CHROMIUM points elsewhere (e.g. to check the skip/fail paths).
CHROMIUM = Path(os.environ.get("LACTRX_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
VIEWPORTS = {
    "phone": {"width": 360, "height": 780},
    "desktop": {"width": 1280, "height": 900},
    # The first screen the issue measures (tests/e2e/test_first_screen.py).
    "phone-fold": {"width": 360, "height": 740},
    "desktop-fold": {"width": 1280, "height": 800},
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Checked before anything slow (the seed) so a missing browser skips at once."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found (install with: apt-get install -y chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
    # make between page actions (picking a drug from the seed) are still synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """No collectstatic in tests: {% static %} must not need the hashed manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def live_url(seeded_session, django_db_blocker):
    from django.db import connections
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    with django_db_blocker.unblock():
        overrides = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in overrides.values():
            conn.inc_thread_sharing()
        thread = LiveServerThread("localhost", _StaticFilesHandler, overrides, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()
    for conn in overrides.values():
        conn.dec_thread_sharing()


@pytest.fixture
def new_page(chromium_path, live_url, chromium, db):
    """Factory: a fresh page at a named viewport; console errors (e.g. CSP) are collected."""
    contexts = []

    def make(viewport: str = "desktop", **options):
        context = chromium.new_context(
            viewport=VIEWPORTS[viewport], base_url=live_url, locale="en-US", **options
        )
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console",
            lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def run_axe(page) -> list[dict]:
    """Run the vendored axe-core; return serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url="/static/js/vendor/axe.min.js")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page, name: str) -> None:
    violations = run_axe(page)
    assert violations == [], f"axe on {name}: {violations}"


def shoot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
