"""A QR code drawn with half-block characters, two modules per terminal row."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

__all__ = [
    "QUIET_ZONE", "QrCode", "QrRender", "qr_file_bytes", "qr_lines", "qr_matrix", "render_qr", "save_qr",
]

QUIET_ZONE = 2
"""Light modules around the symbol on screen. ISO/IEC 18004 asks for 4, but the terminal's own dark margin
adds to it and phone scanners read 2 reliably; 2 saves 4 columns and 2 rows, so more links fit on screen."""
FILE_QUIET_ZONE = 4
"""Saved files (PNG, SVG) keep the full quiet zone: they get printed and pasted on any background."""
PNG_SCALE = 8
"""Pixels per module in a saved PNG."""

# Index: (top module dark, bottom module dark). Dark modules are drawn as foreground ink.
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


@lru_cache(maxsize=16)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The module matrix (True = dark) of a regular QR code for `data`, without a quiet zone."""
    import segno  # imported here: only the QR view needs it

    # micro=False: segno would pick a Micro QR for short data, which most phone cameras cannot read.
    qr = segno.make_qr(data)
    return tuple(tuple(bool(m) for m in row) for row in qr.matrix)


def half_block_lines(matrix: Sequence[Sequence[bool]], *, border: int = QUIET_ZONE) -> list[str]:
    """Draw `matrix` with ▀ ▄ █ and space, each text row holding two module rows, inside a light border."""
    size = len(matrix[0]) if matrix else 0
    width = size + 2 * border
    light = [False] * width
    rows = [light] * border + [[False] * border + [bool(m) for m in row] + [False] * border for row in matrix]
    rows += [light] * border
    if len(rows) % 2:
        rows.append(light)  # the half row below the last is light, like the quiet zone
    return [
        "".join(_HALF_BLOCKS[(top[x], bottom[x])] for x in range(width))
        for top, bottom in zip(rows[0::2], rows[1::2], strict=True)
    ]


def qr_file_bytes(data: str, kind: str) -> bytes:
    """The QR code of `data` as a PNG or SVG file's bytes (a full quiet zone; dark on white)."""
    import io

    import segno

    if kind not in ("png", "svg"):
        raise ValueError(f"QR files are png or svg, not {kind!r}")
    buffer = io.BytesIO()
    options = {"scale": PNG_SCALE} if kind == "png" else {"scale": 4, "xmldecl": True}
    segno.make_qr(data).save(buffer, kind=kind, border=FILE_QUIET_ZONE, **options)
    return buffer.getvalue()


def save_qr(data: str, path: str | os.PathLike[str], kind: str) -> Path:
    """Write the QR code of `data` to `path` atomically, mode 0600 (it holds a bearer token)."""
    from oss_share_tui.core.atomic import atomic_write

    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, qr_file_bytes(data, kind), mode=0o600)
    return target


@dataclass(frozen=True)
class QrRender:
    """The drawn lines of a QR code and the cells they need."""

    lines: tuple[str, ...]

    @property
    def width(self) -> int:
        """Columns needed."""
        return len(self.lines[0]) if self.lines else 0

    @property
    def height(self) -> int:
        """Rows needed."""
        return len(self.lines)

    def fits(self, width: int, height: int) -> bool:
        """True when a `width`×`height` area can show the whole code, quiet zone included."""
        return self.width <= width and self.height <= height

    def too_small_message(self, width: int, height: int) -> str:
        """What to tell the user when the area is too small."""
        return f"Terminal too small for the QR code (need {self.width}×{self.height}, have {width}×{height})."


@lru_cache(maxsize=16)
def render_qr(data: str, *, border: int = QUIET_ZONE) -> QrRender:
    """Render `data` as a QR code in half blocks (pure: no Textual needed)."""
    return QrRender(tuple(half_block_lines(qr_matrix(data), border=border)))


def qr_lines(data: str, *, border: int = QUIET_ZONE) -> list[str]:
    """The half-block lines of a QR code for `data`."""
    return list(render_qr(data, border=border).lines)


# Dark ink on a light ground whatever the terminal theme: scanners expect dark-on-light. On screen the glyphs
# draw the *light* modules (white foreground on a black background): every line then starts and ends with a
# full block of quiet zone, because Textual drops leading spaces when it centres a line, which would eat the
# left quiet zone and shift the symbol.
_QR_STYLE = Style(color="#ffffff", bgcolor="#000000")
_PAPER_GLYPHS = str.maketrans({" ": "█", "█": " ", "▀": "▄", "▄": "▀"})


class QrCode(Widget):
    """Shows `data` as a QR code, or a clear note saying how much room it needs."""

    DEFAULT_CSS = """
    QrCode {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    QrCode.-too-small {
        color: $warning;
    }
    """

    data: reactive[str] = reactive("", layout=True)

    def __init__(
        self, data: str = "", *, name: str | None = None, id: str | None = None, classes: str | None = None  # noqa: A002
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(QrCode.data, data)

    @property
    def qr(self) -> QrRender:
        """The rendered code for the current data."""
        return render_qr(self.data)

    def fits(self, width: int | None = None, height: int | None = None) -> bool:
        """True when the code fits `width`×`height` (default: this widget's current size)."""
        size = self.content_size
        return self.qr.fits(size.width if width is None else width, size.height if height is None else height)

    def watch_data(self) -> None:
        self._update_fit()

    def on_resize(self) -> None:
        self._update_fit()

    def _update_fit(self) -> None:
        """Toggle `-too-small` here, not in render(): changing classes while rendering would re-render."""
        self.set_class(bool(self.data) and not self.fits(), "-too-small")

    def render(self) -> Text:
        """The code in black on white, or the too-small note."""
        if not self.data:
            return Text("")
        qr = self.qr
        size = self.content_size
        if not qr.fits(size.width, size.height):
            return Text(qr.too_small_message(size.width, size.height), justify="center")
        text = "\n".join(qr.lines).translate(_PAPER_GLYPHS)
        return Text(text, style=_QR_STYLE, no_wrap=True, overflow="crop")
