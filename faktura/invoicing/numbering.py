"""Number patterns: how a document's number is printed from its counter and date.

No Django imports. The counters themselves live in `invoicing/series.py`.

A pattern is text in which these tokens are replaced (matching is
case-sensitive; everything else is printed as written):

| token  | prints                                            | example |
| ------ | ------------------------------------------------- | ------- |
| `nr`   | the counter, which starts again every year        | `7`     |
| `nr-m` | the counter, which starts again every month       | `7`     |
| `nr-d` | the counter, which starts again every day         | `7`     |
| `nr-a` | the counter, which never starts again             | `7`     |
| `yyyy` | the issue year                                    | `2026`  |
| `yy`   | the issue year's last two digits                  | `26`    |
| `mm`   | the issue month, two digits                       | `01`    |
| `dd`   | the issue day, two digits                         | `09`    |

A counter token may be followed by one digit 1–9, the least number of digits
the counter is printed with: `nr-m3/mm/yyyy` prints `007/01/2026`.

`nr`, `nr-m` and `nr-d` are Fakturownia's tokens; `nr-a` is Faktura's own, as
Fakturownia names no never-resetting counter. Where a reading is ambiguous the
date wins: `nr-mm/yyyy` is the yearly counter, a dash and the month
(`7-01/2026`), not the monthly counter followed by a letter m. Lowercase
`nr`, `yy`, `mm`, `dd` cannot be written as literal text; prefixes are written
in capitals (`FV/`, `Nr `).

A pattern holds exactly one counter, and the dates that tell its periods
apart: a yearly counter needs the year (`yyyy` or `yy`), a monthly one the
year and `mm`, a daily one the year, `mm` and `dd`. Otherwise the same number
would come back every period, and an invoice number must identify the
invoice (art. 106e ust. 1 pkt 2 of the VAT act).
"""

import datetime
import re
from dataclasses import dataclass

# The longest pattern accepted. A counter's series key (see `series.py`) holds
# the pattern besides the kind and the department id, within 100 characters.
MAX_LENGTH = 60
# Counters are stored as a PositiveIntegerField, whose range ends here on every database.
MAX_COUNTER = 2_147_483_647

RESETS = {"": "year", "m": "month", "d": "day", "a": "never"}

# The date tokens must be tried longest first (`yyyy` before `yy`). After
# `nr-m` / `nr-d` a second m / d means the date token instead (`nr-mm`).
_TOKEN = re.compile(r"nr(?:-(?P<reset>[mda])(?!(?P=reset)))?(?P<width>[1-9])?|yyyy|yy|mm|dd")

_DATE_TOKENS = {
    "yyyy": lambda on: f"{on.year:04d}",
    "yy": lambda on: f"{on.year % 100:02d}",
    "mm": lambda on: f"{on.month:02d}",
    "dd": lambda on: f"{on.day:02d}",
}

COUNTER = "nr"
LITERAL = ""

# What a pattern must print to tell its counter's periods apart.
_PERIOD_NEEDS = {
    "year": ("year",),
    "month": ("year", "mm"),
    "day": ("year", "mm", "dd"),
    "never": (),
}
_NEED_LABELS = {"year": "the year (yyyy or yy)", "mm": "the month (mm)", "dd": "the day (dd)"}


class PatternError(ValueError):
    """A pattern that cannot number documents: the message says what it lacks."""


@dataclass(frozen=True)
class Pattern:
    """A parsed pattern. Build it with `Pattern.parse`; `text` is what was parsed."""

    text: str
    # ("", literal text), ("nr", "") for the counter, or (date token, "").
    parts: tuple[tuple[str, str], ...]
    reset: str  # "year", "month", "day" or "never"
    width: int  # the least number of digits of the counter

    @classmethod
    def parse(cls, text: str) -> "Pattern":
        """Read a pattern. Raises PatternError when it cannot number documents."""
        if not isinstance(text, str):
            raise PatternError("must be text, e.g. nr-m/mm/yyyy")
        if len(text) > MAX_LENGTH:
            raise PatternError(f"must be at most {MAX_LENGTH} characters long")
        parts: list[tuple[str, str]] = []
        resets: list[str] = []
        width = 1
        end = 0
        for match in _TOKEN.finditer(text):
            if match.start() > end:
                parts.append((LITERAL, text[end : match.start()]))
            token = match.group()
            if token.startswith(COUNTER):
                parts.append((COUNTER, ""))
                resets.append(RESETS[match["reset"] or ""])
                width = int(match["width"] or 1)
            else:
                parts.append((token, ""))
            end = match.end()
        if end < len(text):
            parts.append((LITERAL, text[end:]))

        if len(resets) != 1:
            raise PatternError(
                "must contain exactly one counter: nr (yearly), nr-m (monthly), "
                "nr-d (daily) or nr-a (never reset)"
            )
        reset = resets[0]
        present = {kind for kind, _ in parts}
        if present & {"yyyy", "yy"}:
            present.add("year")
        missing = [need for need in _PERIOD_NEEDS[reset] if need not in present]
        if missing:
            raise PatternError(
                f"must contain {' and '.join(_NEED_LABELS[need] for need in missing)}, as its "
                f"counter starts again every {reset}: numbers would repeat otherwise"
            )
        return cls(text=text, parts=tuple(parts), reset=reset, width=width)

    def period_key(self, on: datetime.date) -> str:
        """The period whose documents share a counter: "2026", "2026-11", "2026-11-22" or ""."""
        if self.reset == "year":
            return f"{on.year:04d}"
        if self.reset == "month":
            return f"{on.year:04d}-{on.month:02d}"
        if self.reset == "day":
            return f"{on.year:04d}-{on.month:02d}-{on.day:02d}"
        return ""

    def format(self, counter: int, on: datetime.date) -> str:
        """The number of the `counter`-th document of its period, issued `on`."""
        if isinstance(counter, bool) or not 1 <= counter <= MAX_COUNTER:
            raise ValueError(f"counter must be between 1 and {MAX_COUNTER}, got {counter!r}")
        return "".join(_render(self, on, str(counter).zfill(self.width)))

    def __str__(self) -> str:
        return self.text


