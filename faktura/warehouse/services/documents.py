"""Warehouse documents ("Dokumenty magazynowe"): PZ, WZ, MM, PW, RW, and the stock they move.

- `warehouse_document_create`: the document, its actions and their stock moves in
  one transaction. Actions name a product by `product_id`, or by `product_name`
  (the account's product of exactly that name, made when there is none). Receipts
  (PZ, PW) take purchase prices (`purchase_price_net`, `purchase_tax`), issues (WZ,
  RW) sale prices (`price_net`, `tax`); either kind of price is accepted on any
  document. An MM moves from `warehouse_id` to `warehouse2_id` (of the action, or of
  the document). The warehouse is the account's default one when not given. The
  number comes from the kind's series (`PZ/1/11/2026`), or is the free `number`
  given. `client_id` or `client_name` (found or made), `department_id` or
  `department_name`, `invoice_ids` link what the reference shows.
- `warehouse_document_update`: the fields sent change; `warehouse_actions` sent
  replace the actions (their stock moves are undone, the new ones applied).
- `warehouse_document_delete`: the document goes and its stock moves are undone.

A move that would take a limited product below zero refuses the whole request
(422 naming `warehouse_actions` with the product and the quantity available);
nothing is written then.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.catalog.models import Client, Department, Product
from faktura.catalog.services.clients import client_find_or_create
from faktura.errors import Invalid
from faktura.invoicing import money, numbering, series
from faktura.invoicing.models import Invoice
from faktura.tenancy import find_all_owned, find_owned, get_owned, owned_or_error
from faktura.warehouse.models import Warehouse, WarehouseAction, WarehouseDocument
from faktura.warehouse.services.stock import Move, StockShortage, stock_apply
from faktura.warehouse.services.warehouses import warehouse_default

Kind = WarehouseDocument.Kind
RECEIPTS = frozenset({Kind.PZ, Kind.PW})
ISSUES = frozenset({Kind.WZ, Kind.RW})
KINDS = tuple(Kind.values)
# The pattern each kind is numbered by; the series is "warehouse:<kind>".
PATTERNS = {kind: f"{kind.upper()}/nr-m/mm/yyyy" for kind in KINDS}
MAX_ACTIONS = 10_000


def warehouse_document_create(*, account: Account, data: dict) -> WarehouseDocument:
    """Issue a warehouse document from the API's `warehouse_document` object. Atomic."""
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in KINDS:
        raise Invalid.field("kind", _("must be one of: %s") % ", ".join(KINDS))
    with transaction.atomic():
        document = WarehouseDocument(account=account, kind=kind, from_api=True)
        document.issue_date = data.get("issue_date") or timezone.localdate()
        _fields(document, account, data, errors)
        document.warehouse = owned_or_error(Warehouse, account, data, "warehouse_id", errors) or (
            warehouse_default(account=account)
        )
        document.warehouse2 = owned_or_error(Warehouse, account, data, "warehouse2_id", errors)
        entries = data.get("warehouse_actions") or []
        if not entries:
            errors.setdefault("warehouse_actions", []).append(_("at least one action is required"))
        actions = _actions(account, document, entries, errors)
        invoices = _invoices(account, data, errors)
        if errors:
            raise Invalid(errors)
        _number(document, account, data, errors)
        if errors:
            raise Invalid(errors)
        _totals(document, actions)
        document.save()
        for action in actions:
            action.document = document
        WarehouseAction.objects.bulk_create(actions)
        _move(account, actions, sign=1)
        if invoices is not None:
            document.invoices.set(invoices)
    return document


