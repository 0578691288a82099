"""Listing over the store: ListObjects (v1, v2) and ListObjectVersions pages, real and synthetic keys."""

from __future__ import annotations

import heapq
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from oss_share_tui.localoss.store import BucketState, ObjectVersion, SyntheticRange


@dataclass
class ObjectPage:
    """One page of ListObjects: objects, common prefixes and where to continue."""

    objects: list[ObjectVersion]
    prefixes: list[str]
    truncated: bool
    next_marker: str


@dataclass
class VersionPage:
    """One page of ListObjectVersions: (version, is_latest) pairs and common prefixes."""

    versions: list[tuple[ObjectVersion, bool]]
    prefixes: list[str]
    truncated: bool
    next_key_marker: str = ""
    next_version_id_marker: str = ""


def _successor(s: str) -> str:
    """The smallest string greater than every string starting with `s`."""
    return s[:-1] + chr(ord(s[-1]) + 1)


class StoreListing:
    """The listing half of `Store` (which supplies `lock` and `bucket`)."""

    lock: threading.RLock

    def bucket(self, name: str) -> BucketState:  # pragma: no cover - Store's
        raise NotImplementedError

    def _iter_keys(self, b: BucketState, start: str, inclusive: bool) -> Iterator[tuple[str, object]]:
        """(key, versions-list or (range, index)) in key order from `start`, real and synthetic merged."""
        sources: list[Iterator[tuple[str, object]]] = []
        i = bisect_left(b.keys, start) if inclusive else bisect_right(b.keys, start)
        if i < len(b.keys):
            objects = b.objects
            sources.append((k, objects[k]) for k in islice(b.keys, i, None))
        for r in b.synthetic:
            j = r.start_index(start, inclusive)
            if j < len(r):
                sources.append(self._iter_synthetic(b, r, j))
        if not sources:
            return iter(())
        if len(sources) == 1:
            return sources[0]
        return heapq.merge(*sources, key=itemgetter(0))

    @staticmethod
    def _iter_synthetic(b: BucketState, r: SyntheticRange, j: int) -> Iterator[tuple[str, object]]:
        overridden = b.overridden
        for idx in range(j, len(r)):
            key = r[idx]
            if not overridden or key not in overridden:
                yield key, (r, idx, key)

    @staticmethod
    def _resolve(ref: object) -> list[ObjectVersion]:
        if isinstance(ref, list):
            return ref
        r, idx, key = ref  # type: ignore[misc]
        return [r.version(idx, key)]

    def _walk(
        self, b: BucketState, prefix: str, delimiter: str, marker: str, include_marker: bool = False
    ) -> Iterator[tuple[str, object]]:
        """Keys (key, ref) and common prefixes (prefix, None) after `marker` under `prefix`, in order.

        A common prefix already covered by the marker (the marker starts with it) is skipped: that is how
        a page that ended on a common prefix continues past it.
        """
        if marker >= prefix:
            start, inclusive = marker, include_marker
        else:
            start, inclusive = prefix, True
        it = self._iter_keys(b, start, inclusive)
        plen = len(prefix)
        while True:
            item = next(it, None)
            if item is None:
                return
            key = item[0]
            if not key.startswith(prefix):
                return  # sorted: past the prefix range
            if delimiter:
                d = key.find(delimiter, plen)
                if d >= 0:
                    cp = key[: d + len(delimiter)]
                    if not marker.startswith(cp):
                        yield cp, None
                    it = self._iter_keys(b, _successor(cp), True)
                    continue
            yield item

    def list_objects(
        self, bucket: str, prefix: str = "", delimiter: str = "", marker: str = "", max_keys: int = 100
    ) -> ObjectPage:
        """ListObjects semantics: keys whose current version is not a delete marker; CPs count to max_keys."""
        with self.lock:
            b = self.bucket(bucket)
            objects: list[ObjectVersion] = []
            prefixes: list[str] = []
            last = ""
            truncated = False
            for name, ref in self._walk_live(b, prefix, delimiter, marker):
                if len(objects) + len(prefixes) >= max_keys:
                    truncated = True
                    break
                if ref is None:
                    prefixes.append(name)
                else:
                    objects.append(ref)  # type: ignore[arg-type]
                last = name
            return ObjectPage(objects, prefixes, truncated, last if truncated else "")

    def _walk_live(
        self, b: BucketState, prefix: str, delimiter: str, marker: str
    ) -> Iterator[tuple[str, object]]:
        """Like `_walk`, but skipping deleted keys, and a common prefix only when a live key is under it."""
        if not b.versioning:
            # No delete markers possible: every key is live, so no need to look under common prefixes.
            for name, ref in self._walk(b, prefix, delimiter, marker):
                yield name, (None if ref is None else self._resolve(ref)[0])
            return
        yield from self._walk_dm(b, prefix, delimiter, marker)

    def _walk_dm(
        self, b: BucketState, prefix: str, delimiter: str, marker: str
    ) -> Iterator[tuple[str, object]]:
        # Versioned bucket with a delimiter: a folder whose keys are all deleted must not show.
        for name, ref in self._walk(b, prefix, delimiter, marker):
            if ref is None:
                if self._has_live_key(b, name):
                    yield name, None
                continue
            current = self._resolve(ref)[0]
            if not current.is_delete_marker:
                yield name, current

    def _has_live_key(self, b: BucketState, cp: str) -> bool:
        for key, ref in self._iter_keys(b, cp, True):
            if not key.startswith(cp):
                return False
            if not self._resolve(ref)[0].is_delete_marker:
                return True
        return False

    def list_versions(
        self,
        bucket: str,
        prefix: str = "",
        delimiter: str = "",
        key_marker: str = "",
        version_id_marker: str = "",
        max_keys: int = 100,
    ) -> VersionPage:
        """ListObjectVersions: per key newest first, delete markers included; pages may split a key."""
        with self.lock:
            b = self.bucket(bucket)
            out: list[tuple[ObjectVersion, bool]] = []
            prefixes: list[str] = []
            next_key = next_vid = ""
            # With a version-id-marker, resume inside key_marker's own versions, after that version.
            resume_inside = bool(key_marker and version_id_marker)
            for name, ref in self._walk(b, prefix, delimiter, key_marker, include_marker=resume_inside):
                if ref is None:
                    if len(out) + len(prefixes) >= max_keys:
                        return VersionPage(out, prefixes, True, next_key, next_vid)
                    prefixes.append(name)
                    next_key, next_vid = name, ""
                    continue
                versions = self._resolve(ref)
                skip_through = None
                if name == key_marker and version_id_marker:
                    skip_through = version_id_marker
                elif name <= key_marker:
                    continue
                for pos, v in enumerate(versions):
                    if skip_through is not None:
                        if v.version_id == skip_through:
                            skip_through = None
                        continue
                    if len(out) + len(prefixes) >= max_keys:
                        return VersionPage(out, prefixes, True, next_key, next_vid)
                    out.append((v, pos == 0))
                    next_key, next_vid = name, v.version_id
            return VersionPage(out, prefixes, False)
