"""Make untrusted text (object keys, error messages) safe to show: control characters become visible."""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Invisible format characters: zero-width space/joiners, word joiner and invisible operators, BOM, soft
# hyphen, interlinear annotation, and the tag block; plus the line and paragraph separators, which some
# terminals treat as line breaks. Shown, a key that differs from another only by one of these is told apart.
_INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u2028\u2029\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]")


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
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with C0/C1 controls, DEL, bidi overrides and invisible format characters made visible; plain
    text, never markup."""
    return _UNSAFE.sub(_visible, text)


def markup_safe(text: str) -> str:
    """`visible(text)` with every `[` escaped, for places that parse markup (notifications, titles).

    Every bracket, not only those that look like a tag (Rich's `escape`): Textual's parser reads `[/.` in a
    key such as `[b]gone[/b]` split at its `/` as a closing tag and raises MarkupError.
    """
    return visible(text).replace("[", "\\[")
