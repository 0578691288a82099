"""Link history: one JSON-lines file under the XDG data dir, mode 0600, rewritten atomically under a lock."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from oss_share_tui.core.atomic import atomic_writer
from oss_share_tui.core.options import ShareOptions
from oss_share_tui.core.printable import json_line

__all__ = [
    "HISTORY_FILENAME",
    "PRUNE_AFTER",
    "HistoryEntry",
    "HistoryStore",
    "default_history_path",
    "options_from_history",
    "record_links",
    "serialize_options",
]

HISTORY_FILENAME = "history.jsonl"
PRUNE_AFTER = timedelta(days=30)
"""Expired entries are kept this long after their expiry (so "what did I share last week" still works)."""
MAX_ENTRIES = 10_000
"""Oldest entries go first beyond this, so a huge batch cannot make every later write slow."""
FILE_MODE = 0o600
DIR_MODE = 0o700
FORMAT_VERSION = 1


def default_history_path() -> Path:
    """`$XDG_DATA_HOME/oss-share/history.jsonl` (platformdirs' user data dir on other systems)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("oss-share", appauthor=False)) / HISTORY_FILENAME


def _utc(value: datetime) -> datetime:
    """An aware UTC datetime (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _iso(value: datetime) -> str:
    return _utc(value).isoformat().replace("+00:00", "Z")


def _parse_time(text: str) -> datetime:
    return _utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


def _now(now: datetime | float | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    if isinstance(now, (int, float)):
        return datetime.fromtimestamp(now, tz=timezone.utc)
    return _utc(now)


def serialize_options(options: ShareOptions) -> dict[str, Any]:
    """ShareOptions as a JSON-ready dict of its fields (tuples become lists)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(options):
        value = getattr(options, f.name)
        if f.name == "params":
            value = [[str(k), str(v)] for k, v in value]
        out[f.name] = value
    return out


@dataclass(frozen=True)
class HistoryEntry:
    """One link that was made. `access_key_id` is the signer's key id; the secret is never recorded."""

    id: str
    bucket: str
    key: str
    version_id: str | None
    options: Mapping[str, Any] = field(hash=False, compare=True)
    """The ShareOptions fields, JSON-shaped (see `serialize_options`)."""
    endpoint: str
    region: str
    access_key_id: str
    signature_version: str
    url: str = field(repr=False)
    """May hold an STS token (the only place one is stored); kept out of repr."""
    created_at: datetime
    expires_at: datetime
    """When the link stops working: its own expiry, or its STS token's when that comes first."""
    credential_source: str = ""
    """Where the signing keys came from (e.g. `~/.aliyun/config.json profile 'dev' (mode RamRoleArn)`)."""

    def is_expired(self, now: datetime | float | None = None) -> bool:
        """True once the link no longer works."""
        return _now(now) >= self.expires_at

    def time_left(self, now: datetime | float | None = None) -> timedelta:
        """Time until expiry (zero once expired)."""
        return max(self.expires_at - _now(now), timedelta(0))

    def is_prunable(self, now: datetime | float | None = None) -> bool:
        """True when it expired more than PRUNE_AFTER ago."""
        return _now(now) - self.expires_at > PRUNE_AFTER

    def matches(self, query: str) -> bool:
        """Case-insensitive search over bucket, key, `oss://` path, version, endpoint and signer key id."""
        needle = query.strip().casefold()
        if not needle:
            return True
        hay = "\n".join(
            (f"oss://{self.bucket}/{self.key}", self.version_id or "", self.endpoint, self.access_key_id)
        )
        return needle in hay.casefold()

    def to_json(self) -> dict[str, Any]:
        """The record as written to the file."""
        return {
            "v": FORMAT_VERSION,
            "id": self.id,
            "bucket": self.bucket,
            "key": self.key,
            "version_id": self.version_id,
            "options": dict(self.options),
            "endpoint": self.endpoint,
            "region": self.region,
            "access_key_id": self.access_key_id,
            "signature_version": self.signature_version,
            "url": self.url,
            "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at),
            "credential_source": self.credential_source,
        }

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> HistoryEntry:
        """Read one record back; raises KeyError/ValueError/TypeError on a malformed one."""
        return cls(
            id=str(obj["id"]),
            bucket=str(obj["bucket"]),
            key=str(obj["key"]),
            version_id=obj.get("version_id") or None,
            options=dict(obj.get("options") or {}),
            endpoint=str(obj.get("endpoint") or ""),
            region=str(obj.get("region") or ""),
            access_key_id=str(obj.get("access_key_id") or ""),
            signature_version=str(obj.get("signature_version") or ""),
            url=str(obj["url"]),
            created_at=_parse_time(obj["created_at"]),
            expires_at=_parse_time(obj["expires_at"]),
            credential_source=str(obj.get("credential_source") or ""),
        )


def options_from_history(entry: HistoryEntry) -> ShareOptions:
    """The ShareOptions an entry was made with, to sign it again (a new link, with a new expiry from now)."""
    known = {f.name for f in dataclasses.fields(ShareOptions)}
    raw = {k: v for k, v in entry.options.items() if k in known}
    if "params" in raw:
        raw["params"] = tuple((str(k), str(v)) for k, v in raw["params"])
    if raw.get("version_id") is None and entry.version_id:
        raw["version_id"] = entry.version_id
    if "sign_version" not in raw and entry.signature_version:
        raw["sign_version"] = entry.signature_version
    return ShareOptions(**raw)


class HistoryStore:
    """The history file. Every change is read-merge-write under an exclusive lock, so a CLI and a TUI
    writing at once both keep their entries; the write itself is temp file + fsync + rename.
    """

    def __init__(
        self, path: Path | None = None, *, enabled: bool = True, max_entries: int | None = MAX_ENTRIES
    ) -> None:
        self.path = Path(path) if path is not None else default_history_path()
        self.enabled = enabled
        """False (`--no-history` or the config setting): nothing is recorded; reading still works."""
        self.max_entries = max_entries
        """Oldest entries go first beyond this, so a huge batch cannot make every later write slow."""

    # -- reading -----------------------------------------------------------------------------------

    def entries(self) -> list[HistoryEntry]:
        """All entries, oldest first. A missing file is an empty history; a corrupt line is skipped."""
        return list(self._read())

    def get(self, entry_id: str) -> HistoryEntry | None:
        """The entry with `entry_id`, if any."""
        return next((e for e in self._read() if e.id == entry_id), None)

    def search(self, query: str) -> list[HistoryEntry]:
        """Entries matching `query` (see `HistoryEntry.matches`), newest first."""
        return [e for e in reversed(self.entries()) if e.matches(query)]

    def _read(self) -> Iterator[HistoryEntry]:
        try:
            fh = open(self.path, encoding="utf-8")  # noqa: SIM115 - closed below; a missing file is fine
        except FileNotFoundError:
            return
        with fh:
            self._fix_mode(fh.fileno())
            for line in fh:
                line = line.strip()
                if not line:
                    continue
                try:
                    yield HistoryEntry.from_json(json.loads(line))
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue  # one damaged line must not hide the rest

    @staticmethod
    def _fix_mode(fd: int) -> None:
        """Tighten a history file someone made readable by others back to 0600."""
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
                os.fchmod(fd, FILE_MODE)
        except OSError:
            pass

    # -- writing -----------------------------------------------------------------------------------

    def add(
        self,
        link: Any,
        options: ShareOptions,
        *,
        endpoint: str,
        region: str | None,
        access_key_id: str,
        now: datetime | float | None = None,
    ) -> HistoryEntry | None:
        """Record one SignedLink; returns the entry (None when history is disabled). Also prunes."""
        entries = self.add_many([link], options, endpoint=endpoint, region=region,
                                access_key_id=access_key_id, now=now)
        return entries[0] if entries else None

    def add_many(
        self,
        links: Iterable[Any],
        options: ShareOptions,
        *,
        endpoint: str,
        region: str | None,
        access_key_id: str,
        now: datetime | float | None = None,
    ) -> list[HistoryEntry]:
        """Record many SignedLinks made with the same options in one write (for batches)."""
        if not self.enabled:
            return []
        opts = serialize_options(options)
        new = [
            HistoryEntry(
                id=uuid.uuid4().hex,
                bucket=link.bucket,
                key=link.key,
                version_id=link.version_id,
                options=opts,
                endpoint=endpoint,
                region=region or "",
                access_key_id=access_key_id,
                signature_version=link.signature_version,
                url=link.url,
                created_at=_utc(link.created_at),
                expires_at=_utc(getattr(link, "effective_expires_at", link.expires_at)),
                credential_source=getattr(link, "credential_source", ""),
            )
            for link in links
        ]
        if not new:
            return []
        current = _now(now)
        self._update(lambda old: [e for e in old if not e.is_prunable(current)] + new)
        return new

    def delete(self, entry_id: str) -> bool:
        """Remove one entry; True when it was there."""
        found = False

        def drop(old: list[HistoryEntry]) -> list[HistoryEntry]:
            nonlocal found
            kept = [e for e in old if e.id != entry_id]
            found = len(kept) != len(old)
            return kept

        self._update(drop)
        return found

    def prune(self, now: datetime | float | None = None) -> int:
        """Drop entries that expired more than 30 days before `now`; returns how many went."""
        current = _now(now)
        removed = 0

        def keep(old: list[HistoryEntry]) -> list[HistoryEntry]:
            nonlocal removed
            kept = [e for e in old if not e.is_prunable(current)]
            removed = len(old) - len(kept)
            return kept

        self._update(keep)
        return removed

    def clear(self) -> None:
        """Forget every entry."""
        self._update(lambda old: [])

    def _update(self, change: Any) -> None:
        """Re-read under the lock, apply `change`, and write the result atomically (no write if unchanged)."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        with self._locked():
            old = self.entries()
            new = change(list(old))
            if self.max_entries is not None and len(new) > self.max_entries:
                new = new[-self.max_entries :]
            self._remove_stale_temps()
            if new == old and self.path.exists():
                return
            with atomic_writer(self.path, mode=FILE_MODE, text=True, newline="\n") as fh:
                for entry in new:
                    fh.write(json_line(entry.to_json(), separators=(",", ":")) + "\n")

    def _remove_stale_temps(self) -> None:
        """Delete temp files a crashed writer left; called under the lock, so no live writer owns one."""
        for tmp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive advisory lock on a side file (the data file is replaced, so it cannot hold one)."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: msvcrt locks a byte range instead
                import msvcrt

                lock: Any = msvcrt  # its locking names exist only on Windows; mypy checks for Linux
                lock.locking(fd, lock.LK_LOCK, 1)
                try:
                    yield
                finally:
                    os.lseek(fd, 0, os.SEEK_SET)
                    lock.locking(fd, lock.LK_UNLCK, 1)
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def record_links(
    links: Iterable[Any],
    options: ShareOptions,
    *,
    profile: Any,
    endpoint: str,
    region: str | None,
    enabled: bool = True,
    store: HistoryStore | None = None,
) -> str | None:
    """Record links made with `profile` (unless `--no-history` or the config turned history off).

    Returns a one-line warning when the history could not be written (the links themselves are fine), else
    None. Only the access key *id* is stored; the secret never is, and a token only inside a URL.
    """
    if not (enabled and getattr(profile, "history", True)):
        return None
    target = store or HistoryStore()
    try:
        target.add_many(links, options, endpoint=endpoint, region=region, access_key_id=profile.access_key_id)
    except OSError as err:
        return f"the link was made but not recorded in the history ({target.path}): {err.strerror or err}"
    return None
