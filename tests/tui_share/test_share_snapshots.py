"""Snapshots of the share form (valid, with an error, for a batch) and the result view, at 80x24 and 120x36,
at a frozen time in UTC."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from oss_share_tui.core.models import Bucket
from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.share_request import ShareRequest, sign_target
from oss_share_tui.tui.share_target import ShareTarget

from .conftest import HostApp, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]

FROZEN = datetime(2030, 1, 31, 10, 0, 0, tzinfo=timezone.utc)

# Signing is local: a made-up key pair and a real-looking endpoint give a stable URL, and no request is made.
PROFILE = Profile(
    endpoint="https://oss-cn-hangzhou.aliyuncs.com",
    access_key_id="LTAI5tSnapshotKeyId0001",
    access_key_secret="snapshot-secret-never-shown",
)
TARGET = ShareTarget(
    Bucket("demo-assets", region="cn-hangzhou", extranet_endpoint="oss-cn-hangzhou.aliyuncs.com"),
    "images/photo.jpg",
    content_type="image/jpeg",
)


@pytest.fixture
def frozen(time_machine, utc) -> None:
    """Time stands still at FROZEN, local time is UTC: the expiry, countdown and signature are stable."""
    time_machine.move_to(FROZEN, tick=False)


async def _settled(pilot) -> None:
    """Let the preview sign and the screen settle; park focus where no cursor blinks."""
    await settle(pilot)
    pilot.app.screen.query_one("#expiry-presets").focus()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_form_valid(snap_compare, frozen, size) -> None:
    app = HostApp(lambda: ShareFormScreen(TARGET, PROFILE))
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", SIZES)
def test_batch_form_with_attachment_names(snap_compare, frozen, size) -> None:
    keys = ["images/photo.jpg", "images/横幅 宣传图.png", "docs/report.pdf"]

    async def attachment(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#disposition").focus()
        await pilot.press("right", "right")
        await _settled(pilot)
        assert "e.g. photo.jpg" in str(pilot.app.screen.query_one("#filename-example").render())

    app = HostApp(lambda: ShareFormScreen(TARGET, PROFILE, batch_keys=keys))
    assert snap_compare(app, terminal_size=size, run_before=attachment)


@pytest.mark.parametrize("size", SIZES)
def test_form_with_error(snap_compare, frozen, size) -> None:
    async def traffic_too_low(pilot) -> None:
        await settle(pilot)  # the form is pushed from on_mount: wait for it before clicking
        await pilot.click("#traffic-value")
        await pilot.press("5", "0")
        await _settled(pilot)
        assert pilot.app.screen.query_one("#traffic-error").has_class("-shown")

    app = HostApp(lambda: ShareFormScreen(TARGET, PROFILE))
    assert snap_compare(app, terminal_size=size, run_before=traffic_too_low)


@pytest.mark.parametrize("size", SIZES)
def test_result_view(snap_compare, frozen, size) -> None:
    options = build_share_options(timeout="1h")
    request = ShareRequest(TARGET, options, sign_target(PROFILE, TARGET, options))
    secret = PROFILE.access_key_secret

    async def shown(pilot) -> None:
        await settle(pilot)
        assert pilot.app.clipboard == request.link.url
        assert secret not in pilot.app.export_screenshot()

    app = HostApp(lambda: ShareResultScreen(request, PROFILE))
    assert snap_compare(app, terminal_size=size, run_before=shown)
