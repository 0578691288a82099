"""`p` previews the object under the cursor against localoss: an image as half-blocks, GB18030 text, a binary
file as metadata only, an archived object explained without a fetch, hostile names and text inert; at
80x24 and 120x36."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.localoss.images import png
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.preview import PreviewScreen
from oss_share_tui.tui.screens.versions import VersionsScreen

from .conftest import make_app, settle

SIZES = [(80, 24), (120, 36)]
BUCKET = "previews"

GB_TEXT = "季度报告：收入增长，缺陷减少。\n第二行：你好，世界！\n"
HOSTILE_KEY = "[reverse]evil [@click=app.quit]x \x1b[2J \u202etxt.md"
HOSTILE_TEXT = (
    "ansi \x1b[31mRED\x1b[0m and a clear \x1b[2J\n"
    "markup [@click=app.quit]x[/] and [bold]bold[/bold]\n"
    "bidi \u202eevil\u202c end, bell \x07, carriage\rreturn\n"
)


def _two_halves(x: int, y: int) -> tuple[int, int, int]:
    """Red on the left, blue on the right: a picture whose scaled copy is easy to check."""
    return (220, 20, 20) if x < 200 else (20, 20, 220)


IMAGE = png(400, 300, _two_halves)
BINARY = bytes(range(256)) * 16


@pytest.fixture
def server(localoss_factory, monkeypatch):
    """A localoss with one bucket of preview subjects; images forced to half-blocks."""
    monkeypatch.setenv("OSS_SHARE_IMAGES", "halfblocks")
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket(BUCKET, region="cn-hangzhou")
    put = srv.store.put_object
    put(BUCKET, "pics/two-halves.png", IMAGE, "image/png")
    put(BUCKET, "docs/gb.txt", GB_TEXT.encode("gb18030"), "text/plain")
    put(BUCKET, "data/blob.bin", BINARY, "application/octet-stream",
        headers={"x-oss-meta-owner": "alice", "x-oss-meta-purpose": "test"})
    put(BUCKET, HOSTILE_KEY, HOSTILE_TEXT.encode(), "text/markdown")
    put(BUCKET, "cold/frozen.txt", b"restore me first\n", "text/plain", storage_class="Archive")
    put(BUCKET, "cold/thawed.txt", b"restored and readable\n", "text/plain", storage_class="ColdArchive")
    thawed = srv.store.get_object(BUCKET, "cold/thawed.txt")
    thawed.restore_ready_at, thawed.restore_expires_at = 0.0, 4102358400.0  # restored until 2099
    return srv


async def _preview(pilot, key: str) -> PreviewScreen:
    """Put the cursor on `key` in the browser and press p; wait for the preview."""
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, BrowserScreen)
    rows = app.screen.object_list
    rows.cursor = [getattr(e, "key", None) for e in rows.rows].index(key)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, PreviewScreen)
    return app.screen


def _widget_lines(widget) -> list[str]:
    """What a widget draws, line by line, as plain text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def _screen_text(screen: PreviewScreen) -> str:
    parts = []
    for wid in ("#preview-title", "#preview-summary", "#preview-content", "#preview-text"):
        for widget in screen.query(wid):
            parts.extend(_widget_lines(widget))
    return "\n".join(parts)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_image_previews_as_half_blocks_sized_to_the_panel(server, size) -> None:
    from textual_image.widget import HalfcellImage

    app = make_app(server, OssRef(BUCKET, "pics/"))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, "pics/two-halves.png")
        widget = screen.query_one("#preview-image")
        assert isinstance(widget, HalfcellImage)  # textual-image's half-block widget (drawn in the worker)
        body = screen.query_one("#preview-body")
        # Half-blocks: one pixel per column, two per row, in the body.
        box_w, box_h = body.content_size.width, body.content_size.height * 2
        scale = min(box_w / 400, box_h / 300)
        expected = (400 * scale, 300 * scale)
        got = widget.image.size
        assert abs(got[0] - expected[0]) <= 1 and abs(got[1] - expected[1]) <= 1, (got, expected)
        assert got[0] <= box_w and got[1] <= box_h
        # The picture survived: red on the left, blue on the right.
        middle = got[1] // 2
        left, right = widget.image.getpixel((1, middle)), widget.image.getpixel((got[0] - 2, middle))
        assert left[0] > 180 and left[2] < 60, left
        assert right[2] > 180 and right[0] < 60, right
        # The widget is laid out inside the screen, drawn with half-block characters.
        region = widget.region
        assert region.width == got[0] and region.height == (got[1] + 1) // 2
        assert region.right <= size[0] and region.bottom <= size[1]
        assert "▀" in "".join(_widget_lines(widget))
        # What is drawn: the middle line's first cell red over red, its last blue over blue (as colours).
        drawn = [s for s in widget.render_line(region.height // 2) if s.text == "▀"]
        first, last = drawn[0].style, drawn[-1].style
        assert first.color.triplet.red > 180 and first.bgcolor.triplet.blue < 60, first
        assert last.color.triplet.blue > 180 and last.bgcolor.triplet.red < 60, last
        assert widget.prerendered is not None  # drawn in the worker, not on the event loop
        # localoss resizes (x-oss-process) as OSS does: what arrived is the thumbnail, a few hundred bytes.
        summary = "".join(_widget_lines(screen.query_one("#preview-summary")))
        assert "thumbnail from OSS" in summary and f"image {got[0]}×{got[1]} px" in summary, summary
        assert screen.preview.transferred < len(IMAGE)  # (a flat two-colour PNG is small either way)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_gb18030_text_is_decoded(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, "docs/"))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, "docs/gb.txt")
        text = _screen_text(screen)
        assert "季度报告：收入增长，缺陷减少。" in text
        assert "第二行：你好，世界！" in text
        assert "gb18030" in text
        assert "\ufffd" not in text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_binary_file_shows_metadata_only(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, "data/"))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, "data/blob.bin")
        text = _screen_text(screen)
        assert "metadata only" in text
        assert hashlib.md5(BINARY).hexdigest().upper() in text.upper()  # ETag = MD5 of a simple PUT
        assert "4.0 KiB (4,096 bytes)" in text
        assert "application/octet-stream" in text and "Standard" in text
        assert "x-oss-meta-owner" in text and "alice" in text
        assert "x-oss-meta-purpose" in text
        assert not screen.query("#preview-image")
        assert "\x00" not in text and "\x1b" not in text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_hostile_name_and_text_stay_inert(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, HOSTILE_KEY)
        assert screen.preview is not None and screen.preview.kind == "text"
        text = _screen_text(screen)
        assert "[reverse]evil [@click=app.quit]x ␛[2J \\u202etxt.md" in text  # the title: the key, escaped
        assert "ansi ␛[31mRED␛[0m and a clear ␛[2J" in text
        assert "markup [@click=app.quit]x[/] and [bold]bold[/bold]" in text
        assert "bidi \\u202eevil\\u202c end, bell ␇, carriage␍return" in text
        for raw in ("\x1b", "\x07", "\r", "\u202e", "\u202c"):
            assert raw not in text
        # Nothing was clicked into action: the app still runs, the preview is still there.
        svg = app.export_screenshot()
        assert "\x1b" not in svg
        await pilot.click("#preview-text")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, PreviewScreen)


