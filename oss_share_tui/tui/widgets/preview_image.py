"""Images in the terminal through textual-image: kitty graphics, Sixel, or half-blocks, chosen once.

The protocol comes from `OSS_SHARE_IMAGES` (kitty, sixel, halfblocks, unicode; `auto` or unset: guessed from
the terminal's environment). textual-image is imported lazily, and without its own terminal queries: those
write to the terminal and read the answer from stdin, which Textual owns once it runs.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any

from oss_share_tui.core.preview import Protocol, choose_protocol

ENV_VAR = "OSS_SHARE_IMAGES"
_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def protocol() -> Protocol:
    """The image protocol to use: the `OSS_SHARE_IMAGES` setting, else a guess from the environment."""
    return choose_protocol(os.environ.get(ENV_VAR, ""), dict(os.environ))


class _NotATerminal:
    """Stands in for sys.__stdout__ while textual-image is imported, so it queries nothing."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _cell_pixels() -> tuple[int, int]:
    """A terminal cell's size in pixels from TIOCGWINSZ (an ioctl: nothing is written); 10x20 if unknown."""
    try:
        import fcntl
        import struct
        import termios

        stream = sys.__stdout__
        if stream is None or not stream.isatty():
            return 10, 20
        rows, cols, width, height = struct.unpack(
            "HHHH", fcntl.ioctl(stream.fileno(), termios.TIOCGWINSZ, b"\0" * 8))
        if rows and cols and width and height:
            return max(1, width // cols), max(1, height // rows)
    except (ImportError, OSError, ValueError):
        pass
    return 10, 20


def load() -> dict[str, Any]:
    """Import textual-image (and Pillow) once, quietly; returns its widget classes by protocol name.

    Safe from a thread worker: the import costs tens of milliseconds and belongs off the event loop.
    """
    with _lock:
        if _loaded:
            return _loaded
        cell = _cell_pixels()
        real = sys.__stdout__
        sys.__stdout__ = _NotATerminal(real)  # type: ignore[assignment]
        try:
            from textual_image import _terminal

            _terminal.get_cell_size._result = _terminal.CellSize(*cell)  # type: ignore[attr-defined]
            from textual_image.widget import HalfcellImage, SixelImage, TGPImage, UnicodeImage
        finally:
            sys.__stdout__ = real  # type: ignore[assignment]
        _loaded.update(kitty=TGPImage, sixel=SixelImage, halfblocks=_prerendered(HalfcellImage),
                       unicode=UnicodeImage, cell=cell)
        return _loaded


class _Segments:
    """A Rich renderable that replays segments rendered earlier."""

    def __init__(self, segments: list[Any]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield from self.segments


def _prerendered(base: type) -> type:
    """textual-image's half-block widget, drawing segments made in a worker when they fit its size.

    Its renderable maps every pixel to a Rich colour on the event loop: ~50 ms for a panel-sized picture
    (measured), a stall at every repaint. `prerender` does that work in the worker instead.
    """

    from textual_image.renderable.halfcell import Image as HalfcellRenderable

    class PrerenderedHalfcellImage(base, Renderable=HalfcellRenderable):  # type: ignore[misc, valid-type]
        prerendered: tuple[tuple[int, int], list[Any]] | None = None

        def render(self) -> Any:
            if self.prerendered is not None and self.prerendered[0] == tuple(self.content_size):
                return _Segments(self.prerendered[1])
            return super().render()

    return PrerenderedHalfcellImage


def cells_for(image: Any, chosen: Protocol) -> tuple[int, int]:
    """Cells an image of this pixel size covers: one column and two rows of pixels per cell for
    half-blocks (and the unicode fallback), the cell's pixel size for kitty and Sixel."""
    if chosen in ("kitty", "sixel"):
        cell_w, cell_h = cell_pixels()
        return max(1, -(-image.width // cell_w)), max(1, -(-image.height // cell_h))
    return max(1, image.width), max(1, -(-image.height // 2))


def prerender(image: Any, chosen: Protocol) -> tuple[tuple[int, int], list[Any]] | None:
    """For half-blocks: ((columns, rows), the segments textual-image would draw), made off the event loop;
    None for the other protocols (they draw escape sequences, cheaply)."""
    if chosen != "halfblocks":
        return None
    import io

    from rich.console import Console
    from textual_image.renderable.halfcell import Image as HalfcellRenderable

    load()
    size = cells_for(image, chosen)
    console = Console(file=io.StringIO(), width=size[0], height=size[1], color_system="truecolor")
    segments = []
    for segment in console.render(HalfcellRenderable(image, size[0], size[1]), console.options):
        segments.append(segment)
        if len(segments) % 256 == 0:
            time.sleep(0)  # offer the GIL to the event loop: this is ~0.1 s of pure Python per picture
    return size, segments


def cell_pixels() -> tuple[int, int]:
    """The cell size textual-image was given (after `load`)."""
    return load()["cell"]


def image_widget(image: Any, chosen: Protocol, *, id: str | None = None,  # noqa: A002 - Textual's name
                 prerendered: tuple[tuple[int, int], list[Any]] | None = None) -> Any:
    """A textual-image widget drawing the PIL `image` with the `chosen` protocol, sized in cells to it."""
    widget = load()[chosen](image, id=id)
    width, height = cells_for(image, chosen)
    widget.styles.width = width
    widget.styles.height = height
    if prerendered is not None:
        widget.prerendered = prerendered
    return widget
