"""ossutil 2.0's object filters (`presign`, `ls`, `cp` share them): name rules, size, age and mtime bounds.

ossutil 2.0's filter options are rclone's (its docs describe the same rule forms, the implicit `- **` after
an include, and the same size and duration syntax), so each rule below says which document it follows:
- "ossutil 2.0 docs": help.aliyun.com/zh/oss/developer-reference/advanced-commands (the filter options table)
  and .../presign-generate-presigned-url;
- "rclone": rclone's fs/filter (glob.go, rules.go, filter.go), the implementation those docs describe.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from oss_share_tui.core.errors import InvalidInput

# ossutil 2.0 docs: Duration "default unit seconds, or suffix ms|s|m|h|d|w|M|y"; rclone: M = 30 days, y = 365
# days, and Go's duration units (ns, us) are accepted too. Parts may be combined: 1h30m, 15m0s.
_DURATION_UNITS: dict[str, float] = {
    "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600,
    "d": 86400, "w": 7 * 86400, "M": 30 * 86400, "y": 365 * 86400,
}
_DURATION_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w|M|y)")
_NUMBER = re.compile(r"\d+(?:\.\d*)?|\.\d+")

# ossutil 2.0 docs: SizeSuffix "bytes by default, or suffix B|K|M|G|T|P, 1K (KiB) = 1024 B".
_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}
_SIZE = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*([bkmgtp]?)(?:i?b)?", re.IGNORECASE)


def parse_duration(text: str, *, flag: str) -> float:
    """Seconds in an ossutil 2.0 Duration (`15m`, `2h`, `1h30m`, `1w`, `90`); InvalidInput otherwise."""
    raw = text.strip()
    if _NUMBER.fullmatch(raw):
        return float(raw)  # ossutil 2.0 docs: a bare number is seconds
    pos, total = 0, 0.0
    for match in _DURATION_PART.finditer(raw):
        if match.start() != pos:
            break
        total += float(match.group(1)) * _DURATION_UNITS[match.group(2)]
        pos = match.end()
    if not raw or pos != len(raw):
        raise InvalidInput(
            f"{flag} {text!r} is not a duration: use seconds or units ms, s, m, h, d, w, M, y "
            "(e.g. 15m, 2h, 1w)",
            field=flag.lstrip("-"),
        )
    return total


def parse_size(text: str, *, flag: str) -> int:
    """Bytes in an ossutil 2.0 SizeSuffix (`100`, `10K`, `1.5M`, `2G`); InvalidInput otherwise."""
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise InvalidInput(
            f"{flag} {text!r} is not a size: use bytes or a suffix B, K, M, G, T, P (1K = 1024 B)",
            field=flag.lstrip("-"),
        )
    return int(float(match.group(1)) * _SIZE_UNITS[match.group(2).lower()])


def parse_utc_time(text: str, *, flag: str) -> datetime:
    """An ossutil 2.0 Time: `2006-01-02T15:04:05` in UTC (docs), also with `Z` or an offset, or a date."""
    raw = text.strip()
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{flag} {text!r} is not a time: use UTC like 2006-01-02T15:04:05 (or with Z or +08:00)",
            field=flag.lstrip("-"),
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # docs: the format is UTC


def glob_to_regex(glob: str) -> re.Pattern[str]:
    """rclone glob.go: `*` is any run of non-`/`, `**` is anything, `?` one non-`/`, `[...]` a class,
    `{a,b}` alternatives, `\\` escapes; a leading `/` anchors at the listed root, else the pattern matches the
    path's tail at a `/` boundary (so `*.jpg` matches `a/b.jpg`)."""
    out = ["^" if glob.startswith("/") else "(^|/)"]
    i, n = (1 if glob.startswith("/") else 0), len(glob)
    braces = 0
    while i < n:
        ch = glob[i]
        if ch == "\\" and i + 1 < n:
            out.append(re.escape(glob[i + 1]))
            i += 2
            continue
        if ch == "*":
            if i + 1 < n and glob[i + 1] == "*":
                out.append(".*")
                i += 2
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            end = glob.find("]", i + 2 if glob[i + 1 : i + 2] in ("!", "^", "]") else i + 1)
            if end < 0:
                raise InvalidInput(f"filter {glob!r} has a '[' with no ']'", field="filter")
            body = glob[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
            continue
        elif ch == "{":
            braces += 1
            out.append("(")
        elif ch == "}" and braces:
            braces -= 1
            out.append(")")
        elif ch == "," and braces:
            out.append("|")
        else:
            out.append(re.escape(ch))
        i += 1
    if braces:
        raise InvalidInput(f"filter {glob!r} has a '{{' with no '}}'", field="filter")
    out.append("$")
    try:
        return re.compile("".join(out))
    except re.error as exc:
        raise InvalidInput(f"filter {glob!r} is not a valid pattern: {exc}", field="filter") from None


@dataclass(frozen=True)
class _Rule:
    include: bool
    regex: re.Pattern[str]
    dir_only: bool


@dataclass(frozen=True)
class NameRules:
    """Ordered include/exclude rules; the first that matches decides, and no match means kept (rclone)."""

    rules: tuple[_Rule, ...] = ()

    @classmethod
    def build(cls, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> NameRules:
        # rclone rules.go parseRules: every --include, then every --exclude, then (when any include was given)
        # an implicit `- /**`; the ossutil 2.0 metadata-filter docs describe the same implicit exclude.
        rules = [cls._rule(True, g) for g in include] + [cls._rule(False, g) for g in exclude]
        if include:
            rules.append(cls._rule(False, "/**"))
        return cls(tuple(rules))

    @staticmethod
    def _rule(include: bool, glob: str) -> _Rule:
        # rclone: a pattern ending in `/` is a directory rule: it matches directories, never a file, and an
        # excluded directory's contents are never reached.
        dir_only = glob.endswith("/") and len(glob) > 1
        return _Rule(include, glob_to_regex(glob.rstrip("/") if dir_only else glob), dir_only)

    def keeps(self, path: str) -> bool:
        """True when the object at `path` (relative to the listed root) passes the rules."""
        if not self.rules:
            return True
        parents = _parents(path)
        for directory in parents:  # a directory excluded by a directory rule hides everything below it
            for rule in self.rules:
                if rule.dir_only and rule.regex.search(directory):
                    if not rule.include:
                        return False
                    break
        for rule in self.rules:
            if not rule.dir_only and rule.regex.search(path):
                return rule.include
        return True


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


@dataclass(frozen=True)
class ObjectFilter:
    """Every ossutil 2.0 filter that decides on one listed object (name, size, modification time)."""

    names: NameRules = field(default_factory=NameRules)
    min_size: int | None = None
    """rclone filter.go: keep when size >= min_size ("don't transfer any file smaller than this")."""
    max_size: int | None = None
    """Keep when size <= max_size."""
    mtime_from: datetime | None = None
    """Keep when modified at or after this instant (--max-age, --min-mtime)."""
    mtime_to: datetime | None = None
    """Keep when modified at or before this instant (--min-age, --max-mtime)."""

    @property
    def active(self) -> bool:
        return bool(self.names.rules) or any(
            v is not None for v in (self.min_size, self.max_size, self.mtime_from, self.mtime_to)
        )

    def keeps(self, path: str, size: int, modified: datetime | None) -> bool:
        """True when an object passes: name rules, then size bounds, then time bounds (all must agree)."""
        if not self.names.keeps(path):
            return False
        if self.min_size is not None and size < self.min_size:
            return False
        if self.max_size is not None and size > self.max_size:
            return False
        if modified is not None:
            if self.mtime_from is not None and modified < self.mtime_from:
                return False
            if self.mtime_to is not None and modified > self.mtime_to:
                return False
        return True


def build_object_filter(
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    min_size: str | None = None,
    max_size: str | None = None,
    min_age: str | None = None,
    max_age: str | None = None,
    min_mtime: str | None = None,
    max_mtime: str | None = None,
    now: datetime | None = None,
) -> ObjectFilter:
    """Parse the raw flag values into an ObjectFilter; `now` fixes the instant ages count from."""
    now = now or datetime.now(timezone.utc)
    lo = parse_size(min_size, flag="--min-size") if min_size is not None else None
    hi = parse_size(max_size, flag="--max-size") if max_size is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise InvalidInput("--min-size is larger than --max-size: nothing could match", field="min-size")
    bounds_from: list[datetime] = []
    bounds_to: list[datetime] = []
    # ossutil 2.0 docs: "--max-age 1h: only files modified within the last hour"; "--min-age 1h: only files
    # modified an hour ago or earlier"; --min-mtime: modified after that time; --max-mtime: before it.
    if max_age is not None:
        bounds_from.append(now - timedelta(seconds=parse_duration(max_age, flag="--max-age")))
    if min_age is not None:
        bounds_to.append(now - timedelta(seconds=parse_duration(min_age, flag="--min-age")))
    if min_mtime is not None:
        bounds_from.append(parse_utc_time(min_mtime, flag="--min-mtime"))
    if max_mtime is not None:
        bounds_to.append(parse_utc_time(max_mtime, flag="--max-mtime"))
    mtime_from = max(bounds_from) if bounds_from else None
    mtime_to = min(bounds_to) if bounds_to else None
    if mtime_from is not None and mtime_to is not None and mtime_from > mtime_to:
        # rclone filter.go refuses the same: "--min-age can't be larger than --max-age".
        raise InvalidInput("the age/mtime bounds leave no time window: nothing could match", field="min-age")
    return ObjectFilter(NameRules.build(include, exclude), lo, hi, mtime_from, mtime_to)


def read_files_from(lines: Sequence[str], *, raw: bool = False) -> list[str]:
    """Names from a --files-from file: ossutil 2.0 docs "ignore blank lines and comment lines"; rclone's
    comment lines start with `#` or `;`, and surrounding whitespace is trimmed."""
    names: list[str] = []
    for line in lines:
        text = line.rstrip("\r\n")
        if raw:
            if text:
                names.append(text)
            continue
        text = text.strip()
        if not text or text.startswith(("#", ";")):
            continue
        names.append(text)
    return names
