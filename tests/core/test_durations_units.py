"""Durations and traffic units."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oss_share_tui.core.durations import format_duration, parse_duration
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.units import format_traffic, parse_traffic, traffic_to_bits


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("60", 60),
        ("90s", 90),
        ("15m", 900),
        ("2h", 7200),
        ("7d", 604800),
        ("1w", 604800),
        ("1h30m", 5400),
        (" 2H ", 7200),
        ("1h 30m 5s", 5405),
        (3600, 3600),
    ],
)
def test_parse_duration(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5", "abc", "0s", "1.5h", "5x", "h", -1, 0, True, "٣"])
def test_parse_duration_rejects(text: object) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_duration(text)  # type: ignore[arg-type]
    assert err.value.field == "timeout"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (45, "45s"),
        (60, "1m"),
        (5400, "1h 30m"),
        (604800, "7d"),
        (93784, "1d 2h 3m 4s"),
        (-90, "-1m 30s"),
    ],
)
def test_format_duration(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


@given(st.integers(min_value=1, max_value=10**9))
def test_format_then_parse_roundtrips(seconds: int) -> None:
    assert parse_duration(format_duration(seconds).replace(" ", "")) == seconds


@pytest.mark.parametrize(
    ("text", "bits"),
    [
        ("819200", 819200),
        ("100KB/s", 819200),
        ("100 kb/s", 819200),
        ("100K", 819200),
        ("1MB/s", 8388608),
        ("100MB/s", 838860800),
        ("1.5M", 12582912),
        (819200, 819200),
    ],
)
def test_parse_traffic(text: str | int, bits: int) -> None:
    assert parse_traffic(text) == bits


@pytest.mark.parametrize("text", ["", "abc", "10 GB/s", "1.5", "-5KB/s", "KB/s"])
def test_parse_traffic_rejects(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_traffic(text)
    assert err.value.field == "traffic_limit"


def test_traffic_to_bits() -> None:
    assert traffic_to_bits(100, "KB/s") == 819200 == traffic_to_bits("100", "KB/s")
    assert traffic_to_bits(100, "MB/s") == 838860800
    with pytest.raises(InvalidInput):
        traffic_to_bits(1, "GB/s")
    with pytest.raises(InvalidInput):
        traffic_to_bits("nan", "KB/s")
    assert format_traffic(819200) == "100 KB/s"
    assert format_traffic(838860800) == "100 MB/s"
