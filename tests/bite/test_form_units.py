"""The share form's traffic unit: MB/s means 8*1024*1024 bit/s and KB/s 8*1024 (the factors OSS-PROTOCOL.md's
limits imply: 100 KB/s = 819200 bit/s, 100 MB/s = 838860800 bit/s), in the preview, the link and on screen."""

from __future__ import annotations

import pytest

from tests.bite.conftest import url_query
from tests.tui.conftest import make_app, settle
from tests.tui_share.conftest import target
from tests.tui_share.test_share_flow import _create, _open_form, fetch

KB = 8 * 1024
MB = 8 * 1024 * 1024


@pytest.mark.parametrize(
    ("typed", "unit", "bits"),
    [
        ("1.5", "MB/s", round(1.5 * MB)),
        ("100", "MB/s", 100 * MB),  # the top of OSS's range
        ("300", "KB/s", 300 * KB),
    ],
)
async def test_traffic_unit_is_applied(localoss, typed: str, unit: str, bits: int) -> None:
    app = make_app(localoss)
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _open_form(pilot, target(localoss, "README.txt"))
        if unit == "MB/s":
            await pilot.click("#traffic-unit")  # opens the unit list
            await pilot.pause()
            await pilot.press("down", "enter")
            await settle(pilot)
        assert form.query_one("#traffic-unit").value == unit
        await pilot.click("#traffic-value")
        await pilot.press(*typed)
        await settle(pilot)
        assert f"= {bits:,} bit/s" in str(form.query_one("#traffic-bits").render())
        assert url_query(form.preview_link_url)["x-oss-traffic-limit"] == str(bits)
        result = await _create(pilot)
        assert url_query(result.url)["x-oss-traffic-limit"] == str(bits)
        assert fetch(result.url)[0] == 200  # localoss accepts the limit as within OSS's range
