"""The API's URL configuration: requests land here when ApiFormatMiddleware says so."""

from django.urls import path

from faktura.api.site import api, openapi_json

urlpatterns = [
    path("openapi", openapi_json, name="openapi-json"),
    path("", api.urls),
]
