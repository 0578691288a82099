"""Content-Disposition values for `response-content-disposition`, with RFC 5987/6266 file names."""

from __future__ import annotations

import unicodedata

from oss_share_tui.core.errors import InvalidInput

MODES = ("inline", "attachment")
# RFC 5987 attr-char: what may stand unescaped in `filename*=UTF-8''...`.
_ATTR_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
_UNSAFE_IN_QUOTES = frozenset('"\\%')


def _ascii_fallback(name: str) -> str:
    """A plain-ASCII stand-in for `name` for old clients: accents dropped, other characters as `_`."""
    decomposed = unicodedata.normalize("NFKD", name)
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isprintable() and ch not in _UNSAFE_IN_QUOTES:
            out.append(ch)
        else:
            out.append("_")
    return "".join(out)


def _pct_encode(name: str) -> str:
    """Percent-encode UTF-8 bytes outside attr-char (RFC 5987 ext-value)."""
    return "".join(chr(b) if chr(b) in _ATTR_CHARS else f"%{b:02X}" for b in name.encode("utf-8"))


def content_disposition(mode: str, filename: str | None = None) -> str:
    """`inline` or `attachment`, with `filename="..."` and, when the name needs it, `filename*=UTF-8''...`."""
    kind = (mode or "").strip().lower()
    if kind not in MODES:
        raise InvalidInput(
            f"download mode {mode!r} is unknown: use inline or attachment", field="disposition"
        )
    if not filename:
        return kind
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in filename):
        raise InvalidInput("file name must not contain control characters", field="filename")
    if "/" in filename or "\\" in filename:
        raise InvalidInput(f"file name {filename!r} must not contain '/' or '\\'", field="filename")
    fallback = _ascii_fallback(filename)
    value = f'{kind}; filename="{fallback}"'
    if fallback != filename:
        value += f"; filename*=UTF-8''{_pct_encode(filename)}"
    return value
