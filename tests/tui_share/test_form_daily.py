"""Issue 14 at 80x24 and 120x36: a batch of attachments gets one correct name per link (fetched, checked),
the form's buttons and preview stay on screen, arrows choose, Esc asks, options are remembered and reset."""

from __future__ import annotations

import os
import stat
import string
import urllib.request

import pytest
from textual.widgets import Button, Collapsible, Input

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.confirm import ConfirmScreen
from oss_share_tui.tui.screens.export import ExportScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.widgets.url_preview import UrlPreview

from .conftest import make_app, settle, target

SIZES = [(80, 24), (120, 36)]
ATTR_CHAR = set(string.ascii_letters + string.digits + "!#$&+-.^_`|~")  # RFC 5987 section 3.2.1


def rfc6266_attachment(name: str, fallback: str | None = None) -> str:
    """RFC 6266 section 4.3 written out: a quoted ASCII name, plus RFC 5987 `filename*` for the real one."""
    if fallback is None:
        return f'attachment; filename="{name}"'
    encoded = "".join(chr(b) if chr(b) in ATTR_CHAR else f"%{b:02X}" for b in name.encode("utf-8"))
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def fetched_disposition(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        assert resp.status == 200
        resp.read()
        return resp.headers.get("Content-Disposition", "")


async def _cursor_to(pilot, name: str) -> None:
    rows = pilot.app.screen.query_one("#object-list")
    names = [getattr(r, "name", None) or r.key for r in rows.rows]
    rows.cursor = names.index(name)
    await pilot.pause()


def _on_screen(pilot, widget) -> bool:
    """True when the screen shows the widget at the middle of its region (nothing covers or clips it)."""
    region = widget.region
    if not region.area:
        return False
    x, y = region.x + region.width // 2, region.y + region.height // 2
    width, height = pilot.app.size
    if not (0 <= x < width and 0 <= y < height):
        return False
    found, _ = pilot.app.screen.get_widget_at(x, y)
    return found is widget or widget in found.ancestors


@pytest.mark.parametrize("size", SIZES)
async def test_batch_of_three_as_attachments_gives_three_correct_names(localoss_factory, size, tmp_path):
    server = localoss_factory(seed="demo", big_objects=0)
    app = make_app(server, OssRef("demo-assets", "odd names/"))
    names = ["中文文件.txt", "a+b.txt", "hello world.txt"]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for name in names:
            await _cursor_to(pilot, name)
            await pilot.press("space")
        await pilot.press("S")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen) and form.batch_count == 3
        form.query_one("#disposition").focus()
        await pilot.press("right", "right")  # arrows choose: "attachment", and the name field is live at once
        await settle(pilot)
        template = form.query_one("#filename", Input)
        assert not template.disabled and template.value == "{name}"
        example = str(form.query_one("#filename-example").render())
        assert "中文文件.txt" in example and "a+b.txt" in example
        assert _on_screen(pilot, form.query_one("#create", Button))
        await pilot.press("ctrl+s")
        await settle(pilot)
        export = app.screen
        assert isinstance(export, ExportScreen)
        results = {r.key.rsplit("/", 1)[1]: r for r in export.outcome.results}
        assert sorted(results) == sorted(names) and all(r.ok for r in results.values())
        saved = tmp_path / "links.txt"
        export.query_one("#export-path", Input).value = str(saved)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stat.S_IMODE(os.stat(saved).st_mode) == 0o600  # each line is a bearer token
        assert any("mode 0600" in str(n.message) for n in app._notifications)
        assert sorted(saved.read_text(encoding="utf-8").split()) == sorted(r.url for r in results.values())
    headers = {name: fetched_disposition(results[name].url) for name in names}
    assert headers == {
        "中文文件.txt": rfc6266_attachment("中文文件.txt", "download.txt"),
        "a+b.txt": rfc6266_attachment("a+b.txt"),
        "hello world.txt": rfc6266_attachment("hello world.txt"),
    }


@pytest.mark.parametrize("size", SIZES)
async def test_create_and_preview_stay_visible_with_every_section_open(localoss, size):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_share(target(localoss, "images/banner.png"))
        await settle(pilot)
        form = app.screen
        for section in form.query(Collapsible):
            section.collapsed = False
        await settle(pilot)
        # The last field is reachable by scrolling the fields only; the buttons never move.
        form.query_one("#sign-version").scroll_visible(animate=False)
        await settle(pilot)
        assert _on_screen(pilot, form.query_one("#create", Button))
        assert _on_screen(pilot, form.query_one("#cancel", Button))
        preview = form.query_one(UrlPreview)
        assert _on_screen(pilot, preview) and preview.url.startswith("http")
        assert 1 <= preview.region.height <= 3
        # The file name has its own line, under the choice row.
        assert form.query_one("#filename").region.y > form.query_one("#disposition").region.y


@pytest.mark.parametrize("size", SIZES)
async def test_arrows_choose_and_tab_reaches_the_enabled_field(localoss, size):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.open_share(target(localoss, "README.txt"))
        await settle(pilot)
        form = app.screen
        await pilot.press("right")  # on the expiry row (focused first): 1 h -> 1 day, chosen
        await settle(pilot)
        assert "in 1d" in str(form.query_one("#expiry-summary").render())
        form.query_one("#disposition").focus()
        await pilot.press("right", "right", "tab")
        await pilot.press("ctrl+a", *"notes.txt")
        await settle(pilot)
        # The typed text lands in the name field (ctrl+a moved to its start).
        assert form.query_one("#filename", Input).value == "notes.txtREADME.txt"
        assert 'attachment; filename="' in form.check_form().options.params[0][1]


async def test_esc_on_a_changed_form_asks_first(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_share(target(localoss, "README.txt"))
        await settle(pilot)
        form = app.screen
        await pilot.press("right")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ShareFormScreen | ConfirmScreen)


async def test_unchanged_form_closes_on_esc_at_once(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_share(target(localoss, "README.txt"))
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ShareFormScreen | ConfirmScreen)


async def test_options_are_remembered_for_the_session_and_reset(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_share(target(localoss, "README.txt"))
        await settle(pilot)
        form = app.screen
        await pilot.press("left")  # 1 h -> 15 min
        form.query_one("#traffic-value", Input).value = "200"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ShareResultScreen)
        assert app.screen.request.link.expires_in == 900
        await pilot.press("escape")
        await settle(pilot)
        app.open_share(target(localoss, "docs/2025/plan.txt"))
        await settle(pilot)
        form = app.screen
        assert form.query_one("#traffic-value", Input).value == "200"
        assert "in 15m" in str(form.query_one("#expiry-summary").render())
        assert form.query_one("#filename", Input).value == "plan.txt"  # the name is the object's own
        await pilot.press("ctrl+r")
        await settle(pilot)
        form = app.screen
        assert form.query_one("#traffic-value", Input).value == ""
        assert "in 1h" in str(form.query_one("#expiry-summary").render())
        await pilot.press("escape")
        await settle(pilot)
        app.open_share(target(localoss, "README.txt"))
        await settle(pilot)
        assert "in 1h" in str(app.screen.query_one("#expiry-summary").render())
