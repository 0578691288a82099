"""A folder listed from ListObjectVersions, so keys whose latest version is a delete marker show up too."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import unquote

from oss_share_tui.core.models import Bucket, Entry, Page
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.listing_xml import expect_root, not_a_listing, parse_iso, required, size_of


class DeletedEntry(Entry):
    """A key whose latest version is a delete marker: it is gone from plain listings, its versions remain.

    `last_modified` is when it was deleted. A subclass, so that plain entries carry no extra field.
    """

    __slots__ = ()
    deleted: ClassVar[bool] = True


def versioning_status(gateway: OssGateway, bucket: Bucket | str) -> str:
    """GetBucketVersioning: `Enabled`, `Suspended`, or "" for a bucket where it was never set."""
    client = gateway._client(bucket)
    root = gateway._get_xml(client, {"versioning": ""})
    expect_root(root, "VersioningConfiguration")
    return (root.findtext("Status") or "").strip()


def list_prefix_with_deleted(
    gateway: OssGateway,
    bucket: Bucket | str,
    prefix: str,
    token: tuple[str, str] | None = None,
    *,
    max_keys: int = 1000,
) -> Page[Entry]:
    """One page of the folder `prefix` from ListObjectVersions with delimiter `/`.

    Each key appears once, from its latest version (OSS lists it first among the key's versions, with
    IsLatest true): an `Entry` when that is an object, a `DeletedEntry` when it is a delete marker. Older
    versions are skipped. Folders come from CommonPrefixes, first, as in a plain listing.
    """
    client = gateway._client(bucket)
    key_marker, version_marker = token or ("", "")
    params = {
        "versions": "",
        "prefix": prefix,
        "delimiter": "/",
        "key-marker": key_marker,
        "version-id-marker": version_marker,
        "max-keys": str(max_keys),
        "encoding-type": "url",
    }
    root = gateway._get_xml(client, params)
    expect_root(root, "ListVersionsResult")
    encoded = (root.findtext("EncodingType") or "") == "url"

    def plain(text: str) -> str:
        return unquote(text) if encoded else text

    folders: list[Entry] = []
    objects: list[Entry] = []
    for node in root:
        if node.tag == "CommonPrefixes":
            key = plain(required(node, "Prefix", "a folder entry (CommonPrefixes)"))
            if key != prefix:
                folders.append(Entry(key=key, is_prefix=True))
            continue
        if node.tag not in ("Version", "DeleteMarker"):
            continue
        if (node.findtext("IsLatest") or "").strip().lower() != "true":
            continue
        where = "a delete marker" if node.tag == "DeleteMarker" else "a version entry"
        key = plain(required(node, "Key", where))
        if key == prefix:  # the zero-byte "folder" object itself
            continue
        when = parse_iso(node.findtext("LastModified"))
        if node.tag == "DeleteMarker":
            objects.append(DeletedEntry(key=key, last_modified=when))
        else:
            objects.append(
                Entry(
                    key=key,
                    size=size_of(node, f"a version of {key[:80]!r}"),
                    last_modified=when,
                    storage_class=node.findtext("StorageClass") or "",
                    etag=(node.findtext("ETag") or "").strip('"'),
                    object_type=node.findtext("Type") or "",
                )
            )
    next_token: tuple[str, str] | None = None
    if (root.findtext("IsTruncated") or "").strip().lower() == "true":
        next_key = plain(root.findtext("NextKeyMarker") or "")
        if not next_key:
            raise not_a_listing("the page says there is more (IsTruncated) but has no NextKeyMarker")
        next_token = (next_key, root.findtext("NextVersionIdMarker") or "")
    return Page(tuple(folders + objects), next_token)
