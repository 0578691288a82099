"""Small real PNG and JPEG images made in code (zlib and struct only), for the demo seed."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable

Pixel = tuple[int, int, int]


def png(width: int, height: int, pixel: Callable[[int, int], Pixel]) -> bytes:
    """An 8-bit RGB PNG whose colour at (x, y) is `pixel(x, y)`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter type None
        for x in range(width):
            rows.extend(pixel(x, y))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


# Baseline JPEG with only DC coefficients: every 8x8 block is one flat colour. That keeps the encoder
# tiny (no DCT) while producing a file any decoder accepts.
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # the standard luminance DC table
_DC_VALUES = list(range(12))
_AC_BITS = [1] + [0] * 15  # one code, "0", for the only AC symbol we emit: EOB (0x00)
_AC_VALUES = [0]
_QUANT = 8  # DC quantiser: DC coefficient = 8 * (mean - 128), so quantised DC = mean - 128


def _huffman_codes(bits: list[int], values: list[int]) -> dict[int, tuple[int, int]]:
    codes: dict[int, tuple[int, int]] = {}
    code = 0
    k = 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def write(self, value: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc = (self.acc << 1) | ((value >> i) & 1)
            self.n += 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc = self.n = 0

    def flush(self) -> bytes:
        while self.n:
            self.write(1, 1)  # pad with 1-bits
        return bytes(self.out)


def _ycbcr(rgb: Pixel) -> tuple[int, int, int]:
    r, g, b = rgb
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return tuple(max(0, min(255, round(c))) for c in (y, cb, cr))  # type: ignore[return-value]


def jpeg(width: int, height: int, block_colour: Callable[[int, int], Pixel]) -> bytes:
    """A baseline YCbCr JPEG; `block_colour(bx, by)` gives the colour of each 8x8 block."""
    dc = _huffman_codes(_DC_BITS, _DC_VALUES)
    ac = _huffman_codes(_AC_BITS, _AC_VALUES)
    out = bytearray(b"\xff\xd8")
    out += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    out += b"\xff\xdb" + struct.pack(">HB", 67, 0) + bytes([_QUANT] + [1] * 63)
    out += b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3)
    for cid in (1, 2, 3):
        out += bytes([cid, 0x11, 0])
    out += (
        b"\xff\xc4" + struct.pack(">HB", 3 + 16 + len(_DC_VALUES), 0x00) + bytes(_DC_BITS) + bytes(_DC_VALUES)
    )
    out += (
        b"\xff\xc4" + struct.pack(">HB", 3 + 16 + len(_AC_VALUES), 0x10) + bytes(_AC_BITS) + bytes(_AC_VALUES)
    )
    out += b"\xff\xda" + struct.pack(">HB", 12, 3)
    for cid in (1, 2, 3):
        out += bytes([cid, 0x00])
    out += bytes([0, 63, 0])
    bits = _BitWriter()
    previous = [0, 0, 0]
    for by in range((height + 7) // 8):
        for bx in range((width + 7) // 8):
            for c, level in enumerate(_ycbcr(block_colour(bx, by))):
                value = level - 128
                diff = value - previous[c]
                previous[c] = value
                size = abs(diff).bit_length()
                code, length = dc[size]
                bits.write(code, length)
                if size:
                    bits.write(diff if diff > 0 else diff + (1 << size) - 1, size)
                code, length = ac[0]
                bits.write(code, length)
    out += bits.flush()
    out += b"\xff\xd9"
    return bytes(out)
