"""What a logo file may be, judged by its bytes (pure, no database)."""

import pytest
from lxml import etree

from faktura.catalog import logos
from faktura.catalog.tests.factories_departments import jpeg_bytes, png_bytes, svg_bytes


def test_a_png_is_recognised_with_its_size():
    logo = logos.inspect_logo(png_bytes(120, 45))
    assert (logo.extension, logo.content_type, logo.width, logo.height) == (
        "png",
        "image/png",
        120,
        45,
    )


@pytest.mark.parametrize("sof", [0xC0, 0xC2])
def test_a_jpeg_is_recognised_with_its_size_from_its_frame_header(sof):
    logo = logos.inspect_logo(jpeg_bytes(640, 480, sof=sof))
    assert (logo.extension, logo.content_type, logo.width, logo.height) == (
        "jpg",
        "image/jpeg",
        640,
        480,
    )


def test_a_plain_svg_is_accepted_and_stored_as_checked():
    logo = logos.inspect_logo(svg_bytes('<!-- drawn by hand --><circle r="4" fill="url(#g)"/>'))
    assert logo.extension == "svg"
    assert logo.content_type == "image/svg+xml"
    assert logo.content.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"<circle" in logo.content
    assert b"drawn by hand" not in logo.content


def test_an_svg_may_refer_to_its_own_parts_and_embedded_images():
    body = (
        '<defs><linearGradient id="g"/></defs><use xlink:href="#g"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/>'
        "<style>rect { fill: url(#g); }</style>"
    )
    assert logos.inspect_logo(svg_bytes(body)).extension == "svg"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"GIF89a\x01\x00\x01\x00", logos.UNKNOWN_FORMAT),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", logos.UNKNOWN_FORMAT),
        (b"%PDF-1.7", logos.UNKNOWN_FORMAT),
        (b"", logos.UNKNOWN_FORMAT),
        (b"\x89PNG\r\n\x1a\n\x00\x00", logos.UNREADABLE),
        (png_bytes(4001, 10), logos.TOO_MANY_PIXELS),
        (png_bytes(10, 4001), logos.TOO_MANY_PIXELS),
        (jpeg_bytes(5000, 5000), logos.TOO_MANY_PIXELS),
        (jpeg_bytes(10, 10)[:30], logos.UNREADABLE),
        (jpeg_bytes(10, 0), logos.UNREADABLE),
        (b"\xff\xd8\xff" + b"\x00" * 20, logos.UNREADABLE),
        (png_bytes() + b"\x00" * logos.MAX_BYTES, logos.TOO_LARGE),
    ],
    ids=[
        "gif",
        "webp",
        "pdf",
        "empty",
        "truncated png",
        "png too wide",
        "png too tall",
        "jpeg too big",
        "jpeg cut before its frame header",
        "jpeg without height",
        "jpeg garbage",
        "over 1 MB",
    ],
)
def test_files_that_are_not_acceptable_images_are_refused(content, reason):
    with pytest.raises(logos.LogoError) as error:
        logos.inspect_logo(content)
    assert error.value.reason == reason


def test_the_largest_allowed_size_is_accepted():
    assert logos.inspect_logo(png_bytes(4000, 4000)).width == 4000


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            logos.SVG_DECLARATION,
        ),
        (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg>'
            '<svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16"),
            logos.SVG_DECLARATION,
        ),
        (b'<svg width="10"><rect/></svg>', logos.NOT_SVG),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', logos.NOT_SVG),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect>', logos.MALFORMED_SVG),
        (b"<svg xmlns='http://www.w3.org/2000/svg'>&undefined;</svg>", logos.MALFORMED_SVG),
    ],
    ids=["entity", "doctype in utf-16", "no namespace", "xhtml root", "unclosed", "entity ref"],
)
def test_svgs_that_are_not_plain_svg_documents_are_refused(content, reason):
    with pytest.raises(logos.LogoError) as error:
        logos.inspect_logo(content)
    assert error.value.reason == reason


@pytest.mark.parametrize(
    ("body", "attrs"),
    [
        ("<script>alert(1)</script>", ""),
        ('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>', ""),
        ('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>', ""),
        ('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.test"/>', ""),
        ("", ' onload="alert(1)"'),
        ('<rect onclick="alert(1)"/>', ""),
        ('<a href="https://evil.test"><rect/></a>', ""),
        ('<a xlink:href="javascript:alert(1)"><rect/></a>', ""),
        ('<image href="https://tracker.test/pixel.png"/>', ""),
        ('<image href="file:///etc/passwd"/>', ""),
        ('<use href="other.svg#x"/>', ""),
        ('<rect style="fill: url(https://tracker.test/x)"/>', ""),
        ("<rect fill=\"url('//tracker.test/x')\"/>", ""),
        ("<style>@import url(#x); rect { fill: red }</style>", ""),
        ('<style>rect { background: url("http://tracker.test/x") }</style>', ""),
        ('<a><set attributeName="href" to="javascript:alert(1)"/></a>', ""),
        ('<rect><animate attributeName="onclick" values="alert(1)"/></rect>', ""),
        ('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>', ""),
    ],
    ids=[
        "script",
        "xhtml script",
        "foreignObject",
        "xhtml iframe",
        "onload on root",
        "onclick",
        "external link",
        "javascript link",
        "remote image",
        "file image",
        "other document",
        "css url in style",
        "css url in fill",
        "css import",
        "css url in style element",
        "set href",
        "animate event handler",
        "xinclude",
    ],
)
def test_svgs_with_active_content_or_external_references_are_refused(body, attrs):
    with pytest.raises(logos.LogoError) as error:
        logos.inspect_logo(svg_bytes(body, attrs))
    assert error.value.reason == logos.UNSAFE_SVG


def test_processing_instructions_do_not_reach_the_stored_svg():
    content = (
        b'<?xml version="1.0"?><?xml-stylesheet href="https://evil.test/a.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><?php echo 1; ?><rect/></svg>'
    )
    stored = logos.inspect_logo(content).content
    assert b"evil.test" not in stored
    assert b"php" not in stored
    assert etree.fromstring(stored).tag == "{http://www.w3.org/2000/svg}svg"
