"""The calculation engine: exact money over Decimal. No Django imports.

Every rounding of money happens here, half-up to the grosz (0.01), as Polish
invoicing practice and the VAT act's rounding rule (art. 106e ust. 11) expect.

Where amounts are rounded, and nowhere else:

1. Prices the client gives (unit or total, net or gross) are rounded to the grosz
   on input. Quantities and percentages are never rounded.
2. A unit price converted to the other side: `gross_from_net` / `net_from_gross`.
3. A line total from a unit price: round(quantity × unit price).
4. The other side of a line total: gross = net + round(net × rate), or
   net = round(gross ÷ (1 + rate)), the tax then being gross − net.
5. A unit price derived from a line total: round(total ÷ quantity).
6. A percentage discount: round(price × percent), then subtracted from the price.
7. Tax on a margin: round(margin × rate ÷ (100 + rate)).
8. Per VAT rate in the invoice summary under the "keep_net" and "keep_gross"
   sum strategies: once per rate, as point 4.
9. An advance as a percentage of an order: round(gross × percent ÷ 100); its
   split over the order's VAT rates: round(advance × rate's gross ÷ order's
   gross), cut down to the grosz, the grosze left over going to the largest
   remainders (`advance_shares`).

Everything else is addition and subtraction of amounts that already have two
decimals, which stays exact.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

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
    "not applicable": "np",
    "na": "np",
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


# --- The invoice calculation engine -------------------------------------------------

ZERO = Decimal("0.00")


class CalculationError(ValueError):
    """Amounts that cannot make an invoice line or total; `field` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class PositionStrategy(StrEnum):
    """`calculating_strategy.position`: how a line's amounts follow from its price."""

    DEFAULT = "default"
    KEEP_GROSS = "keep_gross"


class SumStrategy(StrEnum):
    """`calculating_strategy.sum`: how the summary per VAT rate follows from the lines."""

    SUM = "sum"
    KEEP_GROSS = "keep_gross"
    KEEP_NET = "keep_net"


class DiscountKind(StrEnum):
    """The account's "how to compute the discount" (`discount_kind`)."""

    PERCENT_UNIT = "percent_unit"
    PERCENT_UNIT_GROSS = "percent_unit_gross"
    PERCENT_TOTAL = "percent_total"
    AMOUNT = "amount"


class SettlementKind(StrEnum):
    CHARGE = "charge"
    DEDUCTION = "deduction"


def _money(amount: Decimal) -> Decimal:
    """round_money without the negative zero that rounding -0.004 leaves behind."""
    return round_money(amount) + ZERO


def _choice(enum, value, field: str):
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise CalculationError(field, f"must be one of: {allowed}") from None


def _number(value, field: str, *, allow_negative: bool) -> Decimal:
    # Floats are refused: a binary fraction is not an amount of money.
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise CalculationError(field, "must be a decimal number")
    value = Decimal(value)
    if not value.is_finite():
        raise CalculationError(field, "must be a finite number")
    if value < 0 and not allow_negative:
        raise CalculationError(field, "must not be negative (only corrections have negative lines)")
    return value


@dataclass(frozen=True, kw_only=True)
class PositionInput:
    """A line as the client gave it: any of its four prices may be missing.

    Unit prices (`price_net`, `price_gross`) are list prices, before any discount.
    Totals (`total_price_net`, `total_price_gross`) are the line's value; see
    `position_amounts` for how a discount treats them. A margin position (invoice
    kind vat_margin, tax "disabled") also carries `total_purchase_price` and the
    rate of VAT on the margin, `vat_margin_tax`.
    """

    tax: Tax
    quantity: Decimal = Decimal(1)
    price_net: Decimal | None = None
    price_gross: Decimal | None = None
    total_price_net: Decimal | None = None
    total_price_gross: Decimal | None = None
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    total_purchase_price: Decimal | None = None
    vat_margin_tax: Tax | None = None


