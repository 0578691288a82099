"""Decode a previewed image in memory with Pillow (imported lazily) and scale it down to fit the panel."""

from __future__ import annotations

import io
from typing import Any

MAX_PIXELS = 64_000_000
"""Images announcing more pixels than this are not decoded (a decompression bomb, or far too big to show)."""


class ImageUnreadable(Exception):
    """The bytes are not an image Pillow can decode (or one too big to decode for a preview)."""


def decode_to_fit(data: bytes, box: tuple[int, int]) -> tuple[Any, tuple[int, int]]:
    """(a PIL image that fits `box`, the pixel size the bytes had). Never touches the disk.

    JPEGs are decoded at a reduced scale straight away (`draft`), so a big photo costs little CPU; the
    result is RGB, or RGBA when the image has transparency. The first frame of an animation is shown.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        received = (image.width, image.height)
        if image.width * image.height > MAX_PIXELS:
            raise ImageUnreadable(f"{image.width}x{image.height} pixels is too big to decode for a preview")
        if image.format == "JPEG":
            image.draft("RGB", box)
        image.load()
    except ImageUnreadable:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageUnreadable(str(exc) or type(exc).__name__) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if image.width > box[0] or image.height > box[1]:
        image.thumbnail((max(1, box[0]), max(1, box[1])), Image.Resampling.LANCZOS)
    return image, received