def _render(pattern: Pattern, on: datetime.date, counter: str) -> list[str]:
    """The pattern's parts as printed on that date, with `counter` for the counter."""
    return [
        value if kind == LITERAL else counter if kind == COUNTER else _DATE_TOKENS[kind](on)
        for kind, value in pattern.parts
    ]


def parse_counter(number: str, pattern: Pattern, on: datetime.date) -> int | None:
    """The counter of `number` if the pattern prints exactly it on that date, else None.

    Lets an explicit number a client sends ("7/11/2026") move its series on:
    it fits when it is what `pattern.format(counter, on)` would print, zero
    padding included. A number of another period ("7/10/2026" issued in
    November) or another shape does not fit.
    """
    rendered = _render(pattern, on, "")
    at = next(i for i, (kind, _) in enumerate(pattern.parts) if kind == COUNTER)
    prefix, suffix = "".join(rendered[:at]), "".join(rendered[at + 1 :])
    if not (number.startswith(prefix) and number.endswith(suffix)):
        return None
    digits = number[len(prefix) : len(number) - len(suffix)]
    # isascii: str.isdigit also accepts digits of other scripts ("٣", "²").
    if not (1 <= len(digits) <= len(str(MAX_COUNTER)) and digits.isascii() and digits.isdigit()):
        return None
    counter = int(digits)
    if not 1 <= counter <= MAX_COUNTER or pattern.format(counter, on) != number:
        return None
    return counter


# The pattern each kind of document starts with, until the account sets its own.
# VAT invoices and proformas follow Fakturownia's recorded defaults; the other
# prefixes are the abbreviations Polish bookkeeping uses for those documents.
DEFAULT_PATTERNS = {
    "vat": "nr-m/mm/yyyy",  # faktura VAT: 1/11/2026
    "proforma": "Pnr-m/mm/yyyy",  # faktura proforma: P1/11/2026
    "bill": "R/nr-m/mm/yyyy",  # rachunek
    "receipt": "PAR/nr-m/mm/yyyy",  # paragon
    "advance": "FZAL/nr-m/mm/yyyy",  # faktura zaliczkowa
    "final": "FKON/nr-m/mm/yyyy",  # faktura końcowa (FK would read as a correction)
    "correction": "KOR/nr-m/mm/yyyy",  # faktura korygująca
    "invoice_other": "FI/nr-m/mm/yyyy",  # inna faktura
    "vat_margin": "FM/nr-m/mm/yyyy",  # faktura VAT marża
    "kp": "KP/nr-m/mm/yyyy",  # kasa przyjmie
    "kw": "KW/nr-m/mm/yyyy",  # kasa wyda
    "estimate": "ZAM/nr-m/mm/yyyy",  # zamówienie
    "vat_mp": "FMP/nr-m/mm/yyyy",  # faktura VAT MP (metoda kasowa)
    "vat_rr": "FRR/nr-m/mm/yyyy",  # faktura VAT RR (rolnik ryczałtowy)
    "correction_note": "NK/nr-m/mm/yyyy",  # nota korygująca
    "accounting_note": "NOTA/nr-m/mm/yyyy",  # nota księgowa
    "client_order": "DOK/nr-m/mm/yyyy",  # własny dokument nieksięgowy
    "dw": "DW/nr-m/mm/yyyy",  # dowód wewnętrzny
    "wnt": "WNT/nr-m/mm/yyyy",  # wewnątrzwspólnotowe nabycie towarów
    "wdt": "WDT/nr-m/mm/yyyy",  # wewnątrzwspólnotowa dostawa towarów
    "import_service": "IU/nr-m/mm/yyyy",  # import usług
    "import_service_eu": "IUE/nr-m/mm/yyyy",  # import usług z UE
    "import_products": "IT/nr-m/mm/yyyy",  # import towarów (procedura uproszczona)
    "export_products": "EKS/nr-m/mm/yyyy",  # eksport towarów
}


def default_pattern(kind: str) -> str:
    """The default pattern of a document kind. Raises ValueError for an unknown kind."""
    try:
        return DEFAULT_PATTERNS[kind]
    except KeyError:
        raise ValueError(f"no document kind {kind!r}") from None
