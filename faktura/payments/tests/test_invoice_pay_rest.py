"""Paying all that is left of an invoice (the panel's "mark as paid")."""

from decimal import Decimal

import pytest

from faktura.errors import Invalid, NotFound
from faktura.invoicing.tests import factories_invoices
from faktura.payments.models import Payment
from faktura.payments.services.payments import invoice_pay_rest, payment_create

pytestmark = pytest.mark.django_db


def test_the_rest_after_a_partial_payment_makes_the_invoice_paid(owner):
    invoice = factories_invoices.numbered_invoice(owner)  # 123.00 gross
    payment_create(
        account=owner.account,
        user=None,
        data={"price": Decimal("20.00"), "paid": True, "invoice_ids": [invoice.pk]},
    )
    rest = invoice_pay_rest(
        account=owner.account, user=None, invoice_id=invoice.pk, data={"name": "Reszta"}
    )
    assert (rest.name, rest.price, rest.currency, rest.paid) == (
        "Reszta",
        Decimal("103.00"),
        "PLN",
        True,
    )
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid) == ("paid", Decimal("123.00"))


def test_paying_the_rest_twice_pays_once(owner):
    invoice = factories_invoices.numbered_invoice(owner)
    invoice_pay_rest(account=owner.account, user=None, invoice_id=invoice.pk, data={})
    with pytest.raises(Invalid) as refused:
        invoice_pay_rest(account=owner.account, user=None, invoice_id=invoice.pk, data={})
    assert refused.value.errors == {"price": ["nic nie zostało do zapłaty"]}
    assert Payment.objects.count() == 1


def test_another_accounts_invoice_is_not_found(owner, other_owner):
    foreign = factories_invoices.numbered_invoice(other_owner)
    with pytest.raises(NotFound):
        invoice_pay_rest(account=owner.account, user=None, invoice_id=foreign.pk, data={})
    assert not Payment.objects.exists()
