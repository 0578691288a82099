"""Help that teaches: every command's --help ends with examples and its exit codes and lists only the options
it uses; `inspect` decodes RFC 5987 download names and labels its local and UTC times."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from urllib.parse import quote

import pytest
import time_machine

COMMANDS = ["", "sign", "presign", "inspect", "serve", "demo"]


def _help(run, command: str) -> str:
    result = run(*([command] if command else []), "--help")
    assert result.code == 0
    return result.out


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "top")
def test_help_ends_with_examples_then_exit_codes(run, command) -> None:
    text = _help(run, command)
    examples = text.index("\nexamples:\n")
    codes = text.index("\nexit codes:\n")
    assert examples < codes
    example_lines = [ln for ln in text[examples:codes].splitlines() if ln.startswith("  oss-share")
                     or ln.startswith("  url=$(oss-share")]
    assert 3 <= len(example_lines) <= 5, example_lines
    # each example names this command (the top-level help shows the app's own invocations)
    if command:
        assert all(f"oss-share {command}" in ln or command == "demo" for ln in example_lines)
    code_lines = text[codes:].strip().splitlines()[1:]
    assert code_lines and all(re.match(r"  [0-3]  \S", ln) for ln in code_lines)
    assert code_lines[0].startswith("  0  ")
    assert text.rstrip().endswith(code_lines[-1])  # nothing after the exit codes


def _options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text.split("\nexamples:\n")[0]))


def test_inspect_lists_only_what_it_uses(run) -> None:
    options = _options(_help(run, "inspect"))
    assert {"--json", "--access-key-id", "--access-key-secret", "--config-file", "--profile"} <= options
    for unused in ("--no-history", "--cname", "--sign-version", "--region", "--endpoint", "--sts-token"):
        assert unused not in options, unused


def test_each_command_lists_only_its_own_options(run) -> None:
    sign = _options(_help(run, "sign"))
    assert "--timeout" in sign and "--expires-duration" not in sign
    presign = _options(_help(run, "presign"))
    assert {"--expires-duration", "--expires-date", "--check", "--files-from", "--limited-num"} <= presign
    assert "--timeout" not in presign and "--query-param" not in presign
    demo = _options(_help(run, "demo"))
    assert demo == {"--help", "--no-history"}


# ---- inspect: RFC 5987 names, labelled times ------------------------------------------------------------

NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
AK, SK = "LTAI5tInspectKey", "inspect-secret-VALUE"


@pytest.fixture
def shanghai_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _signed(run, *extra: str) -> str:
    with time_machine.travel(NOW.timestamp(), tick=False):
        result = run("sign", "oss://examplebucket/r.pdf", "-i", AK, "-k", SK,
                     "-e", "oss-cn-hangzhou.aliyuncs.com",
                     "--timeout", "1h", *extra)
    assert result.code == 0, result.err
    return result.out.strip()


def _row(text: str, name: str) -> str:
    match = re.search(rf"^{name}:\s+(.*)$", text, re.MULTILINE)
    assert match, text
    return match.group(1)


def test_inspect_decodes_an_rfc5987_file_name(run) -> None:
    name = "季度报告 2024 ✓.pdf"
    # RFC 5987 ext-value, written out: charset, empty language, then UTF-8 percent-encoding of the name.
    value = f"attachment; filename=\"report.pdf\"; filename*=UTF-8''{quote(name, safe='')}"
    url = _signed(run, "--query-param", f"response-content-disposition:{value}")
    with time_machine.travel(NOW.timestamp(), tick=False):
        shown = run("inspect", url)
        as_json = run("inspect", url, "--json")
    assert _row(shown.out, "download as") == f'attachment, file name "{name}"'
    assert f'"download_name": "{name}"' in as_json.out


def test_inspect_labels_local_and_utc_times(run, shanghai_time) -> None:
    url = _signed(run)
    with time_machine.travel(NOW.timestamp(), tick=False):
        shown = run("inspect", url)
    # Shanghai is UTC+8 with no daylight saving: 07:08:09 UTC is 15:08:09 there.
    signed = "2024-05-06 07:08:09 UTC · local 2024-05-06 15:08:09 CST (UTC+08:00)"
    expires = "2024-05-06 08:08:09 UTC · local 2024-05-06 16:08:09 CST (UTC+08:00)"
    assert (_row(shown.out, "signed at"), _row(shown.out, "expires at")) == (signed, expires)


def test_inspect_says_when_local_time_is_utc(run, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        url = _signed(run)
        with time_machine.travel(NOW.timestamp(), tick=False):
            shown = run("inspect", url)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert _row(shown.out, "expires at") == "2024-05-06 08:08:09 UTC · local time is UTC"
