"""Image files for logo tests, built byte by byte (no imaging library needed)."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int = 2, height: int = 1) -> bytes:
    """A complete, decodable grayscale PNG of the given size (all black)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def jpeg_bytes(width: int = 2, height: int = 1, sof: int = 0xC0) -> bytes:
    """JPEG markers up to the frame header: SOI, a JFIF APP0, a DQT, SOFn, then EOI.

    Enough for header checks (the size is read from the frame header); not a decodable
    picture.
    """
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\x00" + bytes(range(1, 65))
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (
        b"\xff\xd8"
        + b"\xff\xe0"
        + struct.pack(">H", len(app0) + 2)
        + app0
        + b"\xff\xdb"
        + struct.pack(">H", len(dqt) + 2)
        + dqt
        + bytes([0xFF, sof])
        + struct.pack(">H", len(frame) + 2)
        + frame
        + b"\xff\xd9"
    )


def svg_bytes(body: str = '<rect width="10" height="10" fill="#c00"/>', attrs: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="10" height="10"{attrs}>{body}</svg>'
    ).encode()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)
