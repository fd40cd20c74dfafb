"""Catalog data, one module per resource."""

from faktura.catalog.models.bank_account import BankAccount, BankAccountDepartment
from faktura.catalog.models.category import Category
from faktura.catalog.models.client import Client
from faktura.catalog.models.department import Department
from faktura.catalog.models.issuer import Issuer
from faktura.catalog.models.price_list import PriceList, PriceListPosition
from faktura.catalog.models.product import PackageItem, Product

__all__ = [
    "BankAccount",
    "BankAccountDepartment",
    "Category",
    "Client",
    "Department",
    "Issuer",
    "PackageItem",
    "PriceList",
    "PriceListPosition",
    "Product",
]
