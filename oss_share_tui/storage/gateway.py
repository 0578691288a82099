"""`OssGateway`: list buckets, prefixes and versions, head objects; oss2 in, the project's dataclasses out."""

from __future__ import annotations

import random
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote

from oss_share_tui.core.errors import RemoteError
from oss_share_tui.core.models import Bucket, Entry, ObjectInfo, Page, Version
from oss_share_tui.storage.listing_xml import (
    YIELD_EVERY,
    collector_paused,
    expect_root,
    is_truncated,
    let_others_run,
    listing_xml,
    not_a_listing,
    parse_iso,
    required,
    size_of,
    utc_from_epoch,
)
from oss_share_tui.storage.oss_errors import is_retryable, to_remote_error
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.quiet_logs import ensure_oss2_quiet, quiet_oss2_logging
from oss_share_tui.storage.region import region_from_endpoint, region_from_location

T = TypeVar("T")

FALLBACK_REGION = "cn-hangzhou"
"""Region used to sign bucket-less calls (ListBuckets) when neither the profile nor the endpoint names one."""


class _FreshCredentials:
    """An oss2 credentials provider that asks ours before each request (oss2 calls `get_credentials`)."""

    def __init__(self, oss2: Any, fresh: Callable[[], Profile]) -> None:
        self._oss2 = oss2
        self._fresh = fresh

    def get_credentials(self) -> Any:
        p = self._fresh()
        return self._oss2.credentials.Credentials(p.access_key_id, p.access_key_secret, p.sts_token)


