"""URLs for people and probes, the panel's pages last.

API calls (`*.json`, `*.xml`) resolve in `faktura.api.urls`.
"""

from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path

from faktura.accounts import views as account_views
from faktura.api.site import api_docs
from faktura.attachments import views as attachment_views
from faktura.attachments.signing import UPLOAD_PATH
from faktura.catalog.views import department_logo
from faktura.documents.views import invoice_public_page, invoice_public_pdf
from faktura.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/docs", api_docs, name="api-docs"),
    path(
        "account/delete/<str:token>",
        account_views.account_delete_confirm,
        name="account-delete-confirm",
    ),
    path("media/logos/<str:name>", department_logo, name="department-logo"),
    # An invoice's public link (`view_url`); the token is checked by the views.
    re_path(r"^invoice/(?P<token>[^/]+)\.pdf$", invoice_public_pdf, name="invoice-public-pdf"),
    re_path(r"^invoice/(?P<token>[^/]+)$", invoice_public_page, name="invoice-public"),
    path(UPLOAD_PATH.lstrip("/"), attachment_views.attachment_upload, name="attachment-upload"),
    path(
        "invoice/<str:token>/attachments/<int:attachment_id>",
        attachment_views.public_attachment,
        name="invoice-public-attachment",
    ),
    # The embedded server has no separate web server for static files.
    re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
    # Single sign-on with a partner system (Multipass).
    path("", include("faktura.integrations.urls")),
    # The web panel: everything else a person opens.
    path("", include("faktura.panel.urls")),
]
