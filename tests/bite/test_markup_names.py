"""Rich/Textual markup in object names stays text in notifications and titles: a key `[@click=app.quit]x`
is shown as those characters, is never a clickable action, and never quits the app."""

from __future__ import annotations

import pytest
from textual.content import Content

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.screens.versions import VersionsScreen
from tests.tui.conftest import make_app, settle

BUCKET = "hostile-markup"
NAME = "[@click=app.quit]x"
KEY = f"dir/{NAME}"
GONE = "[b]gone[/b] [@click=app.quit]y"


@pytest.fixture
def server(localoss_factory):
    srv = localoss_factory(seed="empty")
    srv.store.create_bucket(BUCKET, region="cn-hangzhou")
    srv.store.set_versioning(BUCKET, "Enabled")
    srv.store.put_object(BUCKET, KEY, b"markup body")
    srv.store.put_object(BUCKET, GONE, b"old")
    srv.store.delete_object(BUCKET, GONE)  # only in its versions now
    return srv


def _shown(app) -> list[str]:
    """Notification texts as the toast displays them (markup parsed only where the notice asks for it)."""
    return [Content.from_markup(n.message).plain if n.markup else n.message for n in app._notifications]


def _titles(screen) -> list[str]:
    """Border titles as drawn (the stored Content's plain text)."""
    return [w._border_title.plain for w in screen.query("*") if w._border_title is not None]


async def test_a_missing_start_key_is_named_literally(server) -> None:
    app = make_app(server, OssRef(BUCKET, GONE))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, VersionsScreen)
        # The key holds a '/': its folder part is `[b]gone[/`, its name `b] [@click=app.quit]y`; both shown as text.
        folder, name = GONE[: GONE.rindex("/") + 1], GONE[GONE.rindex("/") + 1 :]
        assert (f"Neither an object nor a folder called '{name}' exists in oss://{BUCKET}/{folder}. "
                "Showing its versions (it may have been deleted).") in _shown(app)
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_titles_and_notices_of_a_share_show_the_name_as_text(server, size) -> None:
    app = make_app(server, OssRef(BUCKET, "dir/"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        rows = app.screen.query_one("#object-list")
        assert [r.name for r in rows.rows] == [NAME]
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        assert any(NAME in t for t in _titles(app.screen)), _titles(app.screen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ShareResultScreen)
        assert f"Share link: oss://{BUCKET}/{KEY}" in _titles(result)
        # a click on the title row or anywhere must not run an action hidden in the name
        await pilot.click(offset=(10, 1))
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.return_code is None

        await pilot.press("H")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("d")
        await settle(pilot)
        assert (f"Removed oss://{BUCKET}/{KEY}; a live link works until it expires.") in _shown(app)
        assert app.is_running and app.return_code is None
