"""Restore state from OSS's RestoreInfo / x-oss-restore text (the forms the OSS docs give: none, ongoing,
done with an HTTP-date expiry) and what it means for a link."""

from __future__ import annotations

from datetime import datetime, timezone

from oss_share_tui.core.restore import (
    UNRESTORED_WARNING,
    is_archived,
    parse_restore,
    readable,
    share_warning,
    storage_label,
)

DONE = 'ongoing-request="false", expiry-date="Sun, 16 Apr 2017 08:12:33 GMT"'
EXPIRY = datetime(2017, 4, 16, 8, 12, 33, tzinfo=timezone.utc)
BEFORE, AFTER = datetime(2017, 4, 16, 8, 12, 32, tzinfo=timezone.utc), EXPIRY


def test_the_three_documented_states() -> None:
    assert parse_restore(None).requested is False
    assert parse_restore("") == parse_restore("   ")
    ongoing = parse_restore('ongoing-request="true"')
    assert ongoing.requested and ongoing.ongoing and ongoing.expiry is None
    done = parse_restore(DONE)
    assert done.requested and not done.ongoing and done.expiry == EXPIRY


def test_archived_classes_in_either_spelling() -> None:
    # Both spellings occur in the SDK test bodies; IA and Standard need no restore.
    assert all(is_archived(c) for c in ("Archive", "ARCHIVE", "ColdArchive", "DeepColdArchive"))
    assert not any(is_archived(c) for c in ("Standard", "STANDARD", "IA", ""))


def test_readable_until_the_expiry_second() -> None:
    assert readable("ColdArchive", DONE, BEFORE)
    assert not readable("ColdArchive", DONE, AFTER)
    assert not readable("Archive", "", BEFORE)
    assert not readable("Archive", 'ongoing-request="true"', BEFORE)
    assert readable("Standard", "", BEFORE) and readable("IA", "", BEFORE)


def test_labels_and_warning() -> None:
    assert storage_label("ColdArchive", DONE, BEFORE) == "ColdArchive (restored until 2017-04-16 08:12 UTC)"
    assert storage_label("ColdArchive", DONE, BEFORE, short=True) == "ColdArchive (restored)"
    assert storage_label("ColdArchive", DONE, AFTER) == "ColdArchive (frozen)"
    assert storage_label("IA", "", BEFORE) == "IA"
    assert share_warning("Standard", "", BEFORE) is None
    assert share_warning("DeepColdArchive", 'ongoing-request="true"', BEFORE) == (
        f"DeepColdArchive object is being restored: {UNRESTORED_WARNING}")
    assert UNRESTORED_WARNING == "the link fails until the object is restored"  # the words
