"""Drive Debian's headless Chromium (through its chromedriver) and axe-core, for page tests.

Nothing is downloaded at test time: the browser and driver are Debian packages
(``make test`` installs them) and axe-core comes from ``tests/node`` (``npm ci``
in ``make test``). If either is missing the tests fail and say what to install.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

NODE = Path(__file__).resolve().parent / "node"
AXE = NODE / "node_modules" / "axe-core" / "axe.min.js"
HTML_VALIDATE = NODE / "node_modules" / ".bin" / "html-validate"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def require_tools() -> None:
    """Fail (not skip) when the page-test tools are missing: ``make test`` installs them."""
    missing = missing_tools()
    if missing:
        pytest.fail("missing " + ", ".join(missing) + ": run make test to install them")


def missing_tools() -> list[str]:
    """What ``make test`` should have installed but is not here."""
    missing = []
    if not CHROMIUM.exists():
        missing.append("Debian package chromium")
    if not CHROMEDRIVER.exists():
        missing.append("Debian package chromium-driver")
    if not AXE.exists() or not HTML_VALIDATE.exists():
        missing.append("npm packages in tests/node (npm ci --prefix tests/node)")
    return missing


class Browser:
    """One headless Chromium session with helpers for viewport, media and axe."""

    def __init__(self, driver: webdriver.Chrome) -> None:
        self.driver = driver

    def open(self, page: Path) -> None:
        self.driver.get(page.resolve().as_uri())

    def viewport(self, width: int, height: int = 900, scale: float = 1) -> None:
        """Emulate a screen: CSS pixels wide, and device pixels per CSS pixel (zoom)."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": False},
        )

    def media(self, **features: str) -> None:
        """Emulate media features, e.g. ``prefers_color_scheme="dark"``."""
        self.driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": k.replace("_", "-"), "value": v} for k, v in features.items()]},
        )

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def axe(self, tags: list[str] | None = None, rules: list[str] | None = None) -> Any:
        """Run axe-core on the open page; returns its violations (a list of dicts)."""
        if not self.js("return typeof window.axe !== 'undefined'"):
            self.js(AXE.read_text(encoding="utf-8"))
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": tags or []}
        self.driver.set_script_timeout(60)
        result = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: arguments[0], resultTypes: ['violations']})"
            ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify("
            "[{id: 'axe-crashed', help: String(e), nodes: []}])));",
            only,
        )
        return json.loads(result)

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        """A PNG of the page; ``full_page`` captures beyond the viewport."""
        import base64

        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page}
        )
        path.write_bytes(base64.b64decode(shot["data"]))


@contextmanager
def chromium() -> Iterator[Browser]:
    """A fresh headless Chromium with its own throwaway profile."""
    profile = tempfile.mkdtemp(prefix="handout-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield Browser(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def describe(violations: list[dict[str, Any]]) -> str:
    """axe violations as readable lines for an assertion message."""
    lines = []
    for v in violations:
        targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        lines.append(f"{v['id']}: {v.get('help', '')} at {targets}")
    return "\n".join(lines)


def validate_html(*pages: Path) -> subprocess.CompletedProcess[str]:
    """html-validate (WHATWG HTML content models) on ``pages``; returns the finished process."""
    return subprocess.run(
        [str(HTML_VALIDATE), "--config", str(NODE / "htmlvalidate.json"), "--formatter", "text"]
        + [str(page) for page in pages],
        capture_output=True,
        text=True,
        check=False,
    )
