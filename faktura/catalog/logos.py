"""What a department logo may be, judged by its content. No Django imports.

Logos are shown to anyone holding an invoice link and printed into PDFs, so a file is
accepted only when its bytes prove it is a PNG, a JPEG or a harmless SVG; the file name
and the declared content type are never trusted.

- PNG and JPEG: recognised by their signature; their size in pixels is read from the
  header (PNG's IHDR, JPEG's frame header) and must not exceed `MAX_SIDE` either way,
  which bounds the memory a renderer needs to decode them.
- SVG: parsed without a DTD, entities or network; the root must be `svg` in the SVG
  namespace, and scripts, event handler attributes, `foreignObject`, XHTML elements and
  references outside the document (an `href` or CSS `url()` not starting with "#" or
  "data:image/") are refused. What is stored is the checked tree serialized again, so
  nothing the parser skipped (processing instructions, comments, an odd encoding) can
  reach a browser.
"""

import re
from dataclasses import dataclass

from lxml import etree

from faktura.api import xmlcodec

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}

# Reasons a logo is refused (the service words them for people).
TOO_LARGE = "too_large"
UNKNOWN_FORMAT = "unknown_format"
UNREADABLE = "unreadable"
TOO_MANY_PIXELS = "too_many_pixels"
MALFORMED_SVG = "malformed_svg"
NOT_SVG = "not_svg"
SVG_DECLARATION = "svg_declaration"
UNSAFE_SVG = "unsafe_svg"

# JPEG start-of-frame markers, which carry the image size (not DHT C4, JPG C8, DAC CC).
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
# Markers without a length field: TEM, RST0-7, SOI.
_STANDALONE_MARKERS = {0x01, 0xD8, *range(0xD0, 0xD8)}
_EOI, _SOS = 0xD9, 0xDA

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "handler", "listener"}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE)
_LOCAL_REFERENCE = ("#", "data:image/")


class LogoError(ValueError):
    """A file that cannot be a logo; `reason` is one of the module's reason constants."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Logo:
    """An accepted logo: the bytes to store and what they are."""

    content: bytes
    extension: str  # "png", "jpg" or "svg"
    width: int | None = None
    height: int | None = None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def inspect_logo(content: bytes) -> Logo:
    """Accept `content` as a logo or raise LogoError saying why not."""
    if len(content) > MAX_BYTES:
        raise LogoError(TOO_LARGE)
    if content.startswith(PNG_SIGNATURE):
        width, height = png_size(content)
        return _raster(content, "png", width, height)
    if content.startswith(JPEG_SIGNATURE):
        width, height = jpeg_size(content)
        return _raster(content, "jpg", width, height)
    if _looks_like_xml(content):
        return Logo(content=checked_svg(content), extension="svg")
    raise LogoError(UNKNOWN_FORMAT)


def _raster(content: bytes, extension: str, width: int, height: int) -> Logo:
    if width > MAX_SIDE or height > MAX_SIDE:
        raise LogoError(TOO_MANY_PIXELS, f"{width}×{height}")
    return Logo(content=content, extension=extension, width=width, height=height)


def png_size(content: bytes) -> tuple[int, int]:
    """(width, height) from the IHDR chunk, which the PNG standard puts first."""
    if len(content) < 24 or content[12:16] != b"IHDR":
        raise LogoError(UNREADABLE)
    width = int.from_bytes(content[16:20], "big")
    height = int.from_bytes(content[20:24], "big")
    if width == 0 or height == 0:
        raise LogoError(UNREADABLE)
    return width, height


def jpeg_size(content: bytes) -> tuple[int, int]:
    """(width, height) from the first start-of-frame segment before the scan data."""
    position, end = 2, len(content)
    while position < end:
        if content[position] != 0xFF:
            break
        while position < end and content[position] == 0xFF:  # fill bytes
            position += 1
        if position >= end:
            break
        marker = content[position]
        position += 1
        if marker in _STANDALONE_MARKERS:
            continue
        if marker in (_EOI, _SOS) or position + 2 > end:
            break
        length = int.from_bytes(content[position : position + 2], "big")
        if length < 2:
            break
        if marker in _SOF_MARKERS:
            if length < 7 or position + 7 > end:
                break
            height = int.from_bytes(content[position + 3 : position + 5], "big")
            width = int.from_bytes(content[position + 5 : position + 7], "big")
            if width == 0 or height == 0:  # height 0: defined later by DNL; not supported
                break
            return width, height
        position += length
    raise LogoError(UNREADABLE)


def _looks_like_xml(content: bytes) -> bool:
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") or head.startswith((b"\xff\xfe", b"\xfe\xff"))


def checked_svg(content: bytes) -> bytes:
    """The SVG serialized again after the checks, or LogoError."""
    try:
        root = xmlcodec.parse_safely(content)
    except xmlcodec.DeclarationError as exc:
        raise LogoError(SVG_DECLARATION) from exc
    except xmlcodec.XmlError as exc:
        raise LogoError(MALFORMED_SVG, str(exc)) from exc
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise LogoError(NOT_SVG)
    for element in root.iter():
        if isinstance(element.tag, str):
            _check_element(element)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _check_element(element) -> None:
    qname = etree.QName(element)
    name = qname.localname.lower()
    if qname.namespace == XHTML_NAMESPACE:
        raise LogoError(UNSAFE_SVG, f"<{qname.localname}> (XHTML)")
    if name in _FORBIDDEN_ELEMENTS:
        raise LogoError(UNSAFE_SVG, f"<{qname.localname}>")
    if name in _ANIMATIONS:
        target = (element.get("attributeName") or "").split(":")[-1].strip().lower()
        if target == "href" or target.startswith("on"):
            raise LogoError(UNSAFE_SVG, f"<{qname.localname}> of {target}")
    if name == "style":
        _check_css(element.text or "", "<style>")
    for key, value in element.attrib.items():
        attribute = etree.QName(key).localname.lower()
        if attribute.startswith("on"):
            raise LogoError(UNSAFE_SVG, f"{attribute} attribute")
        if attribute == "href" and not _is_local(value):
            raise LogoError(UNSAFE_SVG, f"href {value[:60]!r}")
        if _SCRIPT_URL.search(value):
            raise LogoError(UNSAFE_SVG, f"script URL in {attribute}")
        _check_css(value, f"{attribute} attribute")


def _check_css(text: str, where: str) -> None:
    if _CSS_IMPORT.search(text):
        raise LogoError(UNSAFE_SVG, f"@import in {where}")
    if _SCRIPT_URL.search(text):
        raise LogoError(UNSAFE_SVG, f"script URL in {where}")
    for match in _CSS_URL.finditer(text):
        if not _is_local(match.group(2)):
            raise LogoError(UNSAFE_SVG, f"url({match.group(2)[:60]}) in {where}")


def _is_local(reference: str) -> bool:
    return reference.strip().lower().startswith(_LOCAL_REFERENCE)
