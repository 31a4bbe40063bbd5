"""A PNG from an RGB frame, with the standard library only (render replies carry it base64-encoded)."""

import struct
import zlib


def _chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def encode_png(frame):
    """PNG bytes of an H×W×3 (or H×W×4) uint8 array, as Gymnasium's rgb_array render returns."""
    height, width, channels = frame.shape
    color_type = {3: 2, 4: 6}[channels]
    raw = frame.astype("uint8").tobytes()
    stride = width * channels
    # Filter type 0 (none) before every row.
    rows = b"".join(b"\x00" + raw[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows, 6)) + _chunk(b"IEND", b"")
