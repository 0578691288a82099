"""`/` filters what is loaded by any part of a name, ignoring case, and highlights it; `ctrl+f` asks the server."""

from __future__ import annotations

import pytest

from oss_share_tui.core.refs import OssRef

from .conftest import lines, make_app, settle

SIZES = [(80, 24), (120, 36)]


def _names(app) -> list[str]:
    return [e.key.rsplit("/", 1)[-1] for e in app.screen.object_list.rows]


@pytest.mark.parametrize("size", SIZES)
async def test_substring_filter_over_100000_loaded_rows_highlights_and_esc_keeps_the_cursor(
    localoss, size
) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await settle(pilot)
        screen = app.screen
        assert len(screen.listing.items) == 100_000
        await pilot.press("slash", *"RT-0777")  # capitals: the match ignores case
        await settle(pilot)
        # Written out independently: every name in the demo folder holding "rt-0777" anywhere.
        expected = [f"part-{i:06d}.log" for i in range(100_000) if "rt-0777" in f"part-{i:06d}.log"]
        assert len(expected) == 100
        assert _names(app) == expected
        status = str(screen.status_line.render())
        assert f"({len(expected)} shown)" in status and "100,000 loaded" in status
        first = screen.object_list.render_line(1)
        picked = [seg.text for seg in first if seg.style and seg.style.reverse]
        assert picked == ["rt-0777"]  # the matching part of `part-077700.log`, as shown
        assert lines(app)[1].lstrip().startswith("part-077700.log")

        await pilot.press("enter")  # keep the filter, back to the list
        for _ in range(5):
            await pilot.press("j")
        chosen = screen.object_list.current
        assert chosen.key == f"logs/{expected[5]}"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.object_list.row_count == 100_000
        assert screen.object_list.current is chosen
        assert screen.object_list.cursor == int(expected[5][5:11])
        assert not screen.query_one("#filter-input").has_class("-shown")


@pytest.mark.parametrize("size", SIZES)
async def test_filter_with_no_match_says_so_and_does_not_load_on(localoss, size) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzz")
        await settle(pilot)
        assert app.screen.object_list.row_count == 0
        assert "No match among the loaded rows: G loads the rest." in lines(app)[1]
        await pilot.press("escape", "slash", *"part-0009", "enter")  # 100 loaded rows match
        await settle(pilot)
        assert app.screen.object_list.row_count == 100
        await pilot.press("j", "j", "j")  # near the end of the filtered rows
        await settle(pilot)
        assert len(app.screen.listing.items) == 1000  # a filter narrows; it does not fetch the rest (G does)


@pytest.mark.parametrize("size", SIZES)
async def test_prefix_search_asks_the_server_and_says_exactly_what_found_nothing(localoss, size) -> None:
    app = make_app(localoss, OssRef("big", "logs/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("j", "j", "j")
        await pilot.press("ctrl+f", *"part-09999", "enter")
        await settle(pilot)
        assert _names(app) == [f"part-09999{i}.log" for i in range(10)]
        assert screen.listing.complete
        assert "prefix search 'part-09999'" in str(screen.status_line.render())

        await pilot.press("ctrl+f")
        await pilot.press(*"x", "enter")  # part-09999x: nothing starts with it
        await settle(pilot)
        assert screen.object_list.row_count == 0
        shown = " ".join(
            line.strip() for line in lines(app)[1:] if line.strip()
        )  # the empty state, unwrapped
        assert shown == "No key in logs/ starts with 'part-09999x' (a prefix search is case-sensitive)"

        await pilot.press("escape")  # back to the listing the search replaced, cursor where it was
        await settle(pilot)
        assert screen.listing.search == ""
        assert screen.object_list.row_count >= 1000
        assert screen.object_list.cursor == 3