@dataclass(frozen=True, kw_only=True)
class PositionAmounts:
    """A line's computed amounts; every amount has exactly two decimals.

    `price_net` and `price_gross` are unit prices after the discount;
    `list_price_net` and `list_price_gross` the unit prices before it (equal to the
    former without a discount). `discount` is what the discount took off the whole
    line: net under the "default" position strategy, gross under "keep_gross", as
    round(quantity × list unit price) − line total; zero without a discount.
    `margin` (sale gross − purchase price) and `margin_tax` are set on margin
    positions only.
    """

    quantity: Decimal
    price_net: Decimal
    price_gross: Decimal
    list_price_net: Decimal
    list_price_gross: Decimal
    total_price_net: Decimal
    total_price_tax: Decimal
    total_price_gross: Decimal
    discount: Decimal
    margin: Decimal | None = None
    margin_tax: Decimal | None = None

    @property
    def margin_net(self) -> Decimal | None:
        """The margin less its tax (the reference's `vat_margin_total_price_net`)."""
        if self.margin is None or self.margin_tax is None:
            return None
        return self.margin - self.margin_tax


def stored_amounts(line) -> PositionAmounts:
    """A stored line's amounts as the engine gave them, its list prices as unit prices.

    `line` is anything with the stored columns (`quantity`, `price_net`,
    `price_gross`, `total_price_net`, `total_price_tax`, `total_price_gross`).
    """
    return PositionAmounts(
        quantity=line.quantity,
        price_net=line.price_net,
        price_gross=line.price_gross,
        list_price_net=line.price_net,
        list_price_gross=line.price_gross,
        total_price_net=line.total_price_net,
        total_price_tax=line.total_price_tax,
        total_price_gross=line.total_price_gross,
        discount=ZERO,
    )


@dataclass(frozen=True)
class _Line:
    unit_net: Decimal
    unit_gross: Decimal
    net: Decimal
    gross: Decimal


_UNIT_FIELDS = ("price_net", "price_gross")
_NET_FIELDS = ("price_net", "total_price_net")
# Which given price is the source when the given prices disagree: the strategy's
# side first, and on each side the unit price before the total.
_PRECEDENCE = {
    PositionStrategy.DEFAULT: ("price_net", "total_price_net", "price_gross", "total_price_gross"),
    PositionStrategy.KEEP_GROSS: (
        "price_gross",
        "total_price_gross",
        "price_net",
        "total_price_net",
    ),
}


def _unit_of(total: Decimal, quantity: Decimal) -> Decimal:
    # A zero quantity only ever comes with a zero total (checked on input).
    return _money(total / quantity) if quantity else ZERO


def _line_from(
    field: str, value: Decimal, quantity: Decimal, tax: Tax, strategy: PositionStrategy
) -> _Line:
    """A line computed from one price, with no discount."""
    if field == "price_net":
        unit_gross = gross_from_net(value, tax)
        if strategy is PositionStrategy.KEEP_GROSS:
            # The gross unit price (derived here) is what the strategy keeps.
            gross = _money(quantity * unit_gross)
            return _Line(value, unit_gross, net_from_gross(gross, tax), gross)
        net = _money(quantity * value)
        return _Line(value, unit_gross, net, gross_from_net(net, tax))
    if field == "price_gross":
        gross = _money(quantity * value)
        return _Line(net_from_gross(value, tax), value, net_from_gross(gross, tax), gross)
    if field == "total_price_net":
        # net + round(net × rate): a net with two decimals rounds the same either way.
        unit_net = _unit_of(value, quantity)
        return _Line(unit_net, gross_from_net(unit_net, tax), value, gross_from_net(value, tax))
    unit_gross = _unit_of(value, quantity)
    return _Line(net_from_gross(unit_gross, tax), unit_gross, net_from_gross(value, tax), value)


def _percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return _money(amount * percent / HUNDRED)


