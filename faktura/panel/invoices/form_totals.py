"""The invoice form's totals while the user types, by the server's money engine.

The same steps `invoice_create` takes (`fields.position_input`,
`fields.line_amounts`, `money.invoice_totals`), never arithmetic in the browser.
"""

from faktura.accounts.models import Account
from faktura.documents import labels
from faktura.documents.formatting import amount_text
from faktura.errors import Invalid
from faktura.invoicing import money
from faktura.invoicing.api.writing import PositionIn
from faktura.invoicing.services.fields import line_amounts, position_input
from faktura.panel.invoices.form_input import discounted, priced_line
from faktura.panel.schemas import validated


def form_totals(account: Account, values: dict) -> dict:
    """Each row's amounts and the summary per rate, as the services would compute them.

    A row the engine refuses shows its reason instead; it never fails the page.
    Rows ticked for removal count for nothing.
    """
    lang = values.get("lang") or "pl"
    discount_kind = (values.get("discount_kind") or "percent_unit") if discounted(values) else None
    rows, amounts, taxes = [], [], []
    for index, row in enumerate(values.get("positions") or []):
        if row.get("remove"):
            rows.append({"net": "", "gross": "", "problems": []})
            continue
        errors: dict[str, list[str]] = {}
        line = made = None
        try:
            entry = validated(PositionIn, priced_line(row, discount_kind or "")).model_dump(
                exclude_unset=True
            )
            made = position_input(account, entry, f"positions.{index}", None, errors)
            if made is not None and not errors:
                line, refusal = line_amounts(
                    made[0],
                    made[1],
                    strategy="default",
                    discount_kind=discount_kind,
                    allow_negative=False,
                )
                if refusal:
                    errors.setdefault(f"positions.{index}.{refusal[0]}", []).append(refusal[1])
                    line = None
        except Invalid as error:
            errors = {f"positions.{index}.{k}": v for k, v in error.errors.items()}
        if line is not None:
            amounts.append(line)
            taxes.append(made[0].tax)
        rows.append(
            {
                "net": amount_text(line.total_price_net, lang) if line else "",
                "gross": amount_text(line.total_price_gross, lang) if line else "",
                "problems": [reason for reasons in errors.values() for reason in reasons],
            }
        )
    summary = money.invoice_totals(amounts, taxes)
    return {
        "rows": rows,
        "per_rate": [
            {
                "rate": labels.tax_code(vat.code, lang),
                "net": amount_text(vat.net, lang),
                "tax": amount_text(vat.tax, lang),
                "gross": amount_text(vat.gross, lang),
            }
            for vat in summary.per_rate
        ],
        "net": amount_text(summary.price_net, lang),
        "tax": amount_text(summary.price_tax, lang),
        "gross": amount_text(summary.price_gross, lang),
        "currency": values.get("currency") or "PLN",
    }
