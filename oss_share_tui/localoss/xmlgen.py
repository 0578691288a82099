"""Response XML as OSS writes it: no xmlns, ISO-8601 times with milliseconds, quoted upper-case ETags."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from email.utils import formatdate
from typing import Any
from urllib.parse import quote

XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
OWNER_ID = "1283641033516515"
_OWNER = f"<Owner><ID>{OWNER_ID}</ID><DisplayName>{OWNER_ID}</DisplayName></Owner>"


def esc(text: str) -> str:
    """Escape text for an XML element body (fast path for the common case with nothing to escape)."""
    if "&" in text or "<" in text or ">" in text or '"' in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text


_MINUTES: dict[int, str] = {}


def iso(ts: float) -> str:
    """A unix time the way OSS writes it in XML: `2023-11-22T05:15:05.000Z`."""
    # Listings format thousands of nearby times: cache the part up to the minute (strftime is the cost).
    minute, second = divmod(int(ts), 60)
    head = _MINUTES.get(minute)
    if head is None:
        if len(_MINUTES) > 8192:
            _MINUTES.clear()
        head = _MINUTES[minute] = time.strftime("%Y-%m-%dT%H:%M:", time.gmtime(minute * 60))
    return f"{head}{second:02d}.000Z"


def http_date(ts: float) -> str:
    """A unix time as an RFC 1123 header date."""
    return formatdate(ts, usegmt=True)


_PLAIN = re.compile(r"[A-Za-z0-9_.~/-]*")


def _enc(text: str, url: bool) -> str:
    """A key or prefix as it goes in a listing: percent-encoded with encoding-type=url, else XML-escaped."""
    if not url:
        return esc(text)
    if _PLAIN.fullmatch(text):
        return text.replace("/", "%2F")  # fast path for the common key; same result as quote()
    return quote(text, safe="")


def _el(name: str, value: str) -> str:
    return f"<{name}>{value}</{name}>"


def doc(body: Iterable[str]) -> bytes:
    """Join fragments into a UTF-8 document with the XML declaration."""
    return (XML_DECL + "".join(body)).encode("utf-8")


def list_buckets(
    buckets: list,
    host_port: str,
    *,
    prefix: str | None,
    marker: str | None,
    max_keys: str | None,
    truncated: bool,
    next_marker: str,
) -> bytes:
    """ListAllMyBucketsResult; Prefix/Marker/MaxKeys only when the request gave them."""
    out = ["<ListAllMyBucketsResult>"]
    if prefix is not None:
        out.append(_el("Prefix", esc(prefix)))
    if marker is not None:
        out.append(_el("Marker", esc(marker)))
    if max_keys is not None:
        out.append(_el("MaxKeys", max_keys))
    if truncated:
        out.append("<IsTruncated>true</IsTruncated>" + _el("NextMarker", esc(next_marker)))
    out.append(_OWNER + "<Buckets>")
    for b in buckets:
        out.append(
            "<Bucket>"
            + _el("CreationDate", iso(b.created))
            + _el("ExtranetEndpoint", host_port)
            + _el("IntranetEndpoint", host_port)
            + _el("Location", f"oss-{b.region}")
            + _el("Name", b.name)
            + _el("Region", b.region)
            + _el("StorageClass", b.storage_class)
            + "</Bucket>"
        )
    out.append("</Buckets></ListAllMyBucketsResult>")
    return doc(out)


def bucket_info(b, host_port: str) -> bytes:
    """GetBucketInfo's `<BucketInfo><Bucket>`."""
    out = [
        "<BucketInfo><Bucket>",
        "<AccessMonitor>Disabled</AccessMonitor>",
        _el("CreationDate", iso(b.created)),
        _el("ExtranetEndpoint", host_port),
        _el("IntranetEndpoint", host_port),
        _el("Location", f"oss-{b.region}"),
        _el("Region", b.region),
        _el("StorageClass", b.storage_class),
        "<TransferAcceleration>Disabled</TransferAcceleration>",
        "<CrossRegionReplication>Disabled</CrossRegionReplication>",
        "<DataRedundancyType>LRS</DataRedundancyType>",
        _el("Name", b.name),
    ]
    if b.versioning:
        out.append(_el("Versioning", b.versioning))
    out += [
        f"<Owner><DisplayName>{OWNER_ID}</DisplayName><ID>{OWNER_ID}</ID></Owner>",
        f"<AccessControlList><Grant>{b.acl}</Grant></AccessControlList>",
        "<Comment></Comment>",
        "</Bucket></BucketInfo>",
    ]
    return doc(out)


def bucket_acl(acl: str) -> bytes:
    """GetBucketAcl / GetObjectAcl's AccessControlPolicy."""
    return doc(
        [
            f"<AccessControlPolicy>{_OWNER}<AccessControlList><Grant>{acl}</Grant>"
            "</AccessControlList></AccessControlPolicy>"
        ]
    )


def location(region: str) -> bytes:
    """GetBucketLocation."""
    return doc([_el("LocationConstraint", f"oss-{region}")])


