"""The 100,000-object prefix: the first page shows at once, one `G` loads the rest exactly once, `g` is instant."""

from __future__ import annotations

import pytest

from oss_share_tui.core.refs import OssRef

from .conftest import lines, make_app, settle

SIZES = [(80, 24), (120, 36)]


@pytest.mark.parametrize("size", SIZES)
async def test_one_G_loads_all_100000_rows_none_twice_and_goes_to_the_last(localoss, size) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert len(screen.listing.items) == 1000
        assert "1,000 loaded · more available" in str(screen.status_line.render())
        assert "part-000000.log" in lines(app)[1]
        await pilot.press("G")
        await settle(pilot)
        keys = [e.key for e in screen.listing.items]
        assert len(keys) == 100_000 and len(set(keys)) == 100_000
        assert keys == [f"logs/part-{i:06d}.log" for i in range(100_000)]
        assert screen.object_list.row_count == 100_000
        assert screen.object_list.cursor == 99_999
        assert lines(app)[-1].lstrip().startswith("part-099999.log")
        assert "100,000 loaded · all loaded" in str(screen.status_line.render())
        await pilot.press("g")
        assert "part-000000.log" in lines(app)[1]
        assert screen.object_list.cursor == 0


async def test_esc_stops_loading_the_rest_and_keeps_what_arrived(localoss_factory) -> None:
    server = localoss_factory(seed="demo", big_objects=10_000)
    app = make_app(server, OssRef("big", "logs/"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        server.set_faults(latency=0.3)  # slow pages, so Esc comes while pages are still on their way
        await pilot.press("G")
        assert screen.listing.load_all
        status = str(screen.status_line.render())
        assert "loading all" in status and "(esc stops)" in status
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.listing.load_all and not screen.listing.loading
        loaded = len(screen.listing.items)
        assert loaded < 10_000 and not screen.listing.complete
        assert "more available" in str(screen.status_line.render())
        keys = [e.key for e in screen.listing.items]
        assert keys == [f"logs/part-{i:06d}.log" for i in range(loaded)]
