"""Fixtures shared by the end-to-end tests: Debian's Chromium launched through Playwright, a phone-sized
page in it, and the app served on a free port (``served``; each test module's ``live_server`` adds its
own data first).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.support import CHROMIUM_ARGS, serving


@pytest.fixture
def browser() -> Iterator[Any]:
    chromium_path = shutil.which("chromium")
    if chromium_path is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):  # in CI a browser test that cannot run is a failure, not a skip
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def served(app) -> Iterator[str]:
    with serving(app) as base:
        yield base
