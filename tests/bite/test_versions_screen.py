"""The versions view, driven with keys at 80x24 and 120x36: what it lists, what s / Enter / i / r / Esc do
on a
version and on a delete marker, and what it says when a key has no versions at all."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.browser import BrowserScreen
from oss_share_tui.tui.screens.details import DetailsScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.screens.versions import VersionsScreen
from tests.bite.conftest import url_query
from tests.tui.conftest import lines, make_app, settle
from tests.tui_share.test_share_flow import fetch

BUCKET = "versions-ui"
SIZES = [(80, 24), (120, 36)]


@pytest.fixture
def server(localoss_factory):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket(BUCKET, region="cn-hangzhou")
    srv.store.set_versioning(BUCKET, "Enabled")
    srv.ids = [srv.store.put_object(BUCKET, "notes.txt", f"notes v{i}\n".encode()) for i in (1, 2)]
    srv.store.delete_object(BUCKET, "notes.txt")  # newest: a delete marker
    srv.ids.append(srv.store.put_object(BUCKET, "notes.txt", b"notes v3\n"))  # and a live version again
    srv.store.put_object(BUCKET, "notes.txt.bak", b"backup\n")
    return srv


async def _open_versions(pilot, key: str = "notes.txt") -> VersionsScreen:
    app = pilot.app
    await settle(pilot)
    rows = app.screen.query_one("#object-list")
    rows.cursor = [r.name for r in rows.rows].index(key)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(app.screen, VersionsScreen)
    return app.screen


def _notes(app) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications]


@pytest.mark.parametrize("size", SIZES)
async def test_versions_listed_newest_first_with_the_marker(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=size) as pilot:
        screen = await _open_versions(pilot)
        ids = [v.version_id for v in screen.listing.view]
        markers = [v.is_delete_marker for v in screen.listing.view]
        assert len(ids) == 4 and markers == [False, True, False, False]
        assert ids[0] == server.ids[2] and ids[2:] == [server.ids[1], server.ids[0]]
        assert "1 delete marker" in screen.status_line.render().plain
        place = screen.query_one("#place-bar").place
        assert place == f"oss://{BUCKET}/notes.txt · versions"


@pytest.mark.parametrize("size", SIZES)
async def test_s_on_an_old_version_shares_exactly_that_version(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=size) as pilot:
        screen = await _open_versions(pilot)
        await pilot.press("G")  # the oldest
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen)
        assert form.query_one("#version-id").value == server.ids[0]
        await pilot.press("ctrl+s")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ShareResultScreen)
        assert url_query(result.url)["versionId"] == server.ids[0]
        assert fetch(result.url)[2] == b"notes v1\n"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_enter_on_a_version_opens_the_form(server) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=(120, 36)) as pilot:
        await _open_versions(pilot)
        await pilot.press("enter")  # the newest, a live version
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert app.screen.query_one("#version-id").value == server.ids[2]


@pytest.mark.parametrize("size", SIZES)
async def test_a_delete_marker_cannot_be_shared_or_detailed(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=size) as pilot:
        screen = await _open_versions(pilot)
        await pilot.press("down")  # the delete marker
        assert screen.object_list.current.is_delete_marker
        await pilot.press("s")
        await pilot.press("enter")
        await pilot.press("i")
        await settle(pilot)
        assert app.screen is screen  # no form, no details
        titles = [t for t, _ in _notes(app)]
        assert titles == [
            "Cannot share a delete marker",
            "Cannot share a delete marker",
            "A delete marker has no details",
        ]
        assert all("delete marker" in m and "Pick an older version" in m for _, m in _notes(app))


@pytest.mark.parametrize("size", SIZES)
async def test_i_shows_the_details_of_that_version(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=size) as pilot:
        screen = await _open_versions(pilot)
        await pilot.press("down", "down")  # v2
        await pilot.press("i")
        await settle(pilot)
        details = app.screen
        assert isinstance(details, DetailsScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(details.query_one("#details-body").content)
        shown = console.export_text()
        assert server.ids[1] in shown  # the HEAD of exactly that version
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen


async def test_r_reloads_and_shows_a_version_written_meanwhile(server) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await _open_versions(pilot)
        assert len(screen.listing.view) == 4
        newest = server.store.put_object(BUCKET, "notes.txt", b"notes v4\n")
        await pilot.press("r")
        await settle(pilot)
        assert [v.version_id for v in screen.listing.view][:1] == [newest]
        assert len(screen.listing.view) == 5


@pytest.mark.parametrize("key", ["h", "escape", "backspace", "left"])
async def test_back_keys_return_to_the_folder(server, key) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_versions(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_a_key_with_no_versions_says_so(server) -> None:
    app = make_app(server, OssRef(BUCKET, ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(VersionsScreen(app.screen.bucket, "never-written.txt"))
        await settle(pilot)
        assert "No versions: the object does not exist (any more)." in "\n".join(lines(app))
        await pilot.press("s", "i")  # nothing under the cursor: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen) and not _notes(app)
