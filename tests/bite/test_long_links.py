"""The creation and expiry times of very long V1 links are the signing clock and clock + timeout, whatever
path the signer takes for them (plain, beyond 10**9 s, beyond what a datetime can hold)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import time_machine

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link
from tests.bite.conftest import url_query

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
INT64_MAX = 9223372036854775807  # OSS-PROTOCOL.md: V1 allows now + timeout up to int64


@pytest.mark.parametrize(
    "timeout",
    [3600, 10**9 - 1, 10**9 + 7, 10**10 + 3, 10**12 + 5, 10**15, INT64_MAX - int(NOW.timestamp())],
)
def test_v1_created_at_is_the_signing_time(timeout: int) -> None:
    profile = Profile(
        endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="LTAIlong", access_key_secret="secret"
    )
    with time_machine.travel(NOW, tick=False):
        link = sign_link(
            profile, "bkt", "k.txt", build_share_options(sign_version="v1", timeout=str(timeout))
        )
    assert int(url_query(link.url)["Expires"]) == int(NOW.timestamp()) + timeout
    assert link.created_at == NOW
    assert link.expires_in == timeout
    if NOW.timestamp() + timeout < datetime(9999, 12, 31, tzinfo=timezone.utc).timestamp():
        assert link.expires_at.timestamp() == NOW.timestamp() + timeout
    else:
        assert link.expires_at.year == 9999  # shown as "effectively never"


def test_v4_created_at_is_the_signing_time() -> None:
    profile = Profile(
        endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="LTAIlong", access_key_secret="secret"
    )
    with time_machine.travel(NOW, tick=False):
        link = sign_link(profile, "bkt", "k.txt", build_share_options(timeout="604800"))
    assert url_query(link.url)["x-oss-date"] == "20240506T070809Z"
    assert link.created_at == NOW
    assert link.expires_at.timestamp() == NOW.timestamp() + 604800
