"""Help fits at 80x24 and 120x36, scrolls with j/k/End, lists every screen's keys (current first), filters."""

from __future__ import annotations

import importlib

import pytest
from textual.binding import Binding

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.help import SECTIONS, HelpScreen

from .conftest import make_app, settle

SIZES = [(80, 24), (120, 36)]


def _text(app) -> str:
    table = app.screen.query_one("#help-table").content
    return "\n".join(str(cell) for column in table.columns for cell in column.cells)


def _declared(module: str, name: str) -> list[Binding]:
    owner = getattr(importlib.import_module(module), name)
    return [b for b in owner.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


@pytest.mark.parametrize("size", SIZES)
async def test_help_fits_scrolls_and_lists_every_screens_keys(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        box = help_screen.query_one("#help-box").region
        width, height = size
        assert box.right <= width and box.bottom <= height
        assert box.height >= int(height * 0.8)  # uses the room there is (up to 90%)
        text = _text(app)
        # Every screen's own declared keys are listed: read from the classes, not from a copy.
        for _title, module, name in SECTIONS:
            for binding in _declared(module, name):
                if binding.description:
                    assert binding.description in text, (name, binding.description)
        for title in (
            "Share form",
            "Link (share result)",
            "History",
            "Export",
            "Inspect link",
            "Batch share",
        ):
            assert title in text
        assert text.index("Browser") < text.index("Share form")  # the current screen comes first

        scroll = help_screen.query_one("#help-scroll")
        assert help_screen.focused is scroll
        assert scroll.max_scroll_y > 0
        await pilot.press("j", "j")
        assert scroll.scroll_y == 2
        await pilot.press("k")
        assert scroll.scroll_y == 1
        await pilot.press("G")
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("pageup", "g")
        assert scroll.scroll_y == 0

        await pilot.press(*"qr")  # q would close: it is bound; so start the filter with "/"
        assert app.screen is not help_screen
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("slash", *"qr code")
        await pilot.pause()
        text = _text(app)
        assert "QR code" in text and "Browser" not in text
        await pilot.press("escape")  # clears the filter first
        await pilot.pause()
        assert "Browser" in _text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_typing_a_letter_starts_the_filter(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press(*"histor")
        await pilot.pause()
        text = _text(app)
        assert "History" in text and "Versions" not in text


async def test_help_from_the_versions_view_puts_its_keys_first(localoss) -> None:
    app = make_app(localoss, OssRef("demo-versions", ""))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        keys = [e.key for e in app.screen.listing.items]
        app.screen.object_list.cursor = keys.index("notes.txt")
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        text = _text(app)
        assert text.index("Versions") < text.index("Browser")