def _discounted_line(
    list_net: Decimal,
    list_gross: Decimal,
    quantity: Decimal,
    tax: Tax,
    strategy: PositionStrategy,
    kind: DiscountKind,
    percent: Decimal,
    amount: Decimal,
) -> _Line:
    if kind is DiscountKind.PERCENT_UNIT:
        unit = list_net - _percent_of(list_net, percent)
        return _line_from("price_net", unit, quantity, tax, strategy)
    if kind is DiscountKind.PERCENT_UNIT_GROSS:
        unit = list_gross - _percent_of(list_gross, percent)
        return _line_from("price_gross", unit, quantity, tax, strategy)
    keep_gross = strategy is PositionStrategy.KEEP_GROSS
    base = _money(quantity * (list_gross if keep_gross else list_net))
    if kind is DiscountKind.PERCENT_TOTAL:
        total = base - _percent_of(base, percent)
    else:
        if amount > abs(base):
            raise CalculationError("discount", "must not exceed the line's value")
        # The discount brings the line towards zero, also on a negative correction line.
        total = base - amount if base >= 0 else base + amount
    field = "total_price_gross" if keep_gross else "total_price_net"
    return _line_from(field, total, quantity, tax, strategy)


def _amounts_from(
    field: str,
    value: Decimal,
    quantity: Decimal,
    tax: Tax,
    strategy: PositionStrategy,
    discount: tuple[DiscountKind, Decimal, Decimal] | None,
) -> PositionAmounts:
    if discount is None:
        line = _line_from(field, value, quantity, tax, strategy)
        list_net, list_gross, taken = line.unit_net, line.unit_gross, ZERO
    else:
        kind, percent, amount = discount
        unit = value if field in _UNIT_FIELDS else _unit_of(value, quantity)
        if field in _NET_FIELDS:
            list_net, list_gross = unit, gross_from_net(unit, tax)
        else:
            list_net, list_gross = net_from_gross(unit, tax), unit
        line = _discounted_line(list_net, list_gross, quantity, tax, strategy, *discount)
        if strategy is PositionStrategy.KEEP_GROSS:
            taken = _money(quantity * list_gross) - line.gross
        else:
            taken = _money(quantity * list_net) - line.net
    return PositionAmounts(
        quantity=quantity,
        price_net=line.unit_net + ZERO,
        price_gross=line.unit_gross + ZERO,
        list_price_net=list_net + ZERO,
        list_price_gross=list_gross + ZERO,
        total_price_net=line.net + ZERO,
        total_price_tax=line.gross - line.net + ZERO,
        total_price_gross=line.gross + ZERO,
        discount=taken + ZERO,
    )


def _agrees(amounts: PositionAmounts, given: dict[str, Decimal]) -> bool:
    computed = {
        "price_net": amounts.list_price_net,
        "price_gross": amounts.list_price_gross,
        "total_price_net": amounts.total_price_net,
        "total_price_gross": amounts.total_price_gross,
    }
    return all(computed[field] == value for field, value in given.items())


def _active_discount(
    pi: PositionInput, kind: DiscountKind | None
) -> tuple[DiscountKind, Decimal, Decimal] | None:
    if kind is None:
        return None
    if kind is DiscountKind.AMOUNT:
        if pi.discount_amount is None:
            return None
        amount = round_money(_number(pi.discount_amount, "discount", allow_negative=False))
        return (kind, ZERO, amount) if amount else None
    if pi.discount_percent is None:
        return None
    percent = _number(pi.discount_percent, "discount_percent", allow_negative=False)
    if percent > HUNDRED:
        raise CalculationError("discount_percent", "must be between 0 and 100")
    return (kind, percent, ZERO) if percent else None


def _with_margin(pi: PositionInput, amounts: PositionAmounts, allow_negative: bool):
    if pi.total_purchase_price is None and pi.vat_margin_tax is None:
        return amounts
    if pi.tax.code != "disabled":
        raise CalculationError("tax", 'must be "disabled" on a margin position')
    if pi.total_purchase_price is None:
        raise CalculationError("total_purchase_price", "is required on a margin position")
    if pi.vat_margin_tax is None or not pi.vat_margin_tax.is_rate:
        raise CalculationError("vat_margin_tax", "must be a VAT rate on a margin position")
    purchase = round_money(
        _number(pi.total_purchase_price, "total_purchase_price", allow_negative=allow_negative)
    )
    margin = amounts.total_price_gross - purchase
    rate = pi.vat_margin_tax.rate
    # Art. 119 ust. 1 and art. 120 ust. 4: the tax base is the margin with the tax
    # inside it. A sale below the purchase price has no margin and no tax; on a
    # correction line the sign follows the corrected margin.
    taxed = margin if (margin > 0 or allow_negative) else ZERO
    margin_tax = _money(taxed * rate / (HUNDRED + rate))
    return replace(amounts, margin=margin + ZERO, margin_tax=margin_tax)


