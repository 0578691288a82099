"""History file: 0600, no secret, atomic under a crash, pruning, and concurrent writers."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from oss_share_tui.core.options import ShareOptions, build_share_options
from oss_share_tui.storage.history import HistoryStore, default_history_path, options_from_history
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import SignedLink, sign_link

SECRET = "hist-secret-never-stored-0123456789"
TOKEN = "CAIS-sts-token-only-inside-the-url-xyz"
STS = Profile(endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="STS.HistKeyId",
              access_key_secret=SECRET, sts_token=TOKEN)
PLAIN = Profile(endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="LTAI5tHistKeyId",
                access_key_secret=SECRET)
ROOT = Path(__file__).resolve().parents[2]


def _options() -> ShareOptions:
    return build_share_options(timeout="15m", traffic_limit=819200,
                               query_params=["response-content-disposition:attachment"])


def _record(store: HistoryStore, profile: Profile, key: str, options: ShareOptions | None = None):
    options = options or _options()
    link = sign_link(profile, "examplebucket", key, options)
    return store.add(link, options, endpoint=profile.endpoint, region="cn-hangzhou",
                     access_key_id=profile.access_key_id)


# Child processes import only what a writer needs (no pytest, no oss2), to keep them quick.
CHILD_PRELUDE = """
from datetime import datetime, timedelta, timezone
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.history import HistoryStore
from oss_share_tui.storage.signer import SignedLink
def record(path, key):
    now = datetime.now(timezone.utc)
    link = SignedLink(url="https://b.example/" + key, bucket="b", key=key, version_id=None,
                      signature_version="v4", expires_at=now + timedelta(hours=1), expires_in=3600,
                      created_at=now)
    HistoryStore(path).add(link, ShareOptions(), endpoint="e", region="r", access_key_id="id")
