"""Files that hold bearer tokens are private: the QR code saved from the TUI (PNG and SVG, decoded back to the
URL by a real QR decoder), the TUI's batch export and `sign --recursive --output` are written 0600."""

from __future__ import annotations

import os
import stat
import urllib.request
import xml.etree.ElementTree as ET

import png
import pytest
import zxingcpp

from oss_share_tui import cli
from oss_share_tui.core.options import build_share_options
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
from oss_share_tui.tui.screens.qr import QrScreen
from oss_share_tui.tui.screens.share_result import ShareResultScreen
from oss_share_tui.tui.share_request import ShareRequest, sign_target
from tests.tui_share.conftest import HostApp, demo_profile, settle, target

from .conftest import BATCH_REGION


class _Pixels:
    """Grey pixels in the array-interface shape the decoder reads."""

    def __init__(self, width: int, height: int, data: bytes) -> None:
        self.__array_interface__ = {"shape": (height, width), "typestr": "|u1", "data": data, "version": 3}


def decode_png(path) -> list[str]:
    """Every QR code a real decoder finds in the PNG at `path`."""
    width, height, rows, info = png.Reader(filename=str(path)).asDirect()
    planes, top = info["planes"], (1 << info["bitdepth"]) - 1
    grey = bytearray()
    for row in rows:
        grey.extend(255 * row[x * planes] // top for x in range(width))
    found = zxingcpp.read_barcodes(_Pixels(width, height, bytes(grey)), formats=zxingcpp.BarcodeFormat.QRCode)
    return [code.text for code in found]


def mode_of(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_qr_saved_as_png_and_svg_decodes_to_the_link_and_is_private(localoss, size, tmp_path):
    profile = demo_profile(localoss)
    share = target(localoss, "images/banner.png")
    options = build_share_options(timeout="1h")
    request = ShareRequest(share, options, sign_target(profile, share, options))
    app = HostApp(lambda: ShareResultScreen(request, profile))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        qr = app.screen
        assert isinstance(qr, QrScreen)
        hint = str(qr.query_one("#qr-hint").render())
        assert "the code needs" in hint and "cells" in hint
        await pilot.press("s")
        await settle(pilot)
        png_path = qr.saved
        await pilot.press("S")
        await settle(pilot)
        svg_path = qr.saved
    assert png_path is not None and png_path.suffix == ".png" and png_path.parent.name == "Downloads"
    assert decode_png(png_path) == [request.link.url]
    assert svg_path is not None and svg_path.suffix == ".svg"
    assert ET.parse(svg_path).getroot().tag.endswith("svg")
    assert mode_of(png_path) == 0o600 and mode_of(svg_path) == 0o600
    assert not [p for p in png_path.parent.iterdir() if p.name.endswith(".tmp")]  # atomic: no leftovers


def test_cli_output_file_is_private_and_says_so(batch_server, batch_bucket, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("OSS_ACCESS_KEY_ID", DEMO_ACCESS_KEY_ID)
    monkeypatch.setenv("OSS_ACCESS_KEY_SECRET", DEMO_ACCESS_KEY_SECRET)
    monkeypatch.setenv("OSS_ENDPOINT", batch_server.endpoint)
    monkeypatch.setenv("OSS_REGION", BATCH_REGION)
    out = tmp_path / "links.csv"
    out.write_text("old, world-readable\n")
    os.chmod(out, 0o644)
    code = cli.main(["sign", f"oss://{batch_bucket}/alpha/", "-r", "--limit", "3", "--export", "csv",
                     "--output", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert mode_of(out) == 0o600  # replaced, not rewritten in place: the old mode does not survive
    assert "mode 0600" in err
    url = out.read_text(encoding="utf-8").splitlines()[1].split(",")[3]
    with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310 - loopback localoss
        assert resp.status == 200
