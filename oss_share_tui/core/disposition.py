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


def _split_params(value: str) -> list[str]:
    """`;`-separated parts of a header value, keeping `;` inside double quotes."""
    parts, current, quoted = [], [], False
    for ch in value:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def parse_content_disposition(value: str) -> tuple[str, str | None]:
    """(disposition type, file name) from a Content-Disposition value; `filename*` (RFC 5987:
    `charset'lang'percent-encoded`) wins over `filename` (RFC 6266 §4.3). Undecodable parts give None."""
    from urllib.parse import unquote

    parts = _split_params(value)
    if not parts:
        return "", None
    kind = parts[0].lower() if "=" not in parts[0] else ""
    plain: str | None = None
    extended: str | None = None
    for part in parts:
        name, sep, raw = part.partition("=")
        if not sep:
            continue
        name = name.strip().lower()
        raw = raw.strip()
        if name == "filename*":
            charset, quote1, rest = raw.partition("'")
            _lang, quote2, encoded = rest.partition("'")
            if quote1 and quote2 and charset.lower() in ("utf-8", "iso-8859-1"):
                try:
                    extended = unquote(encoded, encoding=charset.lower(), errors="strict")
                except (UnicodeDecodeError, LookupError):
                    extended = None
        elif name == "filename":
            if len(raw) >= 2 and raw[0] == raw[-1] == '"':
                raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
            plain = raw
    return kind, extended if extended is not None else plain
