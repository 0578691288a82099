"""Batch share against localoss: 250 objects over two prefixes, every export format, a deletion mid-batch."""

from __future__ import annotations

import csv
import inspect
import io
import json
from urllib.parse import unquote, urlsplit

import pytest

from oss_share_tui.core.export import FORMATS, export_rows
from oss_share_tui.core.options import ShareOptions, build_share_options
from oss_share_tui.storage.batch import (
    BatchResult,
    BatchTarget,
    iter_objects,
    matches_filters,
    sign_many,
    sign_prefix,
)
from tests.helpers import fetch

from .conftest import PREFIX_A, PREFIX_B, batch_keys

OPTIONS = build_share_options(timeout="1h")


def _key_of(url: str, bucket: str) -> str:
    """The object key a path-style localoss URL points at."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(f"/{bucket}/")
    return path[len(bucket) + 2 :]


def _sample(results: list[BatchResult]) -> list[BatchResult]:
    return [r for i, r in enumerate(results) if i % 25 == 0 or i == len(results) - 1]


def _two_prefix_targets(profile, bucket):
    """Objects of both prefixes, listed lazily and chained, as the TUI's marks over two folders would be."""
    for prefix in (PREFIX_A, PREFIX_B):
        yield from iter_objects(profile, bucket, prefix)


def test_250_objects_over_two_prefixes_give_250_working_links(batch_profile, batch_bucket):
    progress: list[tuple[int, int | None]] = []
    results = list(sign_many(batch_profile, _two_prefix_targets(batch_profile, batch_bucket), OPTIONS,
                             bucket=batch_bucket, on_progress=lambda d, t: progress.append((d, t))))
    assert len(results) == 250 and all(r.ok for r in results)
    assert [r.key for r in results] == batch_keys()
    assert len({r.url for r in results}) == 250
    assert all(_key_of(r.url, batch_bucket) == r.key for r in results)
    assert progress[0] == (1, None) and progress[-1] == (250, None)
    for r in _sample(results):
        assert fetch(r.url).status_body == (200, r.key.encode())


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_export_format_carries_all_250(batch_profile, batch_bucket, fmt):
    results = list(sign_prefix(batch_profile, batch_bucket, "", OPTIONS))
    out = io.StringIO(newline="")
    stats = export_rows(results, fmt, out)
    assert (stats.written, stats.failed) == (250, 0)
    text = out.getvalue()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [r["key"] for r in rows] == batch_keys()
        urls = [r["url"] for r in rows]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert [r["key"] for r in rows] == batch_keys()
        urls = [r["url"] for r in rows]
    elif fmt == "markdown":
        lines = text.splitlines()
        assert len(lines) == 250 and all(line.startswith("- [") for line in lines)
        urls = [line[line.rindex("](") + 2 : -1] for line in lines]
    else:
        urls = text.splitlines()
    assert len(urls) == 250 and len(set(urls)) == 250
    for i in (0, 124, 125, 249):
        key = batch_keys()[i]
        assert _key_of(urls[i], batch_bucket) == key
        assert fetch(urls[i]).status_body == (200, key.encode())


def test_object_deleted_mid_batch_is_reported_and_the_other_249_are_made(batch_server, batch_profile,
                                                                          batch_bucket):
    keys = batch_keys()
    victim = keys[180]

    def on_progress(done: int, total: int | None) -> None:
        if done == 100:  # well before the HEAD window reaches the victim
            batch_server.store.delete_object(batch_bucket, victim)

    results = list(sign_many(batch_profile, list(_two_prefix_targets(batch_profile, batch_bucket)), OPTIONS,
                             bucket=batch_bucket, check=True, on_progress=on_progress))
    assert [r.key for r in results] == keys
    failed = [r for r in results if not r.ok]
    assert [r.key for r in failed] == [victim]
    assert failed[0].url is None and failed[0].error.startswith("NoSuchKey")
    made = [r for r in results if r.ok]
    assert len(made) == 249 and len({r.url for r in made}) == 249
    for r in _sample(made):
        assert fetch(r.url).status == 200

    for fmt, expected_lines in (("csv", 251), ("jsonl", 250), ("markdown", 249), ("urls", 249)):
        out = io.StringIO(newline="")
        stats = export_rows(results, fmt, out)
        assert stats.failed == 1
        assert len(out.getvalue().splitlines()) == expected_lines
    jsonl = io.StringIO()
    export_rows(results, "jsonl", jsonl)
    bad = [json.loads(line) for line in jsonl.getvalue().splitlines() if json.loads(line)["url"] is None]
    assert [b["key"] for b in bad] == [victim] and "NoSuchKey" in bad[0]["error"]


