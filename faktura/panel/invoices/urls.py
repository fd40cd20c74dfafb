from django.urls import path

from faktura.panel.invoices import buyer, correction, form, views

urlpatterns = [
    path("invoices/", views.invoice_list, name="panel-invoices"),
    path("invoices/new", form.invoice_new, name="panel-invoice-new"),
    path("invoices/form/totals", form.invoice_totals, name="panel-invoice-totals"),
    path("invoices/form/row", form.position_row, name="panel-invoice-row"),
    path("invoices/form/clients", buyer.client_suggestions, name="panel-invoice-clients"),
    path("invoices/form/buyer", buyer.buyer_fields, name="panel-invoice-buyer"),
    path("invoices/<int:id>", views.invoice_page, name="panel-invoice"),
    path(
        "invoices/<int:id>/correction",
        correction.invoice_correction,
        name="panel-invoice-correction",
    ),
    path("invoices/<int:id>/edit", form.invoice_edit, name="panel-invoice-edit"),
    path("invoices/<int:id>/pdf", views.invoice_pdf_download, name="panel-invoice-pdf"),
    path("invoices/<int:id>/send", views.invoice_send, name="panel-invoice-send"),
    path("invoices/<int:id>/pay", views.invoice_pay, name="panel-invoice-pay"),
    path("invoices/<int:id>/status", views.invoice_status, name="panel-invoice-status"),
    path("invoices/<int:id>/cancel", views.invoice_cancel, name="panel-invoice-cancel"),
    path("invoices/<int:id>/delete", views.invoice_delete, name="panel-invoice-delete"),
    path("invoices/<int:id>/copy", views.invoice_copy, name="panel-invoice-copy"),
]
