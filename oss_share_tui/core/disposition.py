"""Content-Disposition values for `response-content-disposition`, with RFC 5987/6266 file names."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from oss_share_tui.core.errors import InvalidInput

MODES = ("inline", "attachment")
# RFC 5987 attr-char: what may stand unescaped in `filename*=UTF-8''...`.
_ATTR_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
_UNSAFE_IN_QUOTES = frozenset('"\\%')
FALLBACK_STEM = "download"
"""The ASCII stem used when nothing of a name's stem survives (`横幅 宣传图.png` -> `download.png`)."""

DEFAULT_TEMPLATE = "{name}"
"""Each object's own file name: what "download as attachment" means for a batch unless told otherwise."""
_PLACEHOLDER = re.compile(r"\{([a-z]*)(?::(0?\d{1,2}))?\}")
_PLACEHOLDERS = ("name", "stem", "ext", "n")


def _ascii_part(text: str) -> str:
    """`text` in plain ASCII: accents dropped, `"\\%` as `_`, runs of other characters dropped (a run between
    two ASCII letters or digits becomes one `_`, so `report中文final` reads `report_final`)."""
    out: list[str] = []
    dropped = False
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ch.isascii() and ch.isprintable():
            if dropped and out and out[-1].isalnum() and ch.isalnum():
                out.append("_")
            dropped = False
            out.append("_" if ch in _UNSAFE_IN_QUOTES else ch)
        else:
            dropped = True
    return " ".join("".join(out).split(" ")).strip()


def ascii_fallback(name: str) -> str:
    """A plain-ASCII stand-in for `name` for old clients that ignore `filename*`: keeps what it can.

    `résumé.pdf` -> `resume.pdf`, `中文 résumé.txt` -> `resume.txt`, `横幅 宣传图.png` -> `download.png`;
    never a row of underscores.
    """
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    clean_ext = _ascii_part(ext)
    clean_stem = re.sub(r" {2,}", " ", _ascii_part(stem)).strip(" _-").rstrip(".")
    if not any(ch.isalnum() for ch in clean_stem):
        clean_stem = FALLBACK_STEM
    if ext and clean_ext and clean_ext.replace("_", "").isalnum():
        return f"{clean_stem}.{clean_ext}"
    return clean_stem


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
    fallback = ascii_fallback(filename)
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


# -- one disposition per object (batch share, `sign --recursive --download-as`) ------------------------


@dataclass(frozen=True)
class DownloadAs:
    """How every link of a batch asks to be saved: `inline` or `attachment`, each under its own name.

    `template` names each object's download: `{name}` (its file name), `{stem}` (the name without its
    extension), `{ext}` (the extension, without the dot), `{n}` (its 1-based place in the batch; `{n:03}`
    pads with zeros). A template without placeholders gives every link the same name.
    """

    mode: str = "attachment"
    template: str = DEFAULT_TEMPLATE


def check_template(template: str) -> str:
    """`template` stripped, or InvalidInput naming what is wrong (unknown placeholder, a `/`, empty)."""
    text = (template or "").strip()
    if not text:
        raise InvalidInput(
            "the download name template is empty: use {name} for each object's own name", field="filename"
        )
    for match in _PLACEHOLDER.finditer(text):
        if match.group(1) not in _PLACEHOLDERS or (match.group(2) and match.group(1) != "n"):
            raise InvalidInput(
                f"download name template: {match.group(0)} is unknown; "
                "use {name}, {stem}, {ext} or {n}",
                field="filename",
            )
    leftover = _PLACEHOLDER.sub("", text)
    if "{" in leftover or "}" in leftover:
        raise InvalidInput(f"download name template {text!r} has an unmatched brace", field="filename")
    if "/" in leftover or "\\" in leftover:
        raise InvalidInput(f"download name template {text!r} must not contain '/' or '\\'", field="filename")
    return text


def is_literal(template: str) -> bool:
    """True when the template has no placeholder: every object would download under the same name."""
    return _PLACEHOLDER.search(template or "") is None


def split_name(key: str) -> tuple[str, str, str]:
    """`(name, stem, ext)` of an object key: `a/b/report.tar.gz` -> (`report.tar.gz`, `report.tar`, `gz`)."""
    name = key.rstrip("/").rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:  # no dot, or a dot file such as `.env`
        return name, name, ""
    return name, stem, ext


def expand_name(template: str, key: str, n: int = 1) -> str:
    """The download name for one object: `template` with `{name}`, `{stem}`, `{ext}`, `{n}` filled in.

    An empty `{ext}` takes the dot before it along (`{stem}.{ext}` of `README` is `README`).
    """
    text = check_template(template)
    name, stem, ext = split_name(key)
    if not ext:
        text = text.replace(".{ext}", "{ext}")

    def fill(match: re.Match[str]) -> str:
        what, width = match.group(1), match.group(2)
        if what == "n":
            return f"{n:0{int(width)}d}" if width else str(n)
        return {"name": name, "stem": stem, "ext": ext}[what]

    return _PLACEHOLDER.sub(fill, text)


def disposition_for(download: DownloadAs, key: str, n: int = 1) -> str:
    """The `response-content-disposition` value for object `key`, the `n`-th of a batch.

    The one builder for the TUI's batch share and `oss-share sign --recursive --download-as`.
    """
    return content_disposition(download.mode, expand_name(download.template, key, n))
