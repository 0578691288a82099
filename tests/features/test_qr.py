"""QR code: the half-block drawing decodes back to segno's module matrix; too-small terminals are told so."""

from __future__ import annotations

import pytest
import segno
from textual.app import App, ComposeResult

from oss_share_tui.core.options import build_share_options
from oss_share_tui.storage.profile import Profile
from oss_share_tui.storage.signer import sign_link
from oss_share_tui.tui.widgets.qr_code import QUIET_ZONE, QrCode, qr_lines, render_qr

PROFILE = Profile(endpoint="https://oss-cn-hangzhou.aliyuncs.com", access_key_id="STS.QrKeyId",
                  access_key_secret="qr-secret", sts_token="CAIS" + "t" * 300)
TOP = {"█": True, "▀": True, "▄": False, " ": False}
BOTTOM = {"█": True, "▄": True, "▀": False, " ": False}


def _signed(length: int) -> str:
    """A real signed URL of about `length` characters."""
    base = sign_link(PROFILE, "examplebucket", "k", build_share_options(timeout="1h")).url
    key = "photos/" + "x" * max(1, length - len(base) - 7)
    return sign_link(PROFILE, "examplebucket", key, build_share_options(timeout="1h")).url


def _decode(lines: list[str]) -> list[list[bool]]:
    """Rebuild the module matrix (quiet zone included) from half-block lines."""
    rows: list[list[bool]] = []
    for line in lines:
        assert set(line) <= set(TOP)
        rows.append([TOP[c] for c in line])
        rows.append([BOTTOM[c] for c in line])
    return rows


SHORT = "https://examplebucket.oss-cn-hangzhou.aliyuncs.com/a.txt?x=1"


@pytest.mark.parametrize("url", [SHORT, _signed(900)], ids=["short", "signed-900"])
def test_half_blocks_decode_back_to_segnos_matrix(url):
    if url is not SHORT:
        assert 850 <= len(url) <= 950 and "x-oss-signature" in url
    lines = qr_lines(url)
    expected = [[bool(m) for m in row] for row in segno.make(url, micro=False).matrix]
    size = len(expected)
    rows = _decode(lines)
    width = size + 2 * QUIET_ZONE
    assert all(len(r) == width for r in rows)
    assert len(rows) in (width, width + 1)
    # Quiet zone: every module outside the symbol is light, including the padding half row.
    core = [r[QUIET_ZONE : QUIET_ZONE + size] for r in rows[QUIET_ZONE : QUIET_ZONE + size]]
    assert core == expected
    assert not any(any(r) for r in rows[:QUIET_ZONE] + rows[QUIET_ZONE + size :])
    assert not any(any(r[:QUIET_ZONE]) or any(r[QUIET_ZONE + size :]) for r in rows)


def test_short_data_still_gives_a_full_qr_not_a_micro_qr():
    # segno would pick a Micro QR (15 modules) for this; phone cameras mostly cannot read those.
    assert len(segno.make("https://x").matrix) < 21
    assert render_qr("https://x").width == 21 + 2 * QUIET_ZONE


def test_fits_and_the_too_small_message():
    qr = render_qr(_signed(900))
    assert qr.width == len(qr.lines[0]) and qr.height == len(qr.lines) == (qr.width + 1) // 2
    assert qr.fits(qr.width, qr.height)
    assert not qr.fits(qr.width - 1, qr.height)
    assert not qr.fits(qr.width, qr.height - 1)
    assert qr.too_small_message(80, 24) == (
        f"Terminal too small for the QR code (need {qr.width}×{qr.height}, have 80×24)."
    )


class _QrApp(App[None]):
    def __init__(self, data: str) -> None:
        super().__init__()
        self.data = data

    def compose(self) -> ComposeResult:
        yield QrCode(self.data, id="qr")


async def test_widget_draws_the_code_when_it_fits_and_says_so_when_not():
    app = _QrApp(SHORT)
    async with app.run_test(size=(80, 30)) as pilot:
        qr = app.query_one(QrCode)
        assert qr.fits() and not qr.has_class("-too-small")
        # What reaches the screen: glyphs draw the light modules (white on black), so decode them inverted.
        # Every line keeps its quiet zone on both sides (Textual drops leading spaces when centring).
        expected = qr_lines(SHORT)
        width = len(expected[0])
        ink = str.maketrans({"█": " ", " ": "█", "▀": "▄", "▄": "▀"})
        shown = [qr.render_line(y).text for y in range(qr.size.height)]
        code = [row for row in shown if row.strip()]
        assert len(code) == len(expected)
        starts = {row.index("█") for row in code}
        assert len(starts) == 1  # one left edge: no line lost its leading quiet zone
        start = starts.pop()
        assert [row[start : start + width].translate(ink) for row in code] == expected

        qr.data = _signed(900)  # about 109×55 cells: too big for 80×30
        await pilot.pause()
        need = render_qr(qr.data)
        assert need.width > 80
        assert not qr.fits() and qr.has_class("-too-small")
        assert f"Terminal too small for the QR code (need {need.width}×{need.height}" in str(qr.render())

        await pilot.resize_terminal(120, 60)
        await pilot.pause()
        assert qr.fits() and not qr.has_class("-too-small")
