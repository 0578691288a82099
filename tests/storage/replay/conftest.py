"""Replay fixtures: a loopback server answering with canned OSS responses, an OssGateway and a bare
`oss2.Bucket` pointed at it (oss2 is the independent oracle for what each body means)."""

from __future__ import annotations

from collections.abc import Iterator

import oss2
import pytest

from oss_share_tui.core.models import Bucket
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile

from .server import Replay, running

AK, SK = "LTAI5tReplayKey", "replay-secret"
REGION = "cn-hangzhou"


@pytest.fixture(scope="module")
def replay_server() -> Iterator[Replay]:
    yield from running()


@pytest.fixture
def replay(replay_server: Replay) -> Replay:
    replay_server.requests.clear()
    return replay_server


def replay_profile(replay: Replay) -> Profile:
    return Profile(endpoint=replay.endpoint, access_key_id=AK, access_key_secret=SK, region=REGION)


@pytest.fixture
def gateway(replay: Replay) -> OssGateway:
    gw = OssGateway(replay_profile(replay), timeout=5.0, retries=0, backoff=0.0)
    for name in ("examplebucket", "demo-bucket"):
        gw.remember(Bucket(name, region=REGION))
    return gw


@pytest.fixture
def oss2_bucket(replay: Replay):
    """`oss2.Bucket(name)` on the replay server, signing like the gateway does."""

    def make(name: str = "examplebucket") -> oss2.Bucket:
        auth = oss2.ProviderAuthV4(oss2.credentials.StaticCredentialsProvider(AK, SK))
        return oss2.Bucket(auth, replay.endpoint, name, region=REGION)

    return make
