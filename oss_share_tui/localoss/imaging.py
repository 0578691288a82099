"""Run an `x-oss-process` image process with Pillow, imported only when a request asks for processing."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping

from oss_share_tui.localoss.imgparams import (
    FORMATS,
    MAX_SOURCE_BYTES,
    Action,
    check_actions,
    crop_box,
    image_error,
    resize_plan,
    split_process,
)

# Pillow's format name -> OSS's name for it (the default output format, and what info reports).
_FROM_PILLOW = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "BMP": "bmp", "WEBP": "webp", "TIFF": "tiff"}
DEFAULT_QUALITY = 85


def resolve_style(value: str, styles: Mapping[str, str]) -> str:
    """`style/NAME` -> the style's `image/...` content; other values unchanged. 404 NoSuchStyle if unknown."""
    if not value.startswith("style/"):
        return value
    name = value[len("style/") :]
    content = styles.get(name)
    if content is None:
        raise image_error("NoSuchStyle", "The specified style does not exist.", "", 404)
    return content


def parse(value: str, styles: Mapping[str, str]) -> list[Action]:
    """The checked actions of a process value (resolving `style/NAME`); raises OSS's error when invalid."""
    kind = value.partition("/")[0]
    if kind == "video":
        raise image_error("NotImplemented", "localoss does not implement video processing.", "", 501)
    actions = split_process(resolve_style(value, styles))
    check_actions(actions)
    return actions


def process(actions: list[Action], data: bytes) -> tuple[bytes, str]:
    """Apply checked actions to image bytes: (output bytes, Content-Type)."""
    if len(data) > MAX_SOURCE_BYTES:
        raise image_error("ImageTooLarge", "The source image exceeds 20 MB.", "0040-00000009")
    from PIL import Image, UnidentifiedImageError  # lazy: only processing requests pay for Pillow

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise image_error("BadRequest", "The source object is not an image OSS can process.") from None
    source_format = image.format or "PNG"
    if actions[0].name == "info":
        return _info(image, source_format, len(data)), "application/json"
    out_format = _FROM_PILLOW.get(source_format, "png")
    quality = None
    for action in actions:
        p = action.params
        if action.name == "resize":
            image = _resize(image, p, Image)
        elif action.name == "crop":
            image = image.crop(crop_box(image.width, image.height, p))
        elif action.name == "rotate":
            image = _rotate(image, int(action.values[0]), Image)
        elif action.name == "format":
            out_format = action.values[0]
        elif action.name == "quality":
            # OSS's q_ is relative to a JPEG source's own quality and Q_ absolute; Pillow cannot read a
            # source's quality back, so both are applied as absolute here.
            quality = int(next(iter(p.values())))
    return _encode(image, out_format, quality)


def _resize(image, params: dict[str, str], Image):  # noqa: ANN001,ANN202,N803 - Pillow objects
    (sw, sh), (fw, fh) = resize_plan(image.width, image.height, params)
    if (sw, sh) != image.size:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB").resize(
            (sw, sh), Image.Resampling.LANCZOS
        )
    mode = params.get("m", "lfit")
    if (fw, fh) == (sw, sh):
        return image
    if mode == "fill":
        left, top = (sw - fw) // 2, (sh - fh) // 2
        return image.crop((left, top, left + fw, top + fh))
    if mode == "pad":
        color = "#" + params.get("color", "FFFFFF")
        canvas = Image.new(image.mode if image.mode in ("RGB", "RGBA") else "RGB", (fw, fh), color)
        canvas.paste(image, ((fw - sw) // 2, (fh - sh) // 2))
        return canvas
    return image


def _rotate(image, angle: int, Image):  # noqa: ANN001,ANN202,N803 - Pillow objects
    """Clockwise, as OSS rotates; the canvas grows to hold the turned picture (white corners)."""
    angle %= 360
    exact = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}
    if angle == 0:
        return image
    if angle in exact:
        return image.transpose(exact[angle])
    rgb = image.convert("RGB")
    return rgb.rotate(-angle, expand=True, fillcolor=(255, 255, 255), resample=Image.Resampling.BICUBIC)


def _encode(image, out_format: str, quality: int | None) -> tuple[bytes, str]:  # noqa: ANN001
    pillow_format, content_type = FORMATS[out_format]
    if image.mode not in ("RGB", "RGBA", "L"):
        # CMYK, 16-bit, palette with transparency...: one of the modes every encoder here writes.
        alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # the source's encoder hints (a GIF's transparency index) no longer describe it
    if pillow_format in ("JPEG", "BMP") and image.mode == "RGBA":
        image = image.convert("RGB")
    elif pillow_format == "GIF" and image.mode != "L":
        image = image.convert("RGB").quantize()
    options: dict[str, object] = {}
    if pillow_format in ("JPEG", "WEBP"):
        options["quality"] = quality or DEFAULT_QUALITY
    out = io.BytesIO()
    image.save(out, pillow_format, **options)
    return out.getvalue(), content_type


def _info(image, source_format: str, size: int) -> bytes:  # noqa: ANN001
    """OSS's info JSON: every value a string inside {"value": ...}."""
    fields = {
        "FileSize": str(size),
        "Format": _FROM_PILLOW.get(source_format, source_format.lower()),
        "FrameCount": str(getattr(image, "n_frames", 1)),
        "ImageHeight": str(image.height),
        "ImageWidth": str(image.width),
        "ResolutionUnit": "1",
        "XResolution": "1/1",
        "YResolution": "1/1",
    }
    return json.dumps({k: {"value": v} for k, v in fields.items()}).encode("utf-8")
