"""Property tests of the option rules, with validity stated from the documentation (README, OSS-PROTOCOL.md
"Limits"), never by our parsers: any text made of the rules' vocabulary is accepted exactly when the rules
say so, and then means exactly what the rules say."""

from __future__ import annotations

import re
import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.options import build_share_options

V4_MAX = 604800  # OSS-PROTOCOL.md: V4 links live 1 to 604800 s
V1_MAX_AT = 9223372036854775807  # OSS-PROTOCOL.md: for V1, now + timeout <= int64
TRAFFIC_MIN, TRAFFIC_MAX = 819200, 838860800  # bit/s: 100 KB/s to 100 MB/s
KB, MB = 8 * 1024, 8 * 1024 * 1024
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
ALLOWED = {  # README: the --query-param allow-list, each with a value OSS takes
    "x-oss-process": "image/resize,w_100",
    "x-oss-traffic-limit": "819200",
    "response-content-type": "text/plain",
    "response-content-language": "zh-CN",
    "response-expires": "Thu, 01 Dec 2030 16:00:00 GMT",
    "response-cache-control": "no-cache",
    "response-content-disposition": "attachment",
    "response-content-encoding": "identity",
    "x-oss-ac-source-ip": "192.168.0.1",
    "x-oss-ac-subnet-mask": "24",
    "x-oss-ac-vpc-id": "vpc-123",
    "x-oss-ac-forward-allow": "true",
}
SETTINGS = settings(max_examples=300, deadline=None)


def documented_seconds(text: str) -> int | None:
    """README: SECONDS, or a duration such as 90s / 15m / 2h / 7d (groups may follow each other: 1h30m)."""
    raw = text.strip(" ")
    if re.fullmatch(r"[0-9]+", raw):
        return int(raw)
    if not re.fullmatch(r"(?:[0-9]+ *[smhdwSMHDW] *)+", raw):
        return None
    return sum(int(n) * UNITS[u.lower()] for n, u in re.findall(r"([0-9]+) *([smhdwSMHDW])", raw))


def documented_bits(text: str) -> int | None:
    """README: bit/s as a whole number (as ossutil), or a number of KB/s or MB/s (100KB/s, 1MB/s)."""
    raw = text.strip(" ")
    if re.fullmatch(r"[0-9]+", raw):
        return int(raw)
    match = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?|\.[0-9]+) *(KB/s|MB/s)", raw, re.IGNORECASE)
    if not match:
        return None
    factor = KB if match.group(2).upper() == "KB/S" else MB
    return round(Fraction(match.group(1)) * factor)


duration_texts = st.lists(
    st.sampled_from(
        ["1", "0", "6", "9", "00", " ", "s", "m", "h", "d", "w", "H", "x", "-", ".", "604800", "7d", "168h"]
    ),
    min_size=1,
    max_size=6,
).map("".join)

traffic_texts = st.one_of(
    st.lists(
        st.sampled_from(
            [
                "1",
                "0",
                "5",
                "8",
                "9",
                ".",
                " ",
                "KB/s",
                "MB/s",
                "kb/s",
                "x",
                "-",
                "819200",
                "838860800",
                "100",
            ]
        ),
        min_size=1,
        max_size=5,
    ).map("".join),
    st.builds(
        lambda n, d, u: f"{n}{'.' + d if d else ''}{u}",
        st.integers(0, 1_000_000),
        st.sampled_from(["", "5", "25", "125"]),
        st.sampled_from(["KB/s", "MB/s", " MB/s", ""]),
    ),
)


@SETTINGS
@given(text=duration_texts, version=st.sampled_from(["v1", "v4"]))
def test_timeout_accepted_exactly_as_documented(text: str, version: str) -> None:
    seconds = documented_seconds(text)
    if seconds is not None and abs(time.time() + seconds - V1_MAX_AT) < 10**6:
        return  # too close to the V1 bound to say which side the signing second falls on
    limit = V4_MAX if version == "v4" else V1_MAX_AT - int(time.time())
    valid = seconds is not None and 1 <= seconds <= limit
    if not text.strip(" "):
        valid = False
    try:
        opts = build_share_options(timeout=text, sign_version=version)
    except InvalidInput:
        assert not valid, (text, seconds)
        return
    assert valid, (text, opts.expires_in)
    assert opts.expires_in == seconds


@SETTINGS
@given(text=traffic_texts)
def test_traffic_limit_accepted_exactly_as_documented(text: str) -> None:
    bits = documented_bits(text)
    valid = bits is not None and TRAFFIC_MIN <= bits <= TRAFFIC_MAX
    try:
        opts = build_share_options(traffic_limit=text)
    except InvalidInput:
        assert not valid, (text, bits)
        return
    if not text.strip():
        assert opts.traffic_limit is None  # blank: no limit
        return
    assert valid, (text, opts.traffic_limit)
    assert opts.traffic_limit == bits


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_documented_query_param_is_allowed(name: str) -> None:
    opts = build_share_options(query_params=[f"{name}:{ALLOWED[name]}"])
    assert opts.query_params()[name] == ALLOWED[name]


@SETTINGS
@given(
    name=st.one_of(
        st.text(
            st.characters(blacklist_characters="\x00:", blacklist_categories=("Cs",)), min_size=1, max_size=25
        ),
        st.sampled_from(
            [n.upper() for n in ALLOWED]
            + [n + " " for n in ALLOWED]
            + [
                "versionId",
                "security-token",
                "x-oss-signature",
                "x-oss-expires",
                "Signature",
                "acl",
                "x-oss-request-payer",
            ]
        ),
    )
)
def test_any_other_query_param_is_refused(name: str) -> None:
    if name in ALLOWED:
        return
    with pytest.raises(InvalidInput):
        build_share_options(query_params=[f"{name}:v"])


def test_the_oracle_reads_the_documented_examples() -> None:
    assert [documented_seconds(t) for t in ("90s", "15m", "2h", "7d", "60")] == [90, 900, 7200, 604800, 60]
    assert documented_bits("100KB/s") == TRAFFIC_MIN and documented_bits("100MB/s") == TRAFFIC_MAX
    assert documented_bits("1MB/s") == 8388608


@pytest.mark.parametrize("mask", ["٢٤", "２４", "24 ", " 24", "-1", "129", "2.4", "0x18", "24/8"])
def test_a_subnet_mask_is_an_ascii_prefix_length(mask: str) -> None:
    with pytest.raises(InvalidInput):
        build_share_options(query_params=[f"x-oss-ac-subnet-mask:{mask}"])


@pytest.mark.parametrize("mask", ["0", "8", "24", "32", "128"])
def test_prefix_lengths_are_accepted(mask: str) -> None:
    assert build_share_options(query_params=[f"x-oss-ac-subnet-mask:{mask}"]).query_params() == {
        "x-oss-ac-subnet-mask": mask
    }


@pytest.mark.parametrize("control", ["\n", "\r", "\r\n", "\x1b[31m", "\x00", "\x7f", "\x85", "\x9b"])
@pytest.mark.parametrize("name", ["response-content-type", "response-content-disposition", "x-oss-ac-vpc-id"])
def test_control_characters_in_a_value_are_refused(name: str, control: str) -> None:
    """They come back as response headers (a CR/LF splits them) or reach a terminal: never signed."""
    with pytest.raises(InvalidInput):
        build_share_options(query_params=[f"{name}:a{control}b"])


def test_a_tab_in_a_header_value_is_allowed() -> None:
    assert build_share_options(query_params=["response-content-type:text/plain;\tcharset=utf-8"]).params
