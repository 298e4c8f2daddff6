#!/usr/bin/python3
"""Writes the brand-guideline PDFs the brand extraction is tested and benchmarked on, into a folder.

Nothing here is a real company's guideline: the brand, its colours and its words are made up, so
the tests know exactly what extraction must find. Run with Debian's python3 (python3-reportlab,
installed by scripts/setup.sh); fonts are Debian's DejaVu and Liberation.

    make-brand-pdfs.py OUT_DIR [--pages N]

writes guideline.pdf (2 pages, or N with --pages, for the benchmark), scanned.pdf (the first page
as a picture only), encrypted.pdf (a user password), truncated.pdf (cut in half), fifty.pdf
(50 pages), bomb.pdf (a huge page whose few kilobytes inflate to millions of drawing operations)
and notes.pdf (a text file named .pdf). The expected values are in EXPECTED below and printed as
JSON with --expected.
"""
import io
import json
import os
import sys
import zlib

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONTS = {
    "heading": ("LiberationSerif-Bold", "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
    "body": ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
}

EXPECTED = {
    "name": "Harbor & Pine",
    # Written in the text as HEX codes, with their role word on the swatch's label.
    "written": {"#1A73E8": "primary", "#F4B400": "secondary", "#0F9D58": "accent"},
    # Drawn as vector swatches only (no code written anywhere).
    "fills": ["#C2185B", "#5E35B1"],
    # Written as CMYK only: 0 60 100 0 → R 255, G 102, B 0 by BRAND.md's formula.
    "cmyk": "#FF6600",
    "fonts": {"heading": "Liberation Serif", "body": "DejaVu Sans"},
    "voice": "We speak like a friendly harbour pilot",
    "audience": "Independent makers and small studios",
    "dos": "Do use plenty of white space",
    "donts": "Don't stretch or recolour the logo",
    "tagline": "Steady hands for bold ideas",
}


def register_fonts():
    for name, path in FONTS.values():
        pdfmetrics.registerFont(TTFont(name, path))


def logo_png():
    """A 120x120 RGBA PNG: a blue disc with a yellow bar on a transparent background."""
    size = 120
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            dx, dy = x - 59.5, y - 59.5
            if 50 <= y < 70 and 20 <= x < 100:
                row += bytes([0xF4, 0xB4, 0x00, 255])
            elif dx * dx + dy * dy <= 55 * 55:
                row += bytes([0x1A, 0x73, 0xE8, 255])
            else:
                row += bytes([0, 0, 0, 0])
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + (zlib.crc32(body) & 0xFFFFFFFF).to_bytes(4, "big")

    header = size.to_bytes(4, "big") * 2 + bytes([8, 6, 0, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def heading(c, text, y, size=20):
    c.setFillColor(HexColor("#202124"))
    c.setFont(FONTS["heading"][0], size)
    c.drawString(60, y, text)


def body(c, lines, y, size=10.5):
    c.setFillColor(HexColor("#202124"))
    c.setFont(FONTS["body"][0], size)
    for line in lines:
        c.drawString(60, y, line)
        y -= size * 1.5
    return y


def swatch(c, x, y, hex_code, label, code_lines):
    c.setFillColor(HexColor(hex_code))
    c.rect(x, y, 110, 70, stroke=0, fill=1)
    c.setFillColor(HexColor("#202124"))
    c.setFont(FONTS["body"][0], 9)
    c.drawString(x, y - 14, label)
    for i, line in enumerate(code_lines):
        c.drawString(x, y - 27 - 12 * i, line)


def page_one(c, logo_path):
    width, height = A4
    c.drawImage(logo_path, 60, height - 150, width=80, height=80, mask="auto")
    heading(c, EXPECTED["name"], height - 200, size=34)
    body(c, ["Brand guidelines, edition 2026"], height - 225, size=12)
    heading(c, "Colour palette", height - 280)
    swatch(c, 60, height - 380, "#1A73E8", "Primary: Harbour Blue", ["HEX #1A73E8", "RGB 26 115 232"])
    swatch(c, 200, height - 380, "#F4B400", "Secondary: Lantern Gold", ["HEX #F4B400", "RGB 244 180 0"])
    swatch(c, 340, height - 380, "#0F9D58", "Accent: Pine Green", ["HEX #0F9D58"])
    # Two colours drawn, never written: extraction must read them from the fills.
    c.setFillColor(HexColor("#C2185B"))
    c.rect(60, height - 520, 110, 60, stroke=0, fill=1)
    c.setFillColor(HexColor("#5E35B1"))
    c.rect(200, height - 520, 110, 60, stroke=0, fill=1)
    body(c, ["Signal orange for print only: CMYK 0 60 100 0."], height - 560)
    heading(c, "Typography", height - 610)
    body(c, ["Headings are set in Liberation Serif Bold; body text in DejaVu Sans.",
             "Keep lines short and left-aligned."], height - 635)


def page_two(c):
    width, height = A4
    heading(c, "Brand voice", height - 80)
    y = body(c, [EXPECTED["voice"] + ": calm, warm and precise.",
                 "Friendly, confident, clear."], height - 105)
    heading(c, "Audience", y - 20)
    y = body(c, [EXPECTED["audience"] + " who sell what they make online."], y - 45)
    heading(c, "Mission", y - 20)
    y = body(c, [EXPECTED["tagline"] + "."], y - 45)
    heading(c, "Do's and don'ts", y - 20)
    body(c, [EXPECTED["dos"] + " around the logo.", EXPECTED["donts"] + ".",
             "Do write in short sentences.", "Don't use more than two typefaces on a page."], y - 45)


def filler_page(c, number):
    width, height = A4
    heading(c, f"Examples, part {number}", height - 80)
    y = height - 110
    for i in range(30):
        y = body(c, [f"Example {number}.{i}: a thumbnail in Harbour Blue with a Lantern Gold title on white."], y)
    c.setFillColor(HexColor("#1A73E8"))
    c.rect(60, 60, 200, 40, stroke=0, fill=1)


def guideline(path, logo_path, pages=2, encrypt=None):
    c = canvas.Canvas(path, pagesize=A4, encrypt=encrypt)
    c.setTitle("Harbor & Pine brand guidelines")
    page_one(c, logo_path)
    c.showPage()
    page_two(c)
    c.showPage()
    for n in range(3, pages + 1):
        filler_page(c, n)
        c.showPage()
    c.save()


def scanned(path, out_dir):
    """The first page rendered to a picture by pdftoppm, placed as the only content of a page."""
    picture = os.path.join(out_dir, "scan")
    os.system(f"pdftoppm -r 60 -f 1 -l 1 -png -singlefile '{out_dir}/guideline.pdf' '{picture}'")
    c = canvas.Canvas(path, pagesize=A4)
    c.drawImage(picture + ".png", 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    os.remove(picture + ".png")


def bomb(path):
    """A 200 x 200 inch page (the largest PDF allows) whose 3 MB... no: whose few kilobytes of
    Flate inflate to 40 million rectangle fills."""
    ops = b"0 0 1 1 re f\n" * 4_000_000
    stream = zlib.compress(ops, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    with open(path, "wb") as f:
        f.write(out.getvalue())


def main():
    args = sys.argv[1:]
    if "--expected" in args:
        print(json.dumps(EXPECTED, indent=2))
        return
    out_dir = args[0]
    pages = int(args[args.index("--pages") + 1]) if "--pages" in args else 2
    os.makedirs(out_dir, exist_ok=True)
    register_fonts()
    logo_path = os.path.join(out_dir, "logo.png")
    with open(logo_path, "wb") as f:
        f.write(logo_png())
    guideline(os.path.join(out_dir, "guideline.pdf"), logo_path, pages=pages)
    if "--pages" in args:
        return
    guideline(os.path.join(out_dir, "encrypted.pdf"), logo_path, encrypt="secret")
    guideline(os.path.join(out_dir, "fifty.pdf"), logo_path, pages=50)
    scanned(os.path.join(out_dir, "scanned.pdf"), out_dir)
    with open(os.path.join(out_dir, "guideline.pdf"), "rb") as f:
        data = f.read()
    with open(os.path.join(out_dir, "truncated.pdf"), "wb") as f:
        f.write(data[: len(data) // 2])
    bomb(os.path.join(out_dir, "bomb.pdf"))
    with open(os.path.join(out_dir, "notes.pdf"), "w") as f:
        f.write("Brand notes\nPrimary colour #1A73E8\n")


if __name__ == "__main__":
    main()