"""


def _fake_link(key: str, expires_at: datetime) -> SignedLink:
    return SignedLink(url=f"https://b.example/{key}", bucket="b", key=key, version_id=None,
                      signature_version="v4", expires_at=expires_at, expires_in=60,
                      created_at=expires_at - timedelta(seconds=60))


def test_default_path_is_under_xdg_data_home(_isolated_home):
    assert default_history_path() == _isolated_home / "xdg_data_home" / "oss-share" / "history.jsonl"


def test_entries_are_0600_hold_everything_and_never_the_secret(_isolated_home):
    store = HistoryStore()
    tui = _record(store, STS, "from the tui.txt")
    cli = _record(store, PLAIN, "from/the/cli.bin", build_share_options(timeout=60, sign_version="v1"))
    path = default_history_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    raw = path.read_text(encoding="utf-8")
    assert SECRET not in raw
    # The STS token is only inside the stored URL, and in no other field.
    records = [json.loads(line) for line in raw.splitlines()]
    for rec in records:
        assert TOKEN not in json.dumps({k: v for k, v in rec.items() if k != "url"})
    assert TOKEN in records[0]["url"]
    got = store.entries()
    assert got == [tui, cli]
    assert (got[0].bucket, got[0].key, got[0].access_key_id, got[0].region) == (
        "examplebucket", "from the tui.txt", "STS.HistKeyId", "cn-hangzhou")
    assert got[0].options["traffic_limit"] == 819200 and got[0].expires_at > got[0].created_at
    assert got[1].signature_version == "v1"
    assert "url" not in repr(got[0]) and TOKEN not in repr(got[0])


def test_a_wide_history_file_is_tightened_back_to_0600(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    _record(store, PLAIN, "k")
    os.chmod(store.path, 0o644)
    store.entries()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_rename_failure_leaves_the_previous_file(tmp_path, monkeypatch):
    store = HistoryStore(tmp_path / "h.jsonl")
    _record(store, PLAIN, "first")
    before = store.path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="power cut"):
        _record(store, PLAIN, "second")
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert [e.key for e in store.entries()] == ["first"]


def test_writer_killed_between_temp_file_and_rename_leaves_the_previous_file(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    _record(store, PLAIN, "first")
    before = store.path.read_bytes()
    # The child writes the temp file, fsyncs it, then dies at the rename: no cleanup, no finally blocks.
    code = CHILD_PRELUDE + textwrap.dedent(f"""
        import os
        def die(src, dst):
            assert open(src, encoding="utf-8").read().count("\\n") == 2  # the new content is complete
            os._exit(77)
        os.replace = die
        record({str(store.path)!r}, "second")
    """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 77, proc.stderr
    leftovers = list(tmp_path.glob(".h.jsonl.*.tmp"))
    assert len(leftovers) == 1  # proof the child got as far as the temp file
    assert store.path.read_bytes() == before
    assert [e.key for e in store.entries()] == ["first"]
    # The next write cleans the dead writer's temp file up and works.
    _record(store, PLAIN, "third")
    assert [e.key for e in store.entries()] == ["first", "third"]
    assert not list(tmp_path.glob(".h.jsonl.*.tmp"))


def test_prune_removes_only_entries_expired_over_30_days(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    now = datetime(2030, 6, 1, tzinfo=timezone.utc)
    opts = ShareOptions()
    ages = [("live", -timedelta(hours=1)), ("expired-yesterday", timedelta(days=1)),
            ("expired-29d", timedelta(days=29, hours=23)), ("expired-31d", timedelta(days=31)),
            ("expired-1y", timedelta(days=365))]
    for key, expired_ago in ages:
        store.add(_fake_link(key, now - expired_ago), opts, endpoint="e", region="r", access_key_id="id",
                  now=now - timedelta(days=400))
    assert store.prune(now) == 2
    assert [e.key for e in store.entries()] == ["live", "expired-yesterday", "expired-29d"]
    live, yesterday, _ = store.entries()
    assert not live.is_expired(now) and live.time_left(now) == timedelta(hours=1)
    assert yesterday.is_expired(now) and yesterday.time_left(now) == timedelta(0)
    assert store.prune(now) == 0


def test_adding_prunes_too(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    now = datetime(2030, 6, 1, tzinfo=timezone.utc)
    store.add(_fake_link("old", now - timedelta(days=40)), ShareOptions(), endpoint="e", region="r",
              access_key_id="id", now=now - timedelta(days=41))
    store.add(_fake_link("new", now + timedelta(hours=1)), ShareOptions(), endpoint="e", region="r",
              access_key_id="id", now=now)
    assert [e.key for e in store.entries()] == ["new"]


def test_delete_search_and_disabled(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    a = _record(store, PLAIN, "reports/2024.pdf")
    _record(store, PLAIN, "photos/cat.jpg")
    assert [e.key for e in store.search("REPORTS")] == ["reports/2024.pdf"]
    assert [e.key for e in store.search("")] == ["photos/cat.jpg", "reports/2024.pdf"]  # newest first
    assert store.delete(a.id) is True
    assert store.delete(a.id) is False
    assert [e.key for e in store.entries()] == ["photos/cat.jpg"]
    off = HistoryStore(tmp_path / "h.jsonl", enabled=False)
    assert _record(off, PLAIN, "not recorded") is None
    assert [e.key for e in off.entries()] == ["photos/cat.jpg"]


def test_a_damaged_line_hides_nothing_else(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    _record(store, PLAIN, "one")
    with open(store.path, "a", encoding="utf-8") as fh:
        fh.write('{"id": "broken", "bucket": \n')
    _record(store, PLAIN, "two")
    assert [e.key for e in store.entries()] == ["one", "two"]


def test_two_processes_writing_at_once_keep_every_entry(tmp_path):
    path = tmp_path / "h.jsonl"
    code = CHILD_PRELUDE + textwrap.dedent(f"""
        import sys
        for i in range(15):
            record({str(path)!r}, f"{{sys.argv[1]}}-{{i}}")
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code, name], cwd=ROOT) for name in ("cli", "tui")]
    assert [p.wait() for p in procs] == [0, 0]
    keys = [e.key for e in HistoryStore(path).entries()]
    assert sorted(keys) == sorted([f"cli-{i}" for i in range(15)] + [f"tui-{i}" for i in range(15)])


def test_options_round_trip_for_sign_again(tmp_path):
    store = HistoryStore(tmp_path / "h.jsonl")
    params = ["response-content-type:text/plain", "x-oss-process:image/resize,w_100"]
    opts = build_share_options(timeout="2h", version_id="CAEQ-v1", payer="requester", slash_safe=True,
                               query_params=params)
    entry = _record(store, PLAIN, "k", opts)
    (again,) = HistoryStore(store.path).entries()
    assert again == entry
    assert options_from_history(again) == opts
    assert dataclasses.asdict(options_from_history(again)) == dataclasses.asdict(opts)
