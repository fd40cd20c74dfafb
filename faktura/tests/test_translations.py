"""Every user-facing string is translated to Polish and Ukrainian, and the .mo files are current."""

import ast
import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def _po_entries(path: Path) -> tuple[dict[str, str], list[str]]:
    """(msgid -> msgstr, fuzzy msgids) of a .po file, header excluded."""
    entries: dict[str, str] = {}
    fuzzy: list[str] = []
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        is_fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, parts = None, {"msgid": [], "msgstr": []}
        for line in lines:
            if line.startswith(("msgid ", "msgstr ")):
                current, _, rest = line.partition(" ")
                parts[current].append(ast.literal_eval(rest))
            elif line.startswith('"') and current:
                parts[current].append(ast.literal_eval(line))
        msgid = "".join(parts["msgid"])
        if msgid:
            entries[msgid] = "".join(parts["msgstr"])
            if is_fuzzy:
                fuzzy.append(msgid)
    return entries, fuzzy


@pytest.mark.parametrize("lang", ["pl", "uk"])
def test_every_string_is_translated_and_compiled(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    entries, fuzzy = _po_entries(po)
    assert entries, "no strings found"
    assert fuzzy == []
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    with (po.with_suffix(".mo")).open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages` to recompile"