async def test_a_version_is_previewed_from_the_versions_view(localoss, monkeypatch) -> None:
    """In the demo's versioned bucket, `p` on the oldest version shows that version's text."""
    app = make_app(localoss, OssRef("demo-versions", "notes.txt"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        await pilot.press("G")
        await settle(pilot)
        version = app.screen.object_list.current
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.version_id == version.version_id
        assert "notes v1" in _screen_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)


def test_highlighted_lines_keep_the_text_exactly() -> None:
    """Lexers add a final newline and strip others unless told not to; a 64 KiB cut ends anywhere."""
    from rich.style import Style

    from oss_share_tui.tui.widgets.preview_views import highlighted_lines

    source = '\n\ndef f():\n\treturn "\x1b[31m"\n"""two\nlines"""\nx = "cut mid-str'
    lines = highlighted_lines("cut.py", source)
    assert [line.plain for line in lines] == [
        "", "", "def f():", '    return "␛[31m"', '"""two', 'lines"""', 'x = "cut mid-str']
    assert all(0 <= s.start < s.end <= len(line.plain) for line in lines for s in line.spans)
    keyword = [s for s in lines[2].spans if lines[2].plain[s.start:s.end] == "def"]
    assert keyword and isinstance(keyword[0].style, Style) and keyword[0].style.color is not None
    # Both lines of the docstring are coloured as a string.
    assert lines[5].spans and lines[5].spans[0].style == lines[4].spans[0].style
    assert [line.plain for line in highlighted_lines("notes.unknownext", "a\tb\n\x07")] == ["a   b", "␇"]


# -- an archived object, replayed ----------------------------------------------------------------------
# localoss stores every object as Standard, so an Archive object comes from a replay: a loopback server
# that answers with OSS's documented HEAD headers for an unrestored Archive object and counts GETs.

ARCHIVE_HEAD = {
    "Content-Type": "image/jpeg",
    "Content-Length": "20971520",
    "ETag": '"5B3C1A2E053D763E1B002CC607C5A0FE"',
    "Last-Modified": "Fri, 24 Feb 2012 06:07:48 GMT",
    "x-oss-object-type": "Normal",
    "x-oss-storage-class": "Archive",
    "x-oss-request-id": "559CC9BDC755F95A64485981",
}


SLOW_SIZE = 20 * 1024 * 1024
SLOW_HEAD = {"Content-Type": "text/plain", "Content-Length": str(SLOW_SIZE), "ETag": '"AB"',
             "x-oss-storage-class": "Standard"}


class _Replay(BaseHTTPRequestHandler):
    """ListBuckets, one listing page, HEAD of an archived object (any GET of it is counted), and a slow text
    object whose GET waits for `gate`, then streams 20 MiB (counting what it managed to send)."""

    object_gets: list[str] = []
    get_arrived = threading.Event()
    gate = threading.Event()
    sent = 0

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        if self.path.split("?")[0] == "/cold/photo.jpg":
            self._send(200, ARCHIVE_HEAD)
        elif self.path.split("?")[0] == "/cold/slow.txt":
            self._send(200, SLOW_HEAD)
        else:
            self._send(404, {})

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        path = self.path.split("?")[0]
        xml = {"Content-Type": "application/xml"}
        if path == "/":
            body = (f"<ListAllMyBucketsResult><Buckets><Bucket><Name>cold</Name>"
                    "<CreationDate>2014-02-17T18:12:43.000Z</CreationDate><Location>oss-cn-hangzhou"
                    f"</Location><Region>cn-hangzhou</Region><ExtranetEndpoint>127.0.0.1:{port}"
                    f"</ExtranetEndpoint><IntranetEndpoint>127.0.0.1:{port}</IntranetEndpoint>"
                    "<StorageClass>Archive</StorageClass></Bucket></Buckets>"
                    "<IsTruncated>false</IsTruncated></ListAllMyBucketsResult>")
            self._send(200, xml, body.encode())
        elif path == "/cold/":
            body = ("<ListBucketResult><Name>cold</Name><Prefix></Prefix><MaxKeys>1000</MaxKeys>"
                    "<Delimiter>/</Delimiter><IsTruncated>false</IsTruncated><Contents><Key>photo.jpg</Key>"
                    "<LastModified>2012-02-24T06:07:48.000Z</LastModified><ETag>\"5B3C\"</ETag>"
                    "<Type>Normal</Type><Size>20971520</Size><StorageClass>Archive</StorageClass>"
                    "</Contents><Contents><Key>slow.txt</Key><LastModified>2012-02-24T06:07:48.000Z"
                    "</LastModified><ETag>\"AB\"</ETag><Type>Normal</Type><Size>20971520</Size>"
                    "<StorageClass>Standard</StorageClass></Contents></ListBucketResult>")
            self._send(200, xml, body.encode())
        elif path == "/cold/slow.txt":
            type(self).get_arrived.set()
            type(self).gate.wait(30)
            self.send_response(206)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(SLOW_SIZE))
            self.end_headers()
            chunk = b"slow text line\n" * 4096
            try:
                for _ in range(SLOW_SIZE // len(chunk)):
                    self.wfile.write(chunk)
                    type(self).sent += len(chunk)
            except OSError:
                pass
        else:
            self.object_gets.append(self.path)
            self._send(403, xml, b"<Error><Code>InvalidObjectState</Code></Error>")


@pytest.fixture
def replay() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    server.daemon_threads = True
    _Replay.object_gets = []
    _Replay.get_arrived, _Replay.gate, _Replay.sent = threading.Event(), threading.Event(), 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _Endpoint:
    def __init__(self, server: ThreadingHTTPServer) -> None:
        self.endpoint = f"http://127.0.0.1:{server.server_address[1]}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_an_unrestored_archive_object_explains_itself_without_a_fetch(replay, size) -> None:
    app = make_app(_Endpoint(replay), OssRef("cold", ""))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, "photo.jpg")
        text = " ".join(_screen_text(screen).split())
        assert "Archive storage and has not been restored" in text
        assert "Restore it first" in text
        assert "metadata only" in text and "0 B fetched" in text
        assert _Replay.object_gets == []  # no GET of the object, no thumbnail request
        assert not screen.query("#preview-image")