def test_a_key_that_cannot_be_signed_fails_alone(batch_profile):
    # V1 refuses keys starting with "?"; it is a per-object failure and needs no network.
    targets = [BatchTarget("somebucket", k) for k in ("a.txt", "?acl", "b")]
    results = list(sign_many(batch_profile, targets, build_share_options(sign_version="v1")))
    assert [r.ok for r in results] == [True, False, True]
    assert "cannot be signed safely with V1" in results[1].error


def test_a_batch_wide_problem_raises_instead_of_failing_every_object(batch_profile):
    bad = ShareOptions(expires_in=0)
    with pytest.raises(Exception, match="at least 1 second"):
        list(sign_many(batch_profile, ["a", "b"], bad, bucket="somebucket"))


def test_progress_knows_the_total_of_a_list(batch_profile):
    seen = []
    list(sign_many(batch_profile, ["a", "b", "c"], OPTIONS, bucket="somebucket",
                   on_progress=lambda d, t: seen.append((d, t))))
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_per_target_version_overrides_the_options(batch_profile):
    (r,) = sign_many(batch_profile, [BatchTarget("somebucket", "k", version_id="CAEQvid")], OPTIONS)
    assert r.version_id == "CAEQvid" and "versionId=CAEQvid" in r.url


def test_include_exclude_and_limit(batch_profile, batch_bucket):
    got = [e.key for e in iter_objects(batch_profile, batch_bucket, PREFIX_B, include=["*.txt"],
                                       exclude=["*#*", "[[]*"])]
    assert got == sorted((f"{PREFIX_B}{n}" for n in ("with space.txt", "中文 名.txt", "plus+sign.txt",
                                                      "percent%41.txt")), key=str.encode)
    # Patterns are relative to the prefix: "file-00*" matches alpha/file-00x.bin only when listing alpha/.
    assert len(list(iter_objects(batch_profile, batch_bucket, PREFIX_A, include=["file-00*"]))) == 10
    assert list(iter_objects(batch_profile, batch_bucket, "", include=["file-00*"])) == []
    assert [e.key for e in iter_objects(batch_profile, batch_bucket, "", limit=3)] == batch_keys()[:3]
    assert list(iter_objects(batch_profile, batch_bucket, "", limit=0)) == []


def test_matches_filters():
    assert matches_filters("a/b.txt", ["*.txt"]) and matches_filters("a/b.txt", ["a/*"])
    assert not matches_filters("a/b.txt", ["*.jpg"])
    assert not matches_filters("a/b.txt", [], ["a/*"])
    assert not matches_filters("B.TXT", ["*.txt"])  # case-sensitive, like OSS keys


def test_recursive_listing_of_100k_demo_objects_streams_page_by_page(localoss, demo_profile):
    requests = localoss.stats
    objects = iter_objects(demo_profile, "big", "logs/", region="cn-shanghai")
    assert inspect.isgenerator(objects)
    before = requests["requests"]
    first = [next(objects) for _ in range(3)]
    assert [e.key for e in first] == [f"logs/part-{i:06d}.log" for i in range(3)]
    assert requests["requests"] - before == 1  # one page of 1000, not the 100,000
    rest = [next(objects).key for _ in range(1500)]
    assert rest[-1] == "logs/part-001502.log"
    assert requests["requests"] - before == 2  # the second page only once the first is used up
    objects.close()

    limited = list(iter_objects(demo_profile, "big", "logs/", limit=5, region="cn-shanghai"))
    assert [e.key for e in limited] == [f"logs/part-{i:06d}.log" for i in range(5)]


def test_sign_prefix_over_the_demo_prefix_with_a_limit(demo_profile):
    seen = []
    results = list(sign_prefix(demo_profile, "big", "logs/", OPTIONS, limit=20, include=["*-0000[13]?.log"],
                               on_progress=lambda d, t: seen.append((d, t))))
    assert [r.key for r in results] == [f"logs/part-0000{d}{i}.log" for d in (1, 3) for i in range(10)]
    assert seen[-1] == (20, None)
    assert fetch(results[-1].url).status == 200
