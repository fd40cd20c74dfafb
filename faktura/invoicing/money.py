"""The calculation engine: exact money over Decimal. No Django imports.

Every rounding of money happens here, half-up to the grosz (0.01), as Polish
invoicing practice and the VAT act's rounding rule (art. 106e ust. 11) expect.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

GROSZ = Decimal("0.01")
HUNDRED = Decimal(100)


def round_money(amount: Decimal) -> Decimal:
    """Round to the grosz, half up: 0.005 → 0.01, -0.005 → -0.01."""
    return amount.quantize(GROSZ, rounding=ROUND_HALF_UP)


class TaxError(ValueError):
    """A tax value that is neither a rate nor one of the special codes."""


# Codes the API accepts besides numeric rates, and the spellings clients send.
SPECIAL_TAXES = {
    "zw": "zw",  # zwolniony: exempt
    "np": "np",  # nie podlega: outside the scope of VAT
    "np.": "np",
    "n/a": "np",
    "nie podlega": "np",
    "oo": "oo",  # odwrotne obciążenie: reverse charge
    "disabled": "disabled",  # no VAT shown (e.g. a VAT-exempt seller)
}
_RATE = re.compile(r"^\d{1,2}(?:[.,]\d{1,2})?$")


@dataclass(frozen=True)
class Tax:
    """A tax as stored and shown (`code`: "23", "8.5", "zw"…) and its rate in percent."""

    code: str
    rate: Decimal

    @property
    def is_rate(self) -> bool:
        return self.code not in SPECIAL_TAXES.values()


def parse_tax(value) -> Tax:
    """Read a tax as clients send it: 23, "23", "23%", "8,5", "zw", "np", "disabled"…

    Special codes carry a zero rate. Raises TaxError for anything else.
    """
    if isinstance(value, bool) or value is None:
        raise TaxError("must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled")
    text = str(value).strip().lower().removesuffix("%").strip()
    if text in SPECIAL_TAXES:
        return Tax(SPECIAL_TAXES[text], Decimal(0))
    if not _RATE.match(text):
        raise TaxError("must be a VAT rate (e.g. 23) or one of: zw, np, oo, disabled")
    try:
        rate = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise TaxError("must be a VAT rate (e.g. 23)") from None
    code = format(rate.normalize(), "f")
    return Tax(code, rate)


def gross_from_net(net: Decimal, tax: Tax) -> Decimal:
    """Gross of a net amount at a tax, rounded to the grosz."""
    return round_money(net * (HUNDRED + tax.rate) / HUNDRED)


def net_from_gross(gross: Decimal, tax: Tax) -> Decimal:
    """Net of a gross amount at a tax, rounded to the grosz."""
    return round_money(gross * HUNDRED / (HUNDRED + tax.rate))


@dataclass(frozen=True)
class Price:
    net: Decimal
    gross: Decimal

    @property
    def tax_amount(self) -> Decimal:
        return self.gross - self.net


def price_from_gross(gross: Decimal, tax: Tax) -> Price:
    """The reference's rule for products: gross is given, net follows from it."""
    gross = round_money(gross)
    return Price(net=net_from_gross(gross, tax), gross=gross)


def price_from_net(net: Decimal, tax: Tax) -> Price:
    net = round_money(net)
    return Price(net=net, gross=gross_from_net(net, tax))
