"""pytest fixtures: a session-wide demo LocalOSS, and a factory for servers with custom settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from oss_share_tui.localoss.server import LocalOSS

__all__ = ["localoss", "localoss_factory"]


@pytest.fixture(scope="session")
def localoss() -> Iterator[LocalOSS]:
    """One demo-seeded LocalOSS on a free loopback port for the whole session. Treat its data as read-only."""
    with LocalOSS(seed="demo") as srv:
        yield srv


@pytest.fixture
def localoss_factory() -> Iterator[Callable[..., LocalOSS]]:
    """Start extra servers: `srv = localoss_factory(seed="empty", error_rate=1.0)`; stopped at teardown."""
    started: list[LocalOSS] = []

    def make(**kwargs: Any) -> LocalOSS:
        srv = LocalOSS(**kwargs).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()
