"""`D` in a versioned bucket lists the folder from its versions: deleted keys appear, marked with a word."""

from __future__ import annotations

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.deleted_listing import DeletedEntry, list_prefix_with_deleted, versioning_status
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.tui.screens.versions import VersionsScreen

from .conftest import demo_profile, lines, make_app, settle

SIZES = [(80, 24), (120, 36)]


def _row(app, name: str) -> str:
    return next(line for line in lines(app) if line.lstrip().startswith(name))


@pytest.mark.parametrize("size", SIZES)
async def test_D_shows_the_deleted_object_and_enter_opens_its_versions(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-versions", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "versioning enabled" in screen.query_one("#place-bar").place
        assert "D shows deleted" in str(screen.status_line.render())
        names = [e.key for e in screen.listing.items]
        assert "deleted.txt" not in names and "notes.txt" in names

        await pilot.press("D")
        await settle(pilot)
        rows = {e.key: e for e in screen.listing.items}
        assert set(rows) == {"legacy.txt", "notes.txt", "deleted.txt", "config.json"}  # each key once
        assert isinstance(rows["deleted.txt"], DeletedEntry)
        assert not isinstance(rows["notes.txt"], DeletedEntry)
        assert "deleted" in _row(app, "deleted.txt")  # a word, not colour alone
        assert "deleted" not in _row(app, "notes.txt")
        index = [e.key for e in screen.object_list.rows].index("deleted.txt")
        strip = screen.object_list.render_line(index + 1 - round(screen.object_list.scroll_y))
        assert any(seg.style and seg.style.strike for seg in strip)
        assert "deleted shown" in str(screen.status_line.render())

        screen.object_list.cursor = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen) and app.screen.key == "deleted.txt"
        versions = list(app.screen.listing.items)
        assert versions[0].is_delete_marker and versions[0].is_latest and len(versions) == 3
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen) and app.screen.key == "deleted.txt"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("D")  # back to the plain listing
        await settle(pilot)
        assert "deleted.txt" not in [e.key for e in screen.listing.items]


async def test_D_in_a_bucket_without_versioning_says_why(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert any("is not versioned" in n.message for n in app._notifications)
        assert not app.screen.listing.deleted


def test_deleted_listing_pages_keep_each_key_once(localoss) -> None:
    gateway = OssGateway(demo_profile(localoss))
    assert versioning_status(gateway, "demo-versions") == "Enabled"
    assert versioning_status(gateway, "demo-assets") == ""
    seen, token = [], None
    for _ in range(20):  # two versions a page: keys with several versions span pages
        page = list_prefix_with_deleted(gateway, "demo-versions", "", token, max_keys=2)
        seen.extend(page.items)
        token = page.next_token
        if token is None:
            break
    assert sorted(e.key for e in seen) == ["config.json", "deleted.txt", "legacy.txt", "notes.txt"]
    deleted = [e.key for e in seen if isinstance(e, DeletedEntry)]
    assert deleted == ["deleted.txt"]
    notes = next(e for e in seen if e.key == "notes.txt")
    assert notes.size == len(b"notes v3\n")  # the latest version's size
