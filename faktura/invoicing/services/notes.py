"""An invoice's notes (`descriptions`) and settlements (`settlement_positions`).

The reference's rules for notes: `kind` and `content` are stripped; a note with
both empty is ignored; `kind` defaults to "Uwaga"; neither may hold emoji; at
most 10 000 notes. `description` alone (the older field) becomes one note, and
`description` always mirrors the first note. Settlements are charges or
deductions with an amount above zero; they change the amount to pay, not the
invoice's totals.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from faktura.invoicing import money
from faktura.invoicing.models import Invoice, InvoiceDescription, SettlementPosition

DEFAULT_KIND = "Uwaga"
MAX_NOTES = 10_000
# Pictographs, emoticons, symbols and their joiners: what the reference calls emoji.
_EMOJI = re.compile("[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\ufe0f\u200d]")


def descriptions_from(data: dict, errors: dict) -> list[dict]:
    """The notes to store, from `descriptions` or else `description`; errors by field."""
    given = data.get("descriptions")
    if given is None:
        content = (data.get("description") or "").strip()
        given = [{"kind": DEFAULT_KIND, "content": content}] if content else []
    if len(given) > MAX_NOTES:
        errors.setdefault("descriptions", []).append(
            _("at most %(count)d notes are allowed") % {"count": MAX_NOTES}
        )
        return []
    notes = []
    for index, entry in enumerate(given):
        if entry.get("destroy"):
            continue
        kind = (entry.get("kind") or "").strip()
        content = (entry.get("content") or "").strip()
        if not kind and not content:
            continue
        for field, text in (("kind", kind), ("content", content)):
            if _EMOJI.search(text):
                errors.setdefault(f"descriptions.{index}.{field}", []).append(
                    _("must not contain emoji")
                )
        notes.append(
            {
                "kind": kind or DEFAULT_KIND,
                "content": content,
                "position_index": entry.get("position_index"),
            }
        )
    return notes


def settlements_from(data: dict, errors: dict) -> list[dict]:
    """The settlements to store; each amount above zero, rounded to the grosz."""
    settlements = []
    for index, entry in enumerate(data.get("settlement_positions") or []):
        if entry.get("destroy"):
            continue
        amount = entry.get("amount")
        if amount is None or amount <= Decimal(0):
            errors.setdefault(f"settlement_positions.{index}.amount", []).append(
                _("must be greater than 0")
            )
            continue
        settlements.append(
            {
                "kind": entry["kind"],
                "amount": money.round_money(amount),
                "reason": (entry.get("reason") or "").strip(),
            }
        )
    return settlements


def store(invoice: Invoice, notes: list[dict]) -> list[InvoiceDescription]:
    return InvoiceDescription.objects.bulk_create(
        InvoiceDescription(account=invoice.account, invoice=invoice, row_number=row, **note)
        for row, note in enumerate(notes, start=1)
    )


def store_settlements(invoice: Invoice, settlements: list[dict]) -> list[SettlementPosition]:
    return SettlementPosition.objects.bulk_create(
        SettlementPosition(account=invoice.account, invoice=invoice, **settlement)
        for settlement in settlements
    )


def _note_fields(entry: dict, row: InvoiceDescription | None) -> tuple[str, str]:
    kind = entry.get("kind", row.kind if row else "")
    content = entry.get("content", row.content if row else "")
    return (kind or "").strip(), (content or "").strip()


def descriptions_changes(invoice: Invoice, entries: list[dict], errors: dict) -> list:
    """What a PUT's `descriptions` does, checked: `id` updates, no `id` adds, `_destroy` deletes.

    A note whose `kind` and `content` both end up empty is deleted (with an `id`)
    or ignored (without), as the reference says. Returns the changes for `apply`.
    """
    existing = {row.pk: row for row in invoice.descriptions.all()}
    # New notes go after the existing ones; `renumber` closes the gaps afterwards.
    next_row = max((row.row_number for row in existing.values()), default=0) + 1
    changes: list[tuple[str, object]] = []
    for index, entry in enumerate(entries):
        row = None
        if entry.get("id") is not None:
            row = existing.get(entry["id"])
            if row is None:
                errors.setdefault(f"descriptions.{index}.id", []).append(
                    _("is not a note of this invoice")
                )
                continue
        kind, content = _note_fields(entry, row)
        if entry.get("destroy") or (not kind and not content):
            if row is not None:
                changes.append(("delete", row))
            continue
        for field, text in (("kind", kind), ("content", content)):
            if _EMOJI.search(text):
                errors.setdefault(f"descriptions.{index}.{field}", []).append(
                    _("must not contain emoji")
                )
        if row is None:
            row = InvoiceDescription(account=invoice.account, invoice=invoice, row_number=next_row)
            next_row += 1
        row.kind, row.content = kind or DEFAULT_KIND, content
        if "position_index" in entry:
            row.position_index = entry["position_index"]
        changes.append(("save", row))
    if len(existing) + sum(1 for op, row in changes if op == "save" and row.pk is None) > MAX_NOTES:
        errors.setdefault("descriptions", []).append(
            _("at most %(count)d notes are allowed") % {"count": MAX_NOTES}
        )
    return changes


def settlements_changes(invoice: Invoice, entries: list[dict], errors: dict) -> list:
    """What a PUT's `settlement_positions` does: `id` updates, no `id` adds, `_destroy` deletes."""
    existing = {row.pk: row for row in invoice.settlement_positions.all()}
    changes: list[tuple[str, object]] = []
    for index, entry in enumerate(entries):
        row = None
        if entry.get("id") is not None:
            row = existing.get(entry["id"])
            if row is None:
                errors.setdefault(f"settlement_positions.{index}.id", []).append(
                    _("is not a settlement of this invoice")
                )
                continue
            if entry.get("destroy"):
                changes.append(("delete", row))
                continue
        elif entry.get("destroy"):
            continue
        amount = entry.get("amount")
        if amount is None or amount <= Decimal(0):
            errors.setdefault(f"settlement_positions.{index}.amount", []).append(
                _("must be greater than 0")
            )
            continue
        if row is None:
            row = SettlementPosition(account=invoice.account, invoice=invoice)
        row.kind = entry["kind"]
        row.amount = money.round_money(amount)
        if "reason" in entry or row.pk is None:
            row.reason = (entry.get("reason") or "").strip()
        changes.append(("save", row))
    return changes


def apply(changes: list) -> None:
    for operation, row in changes:
        if operation == "delete":
            row.delete()
        else:
            row.save()


def renumber(invoice: Invoice) -> None:
    """Number the notes 1, 2, … in their order; `description` mirrors the first."""
    notes = list(invoice.descriptions.order_by("row_number", "id"))
    for row_number, note in enumerate(notes, start=1):
        if note.row_number != row_number:
            note.row_number = row_number
            note.save(update_fields=["row_number"])
    invoice.description = notes[0].content if notes else ""
    invoice.save(update_fields=["description"])
