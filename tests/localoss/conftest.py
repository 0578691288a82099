"""localoss test fixtures: the server fixtures from localoss.testing, plus per-signature clients."""

from __future__ import annotations

from collections.abc import Callable

import oss2
import pytest

from oss_share_tui.localoss.testing import *  # noqa: F403 - the localoss / localoss_factory fixtures

from .helpers import make_bucket


@pytest.fixture(params=["v1", "v4"])
def sig(request) -> str:
    """Run a test once per signature version."""
    return request.param


@pytest.fixture
def bucket_of(localoss, sig) -> Callable[..., oss2.Bucket]:
    """`bucket_of("demo-assets")`: an oss2 Bucket on the session server with this test's signature version."""
    return lambda name, **kw: make_bucket(localoss, name, sig, **kw)
