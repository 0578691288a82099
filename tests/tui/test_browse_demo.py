"""Walk the demo data: buckets, a folder, an object, its versions (delete marker marked)."""

from __future__ import annotations

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.versions import VersionsScreen

from .conftest import SIZE, lines, make_app, settle


def _names(app) -> list[str]:
    return [getattr(row, "name", None) or row.key for row in app.screen.query_one("#object-list").rows]


async def _cursor_to(pilot, name: str) -> None:
    """Move the cursor down to the row called `name`."""
    rows = pilot.app.screen.query_one("#object-list")
    names = _names(pilot.app)
    assert name in names, names
    rows.cursor = names.index(name)
    await pilot.pause()


async def test_walk_buckets_folder_object_versions(localoss) -> None:
    app = make_app(localoss)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        names = _names(app)
        assert {"demo-assets", "demo-versions", "demo-shanghai", "big"} <= set(names)
        shown = "\n".join(lines(app))
        assert "cn-hangzhou" in shown and "cn-shanghai" in shown
        assert "1 loaded" not in shown

        await _cursor_to(pilot, "demo-assets")
        await pilot.press("enter")
        await settle(pilot)
        entries = app.screen.listing.items
        assert [e.key for e in entries if e.is_prefix][:2] == ["docs/", "images/"]
        assert "README.txt" in [e.key for e in entries]
        assert app.screen.query_one("#place-bar").place == "oss://demo-assets/"

        await _cursor_to(pilot, "docs/")
        await pilot.press("l")
        await settle(pilot)
        assert [e.key for e in app.screen.listing.items] == ["docs/2024/", "docs/2025/"]
        await pilot.press("enter")
        await settle(pilot)
        assert [e.key for e in app.screen.listing.items] == ["docs/2024/q1/", "docs/2024/report.txt"]
        text = "\n".join(lines(app))
        assert "q1/" in text and "report.txt" in text

        await pilot.press("backspace")
        await settle(pilot)
        assert app.screen.query_one("#place-bar").place == "oss://demo-assets/docs/"
        assert app.screen.object_list.current.key == "docs/2024/"  # the folder we came from
        await pilot.press("h", "h")
        await settle(pilot)
        assert app.screen.query_one("#place-bar").place == "oss://"
        assert app.screen.object_list.current.name == "demo-assets"

        await _cursor_to(pilot, "demo-versions")
        await pilot.press("right")
        await settle(pilot)
        await _cursor_to(pilot, "notes.txt")
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        versions = list(app.screen.listing.items)
        assert len(versions) == 3
        assert versions[0].is_latest and not any(v.is_latest for v in versions[1:])
        times = [v.last_modified for v in versions]
        assert times == sorted(times, reverse=True)
        assert "latest" in "\n".join(lines(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowserScreen)


async def test_versions_show_the_delete_marker_marked(localoss) -> None:
    # `oss-share oss://demo-versions/deleted.txt`: the object is deleted, so its versions open.
    app = make_app(localoss, OssRef("demo-versions", "deleted.txt"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen) and app.screen.key == "deleted.txt"
        versions = list(app.screen.listing.items)
        assert [v.is_delete_marker for v in versions] == [True, False, False]
        assert versions[0].is_latest
        first_row = lines(app)[1]
        assert "delete marker" in first_row and "latest" in first_row
        assert "1 delete marker" in str(app.screen.status_line.render())
        # A delete marker cannot be shared: a notice says why; an older version goes to the share hook.
        shared = []
        app.open_share = shared.append
        await pilot.press("enter")
        await pilot.pause()
        assert not shared
        assert any("delete marker" in n.title.lower() for n in app._notifications)
        await pilot.press("down", "s")
        await pilot.pause()
        assert shared and shared[0].version_id == versions[1].version_id
        assert shared[0].key == "deleted.txt" and shared[0].bucket.name == "demo-versions"
