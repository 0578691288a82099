"""Fixtures for the history, batch, export and QR tests: demo credentials and a fresh 250-object bucket."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.storage.profile import Profile

BATCH_REGION = "cn-hangzhou"
# 250 objects over two prefixes; a few hostile names make sure keys survive signing and every export format.
PREFIX_A = "alpha/"
PREFIX_B = "beta/deep/"
ODD_NAMES = (
    "with space.txt", "中文 名.txt", "plus+sign.txt", "percent%41.txt", "hash#tag.txt", "[md](x).txt"
)


def batch_keys() -> list[str]:
    """The 250 keys of the batch bucket, in listing (byte) order."""
    keys = [f"{PREFIX_A}file-{i:03d}.bin" for i in range(125)]
    keys += [f"{PREFIX_B}{name}" for name in ODD_NAMES]
    keys += [f"{PREFIX_B}obj-{i:03d}.dat" for i in range(125 - len(ODD_NAMES))]
    return sorted(keys, key=lambda k: k.encode())


@pytest.fixture(scope="module")
def batch_server() -> Iterator[LocalOSS]:
    """An empty localoss for this module; each test makes its own bucket in it."""
    with LocalOSS(seed="empty") as srv:
        yield srv


@pytest.fixture
def batch_profile(batch_server: LocalOSS) -> Profile:
    """Demo credentials against the batch server, with its region."""
    return Profile(
        endpoint=batch_server.endpoint,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        region=BATCH_REGION,
    )


@pytest.fixture
def batch_bucket(batch_server: LocalOSS) -> str:
    """A fresh bucket holding the 250 keys (plus two folder markers), each body naming its own key."""
    name = f"batch-{uuid.uuid4().hex[:12]}"
    batch_server.store.create_bucket(name, region=BATCH_REGION)
    batch_server.store.put_object(name, PREFIX_A, b"")  # folder markers must not be signed
    batch_server.store.put_object(name, PREFIX_B, b"")
    for key in batch_keys():
        batch_server.store.put_object(name, key, key.encode())
    return name


@pytest.fixture
def demo_profile(localoss: LocalOSS) -> Profile:
    """Demo credentials against the session-wide demo server (region taken from the bucket)."""
    return Profile(
        endpoint=localoss.endpoint, access_key_id=DEMO_ACCESS_KEY_ID, access_key_secret=DEMO_ACCESS_KEY_SECRET
    )
