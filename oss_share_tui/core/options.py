"""Share options and their one validation path, used by both `oss-share sign` and the TUI share form."""

from __future__ import annotations

import dataclasses
import ipaddress
import time
from collections.abc import Sequence
from dataclasses import dataclass

from oss_share_tui.core.durations import parse_duration
from oss_share_tui.core.errors import InvalidInput
from oss_share_tui.core.process import validate_process
from oss_share_tui.core.units import BITS_PER_UNIT, parse_traffic, traffic_to_bits

ALLOWED_QUERY_PARAMS: frozenset[str] = frozenset(
    {
        "x-oss-process",
        "x-oss-traffic-limit",
        "response-content-type",
        "response-content-language",
        "response-expires",
        "response-cache-control",
        "response-content-disposition",
        "response-content-encoding",
        "x-oss-ac-source-ip",
        "x-oss-ac-subnet-mask",
        "x-oss-ac-vpc-id",
        "x-oss-ac-forward-allow",
    }
)
SIGN_VERSIONS = ("v1", "v4")
V4_MAX_EXPIRES = 604800
V1_MAX_EXPIRES_AT = 9223372036854775807
TRAFFIC_MIN = 819200
TRAFFIC_MAX = 838860800
PAYERS = ("requester",)
DEFAULT_TIMEOUT = 60


@dataclass(frozen=True)
class ShareOptions:
    """Validated options for one signed GET link; build it with `build_share_options`."""

    expires_in: int = DEFAULT_TIMEOUT
    version_id: str | None = None
    traffic_limit: int | None = None
    """bit/s."""
    payer: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    """Allow-listed extra query parameters in the order given (x-oss-traffic-limit is in traffic_limit)."""
    slash_safe: bool = False
    sign_version: str = "v4"

    def query_params(self) -> dict[str, str]:
        """A fresh dict of every signed query parameter to send (oss2's sign_url mutates what it gets)."""
        out: dict[str, str] = {}
        if self.version_id is not None:
            out["versionId"] = str(self.version_id)
        if self.traffic_limit is not None:
            out["x-oss-traffic-limit"] = str(self.traffic_limit)
        if self.payer is not None:
            out["x-oss-request-payer"] = str(self.payer)
        for key, value in self.params:
            out[str(key)] = str(value)
        return out

    def param(self, key: str) -> str | None:
        """The value of one extra query parameter, or None when it is not set."""
        return next((value for name, value in self.params if name == key), None)

    def with_param(self, key: str, value: str | None) -> ShareOptions:
        """A copy with `key` set to `value` (replacing any earlier value), or removed when `value` is None."""
        params = tuple((name, old) for name, old in self.params if name != key)
        if value is not None:
            params += ((key, value),)
        return dataclasses.replace(self, params=params)


def _check_timeout(timeout: str | int, sign_version: str, now: float | None) -> int:
    """Seconds of link lifetime, within the limits of the signature version."""
    seconds = parse_duration(timeout)
    if sign_version == "v4" and seconds > V4_MAX_EXPIRES:
        raise InvalidInput(
            f"timeout {seconds} s is too long: V4 links live at most {V4_MAX_EXPIRES} s (7 days)",
            field="timeout",
        )
    if sign_version == "v1":
        start = int(time.time() if now is None else now)
        if start + seconds > V1_MAX_EXPIRES_AT:
            raise InvalidInput(
                f"timeout {seconds} s is too long: for V1, now + timeout must stay <= {V1_MAX_EXPIRES_AT}",
                field="timeout",
            )
    return seconds


def _check_traffic(value: str | int, origin: str) -> int:
    """bit/s within the OSS range; `origin` names where the value came from, for the message."""
    bits = parse_traffic(value)
    if not TRAFFIC_MIN <= bits <= TRAFFIC_MAX:
        raise InvalidInput(
            f"{origin} {bits} bit/s is out of range: "
            f"use {TRAFFIC_MIN} to {TRAFFIC_MAX} bit/s (100 KB/s to 100 MB/s)",
            field="traffic_limit",
        )
    return bits


