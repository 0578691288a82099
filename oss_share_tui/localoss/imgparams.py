"""Parse and check an `x-oss-process=image/...` value the way OSS's image service does (stdlib only).

The rules and error codes come from the OSS image-processing pages (resize, crop, rotate, format, quality,
info) and their error-code pages (0040-00000311 for a bad resize mode, ...312 w, ...313 h, ...314 l,
...315 s, ...317 p, ...319 limit, ...321 w and h both 0, ...226 crop h, ...007 output too large). Where a
page gives no EC code, the error carries OSS's generic image-service code name with no EC of ours.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from oss_share_tui.localoss.errors import OssError

RESIZE_MODES = ("lfit", "mfit", "fill", "pad", "fixed")
GRAVITIES = ("nw", "north", "ne", "west", "center", "east", "sw", "south", "se")
MAX_SIDE = 16384
MAX_OUTPUT_PIXELS = 4096 * 4096
"""OSS's limit on a resized image's pixel count (error page 0040-00000007: 5000x5000 is refused)."""
MAX_SOURCE_BYTES = 20 * 1024 * 1024
FORMATS = {
    "jpg": ("JPEG", "image/jpeg"),
    "jpeg": ("JPEG", "image/jpeg"),
    "png": ("PNG", "image/png"),
    "webp": ("WEBP", "image/webp"),
    "bmp": ("BMP", "image/bmp"),
    "gif": ("GIF", "image/gif"),
    "tiff": ("TIFF", "image/tiff"),
}
"""Output formats localoss encodes: name -> (Pillow format, Content-Type)."""
UNIMPLEMENTED_FORMATS = ("heic", "avif")
"""Formats OSS accepts that localoss does not encode: answered 501 NotImplemented, never silently ignored."""
# Actions OSS's image service has that localoss does not perform: 501 NotImplemented instead of a fake result.
UNIMPLEMENTED_ACTIONS = frozenset(
    (
        "auto-orient",
        "circle",
        "indexcrop",
        "rounded-corners",
        "blur",
        "bright",
        "contrast",
        "sharpen",
        "watermark",
        "interlace",
        "average-hue",
    )
)
_INT = re.compile(r"-?\d{1,9}")
_COLOR = re.compile(r"[0-9A-Fa-f]{6}")
_STYLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def image_error(code: str, message: str, ec: str = "", status: int = 400) -> OssError:
    """An image-service error (InvalidArgument, MissingArgument, BadRequest, ImageTooLarge, ...)."""
    err = OssError(status, code, message)
    if ec:
        err.ec = ec
    return err


@dataclass
class Action:
    """One `name,param,...` step of an image process."""

    name: str
    params: dict[str, str] = field(default_factory=dict)
    """`k_v` parameters by key."""
    values: list[str] = field(default_factory=list)
    """Bare parameters (rotate's angle, format's name)."""


def _int_param(value: str, low: int, high: int, name: str, action: str, ec: str = "") -> int:
    if not _INT.fullmatch(value) or not low <= int(value) <= high:
        raise image_error(
            "InvalidArgument",
            f"The {action} parameter {name} must be an integer in [{low}, {high}], got {value!r}.",
            ec,
        )
    return int(value)


def split_process(value: str) -> list[Action]:
    """`image/resize,w_100/format,png` -> actions; the `image/` part must already be there."""
    kind, _, rest = value.partition("/")
    if kind != "image":
        raise image_error("InvalidArgument", f"The process type {kind!r} is not image.")
    if not rest:
        raise image_error("MissingArgument", "The image process names no action.")
    actions = []
    for segment in rest.split("/"):
        if not segment:
            raise image_error("InvalidArgument", "The image process has an empty action.")
        name, *parts = segment.split(",")
        action = Action(name)
        for part in parts:
            key, sep, val = part.partition("_")
            if sep and key and not key.isdigit():
                action.params[key] = val
            else:
                action.values.append(part)
        actions.append(action)
    return actions


def check_actions(actions: list[Action]) -> None:
    """Check every action's parameters that can be checked without the image."""
    names = [a.name for a in actions]
    if "info" in names and len(names) > 1:
        raise image_error("InvalidArgument", "The info action cannot be used with other actions.")
    for action in actions:
        checker = _CHECKERS.get(action.name)
        if checker is not None:
            checker(action)
        elif action.name in UNIMPLEMENTED_ACTIONS:
            raise image_error(
                "NotImplemented", f"localoss does not implement the image action {action.name!r}.", "", 501
            )
        else:
            raise image_error("InvalidArgument", f"The image action {action.name!r} is not supported.")


