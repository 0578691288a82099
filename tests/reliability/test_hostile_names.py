"""Hostile object names (Rich/Textual markup, ANSI and OSC escapes including an OSC 52 clipboard write,
newlines, other controls, bidi overrides, zero-width and separator characters) are shown inertly everywhere:
the TUI's screen and the bytes it would send to a terminal, `oss-share sign` and `inspect` (text and JSON),
and the history file and screen."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from textual.app import App
from textual.widgets import DataTable

from oss_share_tui.core.printable import visible
from oss_share_tui.core.refs import OssRef
from oss_share_tui.storage.history import HistoryStore, default_history_path
from oss_share_tui.tui.screens.details import DetailsScreen
from oss_share_tui.tui.screens.history import HistoryScreen
from oss_share_tui.tui.screens.share_form import ShareFormScreen
from tests.tui.conftest import lines, make_app, settle

from .conftest import REGION, cli_env, new_server, run_cli

BUCKET = "hostile-names"
OSC52 = "\x1b]52;c;aGFja2VkIQ==\x07"
HOSTILE = {
    "markup": "[bold red]alarm[reverse]",
    "link": "[link=https:evil.example]click me",
    "action": "[@click=app.quit]quit",
    "osc52": f"osc{OSC52}.txt",
    "csi": "clear\x1b[2J\x1b[Hscreen.txt",
    "title": "\x1b]0;pwned\x1b\\title.txt",
    "newline": "line1\nline2.txt",
    "cr": "visible\rhidden.txt",
    "controls": "c0\x01\x02\x08\x7f.txt",
    "c1": "c1\x9b31m\x85.txt",
    "rtl": "invoice\u202egnp.exe",
    "zero-width": "pay\u200bpal\u200d\ufeff.txt",
    "separators": "ls\u2028ps\u2029.txt",
    "tag": "tag\U000e0041.txt",
}
"""No `/` in any of them: each is one row at the bucket root (folders are covered in tests/tui)."""

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_SGR_OR_MOVE = re.compile(r"\x1b\[[0-9;:?]*[A-HJKfmhl]")


def unsafe_chars(text: str, allow: str = "") -> set[str]:
    """Characters a terminal would act on, or that hide themselves (the ones in `allow` excepted)."""
    return {ch for ch in text if unicodedata.category(ch) in _UNSAFE_CATEGORIES and ch not in allow}


@pytest.fixture(scope="module")
def hostile_server():
    with new_server() as srv:
        srv.store.create_bucket(BUCKET, region=REGION)
        for key in HOSTILE.values():
            srv.store.put_object(BUCKET, key, key.encode())
        yield srv


# ---- the TUI -------------------------------------------------------------------------------------------


def terminal_bytes(app) -> list[str]:
    """What the app would write to a real terminal for the current screen, one string per line, with Textual's
    own styling and cursor sequences removed: anything left over came from the data."""
    update = app.screen._compositor.render_full_update()
    return [
        _SGR_OR_MOVE.sub("", "".join(strip.render(app.console) for strip in line)) for line in update.strips
    ]


async def test_tui_shows_hostile_keys_inertly(hostile_server) -> None:
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET

    hostile_server.access_keys[DEMO_ACCESS_KEY_ID] = DEMO_ACCESS_KEY_SECRET  # tests.tui's profile
    app = make_app(hostile_server, OssRef(BUCKET, ""), region=REGION)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert sorted(e.key for e in app.screen.listing.items) == sorted(HOSTILE.values())

        shown = "\n".join(lines(app))
        assert unsafe_chars(shown, allow="\n") == set()
        assert "[bold red]alarm[reverse]" in shown and "[@click=app.quit]quit" in shown  # literal, not markup
        assert "osc␛]52;c;aGFja2VkIQ==␇.txt" in shown
        assert "line1␊line2.txt" in shown and "visible␍hidden.txt" in shown
        assert "invoice\\u202egnp.exe" in shown and "pay\\u200bpal\\u200d\\ufeff.txt" in shown
        assert "ls\\u2028ps\\u2029.txt" in shown and "c1\\x9b31m\\x85.txt" in shown

        for row in terminal_bytes(app):
            assert unsafe_chars(row) == set(), row
        assert app.clipboard == ""  # the OSC 52 in a name never reached the clipboard

        # The share form on the OSC 52 key: title, file-name field and preview stay inert.
        rows = app.screen.object_list
        rows.cursor = [e.key for e in rows.rows].index(HOSTILE["osc52"])
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ShareFormScreen)
        for row in terminal_bytes(app):
            assert unsafe_chars(row) == set(), row
        svg = app.export_screenshot()
        assert "\x1b" not in svg and "\x07" not in svg and "]52;c;" in svg
        await pilot.press("escape")
        await settle(pilot)

        # Details (HEAD) of the right-to-left override key.
        rows = app.screen.object_list
        rows.cursor = [e.key for e in rows.rows].index(HOSTILE["rtl"])
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, DetailsScreen)
        for row in terminal_bytes(app):
            assert unsafe_chars(row) == set(), row
        await pilot.press("escape")
        await settle(pilot)

        # Filtering on a hostile prefix (the server-side search sends it in the query).
        await pilot.press("slash")
        await pilot.press(*"osc")
        await settle(pilot)
        for row in terminal_bytes(app):
            assert unsafe_chars(row) == set(), row
        assert app.is_running and app.clipboard == ""


# ---- the CLI: sign and inspect -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("version", ["v1", "v4"])
def test_sign_and_inspect_print_hostile_keys_inertly(hostile_server, name, version) -> None:
    key = HOSTILE[name]
    env = cli_env(hostile_server)
    signed = run_cli(["sign", f"oss://{BUCKET}/{key}", "--sign-version", version], env)
    assert signed.code == 0, signed.err
    assert signed.out.isascii() and unsafe_chars(signed.out, allow="\n") == set()  # percent-encoded
    as_json = run_cli(["sign", f"oss://{BUCKET}/{key}", "--sign-version", version, "--json"], env)
    assert json.loads(as_json.out)["key"] == key
    assert unsafe_chars(as_json.out, allow="\n") == set(), as_json.out
    url = signed.out.strip()

    text = run_cli(["inspect", url], env)
    assert text.code == 0, text.err
    assert unsafe_chars(text.out, allow="\n") == set(), text.out
    key_line = next(line for line in text.out.splitlines() if line.startswith("key:"))
    assert key_line.split(":", 1)[1].strip() == visible(key)
    as_json = run_cli(["inspect", url, "--json"], env)
    assert as_json.code == 0, as_json.err
    assert unsafe_chars(as_json.out, allow="\n") == set(), as_json.out
    assert json.loads(as_json.out)["key"] == key  # escaped on screen, exact in the data


@pytest.mark.parametrize(
    "url",
    [
        # Hostile bucket (path-style), credential region, host and parameter names/values.
        "http://127.0.0.1:9/%1b]52;c;aGk=%07/k?OSSAccessKeyId=a&Expires=4102444800&Signature=x",
        "http://127.0.0.1:9/b/k?x-oss-credential=AK%2F20250101%2F%1b[2J%E2%80%AE%2Foss%2Faliyun_v4_request"
        "&x-oss-date=20250101T000000Z&x-oss-expires=60&x-oss-signature=00",
        "http://127.0.0.1:9/b/k?OSSAccessKeyId=%1b]0;t%07&Expires=4102444800&Signature=x&%1b[31m=%c2%9b1m",
        "http://xn--e1a.example/%E2%80%8Bk%E2%80%A8?OSSAccessKeyId=a&Expires=4102444800&Signature=x",
    ],
)
def test_inspect_of_a_hand_made_hostile_url_prints_nothing_raw(url) -> None:
    for argv in (["inspect", url], ["inspect", url, "--json"]):
        result = run_cli(argv)
        assert result.code == 0, result.err
        assert unsafe_chars(result.out + result.err, allow="\n") == set(), result.out


def test_error_lines_never_carry_raw_escapes(tmp_path) -> None:
    # A config path and a URL holding escapes: the one error line shows them as text.
    bad = tmp_path / f"conf{OSC52}"
    result = run_cli(["sign", "oss://bucket-x/k", "-c", str(bad), "-i", "a", "-k", "b"])
    assert result.code == 3 and result.out == ""
    assert unsafe_chars(result.err, allow="\n") == set() and result.err.count("\n") == 1
    result = run_cli(["inspect", f"http://h/{OSC52}"])
    assert result.code == 2 and unsafe_chars(result.err, allow="\n") == set()


# ---- history: file and screen --------------------------------------------------------------------------


async def test_history_keeps_hostile_keys_exact_and_shows_them_inertly(hostile_server) -> None:
    env = cli_env(hostile_server)
    for key in HOSTILE.values():
        assert run_cli(["sign", f"oss://{BUCKET}/{key}", "--timeout", "1h"], env).code == 0

    path = default_history_path()
    raw = path.read_text(encoding="utf-8")
    records = raw.splitlines()
    assert len(records) == len(HOSTILE)  # a newline in a key never splits a record
    assert unsafe_chars(raw, allow="\n") == set()  # `cat` of the file is safe too
    assert sorted(json.loads(line)["key"] for line in records) == sorted(HOSTILE.values())

    store = HistoryStore(path)
    assert sorted(e.key for e in store.entries()) == sorted(HOSTILE.values())

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(store))

    app = Host()
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        cells = [str(table.get_row_at(i)[5]) for i in range(table.row_count)]  # the Object column
        assert len(cells) == len(HOSTILE)
        for cell in cells:
            assert unsafe_chars(cell) == set(), cell
        assert f"oss://{BUCKET}/osc␛]52;c;aGFja2VkIQ==␇.txt" in cells
        for row in terminal_bytes(app):
            assert unsafe_chars(row) == set(), row
        assert app.clipboard == ""


# ---- hostile text from the server itself ---------------------------------------------------------------

HOSTILE_ERROR = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>[bold]Invalid\u202eAccessKeyId</Code>'
    "<Message>[@click=app.quit]Click me\u009b31m\nsecond line\u200b[/]</Message>"
    "<RequestId>5C3D9175B6FC201293AD4890</RequestId><HostId>[link=x]h</HostId></Error>"
).encode()
"""XML 1.0 cannot carry ESC or BEL, but C1 controls, bidi and zero-width characters, newlines and markup
it can."""


def test_hostile_error_text_from_the_server_prints_inertly(fake_oss) -> None:
    server, canned = fake_oss
    canned.body, canned.length, canned.status = HOSTILE_ERROR, None, 403
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    env = {"OSS_ENDPOINT": endpoint, "OSS_REGION": REGION, "OSS_ACCESS_KEY_ID": "AK",
           "OSS_ACCESS_KEY_SECRET": "SK-hostile-test"}
    result = run_cli(["sign", "oss://bucket-b/", "-r", "--no-history"], env)
    canned.status = 200
    assert result.code == 1 and result.out == ""
    assert unsafe_chars(result.err, allow="\n") == set(), result.err
    assert "[bold]Invalid\\u202eAccessKeyId" in result.err and "Traceback" not in result.err


async def test_hostile_error_text_in_the_tui_is_shown_inertly(fake_oss) -> None:
    from oss_share_tui.storage.gateway import OssGateway
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.tui.app import OssShareApp

    server, canned = fake_oss
    canned.body, canned.length, canned.status = HOSTILE_ERROR, None, 403
    profile = Profile(endpoint=f"http://127.0.0.1:{server.server_address[1]}", access_key_id="AK",
                      access_key_secret="SK", region=REGION)
    app = OssShareApp(profile, OssRef("bucket-b", "docs/"), gateway=OssGateway(profile, retries=0))
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            assert app.is_running
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors
            for note in errors:
                assert unsafe_chars(note.message, allow="\n") == set(), note.message
                assert unsafe_chars(note.title) == set(), note.title
            for row in terminal_bytes(app):
                assert unsafe_chars(row) == set(), row
            await pilot.pause()
            assert app.is_running  # "[@click=app.quit]" was text, not an action
    finally:
        canned.status = 200
