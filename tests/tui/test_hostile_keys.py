"""Keys that look like markup or hold terminal escapes are drawn literally, and nothing breaks."""

from __future__ import annotations

import io

from rich.console import Console

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.details import DetailsScreen

from .conftest import SIZE, lines, make_app, settle

MARKUP_KEY = "[bold red]alarm.txt"
MARKUP_FOLDER_KEY = "[red]boom[/red]"
ESCAPE_KEY = "clear\x1b[2Jscreen.txt"
BELL_KEY = "bell\x07\x9b31m.txt"


async def test_markup_and_escape_keys_render_literally(localoss_factory) -> None:
    server = localoss_factory(seed="empty")
    server.store.create_bucket("hostile", region="cn-hangzhou")
    for key in (MARKUP_KEY, MARKUP_FOLDER_KEY, ESCAPE_KEY, BELL_KEY, "plain.txt"):
        server.store.put_object("hostile", key, b"x")
    app = make_app(server, OssRef("hostile", ""))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = {e.key for e in app.screen.listing.items}
        # "[red]boom[/red]" holds a "/", so at the root it is the folder "[red]boom[/".
        assert keys == {MARKUP_KEY, "[red]boom[/", ESCAPE_KEY, BELL_KEY, "plain.txt"}
        text = "\n".join(lines(app))
        assert "[bold red]alarm.txt" in text  # not parsed as markup
        assert "[red]boom[/" in text
        assert "clear␛[2Jscreen.txt" in text  # ESC made visible
        assert "bell␇\\x9b31m.txt" in text  # BEL and the C1 CSI too
        assert "\x1b" not in text and "\x07" not in text

        # The whole screen, as a terminal would get it, carries no raw escape from a key.
        svg = app.export_screenshot()
        assert "[2J" in svg and "\x1b[2J" not in svg

        # Into the folder: the place bar and the row show the rest of the key literally.
        rows = app.screen.object_list
        rows.cursor = [e.key for e in rows.rows].index("[red]boom[/")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#place-bar").render().plain.startswith("oss://hostile/[red]boom[/")
        assert [e.key for e in app.screen.listing.items] == [MARKUP_FOLDER_KEY]
        assert "red]" in lines(app)[1]
        await pilot.press("backspace")
        await settle(pilot)

        # Details (HEAD) of the escape key works and shows it safely.
        rows = app.screen.object_list
        rows.cursor = [e.key for e in rows.rows].index(ESCAPE_KEY)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#details-body").content)
        body = console.export_text()
        assert "clear␛[2Jscreen.txt" in body
        await pilot.press("escape")

        # An error naming such a key shows as a notification, escaped, and the app goes on.
        server.store.delete_object("hostile", MARKUP_KEY)
        rows.cursor = [e.key for e in rows.rows].index(MARKUP_KEY)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert any(n.severity == "error" for n in app._notifications)
        assert app.is_running
