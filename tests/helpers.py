"""Helpers shared by every test package: one URL fetch and one app factory (import them; do not copy them)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import NamedTuple

import pytest

from oss_share_tui import cli
from oss_share_tui.core.refs import OssRef
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile
from oss_share_tui.tui.app import OssShareApp


class Fetched(NamedTuple):
    """What a plain HTTP client got: any status (errors are answers too), headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def status_body(self) -> tuple[int, bytes]:
        """(status, body), for one-line comparisons."""
        return self.status, self.body


def fetch(
    url: str, method: str = "GET", headers: dict[str, str] | None = None, timeout: float = 10.0
) -> Fetched:
    """GET (or `method`) `url` with plain urllib, as a browser would; HTTP errors come back, not raised."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - loopback test servers
            return Fetched(resp.status, dict(resp.headers.items()), resp.read())
    except urllib.error.HTTPError as err:
        with err:
            return Fetched(err.code, dict(err.headers.items()), err.read())


def demo_profile(server, **changes) -> Profile:
    """The demo key pair, pointed at a localoss server (`changes` override any Profile field)."""
    fields = {
        "endpoint": server.endpoint,
        "access_key_id": DEMO_ACCESS_KEY_ID,
        "access_key_secret": DEMO_ACCESS_KEY_SECRET,
    }
    fields.update(changes)
    return Profile(**fields)


def make_app(
    server, start: OssRef | None = None, *, retries: int = 3, backoff: float = 0.01, **changes
) -> OssShareApp:
    """The real app on `server`, with a gateway that retries quickly (tests must stay fast)."""
    profile = demo_profile(server, **changes)
    gateway = OssGateway(profile, timeout=5.0, retries=retries, backoff=backoff)
    return OssShareApp(profile, start, gateway=gateway)


@dataclass
class Run:
    """One finished in-process run of `oss-share`."""

    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """Call `run(*argv)` to run oss-share in-process (a conftest imports this fixture to offer it)."""

    def _run(*argv: str) -> Run:
        code = cli.main(list(argv))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return _run