def _check_resize(a: Action) -> None:
    p = a.params
    mode = p.get("m", "lfit")
    if mode not in RESIZE_MODES:
        raise image_error("InvalidArgument", f"The resize mode {mode!r} is invalid.", "0040-00000311")
    if "w" in p and "h" in p and p["w"] == "0" and p["h"] == "0":
        raise image_error("InvalidArgument", "The resize width and height cannot both be 0.", "0040-00000321")
    for name, ec in (
        ("w", "0040-00000312"),
        ("h", "0040-00000313"),
        ("l", "0040-00000314"),
        ("s", "0040-00000315"),
    ):
        if name in p:
            _int_param(p[name], 1, MAX_SIDE, name, "resize", ec)
    if "p" in p:
        _int_param(p["p"], 1, 1000, "p", "resize", "0040-00000317")
    if "limit" in p and p["limit"] not in ("0", "1"):
        raise image_error(
            "InvalidArgument", f"The resize limit must be 0 or 1, got {p['limit']!r}.", "0040-00000319"
        )
    if "color" in p and not _COLOR.fullmatch(p["color"]):
        raise image_error("InvalidArgument", f"The resize color {p['color']!r} is not RRGGBB hex.")
    if not any(k in p for k in ("w", "h", "l", "s", "p")):
        raise image_error("MissingArgument", "The resize action needs w, h, l, s or p.")
    unknown = sorted(set(p) - {"m", "w", "h", "l", "s", "p", "limit", "color"})
    if unknown or a.values:
        raise image_error("InvalidArgument", f"The resize parameter {(unknown or a.values)[0]!r} is unknown.")


def _check_crop(a: Action) -> None:
    p = a.params
    for name in ("w", "h", "x", "y"):
        if name in p:
            _int_param(p[name], 0, 2**31 - 1, name, "crop", "0040-00000226" if name == "h" else "")
    if "g" in p and p["g"] not in GRAVITIES:
        raise image_error("InvalidArgument", f"The crop gravity {p['g']!r} is invalid.")
    unknown = sorted(set(p) - {"w", "h", "x", "y", "g"})
    if unknown or a.values:
        raise image_error("InvalidArgument", f"The crop parameter {(unknown or a.values)[0]!r} is unknown.")


def _check_rotate(a: Action) -> None:
    if len(a.values) != 1 or a.params:
        raise image_error("InvalidArgument", "The rotate action takes one angle in [0, 360].")
    _int_param(a.values[0], 0, 360, "angle", "rotate")


def _check_format(a: Action) -> None:
    if len(a.values) != 1 or a.params:
        raise image_error("InvalidArgument", "The format action takes one format name.")
    name = a.values[0]
    if name in UNIMPLEMENTED_FORMATS:
        raise image_error("NotImplemented", f"localoss does not encode {name}.", "", 501)
    if name not in FORMATS:
        raise image_error("InvalidArgument", f"The format {name!r} is not supported.")


def _check_quality(a: Action) -> None:
    keys = set(a.params)
    if a.values or len(keys) != 1 or not keys <= {"q", "Q"}:
        raise image_error("InvalidArgument", "The quality action takes q_N (relative) or Q_N (absolute).")
    key = next(iter(keys))
    _int_param(a.params[key], 1, 100, key, "quality")


def _check_info(a: Action) -> None:
    if a.values or a.params:
        raise image_error("InvalidArgument", "The info action takes no parameters.")