def versioning(status: str | None) -> bytes:
    """GetBucketVersioning; an empty element when versioning was never set."""
    if not status:
        return doc(["<VersioningConfiguration/>"])
    return doc([f"<VersioningConfiguration><Status>{status}</Status></VersioningConfiguration>"])


RestoreInfo = Callable[[Any], "str | None"]
"""A version -> its RestoreInfo text (the x-oss-restore value), or None when no restore is in effect."""


def _no_restore(v: Any) -> str | None:
    return None


def _restore(v: Any, restore_info: RestoreInfo) -> str:
    info = restore_info(v) if v.storage_class != "Standard" else None
    return "" if info is None else f"<RestoreInfo>{esc(info)}</RestoreInfo>"


def _contents(v, url: bool, owner: bool, restore_info: RestoreInfo) -> str:
    return (
        f"<Contents><Key>{_enc(v.key, url)}</Key><LastModified>{iso(v.last_modified)}</LastModified>"
        f"<ETag>&quot;{v.etag}&quot;</ETag><Type>{v.object_type}</Type><Size>{v.size}</Size>"
        f"<StorageClass>{v.storage_class}</StorageClass>{_restore(v, restore_info)}"
        f"{_OWNER if owner else ''}</Contents>"
    )


def list_objects(
    bucket: str,
    page,
    *,
    v2: bool,
    prefix: str,
    delimiter: str,
    max_keys: int,
    url: bool,
    marker: str = "",
    start_after: str | None = None,
    continuation_token: str | None = None,
    next_token: str = "",
    fetch_owner: bool = False,
    restore_info: RestoreInfo = _no_restore,
) -> bytes:
    """ListBucketResult for ListObjects (v1) or ListObjectsV2."""
    out = ["<ListBucketResult>", _el("Name", bucket), _el("Prefix", _enc(prefix, url))]
    if not v2:
        out.append(_el("Marker", _enc(marker, url)))
    else:
        if start_after is not None:
            out.append(_el("StartAfter", _enc(start_after, url)))
        if continuation_token is not None:
            out.append(_el("ContinuationToken", _enc(continuation_token, url)))
    out.append(_el("MaxKeys", str(max_keys)))
    out.append(_el("Delimiter", _enc(delimiter, url)))
    if url:
        out.append("<EncodingType>url</EncodingType>")
    out.append(_el("IsTruncated", "true" if page.truncated else "false"))
    if page.truncated:
        if v2:
            out.append(_el("NextContinuationToken", _enc(next_token, url)))
        else:
            out.append(_el("NextMarker", _enc(page.next_marker, url)))
    owner = fetch_owner or not v2
    out += [_contents(v, url, owner, restore_info) for v in page.objects]
    out += [f"<CommonPrefixes><Prefix>{_enc(p, url)}</Prefix></CommonPrefixes>" for p in page.prefixes]
    if v2:
        out.append(_el("KeyCount", str(len(page.objects) + len(page.prefixes))))
    out.append("</ListBucketResult>")
    return doc(out)


def list_versions(
    bucket: str,
    page,
    *,
    prefix: str,
    delimiter: str,
    key_marker: str,
    version_id_marker: str,
    max_keys: int,
    url: bool,
    restore_info: RestoreInfo = _no_restore,
) -> bytes:
    """ListVersionsResult: versions and delete markers interleaved in key order, newest first per key."""
    out = [
        "<ListVersionsResult>",
        _el("Name", bucket),
        _el("Prefix", _enc(prefix, url)),
        _el("KeyMarker", _enc(key_marker, url)),
        _el("VersionIdMarker", esc(version_id_marker)),
        _el("MaxKeys", str(max_keys)),
        _el("Delimiter", _enc(delimiter, url)),
    ]
    if url:
        out.append("<EncodingType>url</EncodingType>")
    out.append(_el("IsTruncated", "true" if page.truncated else "false"))
    if page.truncated:
        out.append(_el("NextKeyMarker", _enc(page.next_key_marker, url)))
        out.append(_el("NextVersionIdMarker", esc(page.next_version_id_marker)))
    for v, latest in page.versions:
        common = (
            _el("Key", _enc(v.key, url))
            + _el("VersionId", esc(v.version_id))
            + _el("IsLatest", "true" if latest else "false")
            + _el("LastModified", iso(v.last_modified))
        )
        if v.is_delete_marker:
            out.append(f"<DeleteMarker>{common}{_OWNER}</DeleteMarker>")
        else:
            out.append(
                f"<Version>{common}<ETag>&quot;{v.etag}&quot;</ETag><Type>{v.object_type}</Type>"
                f"<Size>{v.size}</Size><StorageClass>{v.storage_class}</StorageClass>"
                f"{_restore(v, restore_info)}{_OWNER}</Version>"
            )
    out += [f"<CommonPrefixes><Prefix>{_enc(p, url)}</Prefix></CommonPrefixes>" for p in page.prefixes]
    out.append("</ListVersionsResult>")
    return doc(out)
