"""XML in the shape of Rails' `Hash#to_xml` and `Hash.from_xml`, safe against hostile input.

`parse_xml` reads request bodies and `render_xml` writes responses. Documents carrying a
DOCTYPE or an entity declaration are refused outright, which rules out external entities
(XXE) and entity expansion bombs; the parser is also configured to load no DTD, resolve no
entity and touch no network, in case a declaration slips past the byte check (for example
in a UTF-16 document).
"""

import datetime
import re
from decimal import Decimal

from lxml import etree

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'

# Roots that only wrap the parameters, like Rails' default `<hash>` root.
_TRANSPARENT_ROOTS = {"hash", "request"}
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# Typed values that callers parse themselves, so they stay text.
_TEXT_TYPES = {"decimal", "float", "date", "dateTime", "datetime"}

# XML 1.0 (fifth edition) names, without ":" which lxml reserves for namespace prefixes.
_NAME_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NOT_NAME_CHAR = re.compile(f"[^{_NAME_CHAR}]")
_NAME_START_CHAR = re.compile(f"[{_NAME_START}]")
# Everything outside XML 1.0's `Char` production: most C0 controls, surrogates, U+FFFE/F.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class XmlError(ValueError):
    """The XML cannot be read; the message says why."""


class DeclarationError(XmlError):
    """The document declares a DOCTYPE or entities, which are never accepted."""

    def __init__(self) -> None:
        super().__init__("DOCTYPE and entity declarations are not allowed")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_safely(data: bytes) -> etree._Element:
    """Parse untrusted XML: no DOCTYPE, no entities, no network, no huge trees.

    Raises DeclarationError for a DOCTYPE or ENTITY declaration and XmlError for
    an empty or malformed document.
    """
    if not data or not data.strip():
        raise XmlError("The XML document is empty")
    if _DECLARATION.search(data):
        raise DeclarationError()
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise XmlError(exc.msg or str(exc)) from exc
    except (etree.LxmlError, ValueError) as exc:
        raise XmlError(str(exc)) from exc
    # A declaration in a multi-byte encoding escapes the byte check; the parser still sees it.
    if root.getroottree().docinfo.doctype:
        raise DeclarationError()
    return root


def parse_xml(data: bytes) -> dict:
    """Read a Rails-style XML document into a dict.

    The result is `{root_tag: value}`, except that the content of a `<hash>` or `<request>`
    root is returned directly. Elements become values by Rails' conventions:

    - `nil="true"` gives None; `type="array"` a list of the children's values;
      `type="integer"` an int; `type="boolean"` True for "true"/"1", False for "false"/"0";
      `type="decimal"`, `"float"`, `"date"`, `"dateTime"`, `"datetime"` and `"string"` the
      text as a string. A typed element with empty text gives None ("" for strings).
      Any other type raises XmlError.
    - Without a type, an element with children gives a dict (its attributes included);
      a child tag repeated in it gives a list. A container whose children all share one
      tag and which is named after that tag's plural ("positions" for "position",
      "taxes" for "tax", "categories" for "category") gives a list, even with one child.
    - An element without children gives its text as it is, or None when the text is empty
      or whitespace only (the dict of its attributes, when it has any).
    - Dashes in names become underscores: `<price-net>` gives the key "price_net".

    Raises XmlError for empty or malformed documents and for any DOCTYPE or ENTITY
    declaration.
    """
    root = parse_safely(data)
    name = _name(root.tag)
    value = _value(root)
    if name in _TRANSPARENT_ROOTS and (value is None or isinstance(value, dict)):
        return value or {}
    return {name: value}


def _name(tag: str) -> str:
    return etree.QName(tag).localname.replace("-", "_")


def _children(element) -> list:
    # Only elements: entity references (which were never resolved) carry no data.
    return [child for child in element if isinstance(child.tag, str)]


def _value(element):
    if element.get("nil") == "true":
        return None
    kind = element.get("type")
    children = _children(element)
    if kind == "array":
        return [_value(child) for child in children]
    if kind is not None:
        return _typed(element, kind, children)
    if children:
        names = {_name(child.tag) for child in children}
        if len(names) == 1 and _name(element.tag) in _plurals(names.pop()):
            return [_value(child) for child in children]
        return _dict(element, children)
    text = element.text or ""
    if text.strip():
        return text
    return _attributes(element) or None


