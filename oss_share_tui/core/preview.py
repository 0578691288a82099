"""Preview decisions, pure: what kind an object is (name, type, first bytes), how to decode its text, whether
an archived object can be read, and how big a thumbnail to ask OSS for."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["image", "text", "other"]

TEXT_LIMIT = 64 * 1024
"""Bytes of a text object fetched for its preview (one ranged GET)."""
THUMBNAIL_LIMIT = 1024 * 1024
"""Bytes a processed thumbnail may take; an answer announced bigger was not resized, and is not read."""
ORIGINAL_LIMIT = 8 * 1024 * 1024
"""Bytes of an original image fetched when OSS did not resize it; a bigger original is not previewed."""
MAX_BOX = 4096
"""The largest thumbnail side asked for (OSS's resize accepts up to 16384)."""

IMAGE_TYPES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
}
"""The image formats previewed (and that OSS image processing reads), by extension."""

_IMAGE_MIME = frozenset(IMAGE_TYPES.values()) | {"image/jpg", "image/pjpeg", "image/x-ms-bmp", "image/x-bmp"}

_TEXT_MIME_EXTRA = frozenset({
    "application/json", "application/xml", "application/javascript", "application/x-javascript",
    "application/ecmascript", "application/x-yaml", "application/yaml", "application/toml",
    "application/x-sh", "application/x-shellscript", "application/sql", "application/csv",
    "application/x-ndjson", "application/ld+json", "application/x-httpd-php", "application/x-python",
    "application/x-tex", "application/rtf",
})

_TEXT_EXTENSIONS = frozenset({
    ".txt", ".md", ".rst", ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".xml", ".html", ".htm", ".css",
    ".js", ".mjs", ".ts", ".tsx", ".jsx", ".py", ".rb", ".go", ".rs", ".java", ".kt", ".c", ".h", ".cc",
    ".cpp", ".hpp", ".cs", ".php", ".sh", ".bash", ".zsh", ".ps1", ".bat", ".sql", ".yaml", ".yml",
    ".toml", ".ini", ".cfg", ".conf", ".log", ".tex", ".lua", ".pl", ".r", ".swift", ".scala", ".vue",
    ".svg", ".properties", ".env", ".gitignore", ".dockerfile", ".tf", ".srt", ".vtt",
})

ARCHIVE_CLASSES = frozenset({"Archive", "ColdArchive", "DeepColdArchive"})
"""Storage classes whose objects must be restored before they can be read."""


def extension(key: str) -> str:
    """`.jpg` for `photos/a.JPG`; "" when the last segment has no dot."""
    name = key.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def kind_by_name(key: str, content_type: str = "") -> Kind | None:
    """What the name and Content-Type say (None: they say nothing useful, sniff the bytes)."""
    mime = _mime(content_type)
    if mime in _IMAGE_MIME or (not mime.startswith("image/") and extension(key) in IMAGE_TYPES and (
            not mime or mime in ("application/octet-stream", "binary/octet-stream"))):
        return "image"
    if mime.startswith("text/") or mime in _TEXT_MIME_EXTRA or mime.endswith(("+json", "+xml")):
        return "text"
    if mime and mime not in ("application/octet-stream", "binary/octet-stream"):
        return "other"
    if extension(key) in _TEXT_EXTENSIONS:
        return "text"
    return None


def image_format(data: bytes) -> str | None:
    """The image format the first bytes announce: png, jpeg, gif, webp, bmp; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"BM") and len(data) >= 26:
        return "bmp"
    return None


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b")
"""Control bytes that text files do contain (ESC: coloured logs)."""


def sniff(data: bytes) -> Kind:
    """`image`, `text` or `other` from the first bytes alone."""
    if image_format(data):
        return "image"
    if not data:
        return "text"
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return "text"
    head = data[:8192]
    if b"\x00" in head:
        return "other"
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls * 20 > len(head):  # over 5 % odd control bytes: not text in any encoding we show
        return "other"
    if decode_text(head, truncated=True).encoding.endswith("(with replacements)"):
        return "other"
    return "text"


@dataclass(frozen=True)
class DecodedText:
    """Text and the encoding it was read with."""

    text: str
    encoding: str
    """`utf-8`, `gb18030`, `utf-16-le`, …; "utf-8 (with replacements)" when nothing decoded cleanly."""


def _decode(data: bytes, encoding: str, truncated: bool) -> str:
    """Strict decoding; a multi-byte character cut by the byte cap at the end is dropped, not an error."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    return decoder.decode(data, final=not truncated)


