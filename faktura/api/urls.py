"""The API's URL configuration: requests land here when ApiFormatMiddleware says so."""

from django.urls import path

from faktura.api.errors import api_error_response
from faktura.api.site import api, openapi_json

urlpatterns = [
    path("openapi", openapi_json, name="openapi-json"),
    path("", api.urls),
]


def handler404(request, exception=None):
    """An unknown API path answers like an unknown id: the API's own 404 body."""
    body = {"code": "error", "message": "Not found", "status": 404, "error": "Not Found"}
    return api_error_response(request, body, 404)


def handler500(request):
    return api_error_response(request, {"code": "error", "message": "Internal server error"}, 500)
