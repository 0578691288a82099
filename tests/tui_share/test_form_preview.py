"""Look before you share: in the share form, ctrl+o previews what the signed link serves with the form's
current options (a resize to 100 px arrives 100 px wide; a wrong secret shows OSS's SignatureDoesNotMatch),
and `p` in the history previews the entry's object (its version); at 80x24 and 120x36, against localoss."""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
from PIL import Image
from textual.widgets import Input

from oss_share_tui.core.options import build_share_options
from oss_share_tui.core.refs import OssRef
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_SECRET
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.preview import PreviewScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.share_request import sign_target

from .conftest import HostApp, demo_profile, make_app, settle, target

SIZES = [(80, 24), (120, 36)]
BANNER = "images/banner.png"


def _lines(widget) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def _text(screen: PreviewScreen) -> str:
    return "\n".join(_lines(w) for wid in ("#preview-title", "#preview-summary", "#preview-headers",
                                           "#preview-content", "#preview-text") for w in screen.query(wid))


@pytest.fixture
def halfblocks(monkeypatch) -> None:
    monkeypatch.setenv("OSS_SHARE_IMAGES", "halfblocks")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_form_preview_shows_the_image_resized_to_100_px(localoss, halfblocks, size) -> None:
    from textual_image.widget import HalfcellImage

    original = localoss.store.get_object("demo-assets", BANNER).data
    source_w, source_h = Image.open(io.BytesIO(original)).size  # the demo banner, decoded here
    app = make_app(localoss, OssRef("demo-assets", "images/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        rows = app.screen.object_list
        rows.cursor = [getattr(e, "key", None) for e in rows.rows].index(BANNER)
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen)
        form.query_one("#resize-w", Input).value = "100"
        await settle(pilot)
        assert app.screen is form  # typing previews nothing: only the key does
        await pilot.press("ctrl+o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert "x-oss-process=image%2Fresize%2Cw_100" in screen.url  # the form's current options, signed
        # What that very URL serves, fetched and decoded here: OSS resized it to 100 px wide.
        with urllib.request.urlopen(screen.url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            served = Image.open(io.BytesIO(resp.read())).size
        expected_received = (100, round(source_h * 100 / source_w))
        assert served == expected_received
        assert screen.preview is not None and screen.preview.received_size == expected_received
        # The half-block widget got that image, fitted to the panel (one pixel a column, two a row).
        widget = screen.query_one("#preview-image")
        assert isinstance(widget, HalfcellImage)
        body = screen.query_one("#preview-body")
        box_w, box_h = body.content_size.width, body.content_size.height * 2
        scale = min(1.0, box_w / expected_received[0], box_h / expected_received[1])
        got = widget.image.size
        assert abs(got[0] - expected_received[0] * scale) <= 1, (got, scale)
        assert abs(got[1] - expected_received[1] * scale) <= 1, (got, scale)
        assert got[0] <= box_w and got[1] <= box_h
        text = _text(screen)
        assert "What the recipient gets" in text
        assert f"image {expected_received[0]}×{expected_received[1]} px" in text
        assert "Content-Type: image/png" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form  # back in the form, its fields kept
        assert form.query_one("#resize-w", Input).value == "100"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_form_preview_shows_the_error_of_a_wrong_link(localoss, size) -> None:
    wrong = demo_profile(localoss, access_key_secret=DEMO_ACCESS_KEY_SECRET[::-1])
    app = HostApp(lambda: ShareFormScreen(target(localoss, "README.txt"), wrong))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.click("#preview-link")  # the mouse reaches it too
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        with pytest.raises(urllib.error.HTTPError) as failed:  # the link itself, as its recipient gets it
            urllib.request.urlopen(screen.url, timeout=10)  # noqa: S310 - loopback localoss
        assert b"<Code>SignatureDoesNotMatch</Code>" in failed.value.read()
        text = _text(screen)
        assert "The link fails" in text
        assert screen.error is not None and screen.error.code == "SignatureDoesNotMatch"
        assert "SignatureDoesNotMatch" in text
        assert "wrong secret" in " ".join(text.split())  # the plain cause, on screen
        assert DEMO_ACCESS_KEY_SECRET[::-1] not in text


async def test_form_preview_of_an_invalid_form_says_so(localoss) -> None:
    app = HostApp(lambda: ShareFormScreen(target(localoss, BANNER), demo_profile(localoss)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = app.screen
        form.query_one("#resize-w", Input).value = "-5"
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert app.screen is form
        notes = [str(n.message) for n in app._notifications]
        assert any(n.startswith("Nothing to preview:") for n in notes), notes


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_history_p_previews_the_entry_version(localoss, size) -> None:
    store = localoss.store
    first = store.put_object("demo-versions", "memo.txt", b"memo, first draft\n", "text/plain")
    store.put_object("demo-versions", "memo.txt", b"memo, final\n", "text/plain")
    app = make_app(localoss, OssRef("demo-assets", ""))
    share = target(localoss, "memo.txt", bucket="demo-versions", version_id=first)
    options = build_share_options(timeout="1h", version_id=first)
    app.history_store.add(sign_target(app.profile, share, options), options, endpoint=localoss.endpoint,
                          region="cn-hangzhou", access_key_id=app.profile.access_key_id)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert (screen.bucket.name, screen.key, screen.version_id) == ("demo-versions", "memo.txt", first)
        assert screen.url is None  # the object as stored, not the link
        text = _text(screen)
        assert "memo, first draft" in text and "final" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
