"""Share-form test helpers: demo profiles, a host app, settling workers (localoss fixtures: root conftest)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from textual.app import App

from oss_share_tui.core.models import Bucket
from oss_share_tui.tui.share_target import ShareTarget
from tests.helpers import demo_profile, make_app  # noqa: F401 - the one app factory, re-exported
from tests.support.pilot import settle  # noqa: F401 - re-exported for the tests

SIZE = (120, 45)


def demo_bucket(server, name: str = "demo-assets", region: str = "cn-hangzhou") -> Bucket:
    """A bucket record as ListBuckets on `server` reports it."""
    return Bucket(name, region=region, location=f"oss-{region}", extranet_endpoint=server.host_port)


def target(server, key: str, *, bucket: str = "demo-assets", version_id: str | None = None) -> ShareTarget:
    """A share target on `server`."""
    return ShareTarget(demo_bucket(server, bucket), key, version_id)


class HostApp(App[None]):
    """A bare app that shows one screen: snapshots need no browser behind the modal."""

    TITLE = "oss-share"

    def __init__(self, screen_factory) -> None:
        super().__init__()
        self._factory = screen_factory
        self.last_link: str | None = None

    def on_mount(self) -> None:
        """Show the screen under test."""
        self.push_screen(self._factory())


@pytest.fixture
def utc(monkeypatch) -> Iterator[None]:
    """Local time is UTC, so rendered times are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
