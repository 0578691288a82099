"""The product against localoss's archived and typed objects (not replayed bodies): the gateway sees every
storage class, object type and restore state the demo seed holds, and `sign --check` tells a frozen Archive
object (InvalidObjectState, exit 1) from a restored ColdArchive one and a symlink (exit 0)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from oss_share_tui.storage.gateway import OssGateway
from oss_share_tui.storage.profile import Profile

from .helpers import AK, SK, make_bucket

FOLDER = "storage-classes/"


def test_gateway_lists_each_class_type_and_restore_state(localoss):
    gateway = OssGateway(
        Profile(endpoint=localoss.endpoint, access_key_id=AK, access_key_secret=SK, region="cn-hangzhou")
    )
    entries = {e.key.removeprefix(FOLDER): e for e in gateway.list_prefix("demo-assets", FOLDER).items}
    raw = make_bucket(localoss, "demo-assets")  # oss2, talking to the same server, as the oracle
    for name, entry in entries.items():
        head = raw.head_object(FOLDER + name).headers
        if entry.object_type == "Symlink":
            continue  # HEAD follows the link to its target's class; the listing shows the link itself
        assert entry.storage_class == head["x-oss-storage-class"], name
        assert entry.object_type == head["x-oss-object-type"], name
        assert entry.restore == head.get("x-oss-restore", ""), name
    assert entries["archived-frozen.txt"].restore == ""
    assert entries["cold-restored.txt"].restore.startswith('ongoing-request="false"')
    assert gateway.symlink_target("demo-assets", FOLDER + "logo-link.png") == "images/logo.png"


@pytest.mark.parametrize(
    ("name", "code"),
    [("archived-frozen.txt", 1), ("cold-restored.txt", 0), ("logo-link.png", 0), ("app.log", 0)],
)
def test_sign_check_on_each_kind(localoss, name, code):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "oss_share_tui",
            "sign",
            f"oss://demo-assets/{FOLDER}{name}",
            "-e",
            localoss.endpoint,
            "-i",
            AK,
            "-k",
            SK,
            "--region",
            "cn-hangzhou",
            "--check",
            "--no-history",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == code, out.stderr
    assert ("InvalidObjectState" in out.stderr) is (code == 1)
    assert out.stdout.startswith("http://127.0.0.1:")
