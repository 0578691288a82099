"""Storage classes, restore state and object types as the user meets them, on OSS's own answers replayed from
a loopback server (localoss cannot make these shapes yet): the browser's storage class column, the details
(restore state, a Symlink's target), the warning before sharing an unrestored archived object (one object
and a batch of marks), the link test's words for InvalidObjectState, and `sign`'s warnings on stderr."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from oss_share_tui import cli
from oss_share_tui.core.models import Bucket
from oss_share_tui.core.refs import parse_oss_url
from oss_share_tui.core.restore import UNRESTORED_WARNING
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.link_probe import check_link
from oss_share_tui.tui.app import OssShareApp
from oss_share_tui.tui.screens.details import DetailsScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from tests.tui.conftest import lines, settle

from .conftest import AK, REGION, SK, replay_profile
from .server import load

SIZES = [(80, 24), (120, 36)]


def _text(renderable) -> str:
    """A Rich renderable as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def _route(request):
    """One small OSS: the storage-classes page for listings, HEAD and GetSymlink by key, no bucket info."""
    if "list-type" in request.query:
        return load("lov2-storage-classes-types")
    if "symlink" in request.query:
        return load("get-symlink")
    if "bucketInfo" in request.query:
        return load("error-nosuchbucket-ec")  # the browser then lists through the profile's endpoint
    if request.method == "HEAD":
        return load("head-symlink" if request.path.endswith("link-to-oss.jpg") else "head-archive-frozen")
    return load("list-buckets-no-region")


def _app(replay) -> OssShareApp:
    replay.route = _route
    profile = replay_profile(replay)
    return OssShareApp(profile, parse_oss_url("oss://examplebucket/fun/"), history=False,
                       gateway=OssGateway(profile, timeout=5.0, retries=0))


async def _to(pilot, name: str) -> None:
    browser = pilot.app.screen
    names = [item.name for item in browser.listing.view]
    browser.object_list.cursor = names.index(name)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
async def test_the_storage_class_column_shows_the_restore_state(replay, size) -> None:
    app = _app(replay)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        shown = "\n".join(lines(app))
        assert "Archive (frozen)" in shown  # frozen.zip: Archive with no RestoreInfo
        row = next(line for line in lines(app) if "restoring.zip" in line)
        assert row.rstrip().endswith("Archive (restoring)")
        row = next(line for line in lines(app) if "cold-frozen.avi" in line)
        assert row.rstrip().endswith("ColdArchive (frozen)")
        row = next(line for line in lines(app) if "ia.bin" in line)
        assert row.rstrip().endswith("IA")


@pytest.mark.parametrize("size", SIZES)
async def test_sharing_an_unrestored_archive_object_warns_first(replay, size) -> None:
    app = _app(replay)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await _to(pilot, "frozen.zip")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)  # the form still opens: the user may restore later
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any(n.title == "Archived object" and UNRESTORED_WARNING in n.message
                   and "Archive object is not restored" in n.message for n in warnings)


async def test_sharing_a_readable_object_gives_no_archive_warning(replay) -> None:
    app = _app(replay)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _to(pilot, "ia.bin")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert not [n for n in app._notifications if n.title == "Archived object"]


async def test_marking_archived_objects_warns_before_the_batch(replay) -> None:
    app = _app(replay)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        for name in ("frozen.zip", "restoring.zip", "ia.bin"):
            await _to(pilot, name)
            await pilot.press("space")
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert any(n.message == f"2 of the marked objects are archived and not restored: {UNRESTORED_WARNING}"
                   for n in app._notifications)


