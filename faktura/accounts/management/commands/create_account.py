from django.core.management.base import BaseCommand, CommandError

from faktura.accounts import services
from faktura.accounts.urls import account_url
from faktura.errors import Invalid


class Command(BaseCommand):
    help = "Create an account with its owner; prints the owner's API token."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", required=True, help="the account's subdomain")
        parser.add_argument("--email", required=True, help="the owner's e-mail")
        parser.add_argument("--password", required=True, help="the owner's password")
        parser.add_argument("--login", help="the owner's login (default: from the e-mail)")
        parser.add_argument("--company-name", help="the company's name")
        parser.add_argument("--company-tax-no", help="the company's tax number (NIP)")
        parser.add_argument("--lang", default="pl", choices=services.ACCOUNT_LANGS)
        parser.add_argument(
            "--partner",
            action="store_true",
            help="let this account's API token create other accounts (POST /account.json)",
        )

    def handle(self, *args, **options):
        company = {"name": options["company_name"], "tax_no": options["company_tax_no"]}
        try:
            membership = services.account_create(
                account=services.NewAccount(
                    prefix=options["prefix"], lang=options["lang"], is_partner=options["partner"]
                ),
                user=services.NewUser(
                    login=options["login"], email=options["email"], password=options["password"]
                ),
                company={key: value for key, value in company.items() if value},
            )
        except Invalid as exc:
            problems = "; ".join(
                f"{field} {reason}" for field, reasons in exc.errors.items() for reason in reasons
            )
            raise CommandError(problems) from None
        account = membership.account
        self.stderr.write(
            f"Created account {account.prefix} at {account_url(account.prefix)}, "
            f"owner {membership.user.login}"
        )
        self.stdout.write(membership.api_token)
