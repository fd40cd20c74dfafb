"""The panel's clients and invoicing settings: the services' rules and messages, roles."""

import pytest
from django.test import Client as Browser

from faktura.catalog.models import Client
from faktura.tests import factories
from faktura.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _browser(login: str) -> Browser:
    browser = Browser(HTTP_HOST="acme.faktura.test", HTTP_ACCEPT="text/html")
    assert browser.post("/login", {"login": login, "password": PASSWORD}).status_code == 302
    return browser


@pytest.fixture
def browser(owner) -> Browser:
    return _browser(owner.user.login)


def test_a_client_with_a_wrong_nip_is_refused_with_the_apis_message(browser, owner):
    response = browser.post(
        "/clients/new", {"name": "Nowy Klient", "company": "on", "tax_no": "1234567890"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Nowy Klient"' in html
    assert "errorlist" in html
    assert not Client.objects.filter(account=owner.account, name="Nowy Klient").exists()
    saved = browser.post(
        "/clients/new", {"name": "Nowy Klient", "company": "on", "tax_no": "6272616681"}
    )
    assert saved["Location"] == "/clients/"
    client = Client.objects.get(account=owner.account, name="Nowy Klient")
    assert client.tax_no == "6272616681"
    listing = browser.get("/clients/?q=nowy", HTTP_HX_REQUEST="true").content.decode()
    assert "Nowy Klient" in listing
    assert "<html" not in listing


def test_a_private_person_needs_a_last_name(browser):
    response = browser.post("/clients/new", {"first_name": "Jan"})
    assert response.status_code == 422
    assert 'value="Jan"' in response.content.decode()


def test_clients_edit_and_delete_only_their_own(browser, owner, other_owner):
    own = Client.objects.create(account=owner.account, name="Własny")
    foreign = Client.objects.create(account=other_owner.account, name="Obcy")
    assert browser.get(f"/clients/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/clients/{foreign.pk}/delete").status_code == 404
    assert "Obcy" not in browser.get("/clients/").content.decode()
    browser.post(f"/clients/{own.pk}/edit", {"name": "Własny 2", "company": "on"})
    own.refresh_from_db()
    assert own.name == "Własny 2"
    browser.post(f"/clients/{own.pk}/delete")
    assert not Client.objects.filter(pk=own.pk).exists()
    assert Client.objects.filter(pk=foreign.pk).exists()


def test_settings_are_for_owners_and_admins(owner):
    member = factories.member(owner, role="member")
    browser = _browser(member.user.email)
    assert browser.get("/settings/invoicing").status_code == 403
    assert "/settings/" not in browser.get("/").content.decode()
    admin = factories.member(owner, role="admin")
    assert _browser(admin.user.email).get("/settings/invoicing").status_code == 200


def test_a_numbering_pattern_is_saved_or_refused_on_its_field(browser, owner):
    refused = browser.post("/settings/invoicing", {"pattern-vat": "FV/bez-numeru"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert 'value="FV/bez-numeru"' in html
    saved = browser.post("/settings/invoicing", {"pattern-vat": "FV/nr/yyyy", "sign-seller": "on"})
    assert saved.status_code == 302
    owner.account.refresh_from_db()
    assert owner.account.settings["number_patterns"]["vat"] == "FV/nr/yyyy"
    assert owner.account.settings["print_signatures"] == ["seller"]


def test_a_product_is_priced_gross_and_the_service_derives_the_net(browser, owner):
    from faktura.catalog.models import Product

    refused = browser.post("/products/new", {"name": "", "price_gross": "123", "tax": "23"})
    assert refused.status_code == 422
    assert 'value="123"' in refused.content.decode()
    saved = browser.post(
        "/products/new", {"name": "Abonament", "price_gross": "123", "tax": "23", "service": "on"}
    )
    assert saved["Location"] == "/products/"
    product = Product.objects.get(account=owner.account, name="Abonament")
    assert (product.price_net, product.price_gross, product.service) == (100, 123, True)
    listing = browser.get("/products/?q=abon", HTTP_HX_REQUEST="true").content.decode()
    assert "Abonament" in listing
    browser.post(
        f"/products/{product.pk}/edit",
        {"name": "Abonament roczny", "price_gross": "246", "tax": "23"},
    )
    product.refresh_from_db()
    assert (product.name, product.price_net) == ("Abonament roczny", 200)
    browser.post(f"/products/{product.pk}/delete")
    assert not Product.objects.filter(pk=product.pk).exists()


def test_another_accounts_product_is_not_found(browser, other_owner):
    from faktura.catalog.models import Product

    foreign = Product.objects.create(account=other_owner.account, name="Obcy", price_gross=1)
    assert browser.get(f"/products/{foreign.pk}/edit").status_code == 404
    assert browser.post(f"/products/{foreign.pk}/delete").status_code == 404
    assert "Obcy" not in browser.get("/products/").content.decode()
