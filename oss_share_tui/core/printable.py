"""Untrusted text (object keys, URLs, server messages) made safe to print: characters a terminal would act
on, or that hide themselves, become visible escapes, in plain text and inside JSON."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Controls (C0, DEL, C1), format characters (bidi overrides, zero-width, BOM, tags), lone surrogates, and
the line/paragraph separators U+2028/U+2029."""


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES


def visible(text: str) -> str:
    """`text` with every unsafe character written as a Python escape (`\\x1b`, `\\u202e`, `\\U000e0041`)."""
    if text.isprintable():  # the common case: nothing to do (isprintable is False for every unsafe char)
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if _unsafe(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    return json.dumps(ch, ensure_ascii=True)[1:-1]  # \uXXXX, or a surrogate pair


def json_line(obj: Any, **dumps_options: Any) -> str:
    """`json.dumps(obj, ensure_ascii=False)`, with the unsafe characters JSON leaves raw (DEL, C1, bidi and
    invisible format characters, line separators) escaped as `\\uXXXX`: the same data, safe on a terminal.
    Readable text (CJK, accents, emoji) stays as it is. No trailing newline."""
    text = json.dumps(obj, ensure_ascii=False, **dumps_options)
    if text.isascii() and "\x7f" not in text:
        return text
    # JSON has already escaped C0 (and these can only sit inside strings, where \uXXXX means the same).
    return "".join(_json_escape(ch) if ord(ch) >= 0x7F and _unsafe(ch) else ch for ch in text)
