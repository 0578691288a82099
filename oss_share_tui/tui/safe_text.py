"""Make untrusted text (object keys, error messages) safe to show: control characters become visible."""

from __future__ import annotations

import re

from rich.markup import escape

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


def _visible(match: re.Match[str]) -> str:
    """One unsafe character as something printable: a control picture (␛) or a `\\x..`/`\\u....` escape."""
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ … ␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with C0/C1 controls, DEL and bidi overrides made visible; plain text, never markup."""
    return _UNSAFE.sub(_visible, text)


def markup_safe(text: str) -> str:
    """`visible(text)` with Rich markup escaped, for places that parse markup (notifications)."""
    return escape(visible(text))
