"""Stock changes (`stock_apply`): exact quantities, packages, limits, and concurrent writers."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction

from faktura.catalog.models import PackageItem, Product
from faktura.tests import factories
from faktura.warehouse.models import Stock, Warehouse
from faktura.warehouse.services.stock import Move, StockShortage, stock_apply, stock_of

D = Decimal


def _setup(account):
    main = Warehouse.objects.create(account=account, name="Główny", main=True)
    other = Warehouse.objects.create(account=account, name="Drugi")
    return main, other


def _apply(account, *moves):
    with transaction.atomic():
        stock_apply(account=account, moves=[Move(*move) for move in moves])


def _level(account, warehouse, product) -> Decimal:
    return stock_of(account=account, warehouse_id=warehouse.pk, product_ids=[product.pk])[
        product.pk
    ]


@pytest.mark.django_db
def test_moves_add_up_exactly_per_warehouse_and_in_the_product_total():
    account = factories.account().account
    main, other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba", limited=True)
    _apply(account, (main.pk, bolt.pk, D("10.5")), (other.pk, bolt.pk, D("2.25")))
    _apply(account, (main.pk, bolt.pk, D("-3.125")), (other.pk, bolt.pk, D("3.125")))
    assert _level(account, main, bolt) == D("7.375")
    assert _level(account, other, bolt) == D("5.375")
    bolt.refresh_from_db()
    assert bolt.stock_level == D("12.75")


@pytest.mark.django_db
def test_a_limited_product_is_not_issued_below_zero_and_nothing_changes():
    account = factories.account().account
    main, _other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba", limited=True)
    nut = Product.objects.create(account=account, name="Nakrętka")  # not limited
    _apply(account, (main.pk, bolt.pk, D(3)))
    with pytest.raises(StockShortage) as raised:
        _apply(account, (main.pk, nut.pk, D(-5)), (main.pk, bolt.pk, D(-4)))
    [shortage] = raised.value.shortages
    assert (shortage.product_name, shortage.available, shortage.requested) == ("Śruba", D(3), D(4))
    assert _level(account, main, bolt) == D(3)
    assert _level(account, main, nut) == D(0)
    # A product that is not limited may go below zero.
    _apply(account, (main.pk, nut.pk, D(-5)))
    assert _level(account, main, nut) == D(-5)


@pytest.mark.django_db
def test_the_account_may_allow_negative_stock():
    membership = factories.account()
    account = membership.account
    account.settings["allow_negative_stock"] = True
    account.save()
    main, _other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba", limited=True)
    _apply(account, (main.pk, bolt.pk, D(-2)))
    assert _level(account, main, bolt) == D(-2)


@pytest.mark.django_db
def test_a_package_moves_its_parts():
    account = factories.account().account
    main, _other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba", limited=True)
    nut = Product.objects.create(account=account, name="Nakrętka", limited=True)
    kit = Product.objects.create(account=account, name="Zestaw", package=True)
    PackageItem.objects.create(account=account, package=kit, product=bolt, quantity=D(4))
    PackageItem.objects.create(account=account, package=kit, product=nut, quantity=D("0.5"))
    _apply(account, (main.pk, bolt.pk, D(10)), (main.pk, nut.pk, D(10)))
    _apply(account, (main.pk, kit.pk, D(-2)))
    assert (_level(account, main, bolt), _level(account, main, nut)) == (D(2), D(9))
    assert not Stock.objects.filter(product=kit).exists()
    with pytest.raises(StockShortage) as raised:
        _apply(account, (main.pk, kit.pk, D(-1)))  # needs 4 bolts, 2 left
    assert [s.product_name for s in raised.value.shortages] == ["Śruba"]


@pytest.mark.django_db(transaction=True)
def test_moves_need_the_callers_transaction():
    account = factories.account().account
    main, _other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba")
    with pytest.raises(RuntimeError):
        stock_apply(account=account, moves=[Move(main.pk, bolt.pk, D(1))])


WRITERS = 16


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_issues_of_the_last_ten_units_sell_exactly_ten():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite admits one writer at a time")
    account = factories.account().account
    main, _other = _setup(account)
    bolt = Product.objects.create(account=account, name="Śruba", limited=True)
    _apply(account, (main.pk, bolt.pk, D(10)))
    start = threading.Barrier(WRITERS)
    sold, refused, problems = [], [], []

    def issue_one() -> None:
        try:
            start.wait(timeout=30)
            _apply(account, (main.pk, bolt.pk, D(-1)))
            sold.append(1)
        except StockShortage:
            refused.append(1)
        except Exception as exc:  # reported below; a thread's exception is lost otherwise
            problems.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue_one) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert problems == []
    assert (len(sold), len(refused)) == (10, 6)
    assert _level(account, main, bolt) == D(0)
    bolt.refresh_from_db()
    assert bolt.stock_level == D(0)
