"""Sign again from history: same object and options, a new URL with a new expiry, served by localoss."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.history import HistoryStore, options_from_history
from oss_share_tui.storage.signer import sign_link
from tests.helpers import fetch


@pytest.mark.parametrize("version", ["v4", "v1"])
def test_sign_again_gives_a_new_working_url_with_a_new_expiry(tmp_path, demo_profile, version):
    store = HistoryStore(tmp_path / "history.jsonl")
    key = "odd names/hello world.txt"
    options = build_share_options(
        timeout="1h", sign_version=version,
        query_params=["response-content-disposition:attachment; filename=hello.txt"],
    )
    # The first link was made ten minutes ago (the clock is moved, for oss2 and localoss alike).
    with time_machine.travel(datetime.now(timezone.utc) - timedelta(minutes=10), tick=True):
        first = sign_link(demo_profile, "demo-assets", key, options, region="cn-hangzhou")
        store.add(first, options, endpoint=demo_profile.endpoint, region="cn-hangzhou",
                  access_key_id=demo_profile.access_key_id)

    (entry,) = store.entries()
    again = sign_link(demo_profile, entry.bucket, entry.key, options_from_history(entry),
                      region=entry.region or None, endpoint=entry.endpoint)
    assert again.url != entry.url
    assert again.expires_at >= entry.expires_at + timedelta(minutes=9)
    assert again.expires_in == entry.options["expires_in"] == 3600
    assert again.signature_version == version
    status, headers, body = fetch(again.url)
    disposition = headers.get("Content-Disposition", "")
    assert (status, body) == (200, b"a key with a space\n")
    assert disposition == "attachment; filename=hello.txt"  # the options came back with the entry

    store.add(again, options_from_history(entry), endpoint=entry.endpoint, region=entry.region,
              access_key_id=entry.access_key_id)
    assert [e.expires_at for e in store.entries()] == [entry.expires_at, again.expires_at]
