"""A server-side prefix search for an object's full name finds that object (issue 15): OSS lists a key equal
to the prefix (prefix `a`, key `a`), so the gateway, `sign --recursive` and the browser's search listing must
keep it. The TUI part is tested at the listing layer (`tui/listing.py` with the call `BrowserScreen.fetch`
makes), not through the `/` key, whose binding is being reworked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

import pytest

from oss_share_tui import cli
from oss_share_tui.core.models import Bucket
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.listing import Listing

BUCKET = "exact-names"
REGION = "cn-hangzhou"
KEYS = ("docs/", "docs/readme.txt", "docs/readme.txt.bak", "docs/readme.txt/inner.txt", "docs/readmf.txt")


@pytest.fixture(scope="module")
def server() -> Iterator[LocalOSS]:
    with LocalOSS(seed="empty") as srv:
        srv.store.create_bucket(BUCKET, region=REGION)
        for key in KEYS:
            srv.store.put_object(BUCKET, key, b"" if key.endswith("/") else key.encode(), "text/plain")
        yield srv


@pytest.fixture
def gateway(server: LocalOSS) -> OssGateway:
    profile = Profile(endpoint=server.endpoint, access_key_id=DEMO_ACCESS_KEY_ID,
                      access_key_secret=DEMO_ACCESS_KEY_SECRET, region=REGION)
    return OssGateway(profile, timeout=5.0, retries=0)


def test_gateway_search_for_a_full_name_lists_the_object(gateway) -> None:
    page = gateway.list_prefix(BUCKET, "docs/readme.txt")
    assert [(e.key, e.is_prefix) for e in page.items] == [
        ("docs/readme.txt/", True), ("docs/readme.txt", False), ("docs/readme.txt.bak", False)]
    assert page.items[1].size == len(b"docs/readme.txt")


def test_the_folder_marker_of_the_place_itself_stays_hidden(gateway) -> None:
    assert [e.key for e in gateway.list_prefix(BUCKET, "docs/").items] == [
        "docs/readme.txt/", "docs/readme.txt", "docs/readme.txt.bak", "docs/readmf.txt"]


def test_sign_recursive_over_a_full_name_signs_that_object(server, capsys, monkeypatch) -> None:
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", server.endpoint)
    monkeypatch.setenv("OSS_REGION", REGION)
    code = cli.main(["sign", f"oss://{BUCKET}/docs/readme.txt", "--recursive", "--no-history"])
    out = capsys.readouterr()
    assert code == 0, out.err
    paths = [unquote(urlsplit(line).path) for line in out.out.splitlines() if line]
    assert paths == [f"/{BUCKET}/docs/readme.txt", f"/{BUCKET}/docs/readme.txt.bak",
                     f"/{BUCKET}/docs/readme.txt/inner.txt"]


def test_the_browsers_search_listing_keeps_the_exact_name(gateway) -> None:
    listing = Listing("entries", Bucket(BUCKET, region=REGION), "docs/", search="readme.txt")
    listing.filter_text = "readme.txt"  # the browser filters by what was typed while the search runs
    page = gateway.list_prefix(listing.bucket, listing.list_prefix, None)  # what BrowserScreen.fetch asks
    shown = listing.add_page(None, page.items, page.next_token)
    assert [e.name for e in shown] == ["readme.txt/", "readme.txt", "readme.txt.bak"]
    assert listing.complete
