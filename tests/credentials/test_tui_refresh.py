"""The TUI with RAM-role credentials (aliyun config.json, loopback STS over HTTPS): the header names the
source, a 7-day link signed with a 1-hour token shows the token's expiry and why, and once the token has
expired mid-session the next link is signed with fresh credentials, which localoss serves."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from oss_share_tui.core.models import Bucket
from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.config import resolve_profile
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.share_target import ShareTarget
from oss_share_tui.tui.widgets.expiry_picker import ExpiryPicker
from tests.tui.conftest import settle

from .conftest import BODY, BUCKET, KEY, KEYS, REGION, ROLE_ARN, fetch, key_id_of

SOURCE = "~/.aliyun/config.json profile 'default' (mode RamRoleArn)"


def _app(oss, sts) -> OssShareApp:
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    ak = "LTAIclijson00000005"
    (home / ".aliyun" / "config.json").write_text(
        json.dumps(
            {
                "current": "default",
                "profiles": [
                    {
                        "name": "default",
                        "mode": "RamRoleArn",
                        "access_key_id": ak,
                        "access_key_secret": KEYS[ak],
                        "ram_role_arn": ROLE_ARN,
                        "ram_session_name": "tui",
                        "expired_seconds": 3600,
                        "sts_endpoint": sts.endpoint,
                    }
                ],
            }
        )
    )
    profile = resolve_profile(endpoint=oss.endpoint, region=REGION, require_credentials=False)
    gateway = OssGateway(profile, timeout=5.0, retries=1, backoff=0.01)
    return OssShareApp(profile, OssRef(BUCKET, "docs/"), gateway=gateway, history=False)


async def _make_link(pilot, oss, expiry: str) -> ShareResultScreen:
    bucket = Bucket(BUCKET, region=REGION, location=f"oss-{REGION}", extranet_endpoint=oss.host_port)
    pilot.app.open_share(ShareTarget(bucket, KEY, None))
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, ShareFormScreen)
    form.query_one(ExpiryPicker).choose(expiry)
    await settle(pilot)
    warning = " ".join(str(form.query_one("#sts-warning").render()).split())
    if expiry == "7d":  # the form warns before the link is made (once the browser has resolved the keys)
        assert "The STS token expires sooner" in warning
    await pilot.press("ctrl+s")
    await settle(pilot)
    result = pilot.app.screen
    assert isinstance(result, ShareResultScreen), type(result)
    return result


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_expired_token_is_replaced_mid_session(oss, sts, time_machine, size) -> None:
    time_machine.move_to(time.time(), tick=True)
    app = _app(oss, sts)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        header = str(app.screen.query_one("#place-bar").render())
        assert "~/.aliyun/config.json" in header  # the source (cut to fit), never a key
        assert KEYS["LTAIclijson00000005"] not in header

        # A 7-day link with a 1-hour token: the result shows the token's expiry, and why.
        first = await _make_link(pilot, oss, "7d")
        token = sts.issued[-1]
        assert key_id_of(first.url) == token["AccessKeyId"]
        assert fetch(first.url) == (200, BODY)
        shown = " ".join(str(first.query_one("#result-expiry").render()).split())
        # The STS's own Expiration (in UTC, which the row always shows), not the 7 days asked for.
        assert f"{token['Expiration'].replace('T', ' ').removesuffix('Z')} UTC" in shown
        assert shown.endswith("(limited by the STS token)")
        await pilot.press("escape")
        await settle(pilot)

        # Two hours later the token is dead: localoss refuses the old link...
        time_machine.move_to(time.time() + 2 * 3600, tick=True)
        status, body = fetch(first.url)
        assert status == 403 and b"SecurityTokenExpired" in body
        # ...and the next link is signed with fresh credentials from a new AssumeRole.
        second = await _make_link(pilot, oss, "1h")
        assert len(sts.issued) == 2
        assert key_id_of(second.url) == sts.issued[-1]["AccessKeyId"] != token["AccessKeyId"]
        assert fetch(second.url) == (200, BODY)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_an_unreachable_sts_is_one_notice_naming_the_source(oss, size) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    home = Path(os.environ["HOME"])
    (home / ".aliyun").mkdir()
    ak = "LTAIclijson00000005"
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": "default", "profiles": [
        {"name": "default", "mode": "RamRoleArn", "access_key_id": ak, "access_key_secret": KEYS[ak],
         "ram_role_arn": ROLE_ARN, "sts_endpoint": f"127.0.0.1:{closed}"}]}))
    profile = resolve_profile(endpoint=oss.endpoint, region=REGION, require_credentials=False)
    app = OssShareApp(profile, OssRef(BUCKET, "docs/"), history=False,
                      gateway=OssGateway(profile, timeout=5.0, retries=0, backoff=0.01))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors, "no error shown"
        assert any(f"credentials from {SOURCE}" in n.message for n in errors), [n.message for n in errors]
        assert all(KEYS[ak] not in n.message for n in app._notifications)
