"""Suite-wide fixtures: isolated HOME/XDG dirs and no stray OSS env vars."""

from __future__ import annotations

import pytest

# The localoss fixtures, and the e2e tally that .ci/run reads (a plugin of the root conftest, so that the
# xdist controller, which collects nothing, still has its hooks).
pytest_plugins = ["oss_share_tui.localoss.testing", "tests.support.e2e_count"]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """Point HOME and the XDG dirs at tmp_path and clear OSS_* env vars, so no test sees the user's config."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    for var in (
        "OSS_ACCESS_KEY_ID",
        "OSS_ACCESS_KEY_SECRET",
        "OSS_SESSION_TOKEN",
        "OSS_ENDPOINT",
        "OSS_REGION",
        "DISPLAY",
        "WAYLAND_DISPLAY",
    ):
        monkeypatch.delenv(var, raising=False)
    # `--copy` writes OSC 52 to the controlling terminal: never to the real one of whoever runs the suite.
    monkeypatch.setattr("oss_share_tui.cli.clipboard.TTY_PATH", str(home / "no-tty"))
    import os

    for var in [v for v in os.environ if v.startswith("ALIBABA_CLOUD_")] + ["HTTP_PROXY", "HTTPS_PROXY",
                                                                           "http_proxy", "https_proxy"]:
        monkeypatch.delenv(var, raising=False)
    # The default chain's last resort is the ECS metadata service (100.100.100.200): never probe it from a
    # test. Tests of the ECS role re-enable it and route it to the loopback stand-in (HTTP_PROXY).
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    yield home
