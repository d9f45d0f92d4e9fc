"""Browser tests: Debian's Chromium driven by Playwright against the live_server fixture.

Playwright's sync API runs an event loop in the test's thread, which makes Django refuse ORM calls
there; the tests only touch the ORM between browser steps, so we allow it (Playwright's own advice).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from quizzes.management.commands.demo import DEMO_COURSE
from quizzes.models import Card, CardKind, Course, ItemStatus, Source
from quizzes.study.services.decks import deck_demo

CHROMIUM = os.environ.get("RETAIN_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# axe-core from npm (package-lock.json; `npm ci`, which `make test` runs): never fetched by a test.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
NARROWEST = {"width": 320, "height": 640}  # WCAG 1.4.10: no sideways scrolling at 320 CSS px

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reason = None
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        reason = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium and chromium-driver "
            "(make test does so when run as root)"
        )
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed (pip install -r requirements-dev.txt)"
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def screenshot(page):
    """Save a screenshot of the page at phone and laptop widths under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> list[Path]:
        paths = []
        for label, size in (("phone", PHONE), ("laptop", LAPTOP)):
            page.set_viewport_size(size)
            path = ARTIFACTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(LAPTOP)
        return paths

    return take


@pytest.fixture
def axe(page):
    """``axe(label)`` runs axe-core on the page as it is now and returns its WCAG 2.1 A/AA
    violations, one line each (empty when it passes). The site's CSP refuses an injected <script>
    tag, so axe is added as an init script from node_modules (the same file, no network, and the
    CSP stays on, so a page that breaks it still shows)."""
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE}): run `npm ci` (make test does)")
    page.add_init_script(path=str(AXE))

    def run(label: str) -> list[str]:
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            WCAG_21_AA,
        )
        return [
            f"{label}: {v['id']} ({v['impact']}) {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:4])
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def demo_deck(settings):
    """The demo's sample deck with ten more new cards, so a session has cards to grade."""
    settings.DEBUG = True
    call_command("demo", verbosity=0)
    course = Course.objects.get(title=DEMO_COURSE)
    source = Source.objects.filter(course=course).first()
    teacher = get_user_model().objects.get(username="teacher")
    # The demo's simulated weeks of study leave few cards due today: add ten new approved cards
    # (the deck takes them in as new cards) so the session has cards to grade.
    for i in range(10):
        Card.objects.create(
            course=course,
            source=source,
            kind=CardKind.BASIC,
            status=ItemStatus.APPROVED,
            front=f"Question {i} about the article",
            back=f"Answer {i}",
            evidence_text="A sentence of the article.",
        )
    return deck_demo(course=course, source=source, user=teacher)


def page_width(page) -> int:
    """How wide the page's content is (more than the viewport: it scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth")


def log_in(page, username: str, password: str = "retain-demo") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/courses/")


def log_out(page) -> None:
    """Press "Log out" in the header (on a phone it is in the menu)."""
    if page.locator(".site-header").count() == 0:  # the API docs have no header
        page.goto("/courses/")
    menu = page.locator(".nav-menu > summary")
    if menu.is_visible() and not page.get_by_role("button", name="Log out").is_visible():
        menu.click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/**")