def position_amounts(
    pi: PositionInput,
    *,
    strategy: PositionStrategy | str = PositionStrategy.DEFAULT,
    discount_kind: DiscountKind | str | None = None,
    allow_negative: bool = False,
) -> PositionAmounts:
    """Compute a line's amounts from the prices the client gave.

    The source is the price the client gave. "default" computes from the net:
    gross = net + round(net × rate); a line with only gross prices keeps its gross
    and takes net = round(gross ÷ (1 + rate)). "keep_gross" always keeps a gross:
    the one given, or the unit gross derived from a unit net, and takes net from it.
    A total given without a unit price is kept, and unit prices are derived as
    round(total ÷ quantity).

    Several prices may be given. When the given prices are exactly what one of
    them produces, that one is the source: this is how a saved line (`saved_input`)
    is recomputed without drift. Otherwise the strategy's side wins, and on a side
    the unit price wins over the total: net unit, net total, gross unit, gross total
    under "default"; gross first under "keep_gross".

    `discount_kind` None means no discount (the invoice's `show_discount` is off).
    With a discount the line is built from a list unit price (a total given alone is
    divided by the quantity first, so its last grosz may not survive):
    percent_unit takes the percentage off the unit net price, percent_unit_gross
    off the unit gross price, percent_total off round(quantity × list unit price)
    and amount takes `discount_amount` off that line value, where the line value is
    net under "default" and gross under "keep_gross". The discounted unit price or
    line value then goes through the strategy as if the client had given it.

    Negative quantities and prices are refused unless `allow_negative` (correction
    lines). Raises CalculationError naming the field.
    """
    strategy = _choice(PositionStrategy, strategy, "calculating_strategy")
    kind = None if discount_kind is None else _choice(DiscountKind, discount_kind, "discount_kind")
    if not isinstance(pi.tax, Tax):
        raise CalculationError("tax", "must be a parsed tax")
    quantity = _number(pi.quantity, "quantity", allow_negative=allow_negative)
    given = {}
    for field in _PRECEDENCE[strategy]:
        value = getattr(pi, field)
        if value is not None:
            given[field] = round_money(_number(value, field, allow_negative=allow_negative))
    if not given:
        raise CalculationError(
            "price_net", "give price_net, price_gross, total_price_net or total_price_gross"
        )
    for field in ("total_price_net", "total_price_gross"):
        if not quantity and given.get(field):
            raise CalculationError(field, "must be 0 when the quantity is 0")
    discount = _active_discount(pi, kind)

    # `given` is in order of precedence: the first candidate is the fallback.
    fallback: PositionAmounts | CalculationError | None = None
    for field, value in given.items():
        try:
            amounts = _amounts_from(field, value, quantity, pi.tax, strategy, discount)
        except CalculationError as error:
            amounts = error
        else:
            if _agrees(amounts, given):
                return _with_margin(pi, amounts, allow_negative)
        if fallback is None:
            fallback = amounts
    if isinstance(fallback, CalculationError):
        raise fallback
    return _with_margin(pi, fallback, allow_negative)


def saved_input(pi: PositionInput, amounts: PositionAmounts) -> PositionInput:
    """The input a saved line is recomputed from: the client's, with every price filled in.

    Unit prices are filled with the list prices, totals with the computed totals;
    recomputing it gives the same amounts.
    """
    return replace(
        pi,
        quantity=amounts.quantity,
        price_net=amounts.list_price_net,
        price_gross=amounts.list_price_gross,
        total_price_net=amounts.total_price_net,
        total_price_gross=amounts.total_price_gross,
    )


