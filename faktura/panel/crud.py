"""List, search, create, edit and delete pages for one of the account's resources.

A `Resource` names the model, the form (fields under the API's names), the API
schema the form's values are read through, and the services that write; the
views then behave the same for clients, products and whatever follows: rows
only of the account, 404 for anyone else's, the services' refusals on the
fields they name with the input kept, htmx fragments for search and pages.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import BaseModel

from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.errors import add_service_errors
from faktura.panel.schemas import validated

PER_PAGE = 25


@dataclass(frozen=True)
class Resource:
    name: str  # URL segment and URL names: "clients"
    title: str  # the list's heading: "Klienci"
    model: type[Model]
    form: type[forms.Form]
    schema: type[BaseModel]
    create: Callable
    update: Callable
    delete: Callable
    search_fields: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]  # (attribute, label) shown in the list
    title_new: str
    order_by: tuple[str, ...] = ("name", "id")

    def url_name(self, view: str) -> str:
        return f"panel-{self.name}-{view}"


def form_values(form: forms.Form, schema: type[BaseModel]) -> dict:
    """The form's cleaned values as the service's data, read through the API's schema."""
    values = {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField):
            values[name] = bool(form.cleaned_data.get(name))
    return validated(schema, values).model_dump(exclude_unset=True)


def views(resource: Resource) -> list:
    """The URL patterns of the resource's four pages and its delete action."""

    def _row(request: HttpRequest, id: int):
        row = resource.model.objects.filter(account=request.account, pk=id).first()
        if row is None:
            raise Http404
        return row

    def _context(request: HttpRequest, **more) -> dict:
        return {"section": resource.name, "resource": resource, **more}

    @panel_page()
    def listing(request: HttpRequest) -> HttpResponse:
        text = request.GET.get("q", "").strip()[:100]
        rows = resource.model.objects.filter(account=request.account)
        if text:
            match = Q()
            for field in resource.search_fields:
                match |= Q(**{f"{field}__icontains": text})
            rows = rows.filter(match)
        page = Paginator(rows.order_by(*resource.order_by), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context = _context(request, page=page, text=text, query=request.GET.copy())
        fragment = request.headers.get("HX-Request")
        return render(request, f"panel/crud/{'rows' if fragment else 'list'}.html", context)

    def _save(request: HttpRequest, form: forms.Form, row) -> Model | None:
        if not form.is_valid():
            return None
        try:
            data = form_values(form, resource.schema)
            if row is None:
                return resource.create(account=request.account, data=data)
            return resource.update(account=request.account, id=row.pk, data=data)
        except Invalid as error:
            add_service_errors(form, error)
            return None

    def _form_page(request: HttpRequest, row) -> HttpResponse:
        initial = (
            {} if row is None else {name: getattr(row, name) for name in resource.form.base_fields}
        )
        form = resource.form(request.POST or None, initial=initial)
        if request.method == "POST":
            saved = _save(request, form, row)
            if saved is not None:
                messages.success(request, _("%(name)s is saved.") % {"name": saved})
                return redirect(resource.url_name("list"))
        title = resource.title_new if row is None else str(row)
        context = _context(request, form=form, title=title, row=row)
        return render(request, "panel/crud/form.html", context, status=422 if form.errors else 200)

    @panel_page()
    def new(request: HttpRequest) -> HttpResponse:
        return _form_page(request, None)

    @panel_page()
    def edit(request: HttpRequest, id: int) -> HttpResponse:
        return _form_page(request, _row(request, id))

    @require_POST
    @panel_page()
    def delete(request: HttpRequest, id: int) -> HttpResponse:
        row = _row(request, id)
        try:
            resource.delete(account=request.account, id=row.pk)
        except Invalid as error:
            for reasons in error.errors.values():
                for reason in reasons:
                    messages.error(request, reason)
            return redirect(resource.url_name("edit"), id=row.pk)
        messages.success(request, _("%(name)s is deleted.") % {"name": row})
        return redirect(resource.url_name("list"))

    base = resource.name
    return [
        path(f"{base}/", listing, name=resource.url_name("list")),
        path(f"{base}/new", new, name=resource.url_name("new")),
        path(f"{base}/<int:id>/edit", edit, name=resource.url_name("edit")),
        path(f"{base}/<int:id>/delete", delete, name=resource.url_name("delete")),
    ]
