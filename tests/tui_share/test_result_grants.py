"""The result view at 80x24 and 120x36: the grants line, the link test's headers (and what differs from what
was asked), the raw URL view, and a new link never showing an old link's verdict."""

from __future__ import annotations

import urllib.request

import pytest

from oss_share_tui.core.disposition import content_disposition
from oss_share_tui.core.options import build_share_options
from oss_share_tui.tui.screens.raw_url import RawUrlScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.share_request import ShareRequest, sign_target

from .conftest import HostApp, demo_profile, settle, target

SIZES = [(80, 24), (120, 36)]
# RFC 6266 / 5987 for 横幅 宣传图.png, written out: UTF-8 bytes percent-encoded outside attr-char.
BANNER_HEADER = ("attachment; filename=\"download.png\"; "
                 "filename*=UTF-8''%E6%A8%AA%E5%B9%85%20%E5%AE%A3%E4%BC%A0%E5%9B%BE.png")


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _request(server, key: str, **params: str) -> tuple[ShareRequest, object]:
    profile = demo_profile(server)
    share = target(server, key)
    options = build_share_options(timeout="1h", query_params=[f"{k}:{v}" for k, v in params.items()])
    return ShareRequest(share, options, sign_target(profile, share, options)), profile


@pytest.mark.parametrize("size", SIZES)
async def test_grants_line_and_link_test_headers(localoss, size):
    disposition = content_disposition("attachment", "横幅 宣传图.png")
    request, profile = _request(localoss, "images/banner.png",
                                **{"response-content-disposition": disposition,
                                   "x-oss-process": "image/format,webp"})
    assert request.options.param("response-content-disposition") == BANNER_HEADER
    with urllib.request.urlopen(request.link.url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        served_type, size_bytes = resp.headers["Content-Type"], len(resp.read())
    assert served_type == "image/webp"  # localoss processes images as OSS does
    app = HostApp(lambda: ShareResultScreen(request, profile))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        grants = _text(screen, "#result-grants")
        assert "attachment as 横幅 宣传图.png" in grants and "processing image/format,webp" in grants
        assert "latest version" in grants
        await pilot.press("t")
        await settle(pilot)
        assert _text(screen, "#result-test") == "works (206)"
        headers = _text(screen, "#result-test-headers")
        assert headers == f"HTTP 206 · image/webp · {size_bytes:,} bytes · attachment as 横幅 宣传图.png"
        assert _text(screen, "#result-test-differs") == ""  # the server did what the link asked


def test_link_check_says_what_the_answer_did_not_honour(localoss):
    """The probe compares a fetched answer with what was asked: here a link that asks nothing is checked
    against asking for processing and a download name, as when a server (or a proxy) drops them."""
    from oss_share_tui.storage.link_probe import LinkExpectation, check_link

    request, _profile = _request(localoss, "images/banner.png")
    with urllib.request.urlopen(request.link.url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        stored_type, stored = resp.headers["Content-Type"], len(resp.read())
    asked = LinkExpectation(disposition=BANNER_HEADER, process="image/resize,w_10", original_size=stored)
    result = check_link(request.link.url, expect=asked)
    assert (result.ok, result.status, result.content_type, result.content_length) == (True, 206, stored_type,
                                                                                      stored)
    assert result.differences == (
        f"asked Content-Disposition {BANNER_HEADER!r}, got 'none'",
        f"processing ignored: the server sent the original ({stored:,} bytes)",
    )
    assert result.summary == "works (206)"  # the fields scripts read stay as they were


async def test_a_new_link_never_shows_the_old_verdict(localoss):
    request, profile = _request(localoss, "README.txt")
    app = HostApp(lambda: ShareResultScreen(request, profile))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("t")
        await settle(pilot)
        assert _text(screen, "#result-test") == "works (206)" and _text(screen, "#result-test-headers")
        old = screen.request
        await pilot.press("r")
        await settle(pilot)
        assert screen.request is not old  # a new link (the same URL when signed within the same second)
        assert _text(screen, "#result-test") == "signed again; press t to test the new link"
        assert _text(screen, "#result-test-headers") == ""
        assert not screen.query_one("#result-test").has_class("-ok")


@pytest.mark.parametrize("size", SIZES)
async def test_raw_url_view_shows_the_url_alone(localoss, size):
    request, profile = _request(localoss, "README.txt")
    app = HostApp(lambda: ShareResultScreen(request, profile))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        raw = app.screen
        assert isinstance(raw, RawUrlScreen)
        width = size[0]
        rows = (len(request.link.url) + width - 1) // width
        lines = _screen_lines(app)
        # Every row holds URL characters only, edge to edge: no border, no padding, nothing beside it.
        assert "".join(line.rstrip() for line in lines[:rows]) == request.link.url
        assert all(len(line.rstrip()) == width for line in lines[: rows - 1])
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ShareResultScreen)


def _screen_lines(app) -> list[str]:
    """The text of each row of the screen, as a terminal would show it."""
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for strip in line for segment in strip) for line in update.strips]