async def test_esc_while_loading_cancels_the_preview(replay) -> None:
    """Esc closes at once while the GET is still waiting; the worker then stops at its first chunk."""
    import asyncio

    from textual.worker import WorkerState

    app = make_app(_Endpoint(replay), OssRef("cold", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = app.screen.object_list
        rows.cursor = [getattr(e, "key", None) for e in rows.rows].index("slow.txt")
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        arrived = await asyncio.to_thread(_Replay.get_arrived.wait, 10)
        assert arrived, _screen_text(screen)  # the fetch is under way
        assert "Loading" in "".join(_widget_lines(screen.query_one("#preview-summary")))
        worker = next(w for w in app.workers if w.group == "preview")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)  # closed without waiting for the server
        _Replay.gate.set()
        await settle(pilot)
        assert worker.state is WorkerState.CANCELLED
        assert screen.preview is None
        assert _Replay.sent < SLOW_SIZE  # the client hung up: the 20 MiB were not all sent


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_archived_objects_in_localoss(server, size) -> None:
    """localoss keeps storage classes and restore state: a frozen Archive object explains itself, a restored
    Cold Archive one is previewed."""
    app = make_app(server, OssRef(BUCKET, "cold/"))
    async with app.run_test(size=size) as pilot:
        screen = await _preview(pilot, "cold/frozen.txt")
        text = " ".join(_screen_text(screen).split())
        assert "Archive storage and has not been restored" in text and "0 B fetched" in text
        await pilot.press("escape")
        screen = await _preview(pilot, "cold/thawed.txt")
        text = " ".join(_screen_text(screen).split())
        assert "restored and readable" in text and "ColdArchive" not in text  # the text, not metadata
