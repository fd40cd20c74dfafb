"""The account's users: who belongs, with which role and departments; invite, change, remove.

Every write is an `accounts.services` call: `membership_invite` (an existing
user's e-mail adds them through `membership_add(invite=True)`; a new e-mail gets a
user and an invitation e-mail with the panel's password-setting link),
`membership_change` and `membership_remove`, which keep the last owner and
let only owners touch owners.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from faktura.accounts.models import Membership, Role
from faktura.accounts.services import (
    membership_change,
    membership_invite,
    membership_remove,
)
from faktura.catalog.models import Department
from faktura.errors import Forbidden, Invalid, NotFound
from faktura.panel.access import panel_page
from faktura.panel.errors import add_service_errors, http_error
from faktura.panel.htmx import wants_fragment
from faktura.panel.views.auth import password_link

PER_PAGE = 25
ROLE_LABELS = {
    "owner": gettext_lazy("Owner"),
    "admin": gettext_lazy("Administrator"),
    "member": gettext_lazy("Member"),
    "accountant": gettext_lazy("Accountant"),
}


def _role_choices(account) -> list[tuple[str, str]]:
    builtin = [(role, ROLE_LABELS[role]) for role in ("member", "admin", "accountant")]
    custom = [(f"role_{role.pk}", role.name) for role in Role.objects.filter(account=account)]
    return builtin + custom


def role_label(membership: Membership) -> str:
    if membership.role == Membership.BuiltinRole.CUSTOM and membership.custom_role:
        return membership.custom_role.name
    return str(ROLE_LABELS.get(membership.role, membership.role))


def _department_choices(account) -> list[tuple[int, str]]:
    return [(d.pk, d.name) for d in Department.objects.filter(account=account).order_by("name")]


class MemberForm(forms.Form):
    """A member's role and the departments they are limited to (none: all)."""

    role = forms.ChoiceField(label=gettext_lazy("Role"))
    department_ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Only these departments (none: all)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, account, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(account)
        self.fields["department_ids"].choices = _department_choices(account)


class InviteForm(MemberForm):
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254)
    field_order = ("email", "role", "department_ids")

    def __init__(self, account, *args, **kwargs):
        super().__init__(account, *args, **kwargs)
        self.fields["email"].widget.attrs.update(type="email", autocomplete="off")


def _members(request: HttpRequest):
    return (
        Membership.objects.filter(account=request.account)
        .select_related("user", "custom_role")
        .prefetch_related("departments")
    )


def _member(request: HttpRequest, id: int) -> Membership:
    membership = _members(request).filter(pk=id).first()
    if membership is None:
        raise Http404
    return membership


def _list_page(request: HttpRequest, form: InviteForm) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    rows = _members(request)
    if text:
        rows = rows.filter(
            Q(user__login__icontains=text)
            | Q(user__email__icontains=text)
            | Q(user__last_name__icontains=text)
        )
    page = Paginator(rows.order_by("user__login", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    for membership in page.object_list:
        membership.role_label = role_label(membership)
    context = {
        "section": "settings",
        "settings_page": "users",
        "page": page,
        "text": text,
        "query": request.GET.copy(),
        "form": form,
    }
    if wants_fragment(request):
        return render(request, "panel/settings/users_rows.html", context)
    status = 422 if form.errors else 200
    return render(request, "panel/settings/users.html", context, status=status)


@panel_page(settings=True)
def users(request: HttpRequest) -> HttpResponse:
    return _list_page(request, InviteForm(request.account, initial={"role": "member"}))


@require_POST
@panel_page(settings=True)
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.account, request.POST)
    if form.is_valid():
        try:
            membership, invited = membership_invite(
                actor=request.membership,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                department_ids=form.cleaned_data["department_ids"],
                link_for=lambda user: password_link(request, user),
            )
        except Invalid as error:
            add_service_errors(form, error)
        except Forbidden as error:
            raise http_error(error) from None
        else:
            if invited:
                text = _(
                    "%(email)s is invited: an e-mail with a link to set a password is on its way."
                )
            else:
                text = _("%(email)s already has a login and now belongs to this account.")
            messages.success(request, text % {"email": membership.user.email})
            return redirect("panel-settings-users")
    return _list_page(request, form)


@panel_page(settings=True)
def edit(request: HttpRequest, id: int) -> HttpResponse:
    membership = _member(request, id)
    initial = {
        "role": membership.role_name,
        "department_ids": [department.pk for department in membership.departments.all()],
    }
    form = MemberForm(request.account, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            membership_change(
                actor=request.membership,
                id=membership.pk,
                role=form.cleaned_data["role"],
                department_ids=form.cleaned_data["department_ids"],
            )
        except Invalid as error:
            add_service_errors(form, error)
        except (Forbidden, NotFound) as error:
            raise http_error(error) from None
        else:
            messages.success(request, _("%(login)s is saved.") % {"login": membership.user})
            return redirect("panel-settings-users")
    context = {
        "section": "settings",
        "settings_page": "users",
        "member": membership,
        "member_role": role_label(membership),
        "form": form,
    }
    return render(request, "panel/settings/user.html", context, status=422 if form.errors else 200)


@require_POST
@panel_page(settings=True)
def remove(request: HttpRequest, id: int) -> HttpResponse:
    membership = _member(request, id)
    try:
        membership_remove(actor=request.membership, id=membership.pk)
    except Invalid as error:
        for reasons in error.errors.values():
            for reason in reasons:
                messages.error(request, reason)
        return redirect("panel-settings-user", id=membership.pk)
    except (Forbidden, NotFound) as error:
        raise http_error(error) from None
    if membership.pk == request.membership.pk:
        return redirect("panel-login")
    messages.success(
        request, _("%(login)s no longer belongs to this account.") % {"login": membership.user}
    )
    return redirect("panel-settings-users")
