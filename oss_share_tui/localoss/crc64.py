"""CRC-64/ECMA-182 as OSS reports it in `x-oss-hash-crc64ecma` (reflected, init and xorout all ones)."""

from __future__ import annotations

_POLY_REFLECTED = 0xC96C5795D7870F42
_MASK = 0xFFFFFFFFFFFFFFFF


def _make_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY_REFLECTED if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _make_table()


def crc64(data: bytes, crc: int = 0) -> int:
    """CRC-64/XZ of `data`, continuing from `crc` (0 to start); the value oss2 compares with its own."""
    table = _TABLE
    crc ^= _MASK
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ _MASK