class OssGateway:
    """Every read call the TUI makes to OSS. Thread-safe; call it from thread workers only.

    oss2 is imported on first use. Each call gets a connect/read timeout and a bounded retry with
    exponential backoff on network errors and 5xx: at most `retries + 1` attempts, sleeping
    `backoff * 2**n` (plus a little jitter) between them. All failures come out as `RemoteError`.
    """

    def __init__(
        self,
        profile: Profile,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
    ) -> None:
        self.profile = profile
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self._lock = threading.Lock()
        self._oss2: Any = None
        self._session: Any = None
        self._auth: Any = None
        self._known: dict[str, Bucket] = {}
        self.credential_source = profile.credential_source
        """Where the keys come from; set to the source actually used once a provider has answered."""
        self.resolved_profile: Profile | None = None
        """The profile with the keys its provider last gave (None without a provider or before it answers)."""
        self._clients: dict[str, Any] = {}

    # -- plumbing ---------------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        """`http` or `https`, from the profile's endpoint (https when it has none)."""
        return "http" if self.profile.endpoint.startswith("http://") else "https"

    @property
    def service_region(self) -> str:
        """The region to sign bucket-less calls with."""
        return self.profile.region or (region_from_endpoint(self.profile.endpoint) or "") or FALLBACK_REGION

    def _lib(self) -> Any:
        """oss2, its session and auth, created once (the import costs ~0.4 s: never on the event loop)."""
        with self._lock:
            if self._oss2 is None:
                import oss2

                quiet_oss2_logging()  # its DEBUG/INFO records carry the STS token and request headers

                p = self.profile
                if p.provider is not None:
                    # Keys from a provider (credential modes, the default chain): asked before each
                    # request, so temporary credentials are refreshed as they near expiry. The first
                    # answer (maybe an STS call) happens here, in the worker that imports oss2.
                    p = self._fresh()
                    provider: Any = _FreshCredentials(oss2, self._fresh)
                else:
                    provider = oss2.credentials.StaticCredentialsProvider(
                        p.access_key_id, p.access_key_secret, p.sts_token
                    )
                if not p.has_credentials:
                    self._auth = oss2.AnonymousAuth()  # public-read buckets need no key
                elif p.sign_version.lower() == "v1":
                    self._auth = oss2.ProviderAuth(provider)
                else:
                    self._auth = oss2.ProviderAuthV4(provider)
                self._session = oss2.Session()
                self._oss2 = oss2
            return self._oss2

    def _fresh(self) -> Profile:
        """The profile with fresh keys from its provider; a credentials problem becomes a RemoteError (the
        browser shows those), its message naming the source."""
        from oss_share_tui.core.errors import ConfigError
        from oss_share_tui.storage.credentials import fresh_profile

        try:
            fresh = fresh_profile(self.profile)
        except ConfigError as err:
            raise RemoteError(str(err), code="CredentialsError",
                              hint="check the credential source named above") from None
        self.credential_source = fresh.credential_source
        self.resolved_profile = fresh
        return fresh

    def endpoint_for(self, bucket: Bucket) -> str:
        """Where to reach `bucket`: `[Bucket-Endpoint]` config, its ExtranetEndpoint, or the profile's."""
        host = self.profile.bucket_endpoints.get(bucket.name) or bucket.extranet_endpoint
        if not host:
            return self.profile.endpoint or f"https://oss-{self.service_region}.aliyuncs.com"
        return host if "://" in host else f"{self.scheme}://{host}"

    def _resolve(self, bucket: Bucket | str) -> Bucket:
        """A Bucket record for a name: the one ListBuckets/GetBucketInfo gave, else a bare one."""
        if isinstance(bucket, Bucket):
            return bucket
        with self._lock:
            known = self._known.get(bucket)
        return known or Bucket(name=bucket)

    def _client(self, bucket: Bucket | str) -> Any:
        """An `oss2.Bucket` bound to the bucket's own endpoint and region (cached per bucket)."""
        oss2 = self._lib()
        record = self._resolve(bucket)
        endpoint = self.endpoint_for(record)
        region = record.region or self.profile.region or region_from_endpoint(endpoint) or self.service_region
        cache_key = f"{record.name}\n{endpoint}\n{region}"
        with self._lock:
            client = self._clients.get(cache_key)
        if client is None:
            try:
                client = oss2.Bucket(
                    self._auth,
                    endpoint,
                    record.name,
                    session=self._session,
                    connect_timeout=self.timeout,
                    region=region,
                )
            except Exception as exc:
                raise to_remote_error(exc) from exc
            with self._lock:
                self._clients[cache_key] = client
        return client

    def _call(self, fn: Callable[[], T]) -> T:
        """Run one oss2 call with bounded retries; raise RemoteError on failure."""
        attempt = 0
        ensure_oss2_quiet()
        while True:
            try:
                return fn()
            except RemoteError:
                raise
            except Exception as exc:
                if attempt < self.retries and is_retryable(exc):
                    delay = self.backoff * (2**attempt)
                    time.sleep(delay + random.uniform(0, delay / 4))
                    attempt += 1
                    continue
                raise to_remote_error(exc) from exc

    def remember(self, bucket: Bucket) -> None:
        """Record what we know about a bucket (endpoint, region) for later calls by name."""
        with self._lock:
            self._known[bucket.name] = bucket

    # -- calls ------------------------------------------------------------------------------------

    def list_buckets(self, marker: str | None = None, *, prefix: str = "") -> Page[Bucket]:
        """One page of ListBuckets (up to 1000), optionally only names starting with `prefix`."""
        oss2 = self._lib()

        def call() -> Any:
            service = oss2.Service(
                self._auth,
                self.profile.endpoint or f"https://oss-{self.service_region}.aliyuncs.com",
                session=self._session,
                connect_timeout=self.timeout,
                region=self.service_region,
            )
            return service.list_buckets(prefix=prefix, marker=marker or "", max_keys=1000)

        result = self._call(call)
        buckets = tuple(
            Bucket(
                name=b.name,
                region=b.region or region_from_location(b.location or ""),
                location=b.location or "",
                extranet_endpoint=b.extranet_endpoint or "",
                intranet_endpoint=b.intranet_endpoint or "",
                created=utc_from_epoch(b.creation_date),
                storage_class=b.storage_class or "",
            )
            for b in result.buckets
        )
        for b in buckets:
            self.remember(b)
        return Page(buckets, result.next_marker if result.is_truncated else None)

    def bucket_info(self, bucket: str) -> Bucket:
        """Find a bucket's region and endpoint: ListBuckets by prefix, else GetBucketInfo; remembered.

        ListBuckets comes first because V4 needs the region before GetBucketInfo can be signed right;
        when it is denied (common for RAM users), GetBucketInfo is signed with the profile's region.
        """
        try:
            found = [b for b in self.list_buckets(prefix=bucket).items if b.name == bucket]
        except RemoteError as exc:
            # Denied (4xx) or unreadable (a ListBuckets answer oss2 cannot parse, e.g. one missing a field
            # it requires): GetBucketInfo is a separate call and may well work. Network trouble or a 5xx:
            # it would fare no better.
            if not (400 <= exc.status < 500 or exc.code == "BadResponse"):
                raise
            found = []
        if found:
            return found[0]
        client = self._client(bucket)
        info = self._call(client.get_bucket_info)
        record = Bucket(
            name=info.name or bucket,
            region=region_from_location(info.location or ""),
            location=info.location or "",
            extranet_endpoint=info.extranet_endpoint or "",
            intranet_endpoint=info.intranet_endpoint or "",
            created=parse_iso(info.creation_date),
            storage_class=info.storage_class or "",
        )
        self.remember(record)
        return record

    def list_prefix(
        self,
        bucket: Bucket | str,
        prefix: str,
        token: str | None = None,
        *,
        max_keys: int = 1000,
        delimiter: str = "/",
        start_after: str = "",
    ) -> Page[Entry]:
        """One page of ListObjectsV2 with `delimiter` (`/`: one folder level; "": every key below `prefix`).

        The page's folders come first, then its objects; `start_after` skips keys up to and including it.
        """
        client = self._client(bucket)
        params = {
            "list-type": "2",
            "prefix": prefix,
            "delimiter": delimiter,
            "continuation-token": token or "",
            "max-keys": str(max_keys),
            "encoding-type": "url",
        }
        if start_after and not token:
            params["start-after"] = start_after
        # oss2's list_objects_v2 parser costs ~3x the request itself on a 1000-key page (a strptime per
        # key); ElementTree in one pass keeps paging a big prefix at the speed of the server.
        # Anything OSS would never send is a RemoteError: a page misread would silently drop or repeat rows.
        body = self._get_body(client, params)
        with collector_paused():  # parsing and converting only: never while waiting on the network
            root = listing_xml(body)
            expect_root(root, "ListBucketResult")
            encoded = (root.findtext("EncodingType") or "") == "url"

            def key_of(text: str) -> str:
                if not encoded:
                    return text
                plain = text.replace("%2F", "/")  # most encoded keys escape only their slashes
                return plain if "%" not in plain else unquote(text)

            folders: list[Entry] = []
            objects: list[Entry] = []
            for index, node in enumerate(root):
                if index % YIELD_EVERY == 0:
                    let_others_run()
                if node.tag == "Contents":
                    key = key_of(required(node, "Key", "an object entry (Contents)"))
                    size = node.findtext("Size")
                    if size is None or not (size.isdigit() and size.isascii()):  # the checks and messages
                        size = size_of(node, lambda: f"object {key[:80]!r}")
                    if key == prefix and key.endswith("/") and int(size) == 0:
                        continue  # the zero-byte "folder" marker of the place listed, not a file in it
                    restore = node.findtext("RestoreInfo")
                    objects.append(
                        Entry(
                            key=key,
                            size=int(size),
                            last_modified=parse_iso(node.findtext("LastModified")),
                            # A handful of distinct values: one shared string each, not one per row.
                            storage_class=sys.intern(node.findtext("StorageClass") or ""),
                            etag=(node.findtext("ETag") or "").strip('"'),
                            object_type=sys.intern(node.findtext("Type") or ""),
                            restore=restore or "",
                        )
                    )
                elif node.tag == "CommonPrefixes":
                    key = key_of(required(node, "Prefix", "a folder entry (CommonPrefixes)"))
                    if key != prefix:
                        folders.append(Entry(key=key, is_prefix=True))
            next_token = None
            if is_truncated(root):
                next_token = root.findtext("NextContinuationToken")
                if not next_token:
                    raise not_a_listing(
                        "the page says there is more (IsTruncated) but has no NextContinuationToken"
                    )
                if encoded:
                    # Encoded like the keys (oss2, alibabacloud-oss-python-sdk-v2 and the Go v2 SDK all
                    # decode it); sent back decoded, the request encodes it once again.
                    next_token = unquote(next_token)
            del root  # the tree goes before the collector is back
        return Page(tuple(folders + objects), next_token)

    def _get_xml(self, client: Any, params: dict[str, str]) -> ElementTree.Element:
        """GET on the bucket with `params` (retried), parsed as XML."""
        return listing_xml(self._get_body(client, params))

    def _get_body(self, client: Any, params: dict[str, str]) -> bytes:
        """GET on the bucket with `params` (retried): the response body."""

        def call() -> bytes:
            resp = client._do("GET", client.bucket_name, "", params=dict(params))
            return resp.read()

        return self._call(call)

    def list_versions(
        self,
        bucket: Bucket | str,
        key: str,
        token: tuple[str, str] | None = None,
        *,
        max_keys: int = 1000,
    ) -> Page[Version]:
        """One page of the versions of exactly `key`, delete markers included, newest first."""
        client = self._client(bucket)
        key_marker, version_marker = token or ("", "")
        params = {
            "versions": "",
            "prefix": key,
            "delimiter": "/",
            "key-marker": key_marker,
            "version-id-marker": version_marker,
            "max-keys": str(max_keys),
            "encoding-type": "url",
        }

        # oss2's parser splits versions and delete markers into two lists and loses their order;
        # we read the XML ourselves to keep OSS's newest-first sequence.
        root = self._get_xml(client, params)
        expect_root(root, "ListVersionsResult")
        encoded = (root.findtext("EncodingType") or "") == "url"

        def text(node: ElementTree.Element, tag: str, is_key: bool = False) -> str:
            value = node.findtext(tag) or ""
            return unquote(value) if is_key and encoded else value

        items: list[Version] = []
        past_key = False
        for node in root:
            if node.tag not in ("Version", "DeleteMarker"):
                continue
            where = "a delete marker" if node.tag == "DeleteMarker" else "a version entry"
            raw_key = required(node, "Key", where)
            node_key = unquote(raw_key) if encoded else raw_key
            if node_key != key:
                if node_key > key:
                    past_key = True
                    break
                continue
            is_marker = node.tag == "DeleteMarker"
            items.append(
                Version(
                    key=node_key,
                    version_id=required(node, "VersionId", where),
                    is_latest=text(node, "IsLatest").lower() == "true",
                    is_delete_marker=is_marker,
                    size=0 if is_marker else size_of(node, f"a version of {node_key[:80]!r}"),
                    last_modified=parse_iso(text(node, "LastModified")),
                    storage_class="" if is_marker else text(node, "StorageClass"),
                    etag=text(node, "ETag").strip('"'),
                    restore="" if is_marker else text(node, "RestoreInfo"),
                )
            )
        truncated = is_truncated(root)
        next_token: tuple[str, str] | None = None
        if truncated and not past_key:
            next_key = text(root, "NextKeyMarker", True)
            if not next_key:
                # Paging on with an empty marker would start again from the top, for ever.
                raise not_a_listing("the page says there is more (IsTruncated) but has no NextKeyMarker")
            if next_key <= key:
                # More versions of this very key follow: without the version marker, paging on from the
                # key marker alone would skip them (oss2 raises here too). Not URL-decoded: only keys,
                # prefixes and key markers are encoded (OSS's docs; both v2 SDKs decode just those).
                version_marker = root.findtext("NextVersionIdMarker")
                if not version_marker:
                    raise not_a_listing(
                        "the page says more versions follow (IsTruncated) but has no NextVersionIdMarker"
                    )
                next_token = (next_key, version_marker)
        return Page(tuple(items), next_token)

    def head_object(
        self, bucket: Bucket | str, key: str, version_id: str | None = None, *, symlink_target: bool = True
    ) -> ObjectInfo:
        """HEAD one object (version): size, type, etag, storage class, restore state and user metadata;
        for a Symlink also its target (one GetSymlink more: OSS's HEAD answers with the target's metadata),
        unless `symlink_target` is False."""
        client = self._client(bucket)
        params = {"versionId": version_id} if version_id else None
        result = self._call(lambda: client.head_object(key, params=params))
        headers = result.headers
        meta = {k[len("x-oss-meta-") :]: v for k, v in headers.items() if k.lower().startswith("x-oss-meta-")}
        object_type = result.object_type or ""
        target = ""
        if symlink_target and object_type.lower() == "symlink":
            try:
                target = self.symlink_target(bucket, key, version_id)
            except RemoteError:
                target = ""  # the HEAD itself worked: show what it said rather than fail the details

        return ObjectInfo(
            bucket=client.bucket_name,
            key=key,
            size=int(result.content_length or 0),
            content_type=result.content_type or "",
            etag=(result.etag or "").strip('"'),
            last_modified=utc_from_epoch(result.last_modified),
            storage_class=headers.get("x-oss-storage-class", ""),
            object_type=object_type,
            version_id=headers.get("x-oss-version-id", "") or (version_id or ""),
            metadata=meta,
            restore=headers.get("x-oss-restore", "") or "",
            symlink_target=target,
        )

    def symlink_target(self, bucket: Bucket | str, key: str, version_id: str | None = None) -> str:
        """GetSymlink: the key a Symlink object points to (URL-decoded, as oss2 reads the header)."""
        client = self._client(bucket)
        params = {"versionId": version_id} if version_id else None
        result = self._call(lambda: client.get_symlink(key, params=params))
        return result.target_key or ""