def warehouse_document_update(*, account: Account, id: int, data: dict) -> WarehouseDocument:
    """Change the fields sent; `warehouse_actions` replace the actions and their stock. Atomic."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        document = get_owned(WarehouseDocument.objects.select_for_update(), account=account, id=id)
        if data.get("issue_date"):
            document.issue_date = data["issue_date"]
        _fields(document, account, data, errors)
        if data.get("warehouse_id") is not None:
            document.warehouse = owned_or_error(Warehouse, account, data, "warehouse_id", errors)
        if "warehouse2_id" in data:
            document.warehouse2 = owned_or_error(Warehouse, account, data, "warehouse2_id", errors)
        actions = None
        if data.get("warehouse_actions") is not None:
            if not data["warehouse_actions"]:
                errors.setdefault("warehouse_actions", []).append(
                    _("at least one action is required")
                )
            actions = _actions(account, document, data["warehouse_actions"], errors)
        invoices = _invoices(account, data, errors)
        if errors:
            raise Invalid(errors)
        if actions is not None:
            old = list(document.actions.all())
            _move(account, old, sign=-1)
            WarehouseAction.objects.filter(pk__in=[action.pk for action in old]).delete()
            _totals(document, actions)
            for action in actions:
                action.document = document
            WarehouseAction.objects.bulk_create(actions)
            _move(account, actions, sign=1)
        document.save()
        if invoices is not None:
            document.invoices.set(invoices)
    return document


def warehouse_document_delete(*, account: Account, id: int) -> None:
    """Delete a document and undo its stock moves. Atomic."""
    with transaction.atomic():
        document = get_owned(WarehouseDocument.objects.select_for_update(), account=account, id=id)
        _move(account, list(document.actions.all()), sign=-1)
        document.delete()


def _fields(document: WarehouseDocument, account: Account, data: dict, errors: dict) -> None:
    for field in ("description", "oid", "currency"):
        if data.get(field) is not None:
            setattr(document, field, data[field])
    if data.get("department_id") is not None:
        department = find_owned(Department, account=account, id=data["department_id"])
        if department is None:
            errors.setdefault("department_id", []).append(_("does not exist in this account"))
        else:
            document.department = department
            document.department_name = department.name
            document.department_tax_no = department.tax_no
    elif data.get("department_name") is not None:
        document.department_name = data["department_name"]
        document.department = Department.objects.filter(
            account=account, name=data["department_name"]
        ).first()
    elif document.department_id is None and not document.department_name:
        main = Department.objects.filter(account=account, main=True).first()
        if main is not None:
            document.department, document.department_name = main, main.name
            document.department_tax_no = main.tax_no
    client = None
    if data.get("client_id") is not None:
        client = find_owned(Client, account=account, id=data["client_id"])
        if client is None:
            errors.setdefault("client_id", []).append(_("does not exist in this account"))
    elif data.get("client_name"):
        try:
            client = client_find_or_create(
                account=account,
                data={"name": data["client_name"], "tax_no": data.get("client_tax_no") or ""},
            )
        except Invalid as exc:
            for field, reasons in exc.errors.items():
                errors.setdefault(f"client_{field}", []).extend(reasons)
    if client is not None:
        document.client = client
        for field in ("name", "tax_no", "street", "post_code", "city", "country"):
            setattr(document, f"client_{field}", getattr(client, field))


def _invoices(account: Account, data: dict, errors: dict) -> list[Invoice] | None:
    ids = data.get("invoice_ids")
    if ids is None:
        return None
    found = find_all_owned(Invoice, account=account, ids=ids)
    missing = set(ids) - set(found)
    if missing:
        errors.setdefault("invoice_ids", []).append(
            _("%(ids)s: no such invoices in this account")
            % {"ids": ", ".join(str(pk) for pk in sorted(missing))}
        )
    return list(found.values())


def _actions(
    account: Account, document: WarehouseDocument, entries: list[dict], errors: dict
) -> list[WarehouseAction]:
    """The document's actions (unsaved), one per entry, or two for an MM (out and in)."""
    if len(entries) > MAX_ACTIONS:
        errors.setdefault("warehouse_actions", []).append(
            _("at most %(count)d actions are allowed") % {"count": MAX_ACTIONS}
        )
        return []
    actions = []
    for index, entry in enumerate(entries):
        where = f"warehouse_actions.{index}"
        product = _product(account, entry, where, errors)
        quantity = entry.get("quantity")
        if quantity is None or quantity <= 0:
            errors.setdefault(f"{where}.quantity", []).append(_("must be greater than 0"))
            continue
        prices = _prices(entry, where, errors)
        if product is None or prices is None:
            continue
        common = {"account": account, "kind": document.kind, "product": product, "order": index}
        if document.kind == Kind.MM:
            unknown: dict[str, list[str]] = {}
            target = owned_or_error(Warehouse, account, entry, "warehouse2_id", unknown)
            if unknown:
                errors.setdefault(f"{where}.warehouse2_id", []).extend(unknown["warehouse2_id"])
                continue
            target = target or document.warehouse2
            if target is None:
                errors.setdefault(f"{where}.warehouse2_id", []).append(
                    _("is required: the warehouse an MM moves to")
                )
                continue
            actions.append(WarehouseAction(**common, **prices, quantity=-quantity))
            actions.append(WarehouseAction(**common, **prices, quantity=quantity, warehouse=target))
        else:
            signed = quantity if document.kind in RECEIPTS else -quantity
            actions.append(WarehouseAction(**common, **prices, quantity=signed))
    for action in actions:
        if action.warehouse_id is None:
            action.warehouse = document.warehouse
    return actions


