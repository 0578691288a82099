"""Fault injection for tests and demos: added latency, 5xx answers and dropped connections at set rates."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

FaultFilter = Callable[[str, str], bool]
"""(method, raw request path) -> whether faults may apply to this request."""

_KEEP: object = object()


@dataclass(frozen=True)
class Fault:
    """What to do to one request: sleep `latency` seconds, then maybe answer 5xx or drop the connection."""

    latency: float = 0.0
    action: str | None = None
    """None, "error" or "drop"."""
    status: int = 0
    """503 or 500 when action is "error"."""


class FaultInjector:
    """Decides each request's fault from the configured rates; seedable, and reconfigurable at runtime."""

    def __init__(
        self,
        latency: float = 0.0,
        error_rate: float = 0.0,
        drop_rate: float = 0.0,
        seed: int | None = None,
        applies: FaultFilter | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self.latency = 0.0
        self.error_rate = 0.0
        self.drop_rate = 0.0
        self.applies: FaultFilter | None = None
        self.configure(latency=latency, error_rate=error_rate, drop_rate=drop_rate, applies=applies)

    def configure(
        self,
        *,
        latency: float | None = None,
        error_rate: float | None = None,
        drop_rate: float | None = None,
        applies: FaultFilter | None | object = _KEEP,
        seed: int | None = None,
    ) -> None:
        """Change some settings; arguments left out keep their value. Raises ValueError on bad values."""
        if latency is not None and not latency >= 0:
            raise ValueError("latency must be >= 0 seconds")
        for name, rate in (("error_rate", error_rate), ("drop_rate", drop_rate)):
            if rate is not None and not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        with self._lock:
            if latency is not None:
                self.latency = float(latency)
            if error_rate is not None:
                self.error_rate = float(error_rate)
            if drop_rate is not None:
                self.drop_rate = float(drop_rate)
            if applies is not _KEEP:
                self.applies = applies  # type: ignore[assignment]
            if seed is not None:
                self._rng.seed(seed)

    @property
    def active(self) -> bool:
        """Whether any fault is configured."""
        return bool(self.latency or self.error_rate or self.drop_rate)

    def decide(self, method: str, path: str) -> Fault:
        """The fault for one request (drops are drawn before errors)."""
        if not self.active:
            return Fault()
        applies = self.applies
        if applies is not None and not applies(method, path):
            return Fault()
        with self._lock:
            if self.drop_rate and self._rng.random() < self.drop_rate:
                return Fault(self.latency, "drop")
            if self.error_rate and self._rng.random() < self.error_rate:
                return Fault(self.latency, "error", self._rng.choice((503, 500)))
            return Fault(self.latency)