def traffic_in_unit(value: str, unit: str) -> int:
    """bit/s for `value` typed in `unit` (KB/s or MB/s), with range errors in that unit, as the user typed it:
    `50 KB/s is below the minimum 100 KB/s`."""
    bits = traffic_to_bits(value, unit)
    size = BITS_PER_UNIT[unit]

    def amount(number: float) -> str:
        return f"{number:.4g} {unit}"

    typed = f"{value.strip()} {unit}"
    if bits < TRAFFIC_MIN:
        raise InvalidInput(f"{typed} is below the minimum {amount(TRAFFIC_MIN / size)}",
                           field="traffic_limit")
    if bits > TRAFFIC_MAX:
        raise InvalidInput(f"{typed} is above the maximum {amount(TRAFFIC_MAX / size)}",
                           field="traffic_limit")
    return bits


def _check_param_value(key: str, value: str) -> str:
    """Validate the value of one allow-listed query parameter (other than the traffic limit)."""
    if value == "":
        raise InvalidInput(f"query-param {key} needs a value: --query-param {key}:VALUE", field="query_param")
    if any((ord(ch) < 0x20 and ch != "\t") or 0x7F <= ord(ch) <= 0x9F for ch in value):
        # response-* values come back as response headers: a CR/LF there gets the link refused (or worse).
        raise InvalidInput(
            f"query-param {key} value {value!r} must not contain control characters (such as a newline)",
            field="query_param",
        )
    if key == "x-oss-process":
        return validate_process(value)
    if key == "x-oss-ac-source-ip":
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise InvalidInput(
                f"x-oss-ac-source-ip {value!r} is not an IP address", field="query_param"
            ) from None
    elif key == "x-oss-ac-subnet-mask":
        if not (value.isascii() and value.isdecimal() and 0 <= int(value) <= 128):
            raise InvalidInput(
                f"x-oss-ac-subnet-mask {value!r} must be a prefix length such as 24", field="query_param"
            )
    elif key == "x-oss-ac-forward-allow" and value not in ("true", "false"):
        raise InvalidInput(f"x-oss-ac-forward-allow {value!r} must be true or false", field="query_param")
    return value


def build_share_options(
    *,
    timeout: str | int = DEFAULT_TIMEOUT,
    version_id: str | None = None,
    traffic_limit: str | int | None = None,
    payer: str | None = None,
    query_params: Sequence[str] = (),
    slash_safe: bool = False,
    sign_version: str = "v4",
    now: float | None = None,
) -> ShareOptions:
    """Validate raw option values (as typed on the command line or in the form) into ShareOptions."""
    version = (sign_version or "").strip().lower()
    if version not in SIGN_VERSIONS:
        raise InvalidInput(f"sign version {sign_version!r} is unknown: use v1 or v4", field="sign_version")
    expires_in = _check_timeout(timeout, version, now)

    if version_id is not None and (not version_id.strip() or any(c.isspace() for c in version_id)):
        raise InvalidInput(
            f"version id {version_id!r} must be non-empty and hold no spaces", field="version_id"
        )

    bits = None if traffic_limit in (None, "") else _check_traffic(traffic_limit, "traffic limit")

    if payer is not None and payer.strip().lower() not in PAYERS:
        raise InvalidInput(f"payer {payer!r} is not allowed: the only payer is 'requester'", field="payer")
    payer_value = None if payer is None else payer.strip().lower()

    params: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in query_params:
        key, colon, value = item.partition(":")
        if not colon:
            raise InvalidInput(f"query-param {item!r} must be KEY:VALUE", field="query_param")
        if not key:
            raise InvalidInput(
                f"query-param {item!r} has an empty key: it must be KEY:VALUE", field="query_param"
            )
        if key not in ALLOWED_QUERY_PARAMS:
            raise InvalidInput(
                f"query-param key {key!r} is not allowed: "
                f"use one of {', '.join(sorted(ALLOWED_QUERY_PARAMS))}",
                field="query_param",
            )
        if key in seen:
            raise InvalidInput(f"query-param key {key!r} is given twice", field="query_param")
        seen.add(key)
        if key == "x-oss-traffic-limit":
            if bits is not None:
                raise InvalidInput(
                    "traffic limit given twice: "
                    "use --traffic-limit or --query-param x-oss-traffic-limit, not both",
                    field="traffic_limit",
                )
            bits = _check_traffic(value, "x-oss-traffic-limit")
            continue
        params.append((key, _check_param_value(key, value)))

    return ShareOptions(
        expires_in=expires_in,
        version_id=version_id,
        traffic_limit=bits,
        payer=payer_value,
        params=tuple(params),
        slash_safe=bool(slash_safe),
        sign_version=version,
    )
