"""The TUI listing's guards: a page for a place no longer shown is dropped, and a row repeated by an
overlapping server page is shown once."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from oss_share_tui.core.models import Entry, Page
from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.tui.listing import Listing
from oss_share_tui.tui.messages import PageLoaded
from tests.tui.conftest import lines, make_app, settle

BUCKET = "guards"


@pytest.fixture
def server(localoss_factory):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket(BUCKET, region="cn-hangzhou")
    for i in range(12):
        srv.store.put_object(BUCKET, f"k{i:02d}.txt", b"x")
    srv.store.put_object(BUCKET, "dir/inner.txt", b"x")
    return srv


class OverlappingGateway(OssGateway):
    """Real pages from localoss, in pages of 5, each repeating the last row of the page before (as a
    server that overlaps pages would) and the first row of its own page twice."""

    def list_prefix(self, bucket, prefix, token=None, *, max_keys=1000, delimiter="/"):
        page = super().list_prefix(bucket, prefix, token, max_keys=5, delimiter=delimiter)
        items = page.items
        if token is not None:
            items = (self.last, *items)
        if items:
            items = (items[0], *items)
            self.last = page.items[-1]
        return Page(items, page.next_token)


async def test_repeated_rows_are_shown_once(server) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    app.gateway = OverlappingGateway(app.gateway.profile, timeout=5.0, retries=0)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        while not screen.listing.complete:
            screen.load_next_page()
            await settle(pilot)
        keys = [e.key for e in screen.listing.view]
        expected = ["dir/"] + [f"k{i:02d}.txt" for i in range(12)]
        assert keys == expected
        shown = [line.split()[0] for line in lines(app)[1:] if line.strip()]
        assert shown == [k.split("/")[0] + ("/" if k.endswith("/") else "") for k in expected]


async def test_a_page_for_a_place_left_behind_is_dropped(server) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        root = screen.listing
        assert [e.key for e in root.view][:2] == ["dir/", "k00.txt"]
        await pilot.press("enter")  # into dir/
        await settle(pilot)
        assert [e.key for e in screen.listing.view] == ["dir/inner.txt"]
        # A late page of the root listing (e.g. a worker that finished after we left) arrives now.
        late = (Entry("late-from-root.txt", size=1),)
        screen.post_message(PageLoaded(root.id, root.next_token, late, None))
        await settle(pilot)
        assert [e.key for e in screen.listing.view] == ["dir/inner.txt"]
        assert "late-from-root" not in "\n".join(lines(app))


class HeldGateway(OssGateway):
    """Real localoss pages, except that the first page of `dir/` waits until the test releases it."""

    release: threading.Event

    def list_prefix(self, bucket, prefix, token=None, *, max_keys=1000, delimiter="/"):
        if prefix == "dir/":
            assert self.release.wait(30), "the test never released the page"
        return super().list_prefix(bucket, prefix, token, max_keys=max_keys, delimiter=delimiter)


async def test_a_late_first_page_of_the_place_left_never_fills_the_new_one(server) -> None:
    """The new place is still waiting for its own first page (token None) when the old place's page arrives:
    only the listing id tells them apart."""
    app = make_app(server, OssRef(BUCKET, ""))
    gateway = HeldGateway(app.gateway.profile, timeout=5.0, retries=0)
    gateway.release = threading.Event()
    app.gateway = gateway
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        old = screen.listing
        await pilot.press("enter")  # into dir/: its first page is held
        for _ in range(2000):
            await pilot.pause()
            if screen.listing is not old and screen.listing.loading:
                break
        assert screen.listing is not old and not screen.listing.started
        late = (Entry("late-from-root.txt", size=1),)
        screen.post_message(PageLoaded(old.id, None, late, None))
        await pilot.pause()
        gateway.release.set()
        await settle(pilot)
        assert [e.key for e in screen.listing.view] == ["dir/inner.txt"]
        assert "late-from-root" not in "\n".join(lines(app))


def _entries(*keys: str) -> tuple[Entry, ...]:
    return tuple(Entry(k) for k in keys)


def test_listing_takes_only_the_page_it_asked_for() -> None:
    listing = Listing("entries")
    assert listing.add_page(None, _entries("a", "b", "b"), "t1") == list(_entries("a", "b"))
    # the first page again (a retry answered twice): not wanted
    assert listing.add_page(None, _entries("a", "b"), "t1") == []
    # a page for a token we never asked for
    assert listing.add_page("t9", _entries("z"), None) == []
    # the right page, overlapping the one before by one row
    assert listing.add_page("t1", _entries("b", "c"), None) == list(_entries("c"))
    assert [e.key for e in listing.items] == ["a", "b", "c"]
    assert listing.complete
    # a complete listing takes nothing more
    assert listing.add_page(None, _entries("d"), None) == []
    assert [e.key for e in listing.view] == ["a", "b", "c"]


def test_versions_listing_keys_rows_by_version_id() -> None:
    from oss_share_tui.core.models import Version

    v = Version(
        key="k",
        version_id="v1",
        is_latest=True,
        is_delete_marker=False,
        size=1,
        last_modified=None,
        storage_class="",
        etag="",
    )
    listing = Listing("versions")
    listing.add_page(None, (v, replace(v, version_id="v2"), v), None)
    assert [x.version_id for x in listing.view] == ["v1", "v2"]
