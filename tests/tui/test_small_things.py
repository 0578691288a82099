"""Small things people expect: the theme kept, the sort shown and reversed, `c` copies the path, the versions
view says what Enter does, and the name column stays near its sizes on wide terminals."""

from __future__ import annotations

import json

import pytest
from textual.widgets._footer import FooterKey

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.settings import default_settings_path
from oss_share_tui.tui.screens.details import DetailsScreen
from oss_share_tui.tui.screens.versions import VersionsScreen

from .conftest import lines, make_app, settle

SIZES = [(80, 24), (120, 36)]


async def test_theme_is_kept_between_runs(localoss) -> None:
    app = make_app(localoss)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme != "nord"
        app.theme = "nord"  # what the palette's theme picker does
        await pilot.pause()
    saved = json.loads(default_settings_path().read_text())
    assert saved["theme"] == "nord"
    again = make_app(localoss)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_a_broken_settings_file_is_ignored(localoss) -> None:
    path = default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    app = make_app(localoss)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("size", SIZES)
async def test_sort_shows_its_direction_and_O_reverses(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        rows = app.screen.object_list
        assert "Name ▲" in lines(app)[0]
        await pilot.press("o")
        assert "Size ▼" in lines(app)[0] and "Name ▲" not in lines(app)[0]
        sizes = [e.size for e in rows.rows]
        assert sizes == sorted(sizes, reverse=True)
        await pilot.press("O")
        assert "Size ▲" in lines(app)[0]
        assert [e.size for e in rows.rows] == sorted(sizes)
        await pilot.press("o", "o")  # time, then name (still reversed)
        assert "Name ▼" in lines(app)[0]
        assert [e.name for e in rows.rows] == ["photo.jpg", "logo.png", "banner.png"]
        assert "reversed" in str(app.screen.status_line.render())


@pytest.mark.parametrize("size", SIZES)
async def test_c_copies_the_oss_path_and_details_copies_key_and_etag(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images/logo.png"))
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert copied[-1] == "oss://demo-assets/images/logo.png"
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        await pilot.press("c")
        etag = app.screen.info.etag
        assert len(etag) == 32 and all(c in "0123456789abcdefABCDEF" for c in etag)
        assert copied[-1] == f"oss://demo-assets/images/logo.png\nETag: {etag}"


@pytest.mark.parametrize("size", SIZES)
async def test_versions_view_says_enter_shares_and_heads_storage_class(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-versions", "notes.txt"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        keys = {k.key: str(k.render()) for k in app.screen.query(FooterKey)}
        assert "Share" in keys["enter"] and "Open" not in keys["enter"]
        assert "Storage class" in lines(app)[0] and "Kind" not in lines(app)[0]


async def test_name_column_is_capped_on_a_wide_terminal(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", "images/"))
    async with app.run_test(size=(250, 30)) as pilot:
        await settle(pilot)
        row = next(line for line in lines(app) if "banner.png" in line)
        name_at = row.index("banner.png")
        size_at = row.index(" KiB") if " KiB" in row else row.index(" B ")
        assert size_at - name_at < 80  # not 200 cells away
        assert row.index("Standard") < 130
