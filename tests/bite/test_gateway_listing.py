"""What the gateway makes of listings, against localoss (and a canned server for what localoss never sends):
a folder's own marker object and its own prefix are not rows inside it, percent-encoded version markers are
decoded (or paging would stop early), only the newest version is latest, a HEAD names the version it read, and
a versions listing stops asking once it is past the key."""

from __future__ import annotations

import pytest

from oss_share_tui.core.models import Bucket
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from tests.reliability.conftest import fake_oss  # noqa: F401 - a fixture: a canned-answer HTTP server

BUCKET = "gw-listing"


@pytest.fixture(scope="module")
def server():
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="empty") as srv:
        srv.store.create_bucket(BUCKET, region="cn-hangzhou")
        srv.store.set_versioning(BUCKET, "Enabled")
        srv.store.put_object(BUCKET, "dir/", b"")  # a folder marker
        srv.store.put_object(BUCKET, "dir/a.txt", b"a")
        srv.store.put_object(BUCKET, "dir/sub/b.txt", b"b")
        srv.spaced = [srv.store.put_object(BUCKET, "my notes.txt", f"v{i}".encode()) for i in range(4)]
        for key in ("a", "a"):
            srv.store.put_object(BUCKET, key, b"x")
        for key in ("a/x", "a0", "a1"):
            srv.store.put_object(BUCKET, key, b"y")
        yield srv


def _gw(srv) -> OssGateway:
    profile = Profile(
        endpoint=srv.endpoint,
        access_key_id=DEMO_ACCESS_KEY_ID,
        access_key_secret=DEMO_ACCESS_KEY_SECRET,
        region="cn-hangzhou",
    )
    return OssGateway(profile, timeout=5.0, retries=0)


def test_a_folder_lists_its_children_not_its_own_marker(server) -> None:
    page = _gw(server).list_prefix(BUCKET, "dir/")
    assert [(e.key, e.is_prefix) for e in page.items] == [("dir/sub/", True), ("dir/a.txt", False)]


def test_versions_of_an_encoded_key_page_through_every_version(server) -> None:
    gw, token, got = _gw(server), None, []
    for _ in range(20):
        page = gw.list_versions(BUCKET, "my notes.txt", token, max_keys=1)
        got += page.items
        token = page.next_token
        if token is None:
            break
    assert [v.version_id for v in got] == list(reversed(server.spaced))
    assert [v.is_latest for v in got] == [True, False, False, False]


def test_head_names_the_version_it_read(server) -> None:
    info = _gw(server).head_object(BUCKET, "my notes.txt")
    assert info.version_id == server.spaced[-1]
    old = _gw(server).head_object(BUCKET, "my notes.txt", server.spaced[0])
    assert (old.version_id, old.size) == (server.spaced[0], 2)


def test_versions_stop_asking_once_past_the_key(server) -> None:
    """`a` (2 versions), then the folder `a/` and keys `a0`, `a1`: a page of 3 ends at `a/`, past `a`."""
    gw = _gw(server)
    before = server.stats["requests"]
    page = gw.list_versions(BUCKET, "a", None, max_keys=3)
    assert len(page.items) == 2 and {v.key for v in page.items} == {"a"}
    assert page.next_token is None
    assert server.stats["requests"] - before == 1


def test_a_page_naming_the_prefix_itself_as_a_folder_does_not_list_it(fake_oss) -> None:  # noqa: F811
    srv, canned = fake_oss
    canned.body = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>b</Name><Prefix>dir/</Prefix>'
        b"<MaxKeys>1000</MaxKeys><Delimiter>/</Delimiter><IsTruncated>false</IsTruncated>"
        b"<CommonPrefixes><Prefix>dir/</Prefix></CommonPrefixes>"
        b"<CommonPrefixes><Prefix>dir/x/</Prefix></CommonPrefixes></ListBucketResult>"
    )
    profile = Profile(
        endpoint=f"http://127.0.0.1:{srv.server_address[1]}",
        access_key_id="AK",
        access_key_secret="SK",
        region="cn-hangzhou",
    )
    page = OssGateway(profile, timeout=5.0, retries=0).list_prefix(
        Bucket("bucket-b", region="cn-hangzhou"), "dir/"
    )
    assert [e.key for e in page.items] == ["dir/x/"]
