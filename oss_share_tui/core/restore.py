"""Archived storage classes and their restore state, as OSS reports it (RestoreInfo / `x-oss-restore`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

ARCHIVED_CLASSES = frozenset({"archive", "coldarchive", "deepcoldarchive"})
"""Storage classes whose objects must be restored before they can be read (compared case-insensitively:
OSS's examples spell them `Archive` and `ARCHIVE`)."""

UNRESTORED_WARNING = "the link fails until the object is restored"
"""The words used wherever an unrestored archived object is about to be shared or its link fails."""

_ONGOING = re.compile(r'ongoing-request\s*=\s*"(true|false)"', re.IGNORECASE)
_EXPIRY = re.compile(r'expiry-date\s*=\s*"([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RestoreState:
    """One object's restore state: never asked (`requested` False), under way, or done until `expiry`."""

    requested: bool = False
    ongoing: bool = False
    expiry: datetime | None = None


def is_archived(storage_class: str) -> bool:
    """True for Archive, ColdArchive and DeepColdArchive."""
    return storage_class.replace(" ", "").lower() in ARCHIVED_CLASSES


def parse_restore(text: str | None) -> RestoreState:
    """`ongoing-request="false", expiry-date="Sat, 05 Nov 2022 07:38:08 GMT"` → a RestoreState.

    No text means no restore was asked for, or the restored copy has expired (OSS then omits it).
    """
    if not text or not text.strip():
        return RestoreState()
    ongoing = _ONGOING.search(text)
    expiry_match = _EXPIRY.search(text)
    expiry = None
    if expiry_match:
        try:
            expiry = parsedate_to_datetime(expiry_match.group(1))
        except (TypeError, ValueError):
            expiry = None
        if expiry is not None and expiry.tzinfo is None:
            expiry = expiry.replace(tzinfo=timezone.utc)  # an HTTP date is GMT by definition
    return RestoreState(requested=True, ongoing=bool(ongoing and ongoing.group(1).lower() == "true"),
                        expiry=expiry)


def readable(storage_class: str, restore: str | None, now: datetime | None = None) -> bool:
    """False when a GET of the object fails with InvalidObjectState: archived and not (still) restored."""
    if not is_archived(storage_class):
        return True
    state = parse_restore(restore)
    if not state.requested or state.ongoing:
        return False
    if state.expiry is None:
        return True  # restored, no end given: trust OSS's word that it is readable
    return state.expiry > (now or datetime.now(timezone.utc))


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def storage_label(storage_class: str, restore: str | None, now: datetime | None = None, *,
                  short: bool = False) -> str:
    """The storage class with its restore state: `Archive (frozen)`, `ColdArchive (restoring)`,
    `ColdArchive (restored until 2022-11-05 07:38 UTC)` (`short`: without the date, for a list column);
    other classes as they are."""
    if not is_archived(storage_class):
        return storage_class
    state = parse_restore(restore)
    if not state.requested:
        return f"{storage_class} (frozen)"
    if state.ongoing:
        return f"{storage_class} (restoring)"
    if state.expiry is not None and state.expiry <= (now or datetime.now(timezone.utc)):
        return f"{storage_class} (frozen)"
    if state.expiry is None or short:
        return f"{storage_class} (restored)"
    return f"{storage_class} (restored until {_utc_text(state.expiry)})"


def share_warning(storage_class: str, restore: str | None, now: datetime | None = None) -> str | None:
    """The warning to give before sharing an object, or None when its link can work now."""
    if readable(storage_class, restore, now):
        return None
    state = parse_restore(restore)
    what = "is being restored" if state.requested and state.ongoing else "is not restored"
    return f"{storage_class} object {what}: {UNRESTORED_WARNING}"
