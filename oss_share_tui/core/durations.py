"""Durations as people type them (`90s`, `15m`, `2h`, `7d`, `1h30m`) and as we show them."""

from __future__ import annotations

import re

from oss_share_tui.core.errors import InvalidInput

UNIT_SECONDS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_PART = re.compile(r"(\d+)\s*([wdhms])", re.IGNORECASE)
_WHOLE = re.compile(r"(?:\d+\s*[wdhms]\s*)+", re.IGNORECASE)

HINT = "use seconds or a duration like 90s, 15m, 2h, 7d"


def parse_duration(text: str | int) -> int:
    """Seconds in `text`: a bare integer is seconds; units s, m, h, d, w may be combined (`1h30m`)."""
    if isinstance(text, bool):
        raise InvalidInput(f"timeout {text!r} is not a duration: {HINT}", field="timeout")
    if isinstance(text, int):
        seconds = text
    else:
        raw = str(text).strip()
        if not raw:
            raise InvalidInput(f"timeout is empty: {HINT}", field="timeout")
        if raw.isdecimal() and raw.isascii():
            seconds = int(raw)
        elif raw.lstrip().startswith("-"):
            raise InvalidInput(f"timeout {raw!r} is negative: it must be at least 1 second", field="timeout")
        elif _WHOLE.fullmatch(raw):
            seconds = sum(int(n) * UNIT_SECONDS[u.lower()] for n, u in _PART.findall(raw))
        else:
            raise InvalidInput(f"timeout {raw!r} is not a duration: {HINT}", field="timeout")
    if seconds < 0:
        raise InvalidInput(f"timeout {seconds} is negative: it must be at least 1 second", field="timeout")
    if seconds == 0:
        raise InvalidInput("timeout 0 is too short: it must be at least 1 second", field="timeout")
    return seconds


def format_duration(seconds: int | float) -> str:
    """Human text for a span: `45s`, `15m`, `1h 30m`, `7d`, `1d 2h 3m 4s`; negative spans get a `-`."""
    total = int(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    if total == 0:
        return "0s"
    parts = []
    for unit in ("d", "h", "m", "s"):
        size = UNIT_SECONDS[unit]
        count, total = divmod(total, size)
        if count:
            parts.append(f"{count}{unit}")
    return sign + " ".join(parts)
