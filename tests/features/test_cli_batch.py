"""`oss-share sign oss://bucket/prefix/ --recursive` end to end against localoss: export, filters, history,
progress on stderr, and a listing that fails part-way (named, exit 1)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from urllib.parse import unquote, urlsplit

import pytest

from oss_share_tui import cli
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.history import HistoryStore, default_history_path
from tests.helpers import fetch

from .conftest import BATCH_REGION, ODD_NAMES, PREFIX_B, batch_keys


@pytest.fixture
def sign(batch_server, capsys, monkeypatch):
    """Run `oss-share sign ARGS` in-process against the batch server; returns (code, stdout, stderr)."""
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", batch_server.endpoint)
    monkeypatch.setenv("OSS_REGION", BATCH_REGION)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["sign", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _key(url: str, bucket: str) -> str:
    return unquote(urlsplit(url).path)[len(bucket) + 2 :]


def test_recursive_prints_one_working_url_per_object_and_records_history(sign, batch_bucket):
    code, out, err = sign(f"oss://{batch_bucket}/", "--recursive", "--timeout", "1h")
    assert code == 0, err
    urls = out.splitlines()
    assert [_key(u, batch_bucket) for u in urls] == batch_keys()  # folder markers are not signed
    for url in urls[::50] + [urls[-1]]:
        assert fetch(url).status_body == (200, _key(url, batch_bucket).encode())
    assert "250 signed" in err and "Traceback" not in err
    path = default_history_path()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    recorded = HistoryStore(path).entries()
    assert sorted(e.key for e in recorded) == sorted(batch_keys())
    assert DEMO_ACCESS_KEY_SECRET not in path.read_text(encoding="utf-8")


def test_include_exclude_and_limit_are_relative_to_the_prefix(sign, batch_bucket):
    code, out, err = sign(f"oss://{batch_bucket}/beta/", "-r", "--include", "deep/*.txt",
                          "--exclude", "*#*", "--no-history")
    assert code == 0, err
    expected = sorted((f"{PREFIX_B}{n}" for n in ODD_NAMES if "#" not in n), key=str.encode)
    assert [_key(u, batch_bucket) for u in out.splitlines()] == expected
    assert not default_history_path().exists()

    code, out, _ = sign(f"oss://{batch_bucket}/alpha/", "-r", "--limit", "7", "--no-history")
    assert code == 0 and len(out.splitlines()) == 7


def test_csv_export_goes_to_a_file_and_stdout_stays_empty(sign, batch_bucket, tmp_path):
    target = tmp_path / "out" / "links.csv"
    target.parent.mkdir()
    code, out, err = sign(f"oss://{batch_bucket}/alpha/", "-r", "--export", "csv", "--output", str(target))
    assert code == 0, err
    assert out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["key"] for r in rows] == [k for k in batch_keys() if k.startswith("alpha/")]
    assert all(r["bucket"] == batch_bucket and r["url"] and not r["error"] for r in rows)
    assert fetch(rows[3]["url"]).status_body == (200, rows[3]["key"].encode())
    assert f"wrote 125 links to {target}" in err
    assert [p.name for p in target.parent.iterdir()] == ["links.csv"]  # no temp file left behind


def test_json_flag_means_json_lines(sign, batch_bucket):
    code, out, _ = sign(f"oss://{batch_bucket}/alpha/", "-r", "--json", "--limit", "3", "--no-history")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["key"] for r in rows] == batch_keys()[:3]


def test_a_listing_that_fails_part_way_names_where_it_stopped_and_exits_1(sign, batch_server, batch_bucket):
    batch_server.store.add_synthetic_prefix(batch_bucket, "logs/", 2500)  # three pages of 1000
    # Every page after the first fails with 5xx, beyond the gateway's retries.
    batch_server.set_faults(error_rate=1.0,
                            fault_filter=lambda method, path: "continuation-token=" in path
                            and "continuation-token=&" not in path)
    try:
        code, out, err = sign(f"oss://{batch_bucket}/logs/", "-r", "--no-history")
    finally:
        batch_server.set_faults(error_rate=0.0, fault_filter=None)
    assert code == 1
    keys = [_key(u, batch_bucket) for u in out.splitlines()]
    assert keys == [f"logs/part-{i:06d}.log" for i in range(1000)]  # the first page, complete
    assert f"the listing stopped after oss://{batch_bucket}/logs/part-000999.log (1,000 objects done)" in err
    assert "run again" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["--limit", "3"], "--limit needs --recursive"),
        (["-r", "--limit", "0"], "--limit: must be at least 1"),
        (["-r", "--limit", "x"], "is not a whole number"),
        (["-r", "--export", "xml"], "xml"),
    ],
)
def test_bad_batch_flags_exit_2_with_one_line(sign, batch_bucket, argv, needle):
    code, out, err = sign(f"oss://{batch_bucket}/alpha/", *argv)
    assert code == 2 and out == ""
    assert needle in err and err.count("\n") == 1


def test_recursive_over_the_100k_demo_prefix_streams_its_output(tmp_path):
    """The first thousand URLs arrive while the process is still listing: nothing waits for the whole prefix."""
    import subprocess
    import sys

    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="demo", big_objects=100_000) as srv:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}
        env.update(OSS_ACCESS_KEY_ID=DEMO_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET=DEMO_ACCESS_KEY_SECRET,
                   OSS_ENDPOINT=srv.endpoint, OSS_REGION="cn-shanghai")
        proc = subprocess.Popen(
            [sys.executable, "-m", "oss_share_tui", "sign", "oss://big/logs/", "-r", "--no-history"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
        )
        try:
            assert proc.stdout is not None
            first = [proc.stdout.readline() for _ in range(1000)]
            assert proc.poll() is None  # still running: the output streams
            assert [_key(u.strip(), "big") for u in first] == [f"logs/part-{i:06d}.log" for i in range(1000)]
        finally:
            proc.kill()
            proc.wait()
