"""The header line at the sizes people have: the place is never cut while there is anything else to drop."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from oss_share_tui.tui.widgets.place_bar import PlaceBar

PLACE = "oss://demo-assets/images/"
ENDPOINT = "http://127.0.0.1:36569"
SOURCE = "the demo's built-in key"


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        bar = PlaceBar()
        bar.place, bar.endpoint, bar.credentials, bar.demo = PLACE, ENDPOINT, SOURCE, True
        yield bar


def _line(app: App[None]) -> str:
    return "".join(segment.text for segment in app.screen.query_one(PlaceBar).render_line(0)).rstrip()


@pytest.mark.parametrize("width", [80, 120])
async def test_the_place_is_whole_and_the_endpoint_stays(width: int) -> None:
    app = _Host()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        line = _line(app)
        assert PLACE in line, line
        assert ENDPOINT in line, line
        if width >= 120:  # room for everything: the credential source is shown too
            assert SOURCE in line, line


async def test_a_long_place_still_shows_its_start_at_80_columns() -> None:
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(PlaceBar)
        bar.place = "oss://demo-assets/" + "deep/" * 20
        await pilot.pause()
        line = _line(app)
        assert line.lstrip().startswith("oss://demo-assets/deep/"), line
        assert "DEMO" in line and "http://127.0.0." in line, line  # the endpoint cut, not dropped