@dataclass(frozen=True)
class VatLine:
    """One row of the summary per VAT rate; `code` as in Tax.code ("23", "zw"…)."""

    code: str
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True, kw_only=True)
class InvoiceTotals:
    """The summary per VAT rate and the invoice's totals (the sums of its rows)."""

    per_rate: tuple[VatLine, ...]
    price_net: Decimal
    price_tax: Decimal
    price_gross: Decimal

    def by_code(self) -> dict[str, VatLine]:
        return {line.code: line for line in self.per_rate}


# Codes without a rate follow the rates in the order of the JPK / KSeF summary fields.
_SPECIAL_ORDER = ("zw", "np", "oo", "disabled")


def _summary_order(code: str) -> tuple:
    if code in _SPECIAL_ORDER:
        return (1, _SPECIAL_ORDER.index(code))
    try:
        return (0, -Decimal(code))
    except InvalidOperation:
        return (2, code)


def _totals(lines: Iterable[VatLine]) -> InvoiceTotals:
    per_rate = tuple(sorted(lines, key=lambda line: _summary_order(line.code)))
    return InvoiceTotals(
        per_rate=per_rate,
        price_net=sum((line.net for line in per_rate), ZERO),
        price_tax=sum((line.tax for line in per_rate), ZERO),
        price_gross=sum((line.gross for line in per_rate), ZERO),
    )


def invoice_totals(
    positions: Sequence[PositionAmounts],
    taxes: Sequence[Tax],
    *,
    sum_strategy: SumStrategy | str = SumStrategy.SUM,
) -> InvoiceTotals:
    """The summary per VAT rate of lines and their taxes (two lists of equal length).

    Rows are grouped by tax code, rates in descending order, then zw, np, oo,
    disabled. "sum": each row is the sum of its lines. "keep_net": the row's net is
    the sum of its lines' nets, tax = round(net × rate), gross = net + tax: the
    VAT act's rule of tax from the sum of net values per rate (art. 106e ust. 1
    pkt 14). "keep_gross": the row's gross is the sum of its lines' grosses,
    net = round(gross ÷ (1 + rate)), tax = gross − net. The lines themselves keep
    their amounts; the invoice's totals are the sums of the rows.
    """
    sum_strategy = _choice(SumStrategy, sum_strategy, "calculating_strategy")
    if len(positions) != len(taxes):
        raise CalculationError("positions", "every line needs its tax")
    groups: dict[str, tuple[Tax, list[PositionAmounts]]] = {}
    for amounts, tax in zip(positions, taxes, strict=True):
        groups.setdefault(tax.code, (tax, []))[1].append(amounts)
    rows = []
    for code, (tax, lines) in groups.items():
        net = sum((line.total_price_net for line in lines), ZERO)
        gross = sum((line.total_price_gross for line in lines), ZERO)
        if sum_strategy is SumStrategy.KEEP_NET:
            gross = gross_from_net(net, tax) + ZERO
        elif sum_strategy is SumStrategy.KEEP_GROSS:
            net = net_from_gross(gross, tax) + ZERO
        rows.append(VatLine(code, net, gross - net, gross))
    return _totals(rows)


def correction_difference(
    before: Sequence[PositionAmounts],
    after: Sequence[PositionAmounts],
    *,
    before_taxes: Sequence[Tax],
    after_taxes: Sequence[Tax],
    sum_strategy: SumStrategy | str = SumStrategy.SUM,
) -> InvoiceTotals:
    """What a correction changes: the summary after it less the summary before, per rate.

    A rate present on either side has a row, zero when nothing at that rate
    changed. Both sides are summed with the same strategy, so the difference is
    exactly what the corrected invoice's totals move by, and corrections chain:
    before → after → after2 sums to before → after2.
    """
    old = invoice_totals(before, before_taxes, sum_strategy=sum_strategy).by_code()
    new = invoice_totals(after, after_taxes, sum_strategy=sum_strategy).by_code()
    empty = VatLine("", ZERO, ZERO, ZERO)
    rows = []
    for code in old.keys() | new.keys():
        a, b = new.get(code, empty), old.get(code, empty)
        rows.append(VatLine(code, a.net - b.net, a.tax - b.tax, a.gross - b.gross))
    return _totals(rows)


