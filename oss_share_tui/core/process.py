"""Build and check `x-oss-process` values (image processing, video snapshots, named styles)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from oss_share_tui.core.errors import InvalidInput

RESIZE_MODES = ("lfit", "mfit", "fill", "pad", "fixed")
FORMATS = ("jpg", "jpeg", "png", "webp", "bmp", "gif", "tiff", "heic", "avif")
GRAVITIES = ("nw", "north", "ne", "west", "center", "east", "sw", "south", "se")
RESIZE_MAX = 16384
PROCESS_TYPES = ("image", "video", "style")

_ACTION = re.compile(r"[a-z][a-z0-9_-]*")
# Parameters are `k_v` pairs or bare values; watermark text is URL-safe base64, so never holds ',' or '/'.
_PARAM = re.compile(r"[^\s,/|]+")
_STYLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_FIELD = "x-oss-process"


def _int_in(value: object, low: int, high: int, field: str, what: str) -> int:
    """`value` as an int within [low, high], or InvalidInput naming `field`."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{what} {value!r} is not a whole number", field=field) from None
    if not low <= number <= high:
        raise InvalidInput(f"{what} {number} is out of range: use {low} to {high}", field=field)
    return number


def _crop_action(crop: str | Sequence[int]) -> str:
    """`crop,...` from (w, h), (w, h, x, y) or a raw `w_100,h_100,g_center` spec."""
    if isinstance(crop, str):
        spec = crop.strip().removeprefix("crop,")
        if not spec or not all(_PARAM.fullmatch(p) for p in spec.split(",")):
            raise InvalidInput(f"crop {crop!r} is not understood: e.g. w_100,h_100,x_10,y_10", field="crop")
        return "crop," + spec
    values = list(crop)
    if len(values) not in (2, 4):
        raise InvalidInput("crop needs width and height, optionally x and y", field="crop")
    w = _int_in(values[0], 1, RESIZE_MAX, "crop", "crop width")
    h = _int_in(values[1], 1, RESIZE_MAX, "crop", "crop height")
    parts = [f"w_{w}", f"h_{h}"]
    if len(values) == 4:
        x = _int_in(values[2], 0, RESIZE_MAX, "crop", "crop x")
        y = _int_in(values[3], 0, RESIZE_MAX, "crop", "crop y")
        parts = [f"x_{x}", f"y_{y}", *parts]
    return "crop," + ",".join(parts)


def build_image_process(
    *,
    resize_w: int | str | None = None,
    resize_h: int | str | None = None,
    resize_mode: str | None = None,
    crop: str | Sequence[int] | None = None,
    rotate: int | str | None = None,
    fmt: str | None = None,
    quality: int | str | None = None,
) -> str:
    """An `image/...` process value from form fields, or "" when none is set.

    Crop comes first so its x/y refer to the original picture, then resize, rotate, format and quality.
    """
    actions: list[str] = []
    if crop is not None and crop != "" and crop != ():
        actions.append(_crop_action(crop))
    has_size = resize_w not in (None, "") or resize_h not in (None, "")
    if has_size:
        parts = ["resize"]
        mode = (resize_mode or "").strip().lower()
        if mode:
            if mode not in RESIZE_MODES:
                raise InvalidInput(
                    f"resize mode {resize_mode!r} is unknown: use one of {', '.join(RESIZE_MODES)}",
                    field="resize",
                )
            parts.append(f"m_{mode}")
        if resize_w not in (None, ""):
            parts.append(f"w_{_int_in(resize_w, 1, RESIZE_MAX, 'resize', 'resize width')}")
        if resize_h not in (None, ""):
            parts.append(f"h_{_int_in(resize_h, 1, RESIZE_MAX, 'resize', 'resize height')}")
        actions.append(",".join(parts))
    elif resize_mode:
        raise InvalidInput("resize mode needs a width or a height", field="resize")
    if rotate not in (None, ""):
        actions.append(f"rotate,{_int_in(rotate, 0, 360, 'rotate', 'rotation')}")
    if fmt:
        name = fmt.strip().lower()
        if name not in FORMATS:
            raise InvalidInput(f"format {fmt!r} is unknown: use one of {', '.join(FORMATS)}", field="format")
        actions.append(f"format,{name}")
    if quality not in (None, ""):
        actions.append(f"quality,q_{_int_in(quality, 1, 100, 'quality', 'quality')}")
    return "image/" + "/".join(actions) if actions else ""


def validate_process(value: str) -> str:
    """Return `value` if it is a well-formed `image/…`, `video/…` or `style/NAME` process; else raise."""
    if not isinstance(value, str) or not value:
        raise InvalidInput("x-oss-process is empty: e.g. image/resize,w_100 or style/NAME", field=_FIELD)
    if value != value.strip() or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise InvalidInput(
            f"x-oss-process {value!r} must not contain spaces or control characters", field=_FIELD
        )
    kind, _, rest = value.partition("/")
    if kind not in PROCESS_TYPES:
        raise InvalidInput(
            f"x-oss-process {value!r} must start with image/, video/ or style/ (got {kind!r})", field=_FIELD
        )
    if kind == "style":
        if not _STYLE.fullmatch(rest):
            raise InvalidInput(
                f"x-oss-process {value!r}: a style name is 1-64 letters, digits, '-', '_' or '.'",
                field=_FIELD,
            )
        return value
    if not rest:
        raise InvalidInput(f"x-oss-process {value!r} names no action: e.g. {kind}/resize,w_100", field=_FIELD)
    for segment in rest.split("/"):
        name, *params = segment.split(",")
        if not segment:
            raise InvalidInput(
                f"x-oss-process {value!r} has an empty action (a doubled or trailing '/')", field=_FIELD
            )
        if not _ACTION.fullmatch(name):
            raise InvalidInput(f"x-oss-process {value!r}: {name!r} is not an action name", field=_FIELD)
        for param in params:
            if not _PARAM.fullmatch(param):
                raise InvalidInput(
                    f"x-oss-process {value!r}: action {name!r} has an empty or malformed parameter",
                    field=_FIELD,
                )
    return value
