"""A correction's lines given as before and after (`correction_before_attributes`, `…_after…`).

The reference's correction example sends each corrected line three times: the
change itself (`quantity: -1`, `total_price_gross: -10`) and the line as it was
and as it becomes. Faktura computes both sides with the money engine and stores
the change as their difference, so the correction's totals are exactly what the
corrected invoice's totals move by:

- quantity: the one sent, else after − before; when that is zero (a price
  correction) the quantity after, so the unit price shows the change per unit;
- totals: after − before (net, tax and gross); unit prices: total ÷ quantity;
- a total sent with the change must agree with after − before to the grosz,
  else the request is refused naming the field and the expected amount;
- both sides are required together and must have the same tax: a change of rate
  is two lines, one taking the old line out (after: quantity 0) and one adding
  the new (before: quantity 0);
- texts (name, code, unit…) come from the change, else from the side after.

A line without the attributes stays a plain (possibly negative) line.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.invoicing import money
from faktura.invoicing.models import InvoicePosition
from faktura.invoicing.services.fields import line_amounts, position_input

SIDES = (
    ("correction_before_attributes", InvoicePosition.Kind.CORRECTION_BEFORE),
    ("correction_after_attributes", InvoicePosition.Kind.CORRECTION_AFTER),
)
TEXTS = ("name", "description", "additional_info", "code", "gtu_code", "quantity_unit")
TOLERANCE = Decimal("0.01")


def has_sides(entry: dict) -> bool:
    return any(entry.get(name) is not None for name, _kind in SIDES)


def correction_line(
    account: Account,
    entry: dict,
    index: int,
    *,
    price_list,
    strategy: str,
    discount_kind: str | None,
    errors: dict,
) -> tuple[money.PositionAmounts, dict] | None:
    """The change of one corrected line, with its sides in `texts["sides"]`; None on errors."""
    where = f"positions.{index}"
    sides = []
    for name, kind in SIDES:
        given = entry.get(name)
        if given is None:
            errors.setdefault(f"{where}.{name}", []).append(
                _("is required: give the line both before and after the correction")
            )
            return None
        side = _side(account, given, f"{where}.{name}", price_list, strategy, discount_kind, errors)
        if side is None:
            return None
        sides.append((kind, *side))
    (_k, before, before_texts), (_k2, after, after_texts) = sides
    if before_texts["tax"] != after_texts["tax"]:
        errors.setdefault(f"{where}.correction_after_attributes.tax", []).append(
            _(
                "must be the tax before the correction; correct a rate with two lines, "
                "one taking the old line out and one adding the new"
            )
        )
        return None
    change = _difference(before, after, entry.get("quantity"))
    disagreeing = False
    for field in ("total_price_net", "total_price_gross"):
        sent = entry.get(field)
        expected = getattr(change, field)
        if sent is not None and abs(money.round_money(sent) - expected) > TOLERANCE:
            disagreeing = True
            errors.setdefault(f"{where}.{field}", []).append(
                _("must be the amount after the correction less the amount before it (%(amount)s)")
                % {"amount": expected}
            )
    if disagreeing:
        return None
    texts = dict(after_texts)
    for field in TEXTS:
        if entry.get(field):
            texts[field] = entry[field]
    texts.update(
        kind=InvoicePosition.Kind.CORRECTION,
        discount_percent=None,
        discount_amount=None,
        total_purchase_price=None,
        sides=sides,
    )
    return change, texts


def _side(account, given: dict, where: str, price_list, strategy, discount_kind, errors):
    made = position_input(account, given, where, price_list, errors)
    if made is None:
        return None
    position, texts = made
    amounts, refusal = line_amounts(
        position, texts, strategy=strategy, discount_kind=discount_kind, allow_negative=False
    )
    if refusal:
        field, reason = refusal
        errors.setdefault(f"{where}.{field}", []).append(reason)
        return None
    return amounts, texts


def _difference(
    before: money.PositionAmounts, after: money.PositionAmounts, quantity: Decimal | None
) -> money.PositionAmounts:
    if quantity is None or quantity == 0:
        quantity = after.quantity - before.quantity
    if quantity == 0:
        quantity = after.quantity or Decimal(1)
    net = after.total_price_net - before.total_price_net
    gross = after.total_price_gross - before.total_price_gross
    unit_net = money.round_money(net / quantity)
    unit_gross = money.round_money(gross / quantity)
    return money.PositionAmounts(
        quantity=quantity,
        price_net=unit_net,
        price_gross=unit_gross,
        list_price_net=unit_net,
        list_price_gross=unit_gross,
        total_price_net=net,
        total_price_tax=gross - net,
        total_price_gross=gross,
        discount=money.ZERO,
    )
