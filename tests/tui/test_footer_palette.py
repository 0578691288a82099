"""The footer shows only what can act here (`S Share N marked` once marked), its keys never overlap, and the
palette leaves out moving and scrolling."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from oss_share_tui.core.refs import OssRef

from .conftest import make_app, settle


def _footer(app) -> dict[str, FooterKey]:
    return {k.key: k for k in app.screen.query(FooterKey)}


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_footer_in_context(localoss, size) -> None:
    app = make_app(localoss)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = _footer(app)
        assert "s" not in keys and "v" not in keys and "S" not in keys  # the bucket list: nothing to share
        names = [b.name for b in app.screen.listing.items]
        app.screen.object_list.cursor = names.index("demo-assets")
        await pilot.press("enter")
        await settle(pilot)
        keys = _footer(app)
        assert "-disabled" in keys["s"].classes  # on a folder: dimmed
        rows = [e.key for e in app.screen.listing.items]
        app.screen.object_list.cursor = rows.index("README.txt")
        await pilot.pause()
        keys = _footer(app)
        assert "-disabled" not in keys["s"].classes and "-disabled" not in keys["v"].classes
        assert "S" not in keys
        await pilot.press("space")
        await pilot.pause()
        keys = _footer(app)
        assert "S" in keys and "Share 1 marked" in str(keys["S"].render())


@pytest.mark.parametrize("width", [60, 80, 100, 120, 250])
async def test_no_footer_click_target_overlaps_another(localoss, width) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        rows = [e.key for e in app.screen.listing.items]
        app.screen.object_list.cursor = rows.index("README.txt")
        await pilot.press("space")
        await pilot.pause()
        regions = [k.region for k in app.screen.query(FooterKey) if k.region.width]
        assert len(regions) >= 5
        for i, a in enumerate(regions):
            for b in regions[i + 1 :]:
                assert not a.overlaps(b), (a, b)
        # Whatever is under a footer cell is the key drawn there.
        footer_y = 23
        for key in app.screen.query(FooterKey):
            if key.region.width and key.region.right <= width:
                widget, _ = app.screen.get_widget_at(key.region.x, footer_y)
                assert widget is key or key in widget.ancestors_with_self


async def test_palette_lists_actions_not_movement(localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        rows = [e.key for e in app.screen.listing.items]
        app.screen.object_list.cursor = rows.index("README.txt")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        commands = app.screen.query_one("CommandList")
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        text = "\n".join(prompts)
        for movement in (
            "Up\n",
            "Up key",
            "Down",
            "Focus",
            "Scroll",
            "Page up",
            "Page down",
            "First row",
            "Last row",
        ):
            assert movement not in text, (movement, prompts)
        assert "Share" in text and "Filter" in text and "Versions" in text