_CHECKERS = {
    "resize": _check_resize,
    "crop": _check_crop,
    "rotate": _check_rotate,
    "format": _check_format,
    "quality": _check_quality,
    "info": _check_info,
}


def half_up(x: float) -> int:
    """Round half up (OSS: "rounded to an integer"), never below 1."""
    return max(1, math.floor(x + 0.5))


def resize_plan(width: int, height: int, params: dict[str, str]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(scaled size, final canvas size) for `resize` on a width x height image.

    fill crops the scaled image to the canvas from the centre; pad centres it on the canvas; otherwise the
    two sizes are equal. With limit_1 (the default) a result larger than the source leaves the size alone.
    """
    mode = params.get("m", "lfit")
    limit = params.get("limit", "1") == "1"
    if "p" in params and not any(k in params for k in ("w", "h", "l", "s")):
        pct = int(params["p"]) / 100
        if limit and pct > 1:
            return (width, height), (width, height)
        size = (half_up(width * pct), half_up(height * pct))
        return size, size
    box = _box(width, height, params, mode)
    bw, bh = box
    if mode == "fixed":
        scaled = box
    else:
        fit = min if mode in ("lfit", "pad") else max
        scale = fit(bw / width, bh / height)
        scaled = (half_up(width * scale), half_up(height * scale))
    final = box if mode in ("fill", "pad", "fixed") else scaled
    if limit and (final[0] > width or final[1] > height or scaled[0] > width or scaled[1] > height):
        return (width, height), (width, height)
    if final[0] > MAX_SIDE or final[1] > MAX_SIDE or final[0] * final[1] > MAX_OUTPUT_PIXELS:
        raise image_error("ImageTooLarge", "The resized image would exceed the size limit.", "0040-00000007")
    return scaled, final


def _box(width: int, height: int, params: dict[str, str], mode: str) -> tuple[int, int]:
    """The target rectangle from w/h, else l/s (long and short side of the source)."""
    w, h = int(params.get("w", "0")), int(params.get("h", "0"))
    square = mode in ("fill", "pad")
    if w or h:
        if w and h:
            return w, h
        if w:
            return w, (w if square else half_up(height * w / width))
        return (h if square else half_up(width * h / height)), h
    long_side, short_side = int(params.get("l", "0")), int(params.get("s", "0"))
    landscape = width >= height
    if long_side and short_side:
        return (long_side, short_side) if landscape else (short_side, long_side)
    if long_side:
        if square:
            return long_side, long_side
        if landscape:
            return long_side, half_up(height * long_side / width)
        return half_up(width * long_side / height), long_side
    if square:
        return short_side, short_side
    if landscape:
        return half_up(width * short_side / height), short_side
    return short_side, half_up(height * short_side / width)


def crop_box(width: int, height: int, params: dict[str, str]) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of `crop` on a width x height image, clipped to it."""
    x, y = int(params.get("x", "0")), int(params.get("y", "0"))
    w = int(params.get("w", "0")) or width
    h = int(params.get("h", "0")) or height
    w, h = min(w, width), min(h, height)
    g = params.get("g", "nw")
    col = {"w": 0, "c": (width - w) // 2, "e": width - w}
    row = {"n": 0, "c": (height - h) // 2, "s": height - h}
    horizontal = "w" if g in ("nw", "west", "sw") else "e" if g in ("ne", "east", "se") else "c"
    vertical = "n" if g in ("nw", "north", "ne") else "s" if g in ("sw", "south", "se") else "c"
    left, top = col[horizontal] + x, row[vertical] + y
    if left >= width or top >= height:
        raise image_error("BadRequest", "Advance cut's position is out of image.")
    return left, top, min(left + w, width), min(top + h, height)


def style_name_ok(name: str) -> bool:
    """A style name OSS accepts: letters, digits, `-`, `_`, `.`; 1 to 64 characters."""
    return bool(_STYLE_NAME.fullmatch(name))