@pytest.mark.parametrize("size", SIZES)
async def test_details_show_restore_state_and_a_symlinks_target(replay, size) -> None:
    app = _app(replay)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        bucket = Bucket("examplebucket", region=REGION)
        app.push_screen(DetailsScreen(bucket, "fun/link-to-oss.jpg"))
        await settle(pilot)
        body = _text(app.screen.query_one("#details-body").content)
        assert "Symlink target" in body and "example.jpg" in body
        await pilot.press("escape")

        app.push_screen(DetailsScreen(bucket, "fun/frozen.zip"))
        await settle(pilot)
        body = _text(app.screen.query_one("#details-body").content)
        assert "Archive (frozen)" in body
        assert UNRESTORED_WARNING in " ".join(body.split())


def test_the_link_test_explains_invalid_object_state(replay) -> None:
    replay.answer("error-invalid-object-state")
    result = check_link(f"{replay.endpoint}/oss-archive-example/oss.jpg?x=1")
    assert not result.ok and result.status == 403 and result.code == "InvalidObjectState"
    assert result.cause.endswith(UNRESTORED_WARNING)
    assert "archived" in result.summary


@pytest.fixture
def oss_env(replay, monkeypatch):
    for name, value in (("OSS_ACCESS_KEY_ID", AK), ("OSS_ACCESS_KEY_SECRET", SK),
                        ("OSS_ENDPOINT", replay.endpoint), ("OSS_REGION", REGION)):
        monkeypatch.setenv(name, value)


def test_sign_recursive_warns_for_each_unrestored_archive_object(replay, oss_env, capsys) -> None:
    replay.route = _route
    code = cli.main(["sign", "oss://examplebucket/fun/", "--recursive", "--no-history"])
    out = capsys.readouterr()
    assert code == 0
    assert len(out.out.splitlines()) == 8  # every object still gets its link
    warned = sorted(line.split("oss://examplebucket/fun/")[1].split(":")[0]
                    for line in out.err.splitlines() if UNRESTORED_WARNING in line)
    # cold-restored.jpg and deep-restored.txt: their restored copies expired (2024-11-08, 2022-11-05).
    assert warned == ["cold-frozen.avi", "cold-restored.jpg", "deep-restored.txt", "frozen.zip",
                      "restoring.zip"]


@pytest.mark.parametrize(("fixture", "warned"), [("head-archive-frozen", True), ("head-symlink", False)])
def test_sign_check_warns_on_an_unrestored_archive_object(replay, oss_env, capsys, fixture, warned) -> None:
    replay.answer(fixture)
    code = cli.main(["sign", "oss://examplebucket/fun/frozen.zip", "--check", "--no-history"])
    out = capsys.readouterr()
    assert code == 0 and out.out.startswith(f"{replay.endpoint}/examplebucket/fun%2Ffrozen.zip?")
    assert (f"oss-share: warning: oss://examplebucket/fun/frozen.zip: Archive object is not restored: "
            f"{UNRESTORED_WARNING}" in out.err) is warned
    assert replay.requests[0].method == "HEAD"  # (a Symlink's HEAD is followed by GetSymlink)


def test_plain_sign_sends_no_request(replay, oss_env, capsys) -> None:
    replay.answer("head-archive-frozen")
    assert cli.main(["sign", "oss://examplebucket/fun/frozen.zip", "--no-history"]) == 0
    assert replay.requests == []


@pytest.mark.parametrize("size", SIZES)
async def test_versions_show_restore_state_and_sharing_a_frozen_version_warns(replay, size) -> None:
    from oss_share_tui.tui.screens.versions import VersionsScreen

    app = _app(replay)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        replay.route = lambda r: load("versions-demo" if "versions" in r.query
                                      else "lov2-storage-classes-types")
        app.push_screen(VersionsScreen(Bucket("demo-bucket", region=REGION), "demo/"))
        await settle(pilot)
        shown = lines(app)
        # The fourth entry of demo/ is an Archive version whose restored copy expired on 2020-09-24.
        assert shown[4].rstrip().endswith("Archive (frozen)")
        assert shown[1].rstrip().endswith("✕ delete marker")
        app.screen.object_list.cursor = 3
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert any(n.title == "Archived object" and UNRESTORED_WARNING in n.message
                   for n in app._notifications)
