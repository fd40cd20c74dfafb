import json

from django.core.management.base import BaseCommand, CommandError

from faktura.accounts.models import Account
from faktura.errors import Invalid
from faktura.invoicing.services.settings import invoicing_settings, invoicing_settings_update


def _pair(text: str) -> tuple[str, str]:
    kind, sep, pattern = text.partition("=")
    if not sep:
        raise CommandError(f"--pattern takes KIND=PATTERN (e.g. vat=FV/nr-m/mm/yyyy), got {text!r}")
    return kind.strip(), pattern.strip()


def _note(text: str) -> dict:
    kind, sep, content = text.partition(":")
    return {"kind": kind.strip(), "content": content.strip()} if sep else {"content": text}


class Command(BaseCommand):
    help = (
        "Show or change an account's invoicing settings: numbering patterns per document "
        "kind, numbering per department, default notes, negative stock, signature fields. "
        "Prints the settings in effect."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prefix", required=True, help="the account's subdomain")
        parser.add_argument(
            "--pattern",
            action="append",
            default=[],
            metavar="KIND=PATTERN",
            help="number KIND by PATTERN (e.g. vat=FV/nr-m/mm/yyyy); an empty PATTERN "
            "returns the kind to its default",
        )
        parser.add_argument(
            "--per-department",
            choices=("yes", "no"),
            help="whether each department numbers in its own series",
        )
        parser.add_argument(
            "--allow-negative-stock",
            choices=("yes", "no"),
            help="whether limited products may go below zero in warehouses",
        )
        parser.add_argument(
            "--print-signatures",
            metavar="SIDES",
            help="the signature fields printed on invoices: seller,buyer (default), seller, "
            "buyer or none",
        )
        parser.add_argument(
            "--default-note",
            action="append",
            metavar="KIND: CONTENT",
            help="a note fill_default_descriptions adds (repeat for several; replaces them all)",
        )

    def handle(self, *args, **options):
        account = Account.objects.filter(prefix=options["prefix"]).first()
        if account is None:
            raise CommandError(f"no account {options['prefix']!r}")
        data: dict = {}
        if options["pattern"]:
            data["number_patterns"] = dict(_pair(text) for text in options["pattern"])
        if options["per_department"]:
            data["number_per_department"] = options["per_department"] == "yes"
        if options["allow_negative_stock"]:
            data["allow_negative_stock"] = options["allow_negative_stock"] == "yes"
        if options["print_signatures"] is not None:
            sides = options["print_signatures"]
            data["print_signatures"] = (
                [] if sides == "none" else [side.strip() for side in sides.split(",") if side]
            )
        if options["default_note"] is not None:
            data["default_descriptions"] = [_note(text) for text in options["default_note"]]
        try:
            effective = (
                invoicing_settings_update(account=account, data=data)
                if data
                else invoicing_settings(account=account)
            )
        except Invalid as exc:
            problems = "; ".join(
                f"{field} {reason}" for field, reasons in exc.errors.items() for reason in reasons
            )
            raise CommandError(problems) from None
        self.stdout.write(json.dumps(effective, ensure_ascii=False, indent=2))
