"""The account's bank accounts, through `catalog.services.bank_accounts` and the API's schema.

The service checks the number (an IBAN's checksum), the currency and the lengths,
and refuses a number the account already has; its reasons are shown on the fields.
"""

from django import forms
from django.utils.translation import gettext_lazy

from faktura.catalog.api.bank_accounts import BankAccountIn
from faktura.catalog.models import BankAccount
from faktura.catalog.services import bank_accounts as services
from faktura.panel.crud import Resource


class BankAccountForm(forms.Form):
    bank_account_number = forms.CharField(
        label=gettext_lazy("Account number (IBAN)"), required=False, max_length=100
    )
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=255)
    bank_name = forms.CharField(label=gettext_lazy("Bank"), required=False, max_length=256)
    bank_currency = forms.CharField(
        label=gettext_lazy("Currency"), required=False, max_length=3, initial="PLN"
    )
    bank_swift = forms.CharField(label=gettext_lazy("SWIFT"), required=False, max_length=20)
    account_description = forms.CharField(
        label=gettext_lazy("Description"), required=False, max_length=256
    )
    own_bank_account = forms.BooleanField(
        label=gettext_lazy("The company's own account"), required=False
    )


BANK_ACCOUNTS = Resource(
    name="bank_accounts",
    title=gettext_lazy("Bank accounts"),
    model=BankAccount,
    form=BankAccountForm,
    schema=BankAccountIn,
    create=services.bank_account_create,
    update=services.bank_account_update,
    delete=services.bank_account_delete,
    search_fields=("bank_account_number", "name", "bank_name"),
    columns=(
        ("bank_account_number", gettext_lazy("Account number (IBAN)")),
        ("name", gettext_lazy("Name")),
        ("bank_name", gettext_lazy("Bank")),
        ("bank_currency", gettext_lazy("Currency")),
    ),
    title_new=gettext_lazy("New bank account"),
    order_by=("bank_currency", "name", "id"),
    settings=True,
    blank_clears=True,
)
