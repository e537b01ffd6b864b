"""The real tools the book tests judge with: EPUBCheck, Ace by DAISY, and poppler's PDF tools.

Nothing is downloaded at test time. EPUBCheck and poppler-utils are Debian
packages, Ace by DAISY is pinned in ``tests/node`` (``npm ci`` in ``make
test``) and drives Debian's Chromium through puppeteer. A missing tool fails
the test and says what to install: a skipped check would pass silently.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

NODE = Path(__file__).resolve().parents[1] / "node"
ACE = NODE / "node_modules" / ".bin" / "ace-cli"
CHROMIUM = Path("/usr/bin/chromium")
#: Debian's /usr/bin/epubcheck is the jar itself (run through binfmt, which containers lack).
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
SMIL = "{http://www.w3.org/ns/SMIL}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def require(*tools: str) -> None:
    """Fail (not skip) when a tool ``make test`` installs is missing."""
    missing = []
    if "epubcheck" in tools and not (EPUBCHECK_JAR.is_file() and shutil.which("java")):
        missing.append("Debian package epubcheck")
    if "ace" in tools and not (ACE.exists() and CHROMIUM.exists()):
        missing.append("npm packages in tests/node (npm ci --prefix tests/node) and chromium")
    if "poppler" in tools and not shutil.which("pdftotext"):
        missing.append("Debian package poppler-utils")
    if missing:
        pytest.fail("missing " + ", ".join(missing) + ": run make test to install them")


def epubcheck(book: Path, report: Path) -> dict[str, Any]:
    """EPUBCheck's JSON report on ``book``."""
    require("epubcheck")
    subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), str(book), "--json", str(report), "--quiet"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return result


def epubcheck_problems(result: dict[str, Any]) -> list[str]:
    """Every fatal error, error and warning, as ``ID: message (where)``."""
    return [
        f"{m['ID']}: {m['message']} ({[loc.get('path') for loc in m.get('locations', [])]})"
        for m in result["messages"]
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def ace(book: Path, outdir: Path) -> dict[str, Any]:
    """Ace by DAISY's report on ``book`` (its axe-core checks run in Debian's Chromium)."""
    require("ace")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM)}
    done = subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(outdir), str(book)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    report = outdir / "report.json"
    assert report.is_file(), f"Ace wrote no report: {done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    return result


def ace_violations(report: dict[str, Any]) -> list[str]:
    """Every failed assertion in an Ace report, at any depth: ``rule (impact) in file``."""
    found: list[str] = []

    def walk(assertion: dict[str, Any], subject: str) -> None:
        subject = assertion.get("earl:testSubject", {}).get("url", subject)
        result = assertion.get("earl:result", {})
        test = assertion.get("earl:test", {})
        if result.get("earl:outcome") == "fail" and "earl:impact" in test:
            found.append(f"{test.get('dct:title')} ({test['earl:impact']}) in {subject}")
        for inner in assertion.get("assertions", []):
            walk(inner, subject)

    for assertion in report.get("assertions", []):
        walk(assertion, "")
    return found


class Book:
    """An EPUB opened for reading: its entries, package document and content documents."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        self.package = ElementTree.fromstring(self.files["EPUB/package.opf"])

    def xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.files[f"EPUB/{name}"])

    def meta(self, prop: str) -> list[ElementTree.Element]:
        return [m for m in self.package.iter(f"{OPF}meta") if m.get("property") == prop]

    def meta_values(self, prop: str) -> list[str]:
        return [m.text or "" for m in self.meta(prop)]

    def manifest(self) -> list[ElementTree.Element]:
        return list(self.package.iter(f"{OPF}item"))

    def spine(self) -> list[str]:
        items = {i.get("id"): i.get("href") for i in self.manifest()}
        return [str(items[ref.get("idref")]) for ref in self.package.iter(f"{OPF}itemref")]

    def elements_by_id(self, name: str) -> dict[str, ElementTree.Element]:
        return {e.get("id", ""): e for e in self.xml(name).iter() if e.get("id")}


def text_of(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def clock_ms(value: str) -> int:
    """A SMIL full clock value (``h:mm:ss.fff``) in milliseconds."""
    match = re.fullmatch(r"(\d+):(\d{2}):(\d{2})\.(\d{3})", value)
    assert match, f"not a full clock value: {value!r}"
    hours, minutes, seconds, millis = (int(g) for g in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def pdftotext(pdf: Path, *options: str) -> str:
    require("poppler")
    done = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True, timeout=120
    )
    return done.stdout.decode("utf-8")


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """Each font in the PDF: name, type, and whether it is embedded."""
    require("poppler")
    done = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = done.stdout.splitlines()[2:]
    fonts = []
    for row in rows:
        parts = row.split()
        # name, type (1-2 words), encoding, emb, sub, uni, object, ID
        fonts.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return fonts


def pdf_objects(pdf: Path) -> bytes:
    """The PDF's objects with every Flate stream inflated, to look for catalog entries."""
    data = pdf.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)
