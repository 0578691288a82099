"""The on-screen QR code keeps a 2-module quiet zone and still decodes: its half blocks become pixels,
framed by the terminal's dark background, and read by a real QR decoder (zxing-cpp)."""

from __future__ import annotations

import pytest
import zxingcpp

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link
from oss_share_tui.tui.widgets.qr_code import QUIET_ZONE, qr_lines

TOP = {"█": True, "▀": True, "▄": False, " ": False}
BOTTOM = {"█": True, "▄": True, "▀": False, " ": False}
SCALE = 4
DARK_FRAME = 6
"""Modules of dark terminal background around the drawing (what surrounds it on a dark-themed screen)."""


class _Pixels:
    def __init__(self, width: int, height: int, data: bytes) -> None:
        self.__array_interface__ = {"shape": (height, width), "typestr": "|u1", "data": data, "version": 3}


def _screen_pixels(lines: list[str]) -> _Pixels:
    """The drawing as the eye (or a camera) sees it: ink dark, paper light, the terminal around it dark."""
    ink = [row for line in lines for row in ([TOP[c] for c in line], [BOTTOM[c] for c in line])]
    width = len(ink[0]) + 2 * DARK_FRAME
    framed = [[True] * width] * DARK_FRAME
    framed += [[True] * DARK_FRAME + row + [True] * DARK_FRAME for row in ink]
    framed += [[True] * width] * DARK_FRAME
    data = bytearray()
    for row in framed:
        line = b"".join((b"\x00" if dark else b"\xff") * SCALE for dark in row)
        data.extend(line * SCALE)
    return _Pixels(width * SCALE, len(framed) * SCALE, bytes(data))


@pytest.mark.parametrize("length", [60, 400, 900])
def test_the_screen_code_with_a_two_module_quiet_zone_decodes(length):
    profile = Profile(endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="LTAI5tQrTest01",
                      access_key_secret="qr-secret")
    url = sign_link(profile, "examplebucket", "photos/" + "x" * length, build_share_options(timeout="1h")).url
    assert QUIET_ZONE == 2
    found = zxingcpp.read_barcodes(_screen_pixels(qr_lines(url)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == [url]
