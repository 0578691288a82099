"""History for daily use: `A` signs again through a prefilled form (the duration can change), rows show when
each link was made and a short key id, search finds a link by its download name, an expired link asks before
it is copied, and links to a demo server that is gone say so."""

from __future__ import annotations

import dataclasses
import socket
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from textual.widgets import Input

from oss_share_tui.core.disposition import content_disposition
from oss_share_tui.core.options import build_share_options
from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.confirm import ConfirmScreen
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.share_request import sign_target

from .conftest import make_app, settle, target

ATTACHMENT = 'attachment; filename="banner-final.png"'  # RFC 6266, a plain ASCII name needs no filename*


def _record(app, server, key: str, *, timeout="1h", expired: bool = False, endpoint: str | None = None,
            params=()) -> None:
    options = build_share_options(timeout=timeout, query_params=list(params))
    share = target(server, key)
    link = sign_target(app.profile, share, options)
    if expired:  # as if made an hour ago
        past = datetime.now(timezone.utc) - timedelta(hours=1)
        expires = past + timedelta(seconds=link.expires_in)
        link = dataclasses.replace(link, created_at=past, expires_at=expires)
    app.history_store.add(link, options, endpoint=endpoint or server.endpoint, region="cn-hangzhou",
                          access_key_id=app.profile.access_key_id)


def _rows(history: HistoryScreen) -> list[list[str]]:
    table = history.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_A_opens_the_form_prefilled_and_signs_with_a_new_duration(localoss, size):
    app = make_app(localoss, OssRef("demo-assets", ""))
    _record(app, localoss, "images/banner.png",
            params=[f"response-content-disposition:{content_disposition('attachment', 'banner-final.png')}"])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ShareFormScreen)
        assert form.query_one("#filename", Input).value == "banner-final.png"
        assert not form.query_one("#filename", Input).disabled  # attachment chosen: its name is editable
        assert "in 1h" in str(form.query_one("#expiry-summary").render())
        await pilot.press("right")  # the expiry row has focus: 1 h -> 1 day
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        result = app.screen
        assert isinstance(result, ShareResultScreen)
        assert result.request.link.expires_in == 86400
        with urllib.request.urlopen(result.url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            assert resp.headers["Content-Disposition"] == ATTACHMENT


async def test_rows_show_made_at_short_key_id_and_search_finds_the_download_name(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    _record(app, localoss, "images/banner.png",
            params=[f"response-content-disposition:{content_disposition('attachment', 'banner-final.png')}"])
    _record(app, localoss, "README.txt")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        history = app.screen
        rows = _rows(history)
        # "Made", local time (this year: month-day hour:minute), from the time each entry records.
        assert [row[1] for row in rows] == [e.created_at.astimezone().strftime("%m-%d %H:%M")
                                            for e in history.shown]
        key_id = app.profile.access_key_id
        assert {row[4] for row in rows} == {f"{key_id[:6]}…{key_id[-2:]}"}
        history.query_one("#history-search", Input).value = "banner-final"
        await settle(pilot)
        assert [e.key for e in history.shown] == ["images/banner.png"]
        assert _rows(history)[0][6] == "attachment as banner-final.png"


async def test_copying_an_expired_link_asks_first(localoss):
    app = make_app(localoss, OssRef("demo-assets", ""))
    _record(app, localoss, "README.txt", timeout="1m", expired=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        assert len(app.screen.shown) == 1 and app.screen.shown[0].is_expired(), app.screen.shown
        app.copy_to_clipboard("before")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "expired" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert app.clipboard == "before"
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("y")  # "copy anyway"
        await settle(pilot)
        assert app.clipboard.startswith(localoss.endpoint)


async def test_links_to_a_demo_server_that_is_gone_say_so(localoss):
    with socket.socket() as sock:  # a loopback port nothing listens on any more
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    app = make_app(localoss, OssRef("demo-assets", ""))
    _record(app, localoss, "README.txt", endpoint=dead)
    _record(app, localoss, "images/banner.png")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await settle(pilot)
        states = {e.key: row[0] for e, row in zip(app.screen.shown, _rows(app.screen), strict=True)}
        assert states["README.txt"] == "demo server gone"
        assert states["images/banner.png"].startswith("live")
