"""What the share form remembers: the last options per bucket for this session, and options turned back into
form fields (history's "sign again with changes")."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from oss_share_tui.core.disposition import parse_content_disposition
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.core.units import BITS_PER_UNIT

Fields = dict[str, Any]
"""Form field values by DOM id: Input text, Select value, Checkbox bool, or a RadioSet's pressed button id."""

PER_OBJECT = frozenset({"version-id", "filename", "same-name"})
"""Fields that belong to one object, never carried over to the next form."""
PRESETS = {60: "1m", 900: "15m", 3600: "1h", 86400: "1d", 604800: "7d"}

_SESSION: WeakKeyDictionary[object, dict[str, Fields]] = WeakKeyDictionary()


def remembered(app: object, bucket: str) -> Fields:
    """The fields last used for `bucket` in this app's session ({} when none)."""
    return dict(_SESSION.get(app, {}).get(bucket, {}))


def remember(app: object, bucket: str, fields: Fields) -> None:
    """Keep `fields` (less the per-object ones) as the starting point of the next form for `bucket`."""
    _SESSION.setdefault(app, {})[bucket] = {k: v for k, v in fields.items() if k not in PER_OBJECT}


def forget(app: object, bucket: str) -> None:
    """Back to the defaults for `bucket`."""
    _SESSION.get(app, {}).pop(bucket, None)


def expiry_code(seconds: int) -> str:
    """The expiry picker's value for a lifetime: a preset code, else a custom duration."""
    return PRESETS.get(seconds, f"{seconds}s")


def fields_from_options(options: ShareOptions) -> Fields:
    """The form fields that make `options` again (expiry as a preset or custom duration)."""
    fields: Fields = {"expiry": expiry_code(options.expires_in)}
    if options.version_id:
        fields["version-id"] = options.version_id
    if options.traffic_limit is not None:
        mb = BITS_PER_UNIT["MB/s"]
        unit = "MB/s" if options.traffic_limit % mb == 0 else "KB/s"
        fields["traffic-value"] = f"{options.traffic_limit / BITS_PER_UNIT[unit]:g}"
        fields["traffic-unit"] = unit
    fields["requester-pays"] = options.payer == "requester"
    fields["slash-safe"] = options.slash_safe
    fields["sign-version"] = "sign-v1" if options.sign_version == "v1" else "sign-v4"
    for key, value in options.params:
        if key == "response-content-disposition":
            mode, name = parse_content_disposition(value)
            fields["disposition"] = f"disposition-{mode}" if mode in ("inline", "attachment") else None
            if name:
                fields["filename"] = name
        elif key == "x-oss-process":
            fields["process-raw"] = value
        else:
            fields["param-" + key.removeprefix("x-oss-").removeprefix("response-")] = value
    return fields
