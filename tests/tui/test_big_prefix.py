"""The 100,000-object prefix: the first page shows at once, paging gives exactly 100,000 rows, filters hit."""

from __future__ import annotations

from oss_share_tui.core.refs import OssRef

from .conftest import SIZE, lines, load_next_page, make_app, settle


async def test_pages_through_100000_rows_none_twice(localoss) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(screen.listing.items) == 1000
        assert "1,000 loaded · more available" in str(screen.status_line.render())
        assert "part-000000.log" in lines(app)[1]
        for pages in (2, 3):
            await pilot.press("G")  # to the last loaded row: the next page loads
            await settle(pilot)
            assert len(screen.listing.items) == pages * 1000
            assert screen.object_list.cursor == (pages - 1) * 1000 - 1
        while not screen.listing.complete:  # the same load-more the cursor triggers, minus Pilot's waits
            assert screen.listing.error is None and screen.listing.pages <= 100
            await load_next_page(pilot)
        keys = [e.key for e in screen.listing.items]
        assert len(keys) == 100_000
        assert len(set(keys)) == 100_000
        assert keys[0] == "logs/part-000000.log" and keys[-1] == "logs/part-099999.log"
        assert screen.object_list.row_count == 100_000
        assert "100,000 loaded · all loaded" in str(screen.status_line.render())
        await pilot.press("G")
        assert lines(app)[-1].lstrip().startswith("part-099999.log")
        await pilot.press("g")
        assert "part-000000.log" in lines(app)[1]


async def test_typed_filter_is_a_server_side_prefix_search(localoss) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"part-09999")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        keys = [e.key for e in screen.object_list.rows]
        assert keys == [f"logs/part-09999{i}.log" for i in range(10)]
        assert screen.listing.complete
        assert "server search" in str(screen.status_line.render())
        # Esc clears: back to the unfiltered (first page of the) listing.
        await pilot.press("escape")
        await settle(pilot)
        assert screen.object_list.row_count >= 1000
        assert screen.listing.search == ""


async def test_local_filter_narrows_loaded_rows_while_typing(localoss) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"part-00012")
        rows = app.screen.object_list.rows  # before the server search fires
        assert [e.key for e in rows] == [f"logs/part-00012{i}.log" for i in range(10)]
        assert "10 shown" in str(app.screen.status_line.render())
