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
from django.core.files.uploadedfile import UploadedFile
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
from faktura.panel.htmx import wants_fragment
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
    # Under "settings/" and for owners and admins only.
    settings: bool = False
    # What to tell after a create, when more than "saved" (a secret shown once).
    created_message: Callable | None = None
    # An emptied text field clears the value (sent as null) instead of keeping it.
    blank_clears: bool = False
    # The edit form's values from a row, when they are not its attributes of the same names.
    initial: Callable | None = None
    # The new form's values from the request (e.g. `?invoice_id=` from a link).
    initial_new: Callable | None = None
    # What the edit form shows of its row beside the fields (the current logo, stock):
    # a template, and what it gets as `details` besides `row` (when it needs more).
    details_template: str = ""
    details: Callable | None = None

    def url_name(self, view: str) -> str:
        return f"panel-{self.name}-{view}"

    @property
    def path(self) -> str:
        return f"settings/{self.name}" if self.settings else self.name


def form_values(form: forms.Form, schema: type[BaseModel], *, blank_clears: bool = False) -> dict:
    """The form's cleaned values as the service's data, read through the API's schema.

    Empty fields are left out (the service keeps what it has), or with `blank_clears`
    sent as null (the service empties them); a file field without an upload is always
    left out. Check boxes are always sent.
    """
    values = {name: value for name, value in form.cleaned_data.items() if value not in ("", None)}
    for name, field in form.fields.items():
        if isinstance(field, forms.BooleanField):
            values[name] = bool(form.cleaned_data.get(name))
        elif isinstance(field, forms.FileField):
            # Without an upload a bound file field gives back its initial (stored) file.
            if not isinstance(values.get(name), UploadedFile):
                values.pop(name, None)
        elif blank_clears and not isinstance(field, forms.FileField):
            values.setdefault(name, None)
    return validated(schema, values).model_dump(exclude_unset=True)


def views(resource: Resource, *, extra: tuple = ()) -> list:
    """The URL patterns of the resource's four pages and its delete action.

    `extra`: (suffix, view, view name) of further pages of one row, e.g.
    ("deliveries", deliveries_view, "deliveries") → `<path>/<id>/deliveries`.
    """

    def _row(request: HttpRequest, id: int):
        row = resource.model.objects.filter(account=request.account, pk=id).first()
        if row is None:
            raise Http404
        return row

    def _context(request: HttpRequest, **more) -> dict:
        section = "settings" if resource.settings else resource.name
        return {"section": section, "resource": resource, **more}

    page = panel_page(settings=resource.settings)

    @page
    def listing(request: HttpRequest) -> HttpResponse:
        text = request.GET.get("q", "").strip()[:100]
        rows = resource.model.objects.filter(account=request.account)
        if text:
            match = Q()
            for field in resource.search_fields:
                match |= Q(**{f"{field}__icontains": text})
            rows = rows.filter(match)
        shown = Paginator(rows.order_by(*resource.order_by), PER_PAGE).get_page(
            request.GET.get("page")
        )
        context = _context(request, page=shown, text=text, query=request.GET.copy())
        fragment = wants_fragment(request)
        return render(request, f"panel/crud/{'rows' if fragment else 'list'}.html", context)

    def _save(request: HttpRequest, form: forms.Form, row) -> Model | None:
        if not form.is_valid():
            return None
        try:
            data = form_values(form, resource.schema, blank_clears=resource.blank_clears)
            if row is None:
                return resource.create(account=request.account, data=data)
            return resource.update(account=request.account, id=row.pk, data=data)
        except Invalid as error:
            add_service_errors(form, error)
            return None

    def _form_page(request: HttpRequest, row) -> HttpResponse:
        if row is None:
            initial = resource.initial_new(request) if resource.initial_new else {}
        elif resource.initial is not None:
            initial = resource.initial(row)
        else:
            initial = {name: getattr(row, name, None) for name in resource.form.base_fields}
        form = resource.form(request.POST or None, request.FILES or None, initial=initial)
        if hasattr(form, "for_account"):  # choices that are the account's own rows
            form.for_account(request.account)
        if request.method == "POST":
            saved = _save(request, form, row)
            if saved is not None:
                messages.success(request, _("%(name)s is saved.") % {"name": saved})
                if row is None and resource.created_message is not None:
                    messages.info(request, resource.created_message(saved))
                return redirect(resource.url_name("list"))
        title = resource.title_new if row is None else str(row)
        context = _context(request, form=form, title=title, row=row)
        if row is not None and resource.details is not None:
            context["details"] = resource.details(row)
        return render(request, "panel/crud/form.html", context, status=422 if form.errors else 200)

    @page
    def new(request: HttpRequest) -> HttpResponse:
        return _form_page(request, None)

    @page
    def edit(request: HttpRequest, id: int) -> HttpResponse:
        return _form_page(request, _row(request, id))

    @require_POST
    @page
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

    base = resource.path
    return [
        path(f"{base}/", listing, name=resource.url_name("list")),
        path(f"{base}/new", new, name=resource.url_name("new")),
        path(f"{base}/<int:id>/edit", edit, name=resource.url_name("edit")),
        path(f"{base}/<int:id>/delete", delete, name=resource.url_name("delete")),
        *(
            path(f"{base}/<int:id>/{suffix}", view, name=resource.url_name(name))
            for suffix, view, name in extra
        ),
    ]
