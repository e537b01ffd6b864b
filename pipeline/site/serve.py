"""``handout serve [--port N] [--watch]``: the built site as it will be served, on this computer.

Python's own ``http.server`` answers every request with the whole file, so
a chapter link (a seek into the MP3) restarts the audio at 0:00 there, and a
page opened from disk cannot load its transcript at all (no highlighting).
This server answers byte ranges (``206 Partial Content``, as every real web
server does), names each file's type as the deployed site must
(``audio/mpeg``, ``text/vtt``, ``application/epub+zip`` …) and sends
``Cache-Control: no-store`` so a preview is never stale.

It listens on 127.0.0.1 only: a preview of unpublished work is for this
computer, never the clinic's network. With ``--watch`` it rebuilds when a
file under ``source/``, ``locales/``, ``audio/`` or ``handout.toml`` changes
(the incremental build renders only what changed) and tells open pages to
reload, through a small script it adds to the HTML *as it is served*: the
files in ``build/`` are never changed.
"""

from __future__ import annotations

import io
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

HOST = "127.0.0.1"  # never all interfaces: see the module's note
EVENTS = "/__handout__/events"
#: Types the deployed site must send; everything else as Python guesses it.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
    ".mp3": "audio/mpeg",
    ".m3u8": "audio/x-mpegurl",
    ".epub": "application/epub+zip",
    ".pdf": "application/pdf",
    ".xml": "application/rss+xml; charset=utf-8",  # the podcast feeds
}
RELOAD_SCRIPT = (
    b'<script>new EventSource("' + EVENTS.encode() + b'").onmessage = function () '
    b"{ location.reload(); };</script>\n"
)
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
POLL_SECONDS = 0.2


class Reloads:
    """A counter of finished rebuilds that changed the site, which event streams wait on."""

    def __init__(self) -> None:
        self.generation = 0
        self.closed = False
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.generation != seen or self.closed, timeout)
            return self.generation


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive


def parse_range(header: str | None, size: int) -> ByteRange | bool | None:
    """``Range: bytes=a-b`` (or ``a-``, ``-n``) → a range; None: serve it all; False: 416.

    Several ranges at once are answered with the whole file, which RFC 9110 allows.
    """
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip())
    if not match or not (match.group(1) or match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # the last n bytes
        length = int(last)
        return ByteRange(max(0, size - length), size - 1) if length and size else False
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return ByteRange(start, end)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files from ``build/`` with byte ranges, exact types and, when watching, reloads."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect for media

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a preview prints its rebuilds, not every request

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return TYPES.get(Path(path).suffix.lower()) or super().guess_type(path)

    def do_GET(self) -> None:
        if self.path == EVENTS and self.server.reloads is not None:
            self._events(self.server.reloads)
            return
        super().do_GET()

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            index = path / "index.html"
            if not self.path.split("?", 1)[0].endswith("/") or not index.is_file():
                return super().send_head()  # the redirect to "…/", or a folder listing
            path = index
        if not path.is_file():
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        if path.suffix == ".html" and self.server.reloads is not None:
            return self._page(path)
        return self._file(path)

    def _page(self, path: Path) -> io.BytesIO:
        """The page with the reload script before ``</body>`` (in this response only)."""
        data = path.read_bytes()
        at = data.rfind(b"</body>")
        data = data[:at] + RELOAD_SCRIPT + data[at:] if at >= 0 else data + RELOAD_SCRIPT
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", TYPES[".html"])
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self._left = len(data)
        return io.BytesIO(data)

    def _file(self, path: Path) -> BinaryIO | None:
        size = path.stat().st_size
        wanted = parse_range(self.headers.get("Range"), size)
        if wanted is False:
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = path.open("rb")
        if isinstance(wanted, ByteRange):
            handle.seek(wanted.start)
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {wanted.start}-{wanted.end}/{size}")
            self._left = wanted.end - wanted.start + 1
        else:
            self.send_response(HTTPStatus.OK)
            self._left = size
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(self._left))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        return handle

    def copyfile(self, source: Any, outputfile: Any) -> None:
        left = self._left
        while left > 0:
            chunk = source.read(min(65536, left))
            if not chunk:
                break
            outputfile.write(chunk)
            left -= len(chunk)

    def _events(self, reloads: Reloads) -> None:
        """Server-sent events: one ``reload`` message after each rebuild that changed files."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = reloads.generation
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not reloads.closed:
                now = reloads.wait(seen, timeout=15)
                self.wfile.write(b"data: reload\n\n" if now != seen else b": idle\n\n")
                self.wfile.flush()
                seen = now
        except OSError:
            pass  # the page went away


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, folder: Path, port: int, reloads: Reloads | None) -> None:
        self.reloads = reloads

        def handler(*args: Any) -> PreviewHandler:
            return PreviewHandler(*args, directory=str(folder))

        super().__init__((HOST, port), handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}/"


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under ``paths``; hidden files (editors', ours) left out."""
    found: dict[str, tuple[int, int]] = {}
    for top in paths:
        if top.is_file():
            found[str(top)] = _stamp(top)
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if not name.startswith(".") and not name.endswith("~"):
                    path = Path(folder, name)
                    found[str(path)] = _stamp(path)
    return found


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, -1)
    return (info.st_mtime_ns, info.st_size)


class Watcher(threading.Thread):
    """Polls the project's inputs; after a change settles, calls ``rebuild`` (True: reload)."""

    def __init__(
        self, paths: Callable[[], list[Path]], rebuild: Callable[[], bool], reloads: Reloads
    ):
        super().__init__(daemon=True, name="handout-watch")
        self.paths = paths
        self.rebuild = rebuild
        self.reloads = reloads
        self.stopped = threading.Event()

    def run(self) -> None:
        before = snapshot(self.paths())
        while not self.stopped.wait(POLL_SECONDS):
            now = snapshot(self.paths())
            if now == before:
                continue
            while not self.stopped.wait(POLL_SECONDS):  # an editor may write in several steps
                settled = snapshot(self.paths())
                if settled == now:
                    break
                now = settled
            if self.rebuild():
                self.reloads.bump()
            before = snapshot(self.paths())

    def stop(self) -> None:
        self.stopped.set()


@dataclass
class Preview:
    """A running preview: its server thread and, with ``--watch``, its watcher."""

    server: PreviewServer
    thread: threading.Thread
    watcher: Watcher | None

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.join(timeout=10)
        if self.server.reloads is not None:
            self.server.reloads.close()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


def start(
    folder: Path,
    port: int = 0,
    watch: Callable[[], list[Path]] | None = None,
    rebuild: Callable[[], bool] | None = None,
) -> Preview:
    """Serve ``folder`` on 127.0.0.1:``port`` (0: any free port) in a background thread."""
    reloads = Reloads() if watch is not None else None
    server = PreviewServer(folder, port, reloads)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="handout-serve")
    thread.start()
    watcher = None
    if watch is not None and rebuild is not None and reloads is not None:
        watcher = Watcher(watch, rebuild, reloads)
        watcher.start()
    return Preview(server, thread, watcher)


def serve_until_interrupted(preview: Preview) -> None:
    """Block until Ctrl-C, then stop the server and the watcher cleanly."""
    try:
        while preview.thread.is_alive():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
