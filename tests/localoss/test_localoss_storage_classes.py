"""Storage classes and RestoreObject, as the OSS PutObject / HeadObject / RestoreObject pages describe them:
x-oss-storage-class on write, in HEAD and listings; 403 InvalidObjectState until an archived object is
restored; the x-oss-restore header; restore time simulated by moving the server's clock (no sleeping)."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from email.utils import formatdate

import oss2
import pytest

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link

from .helpers import AK, SK, error_fields, fetch, make_bucket

CLASSES = ["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"]
ARCHIVED = ["Archive", "ColdArchive", "DeepColdArchive"]
RESTORE_SECONDS = 5.0
DAY = 86400


class Clock:
    """The server's clock: real time plus an offset a test moves forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def srv(localoss_factory, clock):
    server = localoss_factory(seed="empty", clock=clock, restore_seconds=RESTORE_SECONDS)
    server.store.create_bucket("classes", region="cn-hangzhou")
    return server


def _put_all(bucket: oss2.Bucket) -> None:
    for cls in CLASSES:
        bucket.put_object(f"c/{cls}.txt", f"{cls} body".encode(), headers={"x-oss-storage-class": cls})


def _link(srv, key: str, version: str = "v4", timeout: str = "5m") -> str:
    profile = Profile(endpoint=srv.endpoint, access_key_id=AK, access_key_secret=SK, region="cn-hangzhou")
    return sign_link(profile, "classes", key, build_share_options(sign_version=version, timeout=timeout)).url


@pytest.mark.parametrize("sig", ["v1", "v4"])
def test_storage_class_on_put_shows_in_head_and_every_listing(srv, sig):
    bucket = make_bucket(srv, "classes", sig)
    _put_all(bucket)
    for cls in CLASSES:
        assert bucket.head_object(f"c/{cls}.txt").headers["x-oss-storage-class"] == cls
    expected = {f"c/{cls}.txt": cls for cls in CLASSES}
    assert {o.key: o.storage_class for o in oss2.ObjectIterator(bucket)} == expected
    assert {o.key: o.storage_class for o in oss2.ObjectIteratorV2(bucket)} == expected
    versions = bucket.list_object_versions()
    assert {v.key: v.storage_class for v in versions.versions} == expected


def test_an_unknown_storage_class_is_refused(srv):
    bucket = make_bucket(srv, "classes")
    with pytest.raises(oss2.exceptions.OssError) as err:
        bucket.put_object("x.txt", b"x", headers={"x-oss-storage-class": "Glacier"})
    assert err.value.status == 400 and err.value.code == "InvalidArgument"


def test_objects_default_to_the_bucket_storage_class(srv):
    srv.store.create_bucket("ia-bucket", region="cn-hangzhou", storage_class="IA")
    bucket = make_bucket(srv, "ia-bucket")
    bucket.put_object("plain.txt", b"plain")
    assert bucket.head_object("plain.txt").headers["x-oss-storage-class"] == "IA"


@pytest.mark.parametrize("cls", CLASSES)
def test_get_of_an_unrestored_archived_object_is_invalid_object_state(srv, cls):
    make_bucket(srv, "classes").put_object("o.txt", b"body", headers={"x-oss-storage-class": cls})
    status, headers, body = fetch(_link(srv, "o.txt"))
    if cls in ARCHIVED:
        fields = error_fields(body)
        assert status == 403 and fields["Code"] == "InvalidObjectState"
        assert fields["Message"] == "The operation is not valid for the object's state"
        assert headers["x-oss-ec"] == fields["EC"]
    else:
        assert status == 200 and body == b"body"
    # HEAD still answers (OSS lets you read an archived object's metadata), without a restore header.
    head = make_bucket(srv, "classes").head_object("o.txt")
    assert head.headers["x-oss-storage-class"] == cls and "x-oss-restore" not in head.headers


