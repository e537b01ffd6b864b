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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

NODE = Path(__file__).resolve().parents[1] / "node"
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

    def low_contrast(self, minimum: float) -> list[str]:
        """Every visible text whose colour is below ``minimum``:1 on the background behind it.

        Measured here rather than with axe's AAA rule, which passes text it should not.
        """
        return list(self.js(_CONTRAST_JS, minimum))

    def screenshot(self, path: Path, full_page: bool = True) -> None:
        """A PNG of the page; ``full_page`` captures beyond the viewport."""
        import base64

        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page}
        )
        path.write_bytes(base64.b64decode(shot["data"]))


_CONTRAST_JS = """
const minimum = arguments[0];
const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => [r, g, b].map(v => {
  v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
const background = el => {
  for (let e = el; e; e = e.parentElement) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
  }
  return [255, 255, 255];
};
const failures = [];
for (const el of document.querySelectorAll('body, body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || el.closest('.skip-link')) continue;
  const fg = lum(rgb(style.color)), bg = lum(background(el));
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  if (ratio < minimum) {
    failures.push(el.tagName + ' ' + ratio.toFixed(2) + ': ' + el.textContent.trim().slice(0, 40));
  }
}
return failures;
"""


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


def wait_for(browser: Browser, script: str, timeout: float = 10) -> Any:
    """Poll a JavaScript expression until it is truthy (media and reloads are asynchronous)."""
    deadline = time.monotonic() + timeout
    while True:
        value = browser.js(f"return {script}")
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


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
