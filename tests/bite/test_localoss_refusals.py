"""localoss refuses what OSS refuses: a V4 link used more than 15 minutes before its x-oss-date (EC
0002-00000235), and a link limited by x-oss-ac-source-ip / x-oss-ac-subnet-mask used from outside the limit
(403 SignatureDoesNotMatch, EC 0002-00000602 for V1, 0002-00000225 for V4). Links are signed by
tests/sigref.py,
the reference written from OSS-PROTOCOL.md, so neither oss2 nor our signer is involved. The test client is on
loopback: its address is 127.0.0.1."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from tests import sigref

BUCKET, KEY, REGION = "demo-assets", "README.txt", "cn-hangzhou"


def _get(url: str) -> tuple[int, dict[str, str]]:
    """(status, error fields) of a GET; fields are empty for a success."""
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
            resp.read()
            return resp.status, {}
    except urllib.error.HTTPError as err:
        with err:
            root = ET.fromstring(err.read())
        return err.code, {child.tag: child.text or "" for child in root}


def _v4(server, when: datetime, params=(), expires: int = 3600) -> str:
    return sigref.presign_v4(
        scheme="http",
        host=server.host_port,
        bucket=BUCKET,
        key=KEY,
        access_key_id=DEMO_ACCESS_KEY_ID,
        secret=DEMO_ACCESS_KEY_SECRET,
        region=REGION,
        when=when,
        expires=expires,
        params=list(params),
        style="path",
    )


def _v1(server, params=()) -> str:
    return sigref.presign_v1(
        scheme="http",
        host=server.host_port,
        bucket=BUCKET,
        key=KEY,
        access_key_id=DEMO_ACCESS_KEY_ID,
        secret=DEMO_ACCESS_KEY_SECRET,
        expires=int(time.time()) + 3600,
        params=list(params),
        style="path",
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)


@pytest.mark.parametrize("ahead", [timedelta(minutes=16), timedelta(hours=2), timedelta(days=3)])
def test_v4_link_dated_in_the_future_is_refused(localoss, ahead) -> None:
    status, fields = _get(_v4(localoss, _now() + ahead))
    assert status == 403
    assert fields["Code"] == "AccessDenied"
    assert fields["EC"] == "0002-00000235"


@pytest.mark.parametrize("ahead", [timedelta(minutes=14), timedelta(seconds=0), timedelta(minutes=-30)])
def test_v4_link_within_the_tolerance_works(localoss, ahead) -> None:
    assert _get(_v4(localoss, _now() + ahead))[0] == 200


def test_v4_tolerance_edge_uses_the_server_clock(localoss_factory) -> None:
    """With the server's clock fixed, 15 min ahead is accepted and 15 min 1 s ahead is not."""
    srv = localoss_factory(seed="demo", big_objects=0)
    fixed = datetime(2031, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    srv.clock = fixed.timestamp
    assert _get(_v4(srv, fixed + timedelta(minutes=15)))[0] == 200
    status, fields = _get(_v4(srv, fixed + timedelta(minutes=15, seconds=1)))
    assert (status, fields["Code"]) == (403, "AccessDenied")


LIMITS_REFUSED = [
    [("x-oss-ac-source-ip", "10.1.2.3")],
    [("x-oss-ac-source-ip", "192.168.0.1"), ("x-oss-ac-subnet-mask", "24")],
    [("x-oss-ac-source-ip", "127.0.1.0"), ("x-oss-ac-subnet-mask", "24")],
    [("x-oss-ac-source-ip", "127.0.0.2"), ("x-oss-ac-subnet-mask", "32")],
    [("x-oss-ac-source-ip", "127.0.0.2")],
]
LIMITS_ALLOWED = [
    [("x-oss-ac-source-ip", "127.0.0.1")],
    [("x-oss-ac-source-ip", "127.0.0.1"), ("x-oss-ac-subnet-mask", "32")],
    [("x-oss-ac-source-ip", "127.0.0.0"), ("x-oss-ac-subnet-mask", "8")],
    [("x-oss-ac-source-ip", "127.0.0.77"), ("x-oss-ac-subnet-mask", "24")],
]


@pytest.mark.parametrize("params", LIMITS_REFUSED, ids=lambda p: "/".join(v for _, v in p))
@pytest.mark.parametrize("version", ["v1", "v4"])
def test_link_used_from_outside_its_source_limit_is_refused(localoss, params, version) -> None:
    url = _v1(localoss, params) if version == "v1" else _v4(localoss, _now(), params)
    status, fields = _get(url)
    assert (status, fields["Code"]) == (403, "SignatureDoesNotMatch")
    assert fields["EC"] == ("0002-00000602" if version == "v1" else "0002-00000225")


@pytest.mark.parametrize("params", LIMITS_ALLOWED, ids=lambda p: "/".join(v for _, v in p))
@pytest.mark.parametrize("version", ["v1", "v4"])
def test_link_used_from_inside_its_source_limit_works(localoss, params, version) -> None:
    url = _v1(localoss, params) if version == "v1" else _v4(localoss, _now(), params)
    assert _get(url)[0] == 200


def test_the_limit_is_signed_so_it_cannot_be_widened(localoss) -> None:
    url = _v4(localoss, _now(), [("x-oss-ac-source-ip", "10.1.2.3")])
    widened = url.replace("x-oss-ac-source-ip=10.1.2.3", "x-oss-ac-source-ip=127.0.0.1")
    assert widened != url
    status, fields = _get(widened)
    assert (status, fields["Code"]) == (403, "SignatureDoesNotMatch")
