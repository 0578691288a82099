"""Core rules the mutation run found unguarded: what counts as an OSS domain, a file name with a backslash,
and when an inspected link counts as expired."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import time_machine

from oss_share_tui.core.disposition import content_disposition
from oss_share_tui.core.endpoints import is_oss_domain, region_from_host
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.inspect import inspect_url


@pytest.mark.parametrize(
    ("host", "is_oss"),
    [
        ("oss-cn-hangzhou.aliyuncs.com", True),
        ("bkt.oss-cn-hangzhou.aliyuncs.com", True),
        ("oss-cn-hangzhou.notaliyuncs.com", False),  # ends with the text, not the domain
        ("evilaliyuncs.com", False),
        ("aliyuncs.com.evil.example", False),
    ],
)
def test_only_aliyuncs_com_and_its_subdomains_are_oss(host: str, is_oss: bool) -> None:
    # A look-alike is not an OSS domain: no region is read from its name (whichever endpoint the user gave is
    # asked for the bucket's region instead, as for localoss or a private endpoint).
    assert is_oss_domain(host) is is_oss
    if not is_oss:
        assert region_from_host(host) is None


def test_a_look_alike_host_is_read_as_a_custom_domain() -> None:
    url = ("https://bkt.oss-cn-hangzhou.notaliyuncs.com/k.txt?OSSAccessKeyId=AK&Expires=1700000000"
           "&Signature=abc%3D")
    info = inspect_url(url)
    assert (info.style, info.bucket, info.key) == ("cname", "", "k.txt")


@pytest.mark.parametrize("name", ["a\\b.txt", "..\\up.txt", "a/b.txt"])
def test_a_file_name_with_a_path_separator_is_refused(name: str) -> None:
    with pytest.raises(InvalidInput):
        content_disposition("attachment", name)


@pytest.mark.parametrize(("offset", "expired"), [(-1, False), (1, True), (30, True)])
def test_an_inspected_link_is_expired_the_second_after_its_expiry(offset: int, expired: bool) -> None:
    expires = 1_900_000_000
    url = f"http://127.0.0.1:9/b/k?OSSAccessKeyId=AK&Expires={expires}&Signature=abc%3D"
    info = inspect_url(url)
    with time_machine.travel(datetime.fromtimestamp(expires + offset, tz=timezone.utc), tick=False):
        assert info.expired is expired
