"""Snapshots (pytest-textual-snapshot, pinned with textual): bucket list, a folder, versions, help, a filter,
deleted objects and an error state (the last four at 80x24 and 120x36).

Times render in UTC (the `utc` fixture) and localoss seed dates and version ids are fixed. The only
run-dependent text is localoss's port in the header's endpoint, which is masked as `PORT`.
"""

from __future__ import annotations

import re

import pytest

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.versions import VersionsScreen
from oss_share_tui.tui.widgets.place_bar import PlaceBar

from .conftest import make_app, settle

SNAPSHOT_SIZE = (110, 30)

pytestmark = pytest.mark.usefixtures("utc")


async def _ready(pilot) -> None:
    """Let every page land, then mask the port in the header."""
    await settle(pilot)
    bar = pilot.app.screen.query_one(PlaceBar)
    bar.endpoint = re.sub(r":\d+$", ":PORT", bar.endpoint)
    await pilot.pause()


def test_bucket_list(snap_compare, localoss) -> None:
    assert snap_compare(make_app(localoss), terminal_size=SNAPSHOT_SIZE, run_before=_ready)


def test_folder(snap_compare, localoss) -> None:
    app = make_app(localoss, OssRef("demo-assets", "odd names/"))
    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=_ready)


def test_versions(snap_compare, localoss) -> None:
    app = make_app(localoss, OssRef("demo-versions", ""))

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.push_screen(VersionsScreen(pilot.app.screen.bucket, "deleted.txt"))
        await _ready(pilot)

    assert snap_compare(app, terminal_size=SNAPSHOT_SIZE, run_before=run_before)


def test_help(snap_compare, localoss) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(localoss), terminal_size=(110, 45), run_before=run_before)


BOTH_SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])


@BOTH_SIZES
def test_help_at(snap_compare, localoss, size) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(localoss, OssRef("demo-assets", "")), terminal_size=size, run_before=run_before)


@BOTH_SIZES
def test_filter_at(snap_compare, localoss, size) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        await pilot.press("slash", *"RT-0001")
        await settle(pilot)

    assert snap_compare(make_app(localoss, OssRef("big", "logs/")), terminal_size=size, run_before=run_before)


@BOTH_SIZES
def test_deleted_objects_at(snap_compare, localoss, size) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("D")
        await _ready(pilot)
        rows = pilot.app.screen.object_list
        rows.cursor = [e.key for e in rows.rows].index("deleted.txt")
        await pilot.pause()

    assert snap_compare(make_app(localoss, OssRef("demo-versions", "")), terminal_size=size, run_before=run_before)


@BOTH_SIZES
def test_error_state_at(snap_compare, localoss, size) -> None:
    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.clear_notifications()  # toasts carry a request id; the screen itself says it all
        await pilot.pause()

    app = make_app(localoss, OssRef("no-such-bucket-here", "logs/"))
    assert snap_compare(app, terminal_size=size, run_before=run_before)
