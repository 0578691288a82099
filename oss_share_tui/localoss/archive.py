"""Storage classes and RestoreObject: which objects can be read, the x-oss-restore header, restore timing."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from oss_share_tui.localoss.errors import OssError, bad_request, invalid_argument
from oss_share_tui.localoss.store import ObjectVersion
from oss_share_tui.localoss.xmlgen import http_date

ARCHIVE_CLASSES = ("Archive", "ColdArchive", "DeepColdArchive")
STORAGE_CLASSES = ("Standard", "IA", *ARCHIVE_CLASSES)
DAY = 86400.0
# RestoreObject's Days range and retrieval tiers per class (OSS RestoreObject page).
_MAX_DAYS = {"Archive": 7, "ColdArchive": 365, "DeepColdArchive": 365}
_TIERS = {"ColdArchive": ("Expedited", "Standard", "Bulk"), "DeepColdArchive": ("Expedited", "Standard")}


def check_storage_class(value: str, name: str = "x-oss-storage-class") -> str:
    """A storage class OSS knows, or 400 InvalidArgument."""
    if value not in STORAGE_CLASSES:
        raise invalid_argument(f"Invalid storage class {value!r}.", name, value)
    return value


def restore_state(v: ObjectVersion, now: float) -> str:
    """ "n/a" (not archived), "frozen", "ongoing" or "restored"."""
    if v.storage_class not in ARCHIVE_CLASSES:
        return "n/a"
    if v.restore_ready_at is None:
        return "frozen"
    if now < v.restore_ready_at:
        return "ongoing"
    if v.restore_expires_at is not None and now < v.restore_expires_at:
        return "restored"
    return "frozen"  # the restored copy expired: frozen again


def restore_value(v: ObjectVersion, now: float) -> str | None:
    """The x-oss-restore header (and listings' RestoreInfo) value, or None when no restore is in effect."""
    state = restore_state(v, now)
    if state == "ongoing":
        return 'ongoing-request="true"'
    if state == "restored":
        return f'ongoing-request="false", expiry-date="{http_date(v.restore_expires_at or 0)}"'
    return None


def check_readable(v: ObjectVersion, now: float) -> None:
    """403 InvalidObjectState for an archived object that is not restored (as OSS answers GetObject)."""
    if restore_state(v, now) in ("frozen", "ongoing"):
        raise OssError(
            403,
            "InvalidObjectState",
            "The operation is not valid for the object's state",
            [("Key", v.key)],
        )


def _restore_request(body: bytes, storage_class: str) -> int:
    """Days from a `<RestoreRequest>` body (optional for Archive; default 1 day)."""
    if not body.strip():
        return 1
    if len(body) > 64 * 1024 or b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise bad_request(
            "MalformedXML", "The XML you provided was not well-formed or did not validate."
        ) from None
    if root.tag != "RestoreRequest":
        raise bad_request("MalformedXML", "The XML you provided was not well-formed or did not validate.")
    days_text = (root.findtext("Days") or "1").strip()
    max_days = _MAX_DAYS[storage_class]
    if not days_text.isdigit() or not 1 <= int(days_text) <= max_days:
        raise invalid_argument(
            f"Days must be an integer between 1 and {max_days} for {storage_class}.", "Days", days_text
        )
    tier = root.findtext("JobParameters/Tier")
    if tier is not None:
        allowed = _TIERS.get(storage_class, ())
        if tier not in allowed:
            raise invalid_argument(f"Invalid restore tier {tier!r} for {storage_class}.", "Tier", tier)
    return int(days_text)


def restore(v: ObjectVersion, body: bytes, now: float, delay: float) -> int:
    """RestoreObject on one version: 202 when started, 200 when a restored copy is extended."""
    if v.storage_class not in ARCHIVE_CLASSES:
        raise OssError(
            400,
            "OperationNotSupported",
            "The operation is not supported for this resource.",
            [("Key", v.key)],
        )
    days = _restore_request(body, v.storage_class)
    state = restore_state(v, now)
    if state == "ongoing":
        raise OssError(
            409,
            "RestoreAlreadyInProgress",
            "The restore operation is in progress.",
            [("Key", v.key)],
        )
    if state == "restored":
        v.restore_expires_at = now + days * DAY
        return 200
    v.restore_ready_at = now + delay
    v.restore_expires_at = v.restore_ready_at + days * DAY
    return 202
