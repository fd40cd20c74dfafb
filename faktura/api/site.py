"""The one API instance: the dialect's parser, renderer, errors and auth, and every app's router."""

import json

from django.http import HttpResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from faktura.api import errors
from faktura.api.auth import ApiAuth
from faktura.api.parsing import RailsParser
from faktura.api.rendering import FormatRenderer, content_type

OPENAPI_URL = "/openapi.json"


class FakturaApi(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if response.status_code != 204:
            response["Content-Type"] = content_type(request)
        return response

    def get_openapi_schema(self, *, path_prefix="/", path_params=None):
        """The schema with paths as clients call them: `/account.json` (`.xml` works too).

        The API always sits at the root of its own URL configuration, so the
        prefix is known without resolving URLs (which needs that configuration active).
        """
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["paths"] = {
            (path.rstrip("/") or "/") + ".json": item for path, item in schema["paths"].items()
        }
        return schema


class _FixedUrlSwagger(Swagger):
    def get_openapi_url(self, api, path_params):
        return OPENAPI_URL


def _build() -> FakturaApi:
    from faktura.accounts.api import router as accounts_router
    from faktura.attachments.api import router as attachments_router
    from faktura.catalog.api import router as catalog_router
    from faktura.delivery.api import router as delivery_router
    from faktura.events.api import router as events_router
    from faktura.invoicing.api import router as invoicing_router
    from faktura.invoicing.recurring.api import router as recurring_router
    from faktura.payments.api import router as payments_router
    from faktura.warehouse.api import router as warehouse_router

    api = FakturaApi(
        title="Faktura API",
        version="1",
        description=(
            "The Fakturownia / InvoiceOcean API dialect. Every path also answers with "
            "the `.xml` suffix; authenticate with `api_token`, `Authorization: Bearer`, "
            "or HTTP Basic login:password."
        ),
        parser=RailsParser(),
        renderer=FormatRenderer(),
        auth=ApiAuth(),
        openapi_url=None,
        docs=_FixedUrlSwagger(),
        urls_namespace="api",
    )
    errors.install(api)
    api.add_router("", accounts_router)
    api.add_router("", catalog_router)
    api.add_router("", invoicing_router)
    api.add_router("", recurring_router)
    api.add_router("", attachments_router)
    api.add_router("", warehouse_router)
    api.add_router("", payments_router)
    api.add_router("", events_router)
    api.add_router("", delivery_router)
    return api


api = _build()


def openapi_json(request):
    schema = api.get_openapi_schema()
    return HttpResponse(json.dumps(schema), content_type="application/json")


def api_docs(request):
    """Interactive API documentation (Swagger UI, served locally)."""
    return api.docs.render_page(request, api)
