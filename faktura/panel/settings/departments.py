"""Departments (the company's seller identities) and the company page, the main department.

Written through `catalog.services.departments`, as the API's multipart PUT
`/departments/{id}` does: the form's values are read through the API's
`DepartmentIn` schema, a logo arrives as the uploaded file and the service checks
it (size, pixels, SVG safety), its reasons shown on the logo field. The main
department cannot be deleted: the service says so and the page shows it.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faktura.catalog.api.departments import DepartmentIn
from faktura.catalog.models import Department
from faktura.catalog.services import departments as services
from faktura.errors import Invalid
from faktura.panel.access import panel_page
from faktura.panel.crud import Resource, form_values
from faktura.panel.errors import add_service_errors


class CompanyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=255)
    tax_no = forms.CharField(label=gettext_lazy("Tax number (NIP)"), required=False, max_length=50)
    street = forms.CharField(label=gettext_lazy("Street"), required=False, max_length=255)
    post_code = forms.CharField(label=gettext_lazy("Post code"), required=False, max_length=20)
    city = forms.CharField(label=gettext_lazy("City"), required=False, max_length=100)
    country = forms.CharField(label=gettext_lazy("Country"), required=False, max_length=100)
    person = forms.CharField(
        label=gettext_lazy("Person issuing invoices"), required=False, max_length=255
    )
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False, max_length=255)
    phone = forms.CharField(label=gettext_lazy("Phone"), required=False, max_length=50)
    www = forms.CharField(label=gettext_lazy("Website"), required=False, max_length=255)
    bank = forms.CharField(label=gettext_lazy("Bank"), required=False, max_length=255)
    bank_account = forms.CharField(
        label=gettext_lazy("Bank account number"), required=False, max_length=100
    )
    bank_swift = forms.CharField(label=gettext_lazy("SWIFT"), required=False, max_length=20)
    invoice_description = forms.CharField(
        label=gettext_lazy("Notes printed on its invoices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    footer_content = forms.CharField(
        label=gettext_lazy("Footer of its invoices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    logo = forms.FileField(
        label=gettext_lazy("Logo (PNG, JPEG or SVG, up to 1 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)


class DepartmentForm(CompanyForm):
    shortcut = forms.CharField(label=gettext_lazy("Short name"), required=False, max_length=100)
    main = forms.BooleanField(
        label=gettext_lazy("The main department (the company)"), required=False
    )

    field_order = ("name", "shortcut")


DEPARTMENTS = Resource(
    name="departments",
    title=gettext_lazy("Departments"),
    model=Department,
    form=DepartmentForm,
    schema=DepartmentIn,
    create=services.department_create,
    update=services.department_update,
    delete=services.department_delete,
    search_fields=("name", "shortcut", "tax_no", "city"),
    columns=(
        ("name", gettext_lazy("Name")),
        ("shortcut", gettext_lazy("Short name")),
        ("tax_no", gettext_lazy("Tax number (NIP)")),
        ("city", gettext_lazy("City")),
    ),
    title_new=gettext_lazy("New department"),
    order_by=("-main", "name", "id"),
    settings=True,
    blank_clears=True,
    details_template="panel/settings/department_logo.html",
)


def _main_department(request: HttpRequest) -> Department | None:
    return Department.objects.filter(account=request.account, main=True).first()


@panel_page(settings=True)
def index(request: HttpRequest) -> HttpResponse:
    return redirect("panel-settings-company")


@panel_page(settings=True)
def company(request: HttpRequest) -> HttpResponse:
    """The account's company data: its main department (made on the first save if missing)."""
    department = _main_department(request)
    initial = (
        {}
        if department is None
        else {name: getattr(department, name, None) for name in CompanyForm.base_fields}
    )
    form = CompanyForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form_values(form, DepartmentIn, blank_clears=True)
            if department is None:
                services.department_create(account=request.account, data={**data, "main": True})
            else:
                services.department_update(account=request.account, id=department.pk, data=data)
        except Invalid as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The company data are saved."))
            return redirect("panel-settings-company")
    context = {"section": "settings", "settings_page": "company", "form": form, "row": department}
    status = 422 if form.errors else 200
    return render(request, "panel/settings/company.html", context, status=status)
