"""Batch share: list a prefix lazily and sign many objects; one object's failure never stops the rest."""

from __future__ import annotations

import dataclasses
import fnmatch
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from oss_share_tui.core.errors import InvalidInput, RemoteError
from oss_share_tui.core.models import Bucket, Entry
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import SignedLink, known_region, sign_link

__all__ = [
    "BatchResult",
    "BatchTarget",
    "ProgressCallback",
    "iter_objects",
    "matches_filters",
    "resolve_region",
    "sign_many",
    "sign_prefix",
]

PAGE_SIZE = 1000
HEAD_WORKERS = 4
"""Parallel HEAD checks: enough to hide loopback/WAN latency, few enough to stay polite to OSS."""

ProgressCallback = Callable[[int, "int | None"], None]
KeepCallback = Callable[[str, Entry], bool]
"""`keep(relative_key, entry)`: True to sign a listed object (ossutil 2.0's size/age/name filters)."""
"""Called as `(done, total)` after each object; `total` is None while unknown (a prefix being listed)."""


@dataclass(frozen=True)
class BatchTarget:
    """One object to share; `version_id` overrides the options' version for this object."""

    bucket: str
    key: str
    version_id: str | None = None


@dataclass(frozen=True)
class BatchResult:
    """The outcome for one object: a link, or the error that stopped it (`url` is None then)."""

    bucket: str
    key: str
    version_id: str | None = None
    url: str | None = dataclasses.field(default=None, repr=False)
    expires_at: datetime | None = None
    error: str | None = None
    link: SignedLink | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when a link was made."""
        return self.url is not None


def matches_filters(relative_key: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> bool:
    """Glob filter on the key *relative to the listed prefix* (fnmatch, case-sensitive; `*` also crosses `/`).

    Kept when it matches any `include` pattern (or none are given) and no `exclude` pattern.
    """
    if include and not any(fnmatch.fnmatchcase(relative_key, pat) for pat in include):
        return False
    return not any(fnmatch.fnmatchcase(relative_key, pat) for pat in exclude)


def _gateway(profile: Profile, bucket: str, region: str | None, gateway: OssGateway | None) -> OssGateway:
    gw = gateway or OssGateway(profile)
    if region:
        gw.remember(Bucket(name=bucket, region=region))
    return gw


def iter_objects(
    profile: Profile,
    bucket: str,
    prefix: str = "",
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    limit: int | None = None,
    region: str | None = None,
    gateway: OssGateway | None = None,
    page_size: int = PAGE_SIZE,
    start_after: str = "",
    end_with: str = "",
    keep: KeepCallback | None = None,
    relative_to: str | None = None,
    recursive: bool = True,
) -> Iterator[Entry]:
    """Every object under `prefix`, recursively (no delimiter), one ListObjectsV2 page at a time.

    A generator: only one page (≤ `page_size` keys) is held at once, and the next page is requested only
    when the consumer has taken everything before it. Folder marker objects (keys ending in `/`) are
    skipped. `include`/`exclude` are matched against the key relative to `prefix` (see `matches_filters`);
    `limit` stops after that many matching objects.

    ossutil 2.0's range and filters: `start_after` (exclusive, sent to OSS) and `end_with` (inclusive: the
    listing stops past it), `keep(relative_key, entry)` for the other filters, with keys taken relative to
    `relative_to` (default `prefix`); `recursive=False` lists one folder level only (ossutil's `-d`).
    """
    if limit is not None and limit <= 0:
        return
    gw = gateway or OssGateway(profile)
    if region is None and profile.sign_version.lower() != "v1":
        # V4 list requests are signed for the bucket's region; a wrong guess is refused.
        region = resolve_region(profile, bucket, gateway=gw)
    gw = _gateway(profile, bucket, region, gw)
    token: str | None = None
    yielded = 0
    base = len(prefix if relative_to is None else relative_to)
    while True:
        page = gw.list_prefix(bucket, prefix, token, max_keys=page_size, delimiter="" if recursive else "/",
                              start_after=start_after)
        for entry in page.items:
            key = entry.key
            if entry.is_prefix or key.endswith("/"):
                continue
            if end_with and key > end_with:
                return  # keys come sorted: nothing after this can be at or before end_with
            if (include or exclude) and not matches_filters(key[len(prefix) :], include, exclude):
                continue
            if keep is not None and not keep(key[base:], entry):
                continue
            yield entry
            yielded += 1
            if limit is not None and yielded >= limit:
                return
        token = page.next_token
        if not token:
            return


def resolve_region(
    profile: Profile, bucket: str, *, region: str | None = None, endpoint: str | None = None,
    gateway: OssGateway | None = None,
) -> str:
    """The region for V4 links to `bucket`: explicit > profile > endpoint > GetBucketInfo; "" if unknown."""
    found = known_region(profile, bucket, region=region, endpoint=endpoint)
    if found:
        return found
    try:
        return (gateway or OssGateway(profile)).bucket_info(bucket).region
    except RemoteError:
        return ""


def _as_target(item: BatchTarget | Entry | str, bucket: str | None) -> BatchTarget:
    if isinstance(item, BatchTarget):
        return item
    key = item.key if isinstance(item, Entry) else item
    if bucket is None:
        raise ValueError("sign_many needs bucket= when targets are Entry objects or keys")
    return BatchTarget(bucket, key)


def _failure(target: BatchTarget, version_id: str | None, error: str) -> BatchResult:
    return BatchResult(target.bucket, target.key, version_id, url=None, error=error)


def sign_many(
    profile: Profile,
    targets: Iterable[BatchTarget | Entry | str],
    options: ShareOptions,
    *,
    bucket: str | None = None,
    region: str | None = None,
    endpoint: str | None = None,
    check: bool = False,
    workers: int = HEAD_WORKERS,
    on_progress: ProgressCallback | None = None,
    total: int | None = None,
    gateway: OssGateway | None = None,
) -> Iterator[BatchResult]:
    """Sign each target lazily and in order, yielding one BatchResult per target.

    With `check=True` each object is HEAD-checked first (at most `workers` in flight, a little ahead of
    the signing), so an object deleted since it was listed or marked comes out as a failed result.
    A per-object problem (gone, denied, a key that cannot be signed) is reported and the batch goes on;
    a batch-wide one (no credentials, no region for V4, a bad timeout) raises before anything is signed.
    """
    if total is None and isinstance(targets, Sequence):
        total = len(targets)
    gw = gateway
    if check and gw is None:
        gw = OssGateway(profile)
    regions: dict[str, str] = {}

    def region_for(name: str) -> str | None:
        if options.sign_version != "v4":
            return region
        if name not in regions:
            regions[name] = resolve_region(profile, name, region=region, endpoint=endpoint, gateway=gw)
            if gw is not None and regions[name]:
                gw.remember(Bucket(name=name, region=regions[name]))
        return regions[name] or None

    def head(target: BatchTarget, version_id: str | None) -> RemoteError | None:
        assert gw is not None
        try:
            gw.head_object(target.bucket, target.key, version_id, symlink_target=False)  # existence only
        except RemoteError as err:
            return err
        return None

    def sign(target: BatchTarget, opts: ShareOptions, head_error: RemoteError | None) -> BatchResult:
        if head_error is not None:
            # code + message only: the gateway's hints speak of TUI keys, which mean nothing in a CLI export.
            what = f"{head_error.code}: {head_error}" if head_error.code else str(head_error)
            if head_error.ec:
                what += f" (EC {head_error.ec})"
            return _failure(target, opts.version_id, what)
        try:
            link = sign_link(profile, target.bucket, target.key, opts,
                             region=region_for(target.bucket), endpoint=endpoint)
        except InvalidInput as err:
            if err.field not in ("key", "bucket"):
                raise  # the same for every object: stop instead of failing them all
            return _failure(target, opts.version_id, str(err))
        return BatchResult(link.bucket, link.key, link.version_id, url=link.url,
                           expires_at=link.expires_at, link=link)

    def prepared() -> Iterator[tuple[BatchTarget, ShareOptions]]:
        for item in targets:
            target = _as_target(item, bucket)
            opts = options
            if target.version_id and target.version_id != options.version_id:
                opts = dataclasses.replace(options, version_id=target.version_id)
            yield target, opts

    done = 0
    if not check:
        for target, opts in prepared():
            result = sign(target, opts, None)
            done += 1
            if on_progress is not None:
                on_progress(done, total)
            yield result
        return

    # A sliding window of HEADs: bounded memory and threads, results still in input order.
    window: deque[tuple[BatchTarget, ShareOptions, Future[RemoteError | None]]] = deque()
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="oss-share-head")
    try:
        source = prepared()
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * max(1, workers):
                nxt = next(source, None)
                if nxt is None:
                    exhausted = True
                    break
                target, opts = nxt
                region_for(target.bucket)  # resolve once, before the HEADs need the bucket's region
                window.append((target, opts, pool.submit(head, target, opts.version_id)))
            if not window:
                break
            target, opts, future = window.popleft()
            result = sign(target, opts, future.result())
            done += 1
            if on_progress is not None:
                on_progress(done, total)
            yield result
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _tapped(entries: Iterable[Entry], see: Callable[[Entry], None]) -> Iterator[Entry]:
    for entry in entries:
        see(entry)
        yield entry


def sign_prefix(
    profile: Profile,
    bucket: str,
    prefix: str,
    options: ShareOptions,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    limit: int | None = None,
    region: str | None = None,
    endpoint: str | None = None,
    check: bool = False,
    on_progress: ProgressCallback | None = None,
    on_object: Callable[[Entry], None] | None = None,
    **listing: object,
) -> Iterator[BatchResult]:
    """`oss-share sign oss://bucket/prefix/ --recursive`: list lazily and sign as the listing goes.

    `on_object` sees each listed object before it is signed (its storage class and restore state included).
    `listing` passes ossutil 2.0's range and filters on to `iter_objects` (start_after, end_with, keep,
    relative_to, recursive).
    """
    gw = OssGateway(profile)
    if options.sign_version == "v4":
        region = resolve_region(profile, bucket, region=region, endpoint=endpoint, gateway=gw) or region
    objects: Iterable[Entry] = iter_objects(profile, bucket, prefix, include=include, exclude=exclude,
                                            limit=limit, region=region, gateway=gw,
                                            **listing)  # type: ignore[arg-type]
    if on_object is not None:
        objects = _tapped(objects, on_object)
    return sign_many(profile, objects, options, bucket=bucket, region=region, endpoint=endpoint,
                     check=check, on_progress=on_progress, total=None, gateway=gw)
