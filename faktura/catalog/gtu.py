"""GTU codes: the goods and services groups a JPK_V7 VAT record marks a sale with.

The Polish regulation on JPK_V7 (Dz.U. 2019 poz. 1988, § 10 ust. 3) defines thirteen
groups, GTU_01 to GTU_13. Products carry the codes that apply to them, and invoices copy
them. Pure module: standard library only.
"""

import re
from collections.abc import Iterable

GTU_CODES = tuple(f"GTU_{number:02d}" for number in range(1, 14))

_SEPARATORS = re.compile(r"[,;\s]+")


class GtuError(ValueError):
    """A value that is not one of GTU_01 … GTU_13.

    `invalid` is the offending item as text, or None when the whole value has the
    wrong shape (a number, a dict…).
    """

    def __init__(self, invalid: str | None = None) -> None:
        what = f"{invalid!r} is not a GTU code" if invalid is not None else "not a GTU code list"
        super().__init__(f"{what}; allowed: {GTU_CODES[0]} … {GTU_CODES[-1]}")
        self.invalid = invalid


def parse_gtu_codes(value) -> list[str]:
    """Read GTU codes as clients send them; return them upper-case, in order, without repeats.

    Accepts a list of codes (`["GTU_01", "gtu_12"]`), a single code (`"GTU_06"`) or
    several in one text separated by commas, semicolons or spaces. None, an empty text
    and an empty list give no codes. Raises GtuError for anything else.
    """
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable = [part for part in _SEPARATORS.split(value) if part]
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise GtuError()
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise GtuError()
        code = item.strip().upper()
        if not code:
            continue
        if code not in GTU_CODES:
            raise GtuError(item.strip())
        if code not in codes:
            codes.append(code)
    return codes
