"""build_share_options: the one validation path for the CLI and the TUI."""

from __future__ import annotations

import pytest

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.options import (
    ALLOWED_QUERY_PARAMS,
    TRAFFIC_MAX,
    TRAFFIC_MIN,
    V4_MAX_EXPIRES,
    ShareOptions,
    build_share_options,
)


def test_defaults() -> None:
    opts = build_share_options()
    assert opts == ShareOptions()
    assert opts.expires_in == 60 and opts.sign_version == "v4"
    assert opts.query_params() == {}


def test_everything() -> None:
    opts = build_share_options(
        timeout="2h",
        version_id="CAEQ",
        traffic_limit="100KB/s",
        payer="requester",
        query_params=[
            "x-oss-process:image/resize,m_fixed,w_100,h_100/rotate,90",
            "response-content-type:a:b",
        ],
        slash_safe=True,
        sign_version="V1",
    )
    assert opts.expires_in == 7200
    assert opts.sign_version == "v1"
    assert opts.query_params() == {
        "versionId": "CAEQ",
        "x-oss-traffic-limit": "819200",
        "x-oss-request-payer": "requester",
        "x-oss-process": "image/resize,m_fixed,w_100,h_100/rotate,90",
        "response-content-type": "a:b",
    }
    first = opts.query_params()
    first["x"] = "y"
    assert "x" not in opts.query_params()
    assert all(isinstance(v, str) for v in opts.query_params().values())


def test_traffic_from_query_param() -> None:
    opts = build_share_options(query_params=["x-oss-traffic-limit:819200"])
    assert opts.traffic_limit == TRAFFIC_MIN and opts.params == ()


def test_limits_inclusive() -> None:
    assert build_share_options(timeout=V4_MAX_EXPIRES).expires_in == V4_MAX_EXPIRES
    assert build_share_options(traffic_limit=TRAFFIC_MAX).traffic_limit == TRAFFIC_MAX
    assert build_share_options(timeout=10**12, sign_version="v1").expires_in == 10**12


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": "-5"}, "timeout"),
        ({"timeout": "abc"}, "timeout"),
        ({"timeout": V4_MAX_EXPIRES + 1}, "timeout"),
        ({"timeout": "8d"}, "timeout"),
        ({"timeout": 9223372036854775807, "sign_version": "v1", "now": 1000.0}, "timeout"),
        ({"version_id": ""}, "version_id"),
        ({"version_id": "a b"}, "version_id"),
        ({"traffic_limit": TRAFFIC_MIN - 1}, "traffic_limit"),
        ({"traffic_limit": str(TRAFFIC_MAX + 1)}, "traffic_limit"),
        ({"traffic_limit": "fast"}, "traffic_limit"),
        ({"payer": "bucketowner"}, "payer"),
        ({"sign_version": "v2"}, "sign_version"),
        ({"query_params": ["versionId:1"]}, "query_param"),
        ({"query_params": ["x-oss-process"]}, "query_param"),
        ({"query_params": [":v"]}, "query_param"),
        ({"query_params": ["response-content-type:"]}, "query_param"),
        ({"query_params": ["response-content-type:a", "response-content-type:b"]}, "query_param"),
        ({"query_params": ["x-oss-traffic-limit:100"]}, "traffic_limit"),
        ({"query_params": ["x-oss-traffic-limit:819200"], "traffic_limit": 819200}, "traffic_limit"),
        ({"query_params": ["x-oss-process:resize,w_1"]}, "x-oss-process"),
        ({"query_params": ["x-oss-ac-source-ip:1.2.3"]}, "query_param"),
        ({"query_params": ["x-oss-ac-subnet-mask:abc"]}, "query_param"),
        ({"query_params": ["x-oss-ac-forward-allow:yes"]}, "query_param"),
    ],
)
def test_rejects(kwargs: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        build_share_options(**kwargs)
    assert err.value.field == field
    assert "\n" not in str(err.value)


def test_allow_list_matches_design() -> None:
    assert len(ALLOWED_QUERY_PARAMS) == 12
    assert "x-oss-process" in ALLOWED_QUERY_PARAMS and "versionId" not in ALLOWED_QUERY_PARAMS
