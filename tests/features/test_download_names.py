"""Batch links download under each object's own name: `sign --recursive --download-as/--download-name` and
`sign_many(download=…)`, each link fetched from localoss and its Content-Disposition checked against the
header written out here from RFC 6266 / RFC 5987 (not built by our own code)."""

from __future__ import annotations

import string
import urllib.request
import uuid
from urllib.parse import unquote, urlsplit

import pytest

from oss_share_tui import cli
from oss_share_tui.core.disposition import DownloadAs
from oss_share_tui.core.options import build_share_options
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.batch import BatchTarget, sign_many
from oss_share_tui.storage.history import HistoryStore, default_history_path

from .conftest import BATCH_REGION

# key -> (the file name, the ASCII fallback a reader of RFC 6266 appendix D expects us to offer)
OBJECTS = {
    "docs/report-a.log": ("report-a.log", None),
    "docs/report b.log": ("report b.log", None),
    "docs/横幅 宣传图.png": ("横幅 宣传图.png", "download.png"),
    "docs/sub/résumé.pdf": ("résumé.pdf", "resume.pdf"),
}
# RFC 5987 section 3.2.1: attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_"
# / "`" / "|" / "~"; everything else in the UTF-8 bytes is %XX.
ATTR_CHAR = set(string.ascii_letters + string.digits + "!#$&+-.^_`|~")


def rfc5987(name: str) -> str:
    """`ext-value` for `name`: charset UTF-8, no language, percent-encoded bytes."""
    return "UTF-8''" + "".join(chr(b) if chr(b) in ATTR_CHAR else f"%{b:02X}" for b in name.encode("utf-8"))


def expected_header(mode: str, name: str, fallback: str | None) -> str:
    """RFC 6266 section 4.3: a quoted ASCII `filename`, plus `filename*` when the name is not plain ASCII."""
    if fallback is None:
        return f'{mode}; filename="{name}"'
    return f'{mode}; filename="{fallback}"; filename*={rfc5987(name)}'


def fetch_disposition(url: str) -> str:
    """GET the link and return the Content-Disposition the server answered with."""
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        assert resp.status == 200
        resp.read()
        return resp.headers.get("Content-Disposition", "")


def key_of(url: str, bucket: str) -> str:
    return unquote(urlsplit(url).path)[len(bucket) + 2 :]


@pytest.fixture
def named_bucket(batch_server) -> str:
    """A fresh bucket holding OBJECTS plus one outside the prefix."""
    name = f"names-{uuid.uuid4().hex[:12]}"
    batch_server.store.create_bucket(name, region=BATCH_REGION)
    for key in OBJECTS:
        batch_server.store.put_object(name, key, key.encode())
    batch_server.store.put_object(name, "other/outside.txt", b"x")
    return name


@pytest.fixture
def sign(batch_server, capsys, monkeypatch):
    """Run `oss-share sign ARGS` in-process; returns (code, stdout, stderr)."""
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", batch_server.endpoint)
    monkeypatch.setenv("OSS_REGION", BATCH_REGION)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(["sign", *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


@pytest.mark.parametrize("mode", ["attachment", "inline"])
def test_cli_recursive_download_as_gives_each_link_its_own_name(sign, named_bucket, mode):
    code, out, err = sign(
        f"oss://{named_bucket}/docs/", "--recursive", "--timeout", "1h", "--download-as", mode
    )
    assert code == 0, err
    urls = out.splitlines()
    assert sorted(key_of(u, named_bucket) for u in urls) == sorted(OBJECTS)
    for url in urls:
        name, fallback = OBJECTS[key_of(url, named_bucket)]
        assert fetch_disposition(url) == expected_header(mode, name, fallback)
    # The history keeps each link's own options, so "sign again" gives the same name back.
    recorded = {e.key: dict(e.options["params"]) for e in HistoryStore(default_history_path()).entries()}
    assert recorded["docs/report-a.log"]["response-content-disposition"] == f'{mode}; filename="report-a.log"'


def test_cli_download_name_template_numbers_and_keeps_extensions(sign, named_bucket):
    code, out, err = sign(
        f"oss://{named_bucket}/docs/", "-r", "--download-name", "shared-{n:02}-{stem}.{ext}"
    )
    assert code == 0, err
    got = {key_of(u, named_bucket): fetch_disposition(u) for u in out.splitlines()}
    # Listing order is byte order: report b, report-a, sub/résumé, 横幅 (0x20 < 0x2D < 0x73 < 0xE6).
    assert got == {
        "docs/report b.log": 'attachment; filename="shared-01-report b.log"',
        "docs/report-a.log": 'attachment; filename="shared-02-report-a.log"',
        "docs/sub/résumé.pdf": expected_header("attachment", "shared-03-résumé.pdf", "shared-03-resume.pdf"),
        "docs/横幅 宣传图.png": expected_header("attachment", "shared-04-横幅 宣传图.png", "shared-04.png"),
    }


def test_cli_literal_name_for_many_says_so(sign, named_bucket):
    code, out, err = sign(f"oss://{named_bucket}/docs/", "-r", "--download-name", "bundle.bin")
    assert code == 0
    assert "every link downloads as 'bundle.bin'" in err
    assert {fetch_disposition(u) for u in out.splitlines()} == {'attachment; filename="bundle.bin"'}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--download-name", "{size}.bin"], "{size} is unknown"),
        (["--download-name", "a/{name}"], "must not contain '/'"),
        (["--download-as", "attachment", "--query-param", "response-content-disposition:inline"], "give one"),
    ],
)
def test_cli_bad_download_name_is_usage_error(sign, named_bucket, argv, message):
    code, out, err = sign(f"oss://{named_bucket}/docs/", "-r", *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_cli_single_object_download_as_uses_its_own_name(sign, named_bucket):
    code, out, err = sign(f"oss://{named_bucket}/docs/横幅 宣传图.png", "--download-as", "attachment")
    assert code == 0, err
    assert fetch_disposition(out.strip()) == expected_header("attachment", "横幅 宣传图.png", "download.png")


def test_sign_many_gives_three_distinct_attachment_names(batch_profile, named_bucket):
    """The batch engine the TUI uses: three marked objects, three names (not the first one's three times)."""
    keys = ["docs/report-a.log", "docs/横幅 宣传图.png", "docs/sub/résumé.pdf"]
    results = list(
        sign_many(
            batch_profile,
            [BatchTarget(named_bucket, k) for k in keys],
            build_share_options(timeout="1h"),
            download=DownloadAs("attachment"),
            check=True,
        )
    )
    headers = [fetch_disposition(r.url) for r in results]
    assert headers == [expected_header("attachment", *OBJECTS[k]) for k in keys]
    assert len(set(headers)) == 3