def advance_of(order_gross: Decimal, percent: Decimal) -> Decimal:
    """An advance of `percent` of an order's gross value, rounded to the grosz."""
    return round_money(order_gross * percent / HUNDRED)


def advance_shares(per_rate: Sequence[VatLine], advance: Decimal) -> list[tuple[str, Decimal]]:
    """Split an advance's gross over the order's VAT rates, in proportion to their gross.

    VAT on an advance follows the rates of what was ordered (art. 106f ust. 1
    pkt 4 of the VAT act). Each share is the exact proportion cut down to the
    grosz; the grosze left over go one each to the shares that lost the most by
    the cut (largest remainder), the larger gross first on a tie. The shares add
    up to the advance exactly and none is negative. Rates with no gross get no
    share. Raises CalculationError when the order has no value to split by.
    """
    advance = round_money(_number(advance, "advance_value", allow_negative=False))
    rows = [line for line in per_rate if line.gross > 0]
    total = sum((line.gross for line in rows), ZERO)
    if total <= 0:
        raise CalculationError("copy_invoice_from", "the order has no value to take an advance of")
    exact = [advance * line.gross / total for line in rows]
    shares = [value.quantize(GROSZ, rounding=ROUND_DOWN) for value in exact]
    left = int((advance - sum(shares, ZERO)) / GROSZ)
    by_loss = sorted(
        range(len(rows)), key=lambda i: (exact[i] - shares[i], rows[i].gross), reverse=True
    )
    for i in by_loss[:left]:
        shares[i] += GROSZ
    return [(line.code, share + ZERO) for line, share in zip(rows, shares, strict=True)]


@dataclass(frozen=True, kw_only=True)
class AmountDue:
    """What the buyer owes: `left` is negative when they paid more (see `overpaid`)."""

    price_gross: Decimal
    charges: Decimal
    deductions: Decimal
    to_pay: Decimal
    paid: Decimal
    left: Decimal

    @property
    def overpaid(self) -> Decimal:
        return -self.left if self.left < 0 else ZERO


def amount_due(
    total_gross: Decimal,
    settlements: Iterable[tuple[SettlementKind | str, Decimal]] = (),
    paid: Decimal = ZERO,
) -> AmountDue:
    """To pay = gross + charges − deductions (the reference's settlement positions).

    Left = to pay − paid; an overpayment shows as a negative `left` and is never
    clamped to zero. Settlement amounts must be positive; they are rounded to the grosz.
    """
    total_gross = round_money(_number(total_gross, "price_gross", allow_negative=True))
    paid = round_money(_number(paid, "paid", allow_negative=True))
    sums = {SettlementKind.CHARGE: ZERO, SettlementKind.DEDUCTION: ZERO}
    for kind, amount in settlements:
        kind = _choice(SettlementKind, kind, "kind")
        amount = round_money(_number(amount, "amount", allow_negative=False))
        if not amount:
            raise CalculationError("amount", "must be greater than 0")
        sums[kind] += amount
    to_pay = total_gross + sums[SettlementKind.CHARGE] - sums[SettlementKind.DEDUCTION]
    return AmountDue(
        price_gross=total_gross + ZERO,
        charges=sums[SettlementKind.CHARGE],
        deductions=sums[SettlementKind.DEDUCTION],
        to_pay=to_pay + ZERO,
        paid=paid + ZERO,
        left=to_pay - paid + ZERO,
    )


def payment_status(to_pay: Decimal, paid: Decimal) -> str:
    """ "issued" when nothing was paid, "partial" when less than due, else "paid".

    A negative amount to pay (a correction owing the buyer money) is settled by a
    negative payment, so both are compared by their size in that direction. A
    document with nothing to pay counts as paid: it should not wait for a payment.
    """
    direction = -1 if to_pay < 0 else 1
    due, received = to_pay * direction, paid * direction
    if received >= due:
        return "paid"
    if received <= 0:
        return "issued"
    return "partial"
