"""`oss-share presign` (ossutil 2.0's command) against localoss: one object, a prefix with each filter, expiry
limits, and `--check` on live, missing and expired links.

Expected key sets are written out from ossutil 2.0's documented rules (presign and advanced-commands pages;
rclone's filter rules, which ossutil 2.0 follows) applied by hand to the objects this module puts; every
URL is fetched from localoss, whose signature check is independent of oss2.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from oss_share_tui import cli
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS

BUCKET = "presign-b"
NOW = time.time()
HOUR, DAY = 3600, 86400
# key: (size in bytes, age in seconds at NOW)
OBJECTS = {
    "p/a.jpg": (10, 2 * HOUR),
    "p/b.txt": (2000, 3 * DAY),
    "p/sub/c.jpg": (5000, 10 * DAY),
    "p/sub/deep/d.jpg": (100, HOUR // 2),
    "p/sub/e.png": (1, HOUR),
    "other/x.jpg": (7, HOUR),
}


@pytest.fixture(scope="module")
def server():
    # cn-beijing: a region neither the endpoint (127.0.0.1) nor localoss's default names: presign must ask.
    with LocalOSS(seed="empty") as srv:
        srv.store.create_bucket(BUCKET, region="cn-beijing")
        for key, (size, age) in OBJECTS.items():
            srv.store.put_object(BUCKET, key, b"x" * size, "application/octet-stream",
                                 last_modified=NOW - age)
        yield srv


@pytest.fixture
def presign(server, capsys, monkeypatch):
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", server.endpoint)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["presign", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _key(url: str) -> str:
    return unquote(urlsplit(url).path)[len(BUCKET) + 2 :]


def _fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            resp.read()
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def _keys(presign, *argv: str) -> list[str]:
    code, out, err = presign(f"oss://{BUCKET}/p/", *argv)
    assert code == 0, err
    urls = out.splitlines()
    assert all(_fetch_status(u) == 200 for u in urls)
    return [_key(u) for u in urls]


def test_one_object_defaults_to_15_minutes_and_works(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg")
    assert code == 0, err
    (url,) = out.splitlines()
    query = parse_qs(urlsplit(url).query)
    assert query["x-oss-expires"] == ["900"]  # ossutil 2.0 docs: default 15m0s
    # the bucket was asked: no --region, and no region in the endpoint's name
    assert "/cn-beijing/" in query["x-oss-credential"][0]
    assert _fetch_status(url) == 200


def test_a_prefix_is_listed_recursively(presign) -> None:
    assert _keys(presign) == ["p/a.jpg", "p/b.txt", "p/sub/c.jpg", "p/sub/deep/d.jpg", "p/sub/e.png"]


def test_dirs_lists_one_level(presign) -> None:
    assert _keys(presign, "-d") == ["p/a.jpg", "p/b.txt"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # unanchored: the rule matches the name at any depth ('*' never crosses '/')
        (["--include", "*.jpg"], ["p/a.jpg", "p/sub/c.jpg", "p/sub/deep/d.jpg"]),
        # a leading '/' anchors at the listed folder
        (["--include", "/*.jpg"], ["p/a.jpg"]),
        # '**' crosses folders
        (["--include", "sub/**"], ["p/sub/c.jpg", "p/sub/deep/d.jpg", "p/sub/e.png"]),
        (["--exclude", "*.jpg"], ["p/b.txt", "p/sub/e.png"]),
        # a rule ending in '/' is a folder rule: excluding it leaves out all below it
        (["--exclude", "sub/"], ["p/a.jpg", "p/b.txt"]),
        (["--include", "*.{png,txt}"], ["p/b.txt", "p/sub/e.png"]),
        # rclone's order: every --include is tried before any --exclude, first match wins
        (["--include", "*.jpg", "--exclude", "deep/**"], ["p/a.jpg", "p/sub/c.jpg", "p/sub/deep/d.jpg"]),
    ],
    ids=["include", "anchored", "double-star", "exclude", "folder-rule", "braces", "include-first"],
)
def test_name_rules(presign, argv, expected) -> None:
    assert _keys(presign, *argv) == expected


def test_start_after_is_exclusive_and_end_with_inclusive(presign) -> None:
    got = _keys(presign, "--start-after", "p/b.txt", "--end-with", "p/sub/deep/d.jpg")
    assert got == ["p/sub/c.jpg", "p/sub/deep/d.jpg"]


def test_sizes(presign) -> None:
    assert _keys(presign, "--min-size", "1K") == ["p/b.txt", "p/sub/c.jpg"]  # 1K = 1024 B
    assert _keys(presign, "--max-size", "100") == ["p/a.jpg", "p/sub/deep/d.jpg", "p/sub/e.png"]  # bytes, ≤


def test_ages(presign) -> None:
    assert _keys(presign, "--max-age", "45m") == ["p/sub/deep/d.jpg"]  # modified within the last 45 minutes
    assert _keys(presign, "--min-age", "1d") == ["p/b.txt", "p/sub/c.jpg"]  # modified a day ago or earlier


def test_mtimes_are_utc(presign) -> None:
    five_days_ago = datetime.fromtimestamp(NOW - 5 * DAY, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    two_days_ago = datetime.fromtimestamp(NOW - 2 * DAY, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    assert _keys(presign, "--min-mtime", five_days_ago) == ["p/a.jpg", "p/b.txt", "p/sub/deep/d.jpg",
                                                           "p/sub/e.png"]
    assert _keys(presign, "--max-mtime", two_days_ago) == ["p/b.txt", "p/sub/c.jpg"]


def test_files_from_names_exactly_those_objects(presign, tmp_path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# wanted\n\nsub/e.png\n; not this\n  a.jpg  \n", encoding="utf-8")
    code, out, err = presign(f"oss://{BUCKET}/p/", "--files-from", str(names), "--include", "*.txt")
    assert code == 0, err
    assert [_key(u) for u in out.splitlines()] == ["p/sub/e.png", "p/a.jpg"]
    assert "--include ignored" in err


def test_limited_num(presign) -> None:
    assert _keys(presign, "--limited-num", "2") == ["p/a.jpg", "p/b.txt"]


def test_expires_date(presign) -> None:
    until = datetime.now(timezone.utc) + timedelta(hours=1)
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg", "--expires-date", until.strftime("%Y-%m-%dT%H:%M:%S"))
    assert code == 0, err
    expires = int(parse_qs(urlsplit(out.strip()).query)["x-oss-expires"][0])
    assert 3590 <= expires <= 3600


@pytest.mark.parametrize(("value", "seconds"), [("1s", 1), ("1w", 604800), ("1h30m", 5400), ("120", 120)])
def test_expires_duration_limits_accepted(presign, value, seconds) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg", "--expires-duration", value)
    assert code == 0, err
    assert parse_qs(urlsplit(out.strip()).query)["x-oss-expires"] == [str(seconds)]


@pytest.mark.parametrize("argv", [
    ["--expires-duration", "0s"], ["--expires-duration", "1w1s"], ["--expires-duration", "soon"],
    ["--expires-date", "2000-01-01T00:00:00"], ["--expires-date", "2999-01-01T00:00:00"],
])
def test_expiry_out_of_range_is_refused(presign, argv) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and argv[0] in err


def test_check_live_link(presign) -> None:
    code, _, err = presign(f"oss://{BUCKET}/p/a.jpg", "--check")
    assert code == 0
    assert "link check: works (206)" in err


def test_check_missing_object_exits_1_with_the_cause(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/gone.jpg", "--check", "--json")
    assert code == 1
    assert '"code": "NoSuchKey"' in out and '"ok": false' in out
    assert "link check failed: NoSuchKey (404): the object no longer exists" in err


def test_check_expired_link_exits_1_with_the_cause(presign, server) -> None:
    server.clock = lambda: time.time() + 2 * HOUR  # the recipient opens it two hours later
    try:
        code, _, err = presign(f"oss://{BUCKET}/p/a.jpg", "--expires-duration", "1h", "--check")
    finally:
        server.clock = time.time
    assert code == 1
    assert "the link has expired" in err


def test_check_on_a_prefix_names_each_failure(presign, tmp_path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("a.jpg\ngone-1.jpg\nb.txt\ngone-2.jpg\n", encoding="utf-8")
    code, out, err = presign(f"oss://{BUCKET}/p/", "--files-from", str(names), "--check", "--json")
    assert code == 1
    assert len(out.splitlines()) == 4  # every link is still printed, each failure says why beside its URL
    assert out.count("link check failed: NoSuchKey (404)") == 2
    assert err.count("link check failed: NoSuchKey (404)") == 2
    assert "oss://presign-b/p/gone-1.jpg" in err and "oss://presign-b/p/gone-2.jpg" in err
    assert "p/a.jpg" not in err


def test_check_on_a_prefix_that_all_works(presign) -> None:
    code, _, err = presign(f"oss://{BUCKET}/p/", "-d", "--check")
    assert code == 0
    assert "link check: all 2 links work" in err


def test_recursive_flag_treats_a_bare_prefix_as_a_prefix(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/sub", "-r")
    assert code == 0, err
    # the prefix "p/sub" also matches nothing else here; rules and names are relative to its folder "p/"
    assert [_key(u) for u in out.splitlines()] == ["p/sub/c.jpg", "p/sub/deep/d.jpg", "p/sub/e.png"]


def test_encoding_type_url_decodes_the_name(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p%2Fsub%2Fe.png", "--encoding-type", "url")
    assert code == 0, err
    assert _key(out.strip()) == "p/sub/e.png" and _fetch_status(out.strip()) == 200


def test_request_payer_and_version_id_are_signed(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg", "--request-payer", "requester", "--version-id", "v1x",
                             "--json")
    assert code == 0, err
    query = parse_qs(urlsplit(json.loads(out)["url"]).query)
    assert query["versionId"] == ["v1x"]
    assert query["x-oss-request-payer"] == ["requester"]  # a signed query parameter, as sign's --payer


def test_export_needs_a_prefix(presign) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/a.jpg", "--export", "csv")
    assert code == 2 and out == "" and "--export" in err


@pytest.mark.parametrize("argv", [
    ["--min-size", "ten"], ["--max-age", "1 fortnight"], ["--min-mtime", "yesterday"],
    ["--min-size", "2K", "--max-size", "1K"],  # nothing could match
    ["--max-age", "1h", "--min-age", "2h"],  # the window is empty: modified within 1 h and over 2 h ago
    ["--include", "[abc"],
], ids=["size", "duration", "time", "size-window", "age-window", "pattern"])
def test_bad_filter_values_are_one_line_exit_2(presign, argv) -> None:
    code, out, err = presign(f"oss://{BUCKET}/p/", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