@pytest.mark.parametrize("cls", ARCHIVED)
def test_restore_goes_ongoing_then_restored_then_lapses(srv, clock, cls):
    bucket = make_bucket(srv, "classes")
    bucket.put_object("a.txt", b"archived body", headers={"x-oss-storage-class": cls})
    assert bucket.restore_object("a.txt").status == 202
    assert bucket.head_object("a.txt").headers["x-oss-restore"] == 'ongoing-request="true"'
    status, _, body = fetch(_link(srv, "a.txt"))
    assert status == 403 and error_fields(body)["Code"] == "InvalidObjectState"
    with pytest.raises(oss2.exceptions.OssError) as again:
        bucket.restore_object("a.txt")
    assert again.value.status == 409 and again.value.code == "RestoreAlreadyInProgress"
    assert again.value.details["EC"] == "0016-00000701"

    started = clock()
    clock.offset += RESTORE_SECONDS + 1
    header = bucket.head_object("a.txt").headers["x-oss-restore"]
    assert header.startswith('ongoing-request="false", expiry-date="')
    expiry = header.split('expiry-date="')[1].rstrip('"')
    # Days defaults to 1: restored for one day after the restore completes.
    expected = started + RESTORE_SECONDS + DAY
    assert expiry in {formatdate(int(expected) + d, usegmt=True) for d in (-1, 0, 1)}
    status, _, body = fetch(_link(srv, "a.txt"))
    assert status == 200 and body == b"archived body"
    listed = next(iter(oss2.ObjectIteratorV2(bucket)))
    assert listed.restore_info == header
    # A restored copy can be restored again: that extends it (200, not 202).
    assert bucket.restore_object("a.txt").status == 200

    # Past its expiry the object is frozen again. Header-signed requests would be "too skewed" after
    # moving the clock a day, so use long-lived V1 query links.
    long_link = _link(srv, "a.txt", version="v1", timeout="7d")
    clock.offset += 2 * DAY
    status, _, body = fetch(long_link)
    assert status == 403 and error_fields(body)["Code"] == "InvalidObjectState"
    head_url = make_bucket(srv, "classes", "v1").sign_url("HEAD", "a.txt", 7 * DAY)
    status, headers, _ = fetch(head_url, method="HEAD")
    assert status == 200 and "x-oss-restore" not in {k.lower() for k in headers}


def test_restore_waits_for_real_time_when_the_clock_is_not_moved(localoss_factory):
    server = localoss_factory(seed="empty", restore_seconds=0.2)
    server.store.create_bucket("classes", region="cn-hangzhou")
    bucket = make_bucket(server, "classes")
    bucket.put_object("a.txt", b"x", headers={"x-oss-storage-class": "Archive"})
    bucket.restore_object("a.txt")
    deadline = time.monotonic() + 10
    while 'ongoing-request="false"' not in bucket.head_object("a.txt").headers.get("x-oss-restore", ""):
        assert time.monotonic() < deadline, "restore never completed"
        time.sleep(0.05)  # polling for a condition, not asserting on time
    assert bucket.get_object("a.txt").read() == b"x"


def test_restore_of_a_standard_or_ia_object_is_not_supported(srv):
    bucket = make_bucket(srv, "classes")
    for cls in ("Standard", "IA"):
        bucket.put_object(f"{cls}.txt", b"x", headers={"x-oss-storage-class": cls})
        with pytest.raises(oss2.exceptions.OssError) as err:
            bucket.restore_object(f"{cls}.txt")
        assert err.value.status == 400 and err.value.code == "OperationNotSupported"


@pytest.mark.parametrize(
    ("cls", "days", "tier", "ok"),
    [
        ("Archive", 7, None, True),
        ("Archive", 8, None, False),  # Archive: 1 to 7 days
        ("ColdArchive", 365, "Bulk", True),
        ("ColdArchive", 366, "Standard", False),
        ("DeepColdArchive", 10, "Expedited", True),
        ("DeepColdArchive", 10, "Bulk", False),  # DeepColdArchive has no Bulk tier
    ],
)
def test_restore_request_days_and_tier_are_checked(srv, cls, days, tier, ok):
    bucket = make_bucket(srv, "classes")
    bucket.put_object("r.txt", b"x", headers={"x-oss-storage-class": cls})
    job = oss2.models.RestoreJobParameters(tier) if tier else None
    config = oss2.models.RestoreConfiguration(days, job)
    if ok:
        assert bucket.restore_object("r.txt", input=config).status == 202
    else:
        with pytest.raises(oss2.exceptions.OssError) as err:
            bucket.restore_object("r.txt", input=config)
        assert err.value.status == 400 and err.value.code == "InvalidArgument"


def test_listings_carry_restore_info_as_xml(srv, clock):
    bucket = make_bucket(srv, "classes")
    bucket.put_object("a.txt", b"x", headers={"x-oss-storage-class": "ColdArchive"})
    bucket.put_object("b.txt", b"x", headers={"x-oss-storage-class": "Archive"})
    bucket.restore_object("a.txt", input=oss2.models.RestoreConfiguration(3))
    srv.store.set_acl("classes", "public-read")  # read the raw XML with a plain anonymous request
    _, _, body = fetch(f"{srv.endpoint}/classes/?list-type=2")
    contents = {c.findtext("Key"): c for c in ElementTree.fromstring(body).iter("Contents")}
    assert contents["a.txt"].findtext("RestoreInfo") == 'ongoing-request="true"'
    assert contents["a.txt"].findtext("StorageClass") == "ColdArchive"
    assert contents["b.txt"].find("RestoreInfo") is None
