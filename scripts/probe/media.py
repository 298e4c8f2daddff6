"""The files the probe uploads, made with the standard library only.

Five usable photos of one person: the sample folder holds three distinct shots of anyone, so each
is also sent "mirrored" by an EXIF Orientation of 2 (flip horizontal), a pure byte edit. The
service stores photos upright, so it sees the mirrored picture, as the Swift tests' mirrored
copies (which need an image library). Damaged files are made from the same bytes."""

import random
import struct
import zlib
from pathlib import Path

GOOD_SHOTS = ("obama-1.jpg", "obama-2.jpg", "obama-3.jpg")


def jpeg_segments(data: bytes):
    """(marker, bytes) of each header segment up to the scan, then (None, the rest)."""
    i = 2
    while i + 4 <= len(data) and data[i] == 0xFF and data[i + 1] != 0xDA:
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        yield data[i + 1], data[i:i + 2 + length]
        i += 2 + length
    yield None, data[i:]


def exif_segment(orientation: int) -> bytes:
    """An APP1 Exif segment holding only an Orientation tag (big-endian TIFF, one IFD entry)."""
    entry = struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + entry + struct.pack(">I", 0)
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def mirrored_jpeg(data: bytes) -> bytes:
    """The JPEG with its own Exif replaced by Orientation 2: decoded upright, it is the mirror image."""
    kept = [segment for marker, segment in jpeg_segments(data)
            if not (marker == 0xE1 and segment[4:10] == b"Exif\x00\x00")]
    return data[:2] + exif_segment(2) + b"".join(kept)


def good_photos(folder: Path) -> list:
    """Six usable photos of one person as (file name, bytes): three shots and their mirror images."""
    originals = [(name, (folder / name).read_bytes()) for name in GOOD_SHOTS]
    return originals + [("mirrored-" + name, mirrored_jpeg(data)) for name, data in originals]


def truncated_jpeg(folder: Path) -> tuple:
    """The first 40 % of a real JPEG: a header that promises more than the file holds."""
    data = (folder / GOOD_SHOTS[0]).read_bytes()
    return ("cut.jpg", data[:len(data) * 4 // 10])


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png(width: int, height: int, rows) -> bytes:
    """An 8-bit RGB PNG from an iterable of raw rows (each without its filter byte)."""
    compressor = zlib.compressobj(1)
    data = b"".join(compressor.compress(b"\x00" + row) for row in rows) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def png_claiming(width: int, height: int) -> tuple:
    """A small, valid-looking PNG whose header claims width × height (10 gigapixels for 100000²):
    a decoder that trusts the header would try to allocate all of it."""
    rows = (b"\x80" * 3 * 64 for _ in range(8))  # a few rows' worth of data, nowhere near the claim
    body = png(64, 8, rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (f"huge-{width}x{height}.png", body[:8] + png_chunk(b"IHDR", header) + body[33:])


def large_png(side: int, seed: int) -> tuple:
    """A side × side noisy PNG (36 megapixels at 6000): a legitimate but expensive photo to decode.
    Rows are slices of one random strip, so it is made in a second and still several MB."""
    rng = random.Random(seed)
    strip = rng.randbytes(side * 3 + 4096)
    rows = (strip[(y * 7919) % 4096:(y * 7919) % 4096 + side * 3] for y in range(side))
    return (f"large-{side}-{seed}.png", png(side, side, rows))
