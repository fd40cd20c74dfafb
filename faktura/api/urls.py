"""The API's URL configuration: requests land here when ApiFormatMiddleware says so."""

from django.urls import path

from faktura.api.errors import api_error_response
from faktura.api.site import api, openapi_json
from faktura.attachments.signing import UPLOAD_PATH
from faktura.attachments.views import attachment_upload

urlpatterns = [
    path("openapi", openapi_json, name="openapi-json"),
    # A client asking for JSON (Accept) still reaches the upload endpoint.
    path(UPLOAD_PATH.lstrip("/"), attachment_upload),
    path("", api.urls),
]


def handler404(request, exception=None):
    """An unknown API path answers like an unknown id: the API's own 404 body."""
    body = {"code": "error", "message": "Not found", "status": 404, "error": "Not Found"}
    return api_error_response(request, body, 404)


def handler500(request):
    return api_error_response(request, {"code": "error", "message": "Internal server error"}, 500)
