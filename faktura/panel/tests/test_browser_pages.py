"""Every main page of the panel in Chromium: it opens, every form field has a label, it
reads on a 375-px phone without sideways scrolling, and its picture at desktop and
phone width is kept (test-artifacts/screenshots/page-*.png)."""

from decimal import Decimal

import pytest

from faktura.catalog.services.clients import client_create
from faktura.catalog.services.products import product_create
from faktura.events.models import Webhook
from faktura.invoicing.recurring.services import recurring_create, recurring_issue_due
from faktura.invoicing.tests import factories_invoices
from faktura.panel.tests.browser import PHONE, screenshot, width_on_a_phone
from faktura.payments.services.payments import payment_create
from faktura.tests import factories
from faktura.warehouse.models import Warehouse
from faktura.warehouse.services.documents import warehouse_document_create

pytestmark = pytest.mark.django_db(transaction=True)

# Form controls a person fills that no label names (by name or id).
UNLABELLED = """() => Array.from(document.querySelectorAll(
    'main input:not([type=hidden]), main select, main textarea'))
  .filter(el => !(el.labels && el.labels.length)
    && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""


def _account_with_one_of_everything(owner) -> dict[str, int]:
    account = owner.account
    client = client_create(account=account, data={"name": "Alfa Handel sp. z o.o.", "city": "Łódź"})
    product = product_create(
        account=account, data={"name": "Abonament", "price_net": Decimal("49.99"), "tax": "23"}
    )
    invoice = factories_invoices.numbered_invoice(owner, buyer_name="Alfa Handel sp. z o.o.")
    warehouse = Warehouse.objects.create(account=account, name="Główny")
    document = warehouse_document_create(
        account=account,
        data={
            "kind": "pz",
            "warehouse_id": warehouse.pk,
            "warehouse_actions": [{"product_id": product.pk, "quantity": Decimal(5)}],
        },
    )
    payment_create(account=account, user=None, data={"name": "Wpłata", "price": Decimal(10)})
    # Stored as is: creating one through the service resolves the host, and tests reach
    # no public names.
    webhook = Webhook.objects.create(
        account=account, kind="invoice:create", url="https://crm.example.com/hook", secret="s"
    )
    member = factories.member(owner, role="member")
    recurring = recurring_create(
        account=account, data={"name": "Abonament", "invoice_id": invoice.pk, "every": "1d"}
    )
    recurring_issue_due()
    return {
        "recurring": recurring.pk,
        "client": client.pk,
        "product": product.pk,
        "invoice": invoice.pk,
        "warehouse": warehouse.pk,
        "document": document.pk,
        "webhook": webhook.pk,
        "member": member.pk,
    }


PAGES = (
    "/",
    "/invoices/",
    "/invoices/new",
    "/invoices/{invoice}",
    "/invoices/{invoice}/edit",
    "/invoices/{invoice}/correction",
    "/recurrings/",
    "/recurrings/new",
    "/recurrings/{recurring}/edit",
    "/clients/",
    "/clients/new",
    "/clients/{client}/edit",
    "/products/",
    "/products/{product}/edit",
    "/price_lists/",
    "/price_lists/new",
    "/warehouses/",
    "/warehouses/{warehouse}/edit",
    "/warehouse_documents/",
    "/warehouse_documents/new",
    "/warehouse_documents/{document}/",
    "/payments/",
    "/payments/new",
    "/settings/",
    "/settings/company",
    "/settings/departments/",
    "/settings/departments/new",
    "/settings/bank_accounts/",
    "/settings/bank_accounts/new",
    "/settings/invoicing",
    "/settings/users/",
    "/settings/users/{member}/edit",
    "/settings/api_token",
    "/settings/integrations",
    "/settings/webhooks/",
    "/settings/webhooks/new",
    "/settings/webhooks/{webhook}/deliveries",
    "/profile",
)


def _picture_name(path: str) -> str:
    name = "-".join(part for part in path.split("/") if part and not part.startswith("{"))
    return f"page-{name or 'dashboard'}" + ("-one" if "{" in path else "")


def test_every_main_page_is_labelled_fits_a_phone_and_is_pictured(panel, owner):
    ids = _account_with_one_of_everything(owner)
    panel.sign_in(owner.user.login)
    page = panel.page
    problems = []
    for path in PAGES:
        address = path.format(**ids)
        response = page.goto(panel.url(address, "acme"))
        if response.status != 200:
            problems.append(f"{address}: HTTP {response.status}")
            continue
        if not page.locator("main h1").first.is_visible():
            problems.append(f"{address}: no heading")
        unlabelled = page.evaluate(UNLABELLED)
        if unlabelled:
            problems.append(f"{address}: fields without a label: {unlabelled}")
        width = width_on_a_phone(page)
        if width > PHONE["width"]:
            problems.append(f"{address}: {width} px wide on a phone")
        screenshot(page, _picture_name(path))
    assert problems == []
