"""Traffic limits: OSS counts bit/s, people think in KB/s and MB/s (1 KB/s = 8192 bit/s)."""

from __future__ import annotations

import re

from oss_share_tui.core.errors import InvalidInput

BITS_PER_UNIT = {"bit/s": 1, "KB/s": 8 * 1024, "MB/s": 8 * 1024 * 1024}
_TEXT = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([a-z/]*)", re.IGNORECASE)
# Accepted spellings of each unit, lower-cased; a bare number means bit/s as in ossutil.
_ALIASES = {
    "": "bit/s",
    "bit/s": "bit/s",
    "bps": "bit/s",
    "b/s": "bit/s",
    "kb/s": "KB/s",
    "kb": "KB/s",
    "k": "KB/s",
    "mb/s": "MB/s",
    "mb": "MB/s",
    "m": "MB/s",
}


def traffic_to_bits(value: str | float, unit: str) -> int:
    """Convert `value` in `unit` ("KB/s", "MB/s" or "bit/s") to bit/s, rounded to a whole number."""
    if unit not in BITS_PER_UNIT:
        raise InvalidInput(f"unknown traffic unit {unit!r}: use KB/s or MB/s", field="traffic_limit")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"traffic limit {value!r} is not a number", field="traffic_limit") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidInput(f"traffic limit {value!r} is not a number", field="traffic_limit")
    return round(number * BITS_PER_UNIT[unit])


def parse_traffic(text: str | int) -> int:
    """Bit/s in `text`: `819200` (bit/s, as ossutil), `100KB/s`, `100 KB`, `1MB/s`, `1.5M`."""
    if isinstance(text, bool):
        raise InvalidInput(f"traffic limit {text!r} is not a number", field="traffic_limit")
    if isinstance(text, int):
        return text
    raw = str(text).strip()
    match = _TEXT.fullmatch(raw)
    unit = _ALIASES.get(match.group(2).lower()) if match else None
    if not match or unit is None:
        raise InvalidInput(
            f"traffic limit {raw!r} is not understood: give bit/s (819200) or KB/s or MB/s (100KB/s, 1MB/s)",
            field="traffic_limit",
        )
    if unit == "bit/s" and "." in match.group(1):
        raise InvalidInput(f"traffic limit {raw!r} must be a whole number of bit/s", field="traffic_limit")
    return traffic_to_bits(match.group(1), unit)


def format_traffic(bits: int) -> str:
    """Human text for a bit/s rate: `100 KB/s`, `1.5 MB/s`."""
    for unit in ("MB/s", "KB/s"):
        size = BITS_PER_UNIT[unit]
        if bits >= size:
            return f"{bits / size:.4g} {unit}"
    return f"{bits} bit/s"
