"""File names of attachments as people see them. No Django imports.

A name comes from the client (the uploaded file's name, `file_name`), so it is
only ever a label: files are stored under random keys, and a name is cleaned
before it is kept, compared or put into a ZIP or a Content-Disposition header.
"""

import mimetypes
import re
import unicodedata
from urllib.parse import quote

MAX_NAME = 200
DEFAULT_NAME = "attachment"
OCTET_STREAM = "application/octet-stream"

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Characters Windows refuses in names (people unzip there too).
_RESERVED = re.compile(r'[<>:"|?*]')
_CONTENT_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")


def clean_name(raw: str) -> str:
    """The last path part of `raw`, in NFC, without control or reserved characters,
    leading dots or surrounding blanks, at most MAX_NAME characters (the extension
    kept); DEFAULT_NAME when nothing is left."""
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _RESERVED.sub("_", _CONTROL.sub("", name)).strip().lstrip(".").strip()
    if len(name) > MAX_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 20:
            name = stem[: MAX_NAME - len(extension) - 1].rstrip() + "." + extension
        else:
            name = name[:MAX_NAME]
    return name or DEFAULT_NAME


def unique_names(names: list[str]) -> list[str]:
    """`names` with repeats told apart: `a.pdf`, `a (1).pdf`, `a (2).pdf`, in order.

    Compared without regard to case, as the file systems people unzip onto do.
    """
    taken: set[str] = set()
    result = []
    for name in names:
        candidate, n = name, 0
        stem, dot, extension = name.rpartition(".")
        if not dot or not stem:
            stem, dot, extension = name, "", ""
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem} ({n}){dot}{extension}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


def content_type(declared: str | None, name: str) -> str:
    """The declared media type when it is well formed, else one guessed from the name."""
    declared = (declared or "").split(";")[0].strip().lower()
    if _CONTENT_TYPE.fullmatch(declared) and declared != OCTET_STREAM:
        return declared
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or OCTET_STREAM


def content_disposition(file_name: str) -> str:
    """`attachment` with the name for every browser: an ASCII fallback and RFC 5987's UTF-8."""
    fallback = file_name.encode("ascii", "replace").decode().replace("?", "_")
    fallback = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"
