"""The versions of `notes.txt` stay apart from those of `notes.txt.bak` (and `notes.tx`), page after page."""

from __future__ import annotations

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile

BUCKET = "prefix-versions"


@pytest.fixture(scope="module")
def server():
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="empty") as srv:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        srv.store.set_versioning(BUCKET, "Enabled")
        ids: dict[str, list[str]] = {}
        # interleaved writes, so the listing order is not the write order
        for round_ in range(3):
            for key in ("notes.tx", "notes.txt", "notes.txt.bak", "notes.txt/inner", "notes.txu"):
                if key in ("notes.tx", "notes.txu") and round_:
                    continue
                vid = srv.store.put_object(BUCKET, key, f"{key}#{round_}".encode())
                ids.setdefault(key, []).insert(0, vid)  # newest first, as OSS lists them
        srv.store.delete_object(BUCKET, "notes.txt.bak")  # a delete marker on the longer key
        srv.ids = ids
        yield srv


def _gateway(srv) -> OssGateway:
    profile = Profile(
        endpoint=srv.endpoint,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        region="cn-hangzhou",
    )
    return OssGateway(profile, timeout=5.0, retries=0)


def _all_versions(gateway: OssGateway, key: str, max_keys: int) -> list[tuple[str, str]]:
    out, token, pages = [], None, 0
    while True:
        page = gateway.list_versions(BUCKET, key, token, max_keys=max_keys)
        out += [(v.key, v.version_id) for v in page.items]
        token = page.next_token
        pages += 1
        assert pages < 50, "paging never ends"
        if token is None:
            return out


@pytest.mark.parametrize("max_keys", [1, 2, 3, 1000])
@pytest.mark.parametrize("key", ["notes.txt", "notes.tx", "notes.txt.bak"])
def test_versions_of_exactly_one_key(server, key: str, max_keys: int) -> None:
    got = _all_versions(_gateway(server), key, max_keys)
    expected_ids = server.ids[key]
    if key == "notes.txt.bak":
        assert len(got) == len(expected_ids) + 1  # the delete marker comes first
        got_ids = [vid for _, vid in got[1:]]
    else:
        got_ids = [vid for _, vid in got]
    assert {k for k, _ in got} == {key}
    assert got_ids == expected_ids
