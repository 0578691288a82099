"""Helpers for the localoss tests: oss2 clients bound to a server, urllib fetches, error parsing."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ElementTree

import oss2

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.localoss.server import LocalOSS
from tests.helpers import fetch  # noqa: F401 - the one URL fetch, re-exported for the localoss tests

AK, SK = DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
REGIONS = {
    "demo-assets": "cn-hangzhou",
    "demo-versions": "cn-hangzhou",
    "demo-shanghai": "cn-shanghai",
    "big": "cn-shanghai",
}


def make_bucket(srv: LocalOSS, name: str, sig: str = "v4", region: str | None = None, **kw) -> oss2.Bucket:
    """An oss2 Bucket on `srv`, signing with V1 or V4 (V4 uses the bucket's real region unless told)."""
    if sig == "v1":
        return oss2.Bucket(oss2.Auth(AK, SK), srv.endpoint, name, **kw)
    if region is None:
        b = srv.store.buckets.get(name)
        region = b.region if b else "cn-hangzhou"
    return oss2.Bucket(oss2.AuthV4(AK, SK), srv.endpoint, name, region=region, **kw)


def error_fields(body: bytes) -> dict[str, str]:
    """The children of an `<Error>` document."""
    root = ElementTree.fromstring(body)
    assert root.tag == "Error"
    return {child.tag: child.text or "" for child in root}


def head_error_fields(headers: dict[str, str]) -> dict[str, str]:
    """The `<Error>` carried base64-encoded in a HEAD response's x-oss-err."""
    value = {k.lower(): v for k, v in headers.items()}["x-oss-err"]
    return error_fields(base64.b64decode(value))
