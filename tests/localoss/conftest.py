"""localoss test fixtures: per-signature clients (localoss and localoss_factory come from the root)."""

from __future__ import annotations

from collections.abc import Callable

import oss2
import pytest

from .helpers import make_bucket


@pytest.fixture(params=["v1", "v4"])
def sig(request) -> str:
    """Run a test once per signature version."""
    return request.param


@pytest.fixture
def bucket_of(localoss, sig) -> Callable[..., oss2.Bucket]:
    """`bucket_of("demo-assets")`: an oss2 Bucket on the session server with this test's signature version."""
    return lambda name, **kw: make_bucket(localoss, name, sig, **kw)
