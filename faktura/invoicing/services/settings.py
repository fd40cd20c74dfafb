"""An account's invoicing settings: numbering patterns, numbering per department, default notes.

Stored in `Account.settings` under these keys:

- `number_patterns`: document kind → pattern (see `faktura.invoicing.numbering`);
  a kind not set numbers by its default pattern. A new pattern starts its own
  counter, so numbers already issued are never reused.
- `number_per_department`: each department numbers in its own series.
- `default_descriptions`: the notes `fill_default_descriptions` adds, a list
  of `{"kind", "content"}`.
- `allow_negative_stock`: limited products may go below zero (see
  `faktura.warehouse.services.stock`).
- `print_signatures`: the signature fields printed on invoices, a subset of
  `seller` and `buyer` (both by default; an empty list prints none).

The web panel's settings page and the `faktura invoice_settings` command call
`invoicing_settings_update`; everything else reads the keys where it needs them.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.invoicing import numbering
from faktura.invoicing.services import notes
from faktura.invoicing.services.create import KINDS

MAX_DEFAULT_NOTES = 20
SIGNATURE_FIELDS = ("seller", "buyer")


def invoicing_settings(*, account: Account) -> dict:
    """The settings in effect, defaults filled in."""
    stored = account.settings
    patterns = stored.get("number_patterns") or {}
    return {
        "number_patterns": {
            kind: patterns.get(kind) or numbering.default_pattern(kind) for kind in KINDS
        },
        "number_per_department": bool(stored.get("number_per_department")),
        "default_descriptions": list(stored.get("default_descriptions") or []),
        "allow_negative_stock": bool(stored.get("allow_negative_stock")),
        "print_signatures": list(
            SIGNATURE_FIELDS
            if stored.get("print_signatures") is None
            else stored["print_signatures"]
        ),
    }


def invoicing_settings_update(*, account: Account, data: dict) -> dict:
    """Change the settings `data` names; an empty pattern returns a kind to its default.

    Raises Invalid naming each bad entry (`number_patterns.vat`, `default_descriptions.0`);
    nothing is saved then. Returns the settings in effect afterwards.
    """
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        account = Account.objects.select_for_update().get(pk=account.pk)
        stored = dict(account.settings)
        if "number_patterns" in data:
            stored["number_patterns"] = _patterns(
                stored.get("number_patterns") or {}, data["number_patterns"], errors
            )
        for flag in ("number_per_department", "allow_negative_stock"):
            if flag in data:
                stored[flag] = bool(data[flag])
        if "print_signatures" in data:
            stored["print_signatures"] = _signatures(data["print_signatures"], errors)
        if "default_descriptions" in data:
            stored["default_descriptions"] = _default_notes(data["default_descriptions"], errors)
        if errors:
            raise Invalid(errors)
        account.settings = stored
        account.save(update_fields=["settings"])
    return invoicing_settings(account=account)


def _signatures(given, errors: dict) -> list[str]:
    if not isinstance(given, list | tuple) or any(side not in SIGNATURE_FIELDS for side in given):
        errors.setdefault("print_signatures", []).append(
            _("must be a list of: %(allowed)s") % {"allowed": ", ".join(SIGNATURE_FIELDS)}
        )
        return []
    return [side for side in SIGNATURE_FIELDS if side in given]


def _patterns(current: dict, given: dict, errors: dict) -> dict:
    patterns = dict(current)
    for kind, text in given.items():
        if kind not in KINDS:
            errors.setdefault("number_patterns", []).append(
                _("%(kind)s is not a document kind; kinds: %(kinds)s")
                % {"kind": kind, "kinds": ", ".join(KINDS)}
            )
            continue
        if not (text or "").strip():
            patterns.pop(kind, None)
            continue
        try:
            patterns[kind] = numbering.Pattern.parse(text.strip()).text
        except numbering.PatternError as exc:
            errors.setdefault(f"number_patterns.{kind}", []).append(str(exc))
    return patterns


def _default_notes(given: list, errors: dict) -> list[dict]:
    if len(given) > MAX_DEFAULT_NOTES:
        errors.setdefault("default_descriptions", []).append(
            _("at most %(count)d notes are allowed") % {"count": MAX_DEFAULT_NOTES}
        )
        return []
    entries = [
        {"kind": note.get("kind"), "content": note.get("content")}
        for note in given
        if isinstance(note, dict)
    ]
    if len(entries) < len(given):
        errors.setdefault("default_descriptions", []).append(
            _("each note must have a kind and a content")
        )
    own: dict[str, list[str]] = {}
    kept = notes.descriptions_from({"descriptions": entries}, own)
    for key, reasons in own.items():
        errors.setdefault(key.replace("descriptions", "default_descriptions", 1), []).extend(
            reasons
        )
    return [{"kind": note["kind"], "content": note["content"]} for note in kept]