def _product(account: Account, entry: dict, where: str, errors: dict) -> Product | None:
    if entry.get("product_id") is not None:
        product = find_owned(Product, account=account, id=entry["product_id"])
        if product is None:
            errors.setdefault(f"{where}.product_id", []).append(_("does not exist in this account"))
        return product
    name = (entry.get("product_name") or "").strip()
    if not name:
        errors.setdefault(f"{where}.product_id", []).append(_("give product_id or product_name"))
        return None
    product = Product.objects.filter(account=account, name=name).order_by("id").first()
    if product is None:
        tax = entry.get("purchase_tax") if entry.get("tax") is None else entry.get("tax")
        product = Product.objects.create(
            account=account, name=name, tax=str(tax) if tax is not None else "23"
        )
    return product


def _prices(entry: dict, where: str, errors: dict) -> dict | None:
    """The action's sale and purchase prices: net given (or from gross), gross from net."""
    values: dict = {}
    for prefix, tax_field in (("", "tax"), ("purchase_", "purchase_tax")):
        raw_tax = entry.get(tax_field)
        tax = None
        if raw_tax is not None:
            try:
                tax = money.parse_tax(raw_tax)
            except money.TaxError as exc:
                errors.setdefault(f"{where}.{tax_field}", []).append(str(exc))
                return None
        net, gross = entry.get(f"{prefix}price_net"), entry.get(f"{prefix}price_gross")
        if net is not None and net < 0 or gross is not None and gross < 0:
            errors.setdefault(f"{where}.{prefix}price_net", []).append(_("must be 0 or more"))
            return None
        if net is not None:
            net = money.round_money(net)
            gross = money.gross_from_net(net, tax) if tax is not None else None
        elif gross is not None and tax is not None:
            gross = money.round_money(gross)
            net = money.net_from_gross(gross, tax)
        values[f"{prefix}price_net"] = net
        values[f"{prefix}price_gross"] = gross
        values[tax_field] = tax.code if tax is not None else ""
    return values


def _totals(document: WarehouseDocument, actions: list[WarehouseAction]) -> None:
    """Sums over the document's goods (an MM's counted once: by what leaves)."""
    counted = [action for action in actions if document.kind != Kind.MM or action.quantity < 0]
    for prefix in ("", "purchase_"):
        net = gross = money.ZERO
        for action in counted:
            quantity = abs(action.quantity)
            unit_net = getattr(action, f"{prefix}price_net")
            unit_gross = getattr(action, f"{prefix}price_gross")
            if unit_net is not None:
                net += money.round_money(quantity * unit_net)
            if unit_gross is not None:
                gross += money.round_money(quantity * unit_gross)
        setattr(document, f"{prefix}price_net", net)
        setattr(document, f"{prefix}price_gross", gross)
        setattr(document, f"{prefix}price_tax", gross - net if gross else money.ZERO)


def _number(document: WarehouseDocument, account: Account, data: dict, errors: dict) -> None:
    document.series = f"warehouse:{document.kind}"
    pattern = numbering.Pattern.parse(PATTERNS[document.kind])
    document.pattern = pattern.text
    document.period = pattern.period_key(document.issue_date)
    explicit = (data.get("number") or "").strip()
    if explicit:
        taken = WarehouseDocument.objects.filter(
            account=account, series=document.series, number=explicit
        ).exists()
        if taken:
            errors.setdefault("number", []).append(_("has already been taken"))
        document.number = explicit
        return
    document.counter, document.number = series.number_take(
        account=account, series=document.series, pattern=pattern, issue_date=document.issue_date
    )


def _move(account: Account, actions: list[WarehouseAction], *, sign: int) -> None:
    """Apply (sign 1) or undo (sign -1) the actions' stock moves; a shortage is a 422."""
    moves = [
        Move(action.warehouse_id, action.product_id, action.quantity * sign) for action in actions
    ]
    try:
        stock_apply(account=account, moves=moves)
    except StockShortage as exc:
        raise Invalid(
            {
                "warehouse_actions": [
                    _("%(product)s: %(available)s available, %(requested)s requested")
                    % {
                        "product": shortage.product_name,
                        "available": _quantity(shortage.available),
                        "requested": _quantity(shortage.requested),
                    }
                    for shortage in exc.shortages
                ]
            }
        ) from None


def _quantity(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"