def _typed(element, kind: str, children: list):
    name = _name(element.tag)
    if kind not in _TEXT_TYPES and kind not in {"integer", "boolean", "string"}:
        raise XmlError(f"Element <{name}> has unknown type {kind!r}")
    if children:
        raise XmlError(f"Element <{name}> of type {kind!r} cannot contain elements")
    text = element.text or ""
    if kind == "string":
        return text
    text = text.strip()
    if not text:
        return None
    if kind == "integer":
        if not _INTEGER.fullmatch(text):
            raise XmlError(f"Element <{name}> is not an integer: {text!r}")
        try:
            return int(text)
        except ValueError as exc:  # more digits than Python converts
            raise XmlError(f"Element <{name}> is not a usable integer") from exc
    if kind == "boolean":
        if text.lower() not in _BOOLEANS:
            raise XmlError(f"Element <{name}> is not a boolean: {text!r}")
        return _BOOLEANS[text.lower()]
    return text


def _dict(element, children: list) -> dict:
    grouped: dict[str, list] = {}
    for child in children:
        grouped.setdefault(_name(child.tag), []).append(_value(child))
    result = _attributes(element)
    # A child element wins over an attribute of the same name.
    for key, values in grouped.items():
        result[key] = values[0] if len(values) == 1 else values
    return result


def _attributes(element) -> dict:
    return {
        _name(key): value for key, value in element.attrib.items() if key not in {"type", "nil"}
    }


def _plurals(tag: str) -> set[str]:
    plurals = {tag + "s", tag + "es"}
    if tag.endswith("y"):
        plurals.add(tag[:-1] + "ies")
    return plurals


def render_xml(data, root: str, item: str | None = None) -> bytes:
    """Write `data` as a UTF-8 XML document rooted at `root`, like Rails' `to_xml`.

    A dict gives an element per key, in order; a list gives `type="array"` and one element
    per item, named `item` at the root and otherwise after the singular of the list's own
    name ("ies" becomes "y", else a trailing "s" is dropped, else "item"). None gives
    `nil="true"`; bool, int, float, Decimal, date and datetime are written with their Rails
    type ("boolean", "integer", "float", "decimal", "date", "dateTime", the last two in ISO
    format). Strings and any other value are written as text.

    Keys keep their underscores. A key that is not a valid XML name still gives well-formed
    XML: every character not allowed in a name (including ":" and spaces) becomes "_", and
    "_" is put in front when the first character cannot start a name, so "overdue?" is
    written `<overdue_>` and "1st" `<_1st>`. Characters that XML 1.0 does not allow in text
    (control characters other than tab and line breaks) are dropped.

    `parse_xml(render_xml(d, "invoice"))["invoice"] == d` for non-empty dicts of strings
    (not blank), ints, bools, None and non-empty nested dicts and lists of those whose keys
    are valid XML names without dashes (dashes read back as underscores), except that a
    dict whose single key is the singular of its own name reads back as a list, and an
    empty dict reads back as None.
    """
    element = _element(root, data, item)
    return XML_DECLARATION + etree.tostring(element, encoding="UTF-8", pretty_print=True)


def _element(name: str, value, item: str | None = None):
    element = etree.Element(_xml_name(name))
    if value is None:
        element.set("nil", "true")
    elif isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(str(key), child))
    elif isinstance(value, list | tuple):
        element.set("type", "array")
        child_name = item or _singular(name)
        for child in value:
            element.append(_element(child_name, child))
    else:
        kind, text = _scalar(value)
        if kind:
            element.set("type", kind)
        element.text = _NOT_XML_CHAR.sub("", text)
    return element


def _scalar(value) -> tuple[str | None, str]:
    # bool before int and datetime before date: each is a subclass of the other.
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "integer", str(value)
    if isinstance(value, float):
        return "float", repr(value)
    if isinstance(value, Decimal):
        return "decimal", str(value)
    if isinstance(value, datetime.datetime):
        return "dateTime", value.isoformat()
    if isinstance(value, datetime.date):
        return "date", value.isoformat()
    return None, str(value)


def _singular(name: str) -> str:
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and len(name) > 1:
        return name[:-1]
    return "item"


def _xml_name(name: str) -> str:
    name = _NOT_NAME_CHAR.sub("_", name)
    if not name or not _NAME_START_CHAR.match(name):
        name = "_" + name
    return name
