"""The result view and what it tells the user: the clipboard holds exactly the URL, the notice names exactly
the clipboard path used, a failed system copy is shown as failed, and a test verdict for an old link is never
shown for a new one."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from oss_share_tui.core.refs import OssRef
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from tests.tui.conftest import make_app, settle
from tests.tui_share.test_share_flow import fetch

# The notices, as DESIGN.md words the clipboard chain (written out here, not imported from the code).
OSC52 = "Sent to the terminal clipboard (OSC 52)"
ALSO_SYSTEM = OSC52 + "; also copied to the system clipboard"


def _not_set(reason: str) -> str:
    return OSC52 + f"; the system clipboard was not set ({reason})"


def _shown(app) -> list[tuple[str, str]]:
    """(title, text as displayed) of every notification raised so far."""
    from textual.content import Content

    out = []
    for note in app._notifications:
        text = Content.from_markup(note.message).plain if note.markup else note.message
        out.append((note.title, text))
    return out


async def _share(pilot, name: str) -> ShareResultScreen:
    rows = pilot.app.screen.query_one("#object-list")
    rows.cursor = [r.name for r in rows.rows].index(name)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ShareFormScreen)
    await pilot.press("ctrl+s")
    await settle(pilot)
    result = pilot.app.screen
    assert isinstance(result, ShareResultScreen)
    return result


def _copy_status(result: ShareResultScreen) -> str:
    return str(result.query_one("#result-copy").render())


class FakeSystemClipboard:
    """pyperclip's two calls, against an in-memory clipboard that may refuse to keep text."""

    def __init__(self, keeps: bool = True, raises: str | None = None) -> None:
        self.keeps, self.raises, self.text = keeps, raises, ""

    def copy(self, text: str) -> None:
        if self.raises:
            import pyperclip

            raise pyperclip.PyperclipException(self.raises)
        if self.keeps:
            self.text = text

    def paste(self) -> str:
        return self.text


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_no_display_copies_exactly_the_url_by_osc52_only(localoss, size) -> None:
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        result = await _share(pilot, "README.txt")
        url = result.url
        assert fetch(url)[0] == 200  # the URL is a working link, not some other text
        assert app.clipboard == url
        assert _copy_status(result) == OSC52
        assert _shown(app)[-1] == ("Link copied", OSC52)


@pytest.mark.parametrize(
    ("clipboard", "notice", "failed"),
    [
        (FakeSystemClipboard(), ALSO_SYSTEM, False),
        (FakeSystemClipboard(keeps=False), _not_set("the system clipboard did not keep the text"), True),
        (FakeSystemClipboard(raises="no xclip"), _not_set("no xclip"), True),
    ],
    ids=["kept", "not-kept", "raises"],
)
async def test_system_copy_is_reported_as_it_went(localoss, monkeypatch, clipboard, notice, failed) -> None:
    import pyperclip

    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.setattr(pyperclip, "copy", clipboard.copy)
    monkeypatch.setattr(pyperclip, "paste", clipboard.paste)
    app = make_app(localoss, OssRef("demo-assets", ""))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        result = await _share(pilot, "README.txt")
        assert app.clipboard == result.url
        assert clipboard.text == ("" if failed else result.url)
        assert _copy_status(result) == notice
        assert result.query_one("#result-copy").has_class("-failed") is failed
        assert _shown(app)[-1] == ("Link copied", notice)


async def test_an_old_link_test_verdict_is_never_shown_for_a_new_link(localoss, monkeypatch) -> None:
    import oss_share_tui.tui.screens.share_result as share_result

    real_check = share_result.check_link
    release = threading.Event()
    probed: list[str] = []

    def held_check(url: str, **kwargs):  # kwargs: the result view also passes what the link asked (expect=)
        probed.append(url)
        assert release.wait(30), "the test never released the probe"
        return real_check(url, **kwargs)

    monkeypatch.setattr(share_result, "check_link", held_check)
    start = datetime.now(timezone.utc)
    with time_machine.travel(start, tick=True) as clock:
        app = make_app(localoss, OssRef("demo-assets", ""))
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            result = await _share(pilot, "README.txt")
            old_url = result.url
            await pilot.press("t")  # the probe of the old link is now held
            await pilot.pause()
            clock.shift(timedelta(seconds=5))  # so signing again gives another URL
            await pilot.press("r")
            for _ in range(2000):  # signing runs in a worker; wait for the new link on screen
                if result.url != old_url:
                    break
                await pilot.pause()
            assert result.url != old_url
            release.set()
            await settle(pilot)
            assert probed == [old_url]
            status = str(result.query_one("#result-test").render())
            assert status == "signed again; press t to test the new link"
            # and a test of the new link shows its own verdict
            await pilot.press("t")
            await settle(pilot)
            assert probed == [old_url, result.url]
            assert str(result.query_one("#result-test").render()).startswith("works")
