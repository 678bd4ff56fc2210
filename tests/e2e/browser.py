"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, for the
web pages' end-to-end tests; skipped with a clear message where it is not installed.

Selenium blocks, and the bot's web server runs in the test's own event loop, so every
browser call runs in a thread (`asyncio.to_thread`) while the loop serves the request.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).parents[2] / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core, installed by .ci/run (npm); without it only the HTML parser's checks run."""
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if shutil.which(p) is None]
    if missing:
        pytest.skip(
            f"{' and '.join(missing)} not installed: the browser tests need Debian's chromium"
            " and chromium-driver (apt-get install chromium chromium-driver; .ci/run does it)"
        )


class Browser:
    def __init__(self, driver: Any, screenshots: Path) -> None:
        self.driver = driver
        self.screenshots = screenshots

    async def get(self, url: str) -> None:
        await asyncio.to_thread(self.driver.get, url)

    async def click(self, css: str) -> None:
        """Click a link or a form's button and wait until the next page has loaded."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.wait import WebDriverWait

        old = await asyncio.to_thread(self.driver.find_element, By.TAG_NAME, "html")
        element = await asyncio.to_thread(self.driver.find_element, By.CSS_SELECTOR, css)
        await asyncio.to_thread(element.click)
        wait = WebDriverWait(self.driver, 20)
        await asyncio.to_thread(wait.until, expected_conditions.staleness_of(old))
        ready = "return document.readyState"
        await asyncio.to_thread(wait.until, lambda d: d.execute_script(ready) == "complete")

    async def type(self, css: str, text: str) -> None:
        from selenium.webdriver.common.by import By

        element = await asyncio.to_thread(self.driver.find_element, By.CSS_SELECTOR, css)
        await asyncio.to_thread(element.send_keys, text)

    async def text(self) -> str:
        from selenium.webdriver.common.by import By

        body = await asyncio.to_thread(self.driver.find_element, By.TAG_NAME, "body")
        return str(await asyncio.to_thread(lambda: body.text))

    async def run(self, script: str) -> None:
        """Script run by the test through WebDriver (the pages themselves have none; the
        CSP blocks page scripts, not WebDriver's)."""
        await asyncio.to_thread(self.driver.execute_script, script)

    async def axe_violations(self) -> list[str] | None:
        """axe-core's WCAG 2 A and AA violations on this page (contrast included), or None
        where axe-core is not installed. Injected through WebDriver, which the page's CSP
        does not govern."""
        if not AXE.is_file():
            return None
        await asyncio.to_thread(self.driver.execute_script, AXE.read_text())
        script = (
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa']})"
            ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ('"
            " + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))"
            ".catch(e => done(['axe failed: ' + e]));"
        )
        found = await asyncio.to_thread(self.driver.execute_async_script, script)
        return [str(item) for item in found]

    async def check_accessibility(self) -> None:
        """Both checks: the HTML parser's (always) and axe-core's (where installed)."""
        assert accessibility_problems(await self.source()) == []
        assert await self.axe_violations() in (None, [])

    async def source(self) -> str:
        return str(await asyncio.to_thread(lambda: self.driver.page_source))

    @property
    def url(self) -> str:
        return str(self.driver.current_url)

    async def screenshot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        await asyncio.to_thread(self.driver.save_screenshot, str(path))
        return path


@asynccontextmanager
async def browser(output: Path) -> AsyncIterator[Browser]:
    """A phone-sized headless Chromium; screenshots go to `output`/screenshots."""
    browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.add_argument("--window-size=412,1400")
    driver = await asyncio.to_thread(
        webdriver.Chrome, options=options, service=Service(executable_path=CHROMEDRIVER)
    )
    screenshots = output / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    try:
        yield Browser(driver, screenshots)
    finally:
        await asyncio.to_thread(driver.quit)


class _Accessibility(HTMLParser):
    """The checks an HTML parser can make: a page language, one h1 and no skipped heading
    level, a label for every visible form field, alt text on images, a named nav."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.lang = False
        self.headings: list[int] = []
        self.fields: list[str] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        seen = dict(attrs)
        if tag == "html":
            self.lang = bool(seen.get("lang"))
        elif len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        elif tag == "label" and seen.get("for"):
            self.labels.add(str(seen["for"]))
        elif tag in ("input", "textarea", "select") and seen.get("type") != "hidden":
            self.fields.append(str(seen.get("id") or f"(a {tag} without an id)"))
        elif tag == "img" and not seen.get("alt"):
            self.problems.append("an image without alt text")
        elif tag == "nav" and not seen.get("aria-label"):
            self.problems.append("a nav without an aria-label")


def accessibility_problems(html: str) -> list[str]:
    check = _Accessibility()
    check.feed(html)
    problems = list(check.problems)
    if not check.lang:
        problems.append("no lang on <html>")
    if check.headings.count(1) != 1:
        problems.append(f"{check.headings.count(1)} h1 headings (want one)")
    for before, after in zip(check.headings, check.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level skipped: h{before} then h{after}")
    problems += [f"no label for {field}" for field in check.fields if field not in check.labels]
    return problems
