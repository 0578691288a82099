"""Property: whatever the keys (any Unicode, slashes, `+%#?&=~`, controls) and however small the pages,
`OssGateway.list_prefix` against localoss returns every key exactly once, in OSS's (UTF-8 byte) order, with
folders summarised at the delimiter; paging never loses or repeats a row."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile

from .conftest import AK, REGION, SK, examples
from .test_sign_properties import keys

_buckets = itertools.count()


@pytest.fixture(scope="module")
def gateway(rel_server) -> OssGateway:
    profile = Profile(endpoint=rel_server.endpoint, access_key_id=AK, access_key_secret=SK, region=REGION)
    return OssGateway(profile, retries=0)


def _page_all(gateway: OssGateway, bucket: str, prefix: str, delimiter: str, max_keys: int) -> list:
    items, token, pages = [], None, 0
    while True:
        page = gateway.list_prefix(bucket, prefix, token, max_keys=max_keys, delimiter=delimiter)
        items.extend(page.items)
        pages += 1
        assert pages < 1000, "paging does not end"
        if page.next_token is None:
            return items
        token = page.next_token


@settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.sets(keys, min_size=1, max_size=25),
    delimiter=st.sampled_from(["", "/"]),
    max_keys=st.integers(1, 7),
    under_prefix=st.booleans(),
)
def test_every_key_once_in_order_whatever_the_page_size(rel_server, gateway, names, delimiter, max_keys,
                                                        under_prefix) -> None:
    bucket = f"list-prop-{next(_buckets)}"
    rel_server.store.create_bucket(bucket, region=REGION)
    prefix = "p/" if under_prefix else ""
    stored = sorted({prefix + name for name in names if len((prefix + name).encode()) <= 1023})
    for key in stored:
        rel_server.store.put_object(bucket, key, b"")
    if under_prefix:
        rel_server.store.put_object(bucket, "outside-the-prefix", b"")

    items = _page_all(gateway, bucket, prefix, delimiter, max_keys)
    if delimiter == "":
        expected = [(k, False) for k in stored if k != prefix]
        got = [(e.key, e.is_prefix) for e in items]
        assert got == expected
    else:
        folders, objects = set(), []
        for key in stored:
            rest = key[len(prefix):]
            if "/" in rest:
                folders.add(prefix + rest.split("/", 1)[0] + "/")
            elif key != prefix:
                objects.append(key)
        got_folders = [e.key for e in items if e.is_prefix]
        got_objects = [e.key for e in items if not e.is_prefix]
        assert sorted(got_folders) == sorted(folders) and len(got_folders) == len(folders)
        assert got_objects == objects
