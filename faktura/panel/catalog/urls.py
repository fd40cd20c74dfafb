"""The panel's price lists, warehouses, warehouse documents and payments."""

from django.urls import path

from faktura.panel import crud
from faktura.panel.catalog import payments, price_lists, warehouse_documents
from faktura.panel.catalog.warehouses import WAREHOUSES

documents = warehouse_documents

urlpatterns = [
    path("price_lists/", price_lists.price_list_list, name="panel-price-lists-list"),
    path("price_lists/new", price_lists.price_list_new, name="panel-price-lists-new"),
    path("price_lists/<int:id>/edit", price_lists.price_list_edit, name="panel-price-lists-edit"),
    path(
        "price_lists/<int:id>/delete",
        price_lists.price_list_delete,
        name="panel-price-lists-delete",
    ),
    *crud.views(WAREHOUSES),
    path("warehouse_documents/", documents.document_list, name="panel-warehouse-documents-list"),
    path("warehouse_documents/new", documents.document_new, name="panel-warehouse-documents-new"),
    path(
        "warehouse_documents/<int:id>/",
        documents.document_show,
        name="panel-warehouse-documents-show",
    ),
    path(
        "warehouse_documents/<int:id>/edit",
        documents.document_edit,
        name="panel-warehouse-documents-edit",
    ),
    path(
        "warehouse_documents/<int:id>/delete",
        documents.document_delete,
        name="panel-warehouse-documents-delete",
    ),
    path(
        "warehouse_documents/<int:id>/pdf",
        documents.document_pdf,
        name="panel-warehouse-documents-pdf",
    ),
    path("payments/", payments.payment_list, name="panel-payments-list"),
    path("payments/new", payments.payment_new, name="panel-payments-new"),
    path("payments/<int:id>/edit", payments.payment_edit, name="panel-payments-edit"),
    path("payments/<int:id>/delete", payments.payment_delete, name="panel-payments-delete"),
]