def decode_text(data: bytes, *, truncated: bool = False) -> DecodedText:
    """Decode by BOM, then UTF-8, then GB18030; never raises (a last resort replaces bad bytes).

    `truncated` says the bytes were cut by a cap, so an incomplete last character is expected.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(_decode(data[len(bom):] if encoding != "utf-8-sig" else data, encoding,
                                           truncated), encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                break
    for encoding in ("utf-8", "gb18030"):
        try:
            return DecodedText(_decode(data, encoding, truncated), encoding)
        except UnicodeDecodeError:
            continue
    return DecodedText(data.decode("utf-8", errors="replace"), "utf-8 (with replacements)")


def normalise_newlines(text: str) -> str:
    """CRLF as LF; a lone CR stays, to be shown as a visible control (it would overwrite the line)."""
    return text.replace("\r\n", "\n")


_RESTORED = re.compile(r'ongoing-request\s*=\s*"?false"?', re.IGNORECASE)
_ONGOING = re.compile(r'ongoing-request\s*=\s*"?true"?', re.IGNORECASE)
_EXPIRY = re.compile(r'expiry-date\s*=\s*"([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class RestoreState:
    """Whether an object can be read now, and if not, why, in plain words."""

    readable: bool
    reason: str = ""


def restore_state(storage_class: str, restore_header: str = "") -> RestoreState:
    """Decide from HEAD's `x-oss-storage-class` and `x-oss-restore` whether the object can be read.

    OSS: an Archive, Cold Archive or Deep Cold Archive object is readable only once a restore has finished,
    when HEAD carries `x-oss-restore: ongoing-request="false", expiry-date="…"`; while a restore runs it is
    `ongoing-request="true"`; with no restore asked for, the header is absent.
    """
    if storage_class not in ARCHIVE_CLASSES:
        return RestoreState(True)
    label = {"ColdArchive": "Cold Archive", "DeepColdArchive": "Deep Cold Archive"}.get(storage_class,
                                                                                        storage_class)
    if _RESTORED.search(restore_header):
        return RestoreState(True)
    if _ONGOING.search(restore_header):
        return RestoreState(False, f"This object is in {label} storage and is being restored: it can be read "
                                   "once the restore finishes. Nothing was fetched.")
    return RestoreState(False, f"This object is in {label} storage and has not been restored, so it cannot "
                               "be read (OSS answers InvalidObjectState). Restore it first (ossutil restore, "
                               "or the console); nothing was fetched.")


def restore_expiry(restore_header: str) -> str:
    """The `expiry-date` of a finished restore, or ""."""
    found = _EXPIRY.search(restore_header)
    return found.group(1) if found else ""


Protocol = Literal["kitty", "sixel", "halfblocks", "unicode"]
PROTOCOLS: tuple[Protocol, ...] = ("kitty", "sixel", "halfblocks", "unicode")


def thumbnail_box(cols: int, rows: int, protocol: str, cell: tuple[int, int] = (10, 20)) -> tuple[int, int]:
    """The pixel box an image must fit to fill `cols` x `rows` cells: one pixel per column and two per row
    for half-blocks (and the unicode fallback), the cell's pixels for kitty and Sixel. At least 1x1."""
    cols, rows = max(1, cols), max(1, rows)
    if protocol in ("kitty", "sixel"):
        width, height = cols * max(1, cell[0]), rows * max(1, cell[1])
    else:
        width, height = cols, rows * 2
    return min(width, MAX_BOX), min(height, MAX_BOX)


def resize_process(box: tuple[int, int]) -> str:
    """The `x-oss-process` value that shrinks an image to fit `box`, keeping its aspect, never enlarging."""
    width, height = box
    return f"image/resize,m_lfit,w_{width},h_{height},limit_1"


def fits(size: tuple[int, int], box: tuple[int, int]) -> bool:
    """True when an image of `size` fits inside `box` (no local downscale needed)."""
    return size[0] <= box[0] and size[1] <= box[1]


def choose_protocol(setting: str, env: dict[str, str]) -> Protocol:
    """The image protocol: the setting when it names one, else guessed from the terminal's environment.

    No terminal query: textual-image's own detection writes to the terminal and reads its answer, which
    cannot work once Textual owns stdin, and waits 0.1 s per unanswered query at start-up.
    """
    wanted = setting.strip().lower().replace("-", "").replace("_", "")
    aliases = {"kitty": "kitty", "tgp": "kitty", "sixel": "sixel", "halfblocks": "halfblocks",
               "halfblock": "halfblocks", "halfcell": "halfblocks", "unicode": "unicode", "text": "unicode"}
    if wanted in aliases:
        return aliases[wanted]  # type: ignore[return-value]
    if env.get("TMUX") or env.get("TERM", "").startswith("screen"):
        return "halfblocks"  # graphics need passthrough there; half-blocks always work
    term = env.get("TERM", "")
    program = env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty" or program.lower() == "ghostty":
        return "kitty"
    if program in ("WezTerm", "iTerm.app", "mlterm", "contour") or term.startswith(("foot", "mlterm")) or (
            "sixel" in term):
        return "sixel"
    return "halfblocks"
