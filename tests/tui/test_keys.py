"""Bindings, help, palette, marks, sort, details, share hooks, clipboard and the mouse."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets._footer import FooterKey

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.details import DetailsScreen
from oss_share_tui.tui.screens.help import HelpScreen
from oss_share_tui.tui.screens.versions import VersionsScreen
from oss_share_tui.tui.widgets.object_list import ObjectList

from .conftest import SIZE, lines, make_app, settle

BINDING_OWNERS = (OssShareApp, BrowserScreen, VersionsScreen, ObjectList, DetailsScreen, HelpScreen)


def _bindings() -> list[Binding]:
    return [b for owner in BINDING_OWNERS for b in owner.BINDINGS if isinstance(b, Binding)]


def test_every_binding_has_a_description_and_a_stable_unique_id() -> None:
    bindings = _bindings()
    assert all(b.description for b in bindings)
    ids = [b.id for b in bindings]
    assert all(ids) and len(set(ids)) == len(ids)
    keys = {k for b in bindings for k in b.key.split(",")}
    for key in ("up", "down", "j", "k", "pageup", "pagedown", "g", "G", "enter", "l", "right",
                "backspace", "h", "left", "slash", "v", "i", "s", "space", "y", "r",
                "question_mark", "f1", "ctrl+p", "q"):
        assert key in keys, key
    vim = [b for b in bindings if set(b.key.split(",")) & {"j", "k"}]
    assert vim and not any(b.show for b in vim)


async def test_footer_help_and_palette(localoss) -> None:
    app = make_app(localoss)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [k for k in app.screen.query(FooterKey) if "-command-palette" not in k.classes]
        assert 5 <= len(shown) <= 8

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table").content
        described = {str(cell) for column in table.columns for cell in column.cells}
        assert "Browser" in described and "Share form" in described and "History" in described
        for binding in _bindings():
            if binding.id and not binding.id.startswith(("details.", "help.")):
                assert binding.description in described, binding.description
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to bucket demo-shanghai")
        await _palette_lists(pilot, "Go to bucket demo-shanghai")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#place-bar").place == "oss://demo-shanghai/"
        keys = [e.key for e in app.screen.listing.items]
        assert "share-me.txt" in keys
        app.screen.object_list.cursor = keys.index("share-me.txt")  # Versions acts on an object
        await pilot.pause()

        await pilot.press("ctrl+p")  # every action is there too
        await pilot.pause()
        await pilot.press(*"Versions")
        await _palette_lists(pilot, "Versions")
        await pilot.press("escape")


async def _palette_lists(pilot, text: str) -> None:
    """Wait (by steps, not by time) until the command palette shows a command containing `text`."""
    prompts: list[str] = []
    for _ in range(2000):
        await pilot.pause()
        lists = pilot.app.screen.query("CommandList")
        if lists:
            commands = lists.first()
            prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
            if any(text in p for p in prompts):
                return
    raise AssertionError(f"the palette never listed {text!r}: {prompts}")

async def test_object_actions_marks_sort_details_and_clipboard(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images/"))
    shared, copied = [], []
    app.open_share = shared.append
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        browser = app.screen
        rows = app.screen.object_list
        assert [e.name for e in rows.rows] == ["banner.png", "logo.png", "photo.jpg"]

        await pilot.press("s")
        assert shared[-1].key == "images/banner.png" and shared[-1].version_id is None
        assert shared[-1].bucket.region == "cn-hangzhou" and shared[-1].size > 0
        await pilot.press("down", "enter")  # Enter on an object opens the share form too
        assert shared[-1].key == "images/logo.png"

        await pilot.press("g", "space", "space")
        assert set(app.marked) == {("demo-assets", "images/banner.png"), ("demo-assets", "images/logo.png")}
        assert lines(app)[1].startswith("●") and lines(app)[2].startswith("●")
        assert "2 marked" in str(app.screen.status_line.render())
        await pilot.press("up", "space")
        assert set(app.marked) == {("demo-assets", "images/banner.png")}

        await pilot.press("o")  # size: biggest first
        sizes = [e.size for e in rows.rows]
        assert sizes == sorted(sizes, reverse=True)
        assert "sorted by size" in str(app.screen.status_line.render())
        await pilot.press("o")  # time: newest first
        times = [e.last_modified for e in rows.rows]
        assert times == sorted(times, reverse=True)
        await pilot.press("o")  # back to name
        assert [e.name for e in rows.rows] == ["banner.png", "logo.png", "photo.jpg"]

        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await pilot.press("escape")

        await pilot.press("y")
        assert not copied and any(n.message.startswith("No link made yet") for n in app._notifications)
        app.last_link = "https://demo-assets.example/images/banner.png?x-oss-signature=abc"
        await pilot.press("y")
        assert copied == [app.last_link]

        await pilot.press("h")  # up to the bucket root; folder rows can't be shared
        await settle(pilot)
        assert rows.current.key == "images/"
        await pilot.press("s")
        assert app.screen is browser  # no share form for a folder
        share_keys = [k for k in browser.query(FooterKey) if k.key == "s"]
        assert share_keys and "-disabled" in share_keys[0].classes  # dimmed in the footer while on a folder



async def test_mouse_click_selects_and_double_click_opens(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = app.screen.object_list
        keys = [e.key for e in rows.rows]
        await pilot.click("#object-list", offset=(5, 1 + keys.index("images/")))
        assert rows.current.key == "images/"
        await pilot.click("#object-list", offset=(5, 1 + keys.index("docs/")), times=2)
        await settle(pilot)
        assert app.screen.query_one("#place-bar").place == "oss://demo-assets/docs/"
