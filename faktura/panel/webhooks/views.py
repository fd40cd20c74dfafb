"""Webhooks in the settings: the crud pages, each webhook's delivery log, "send again".

Through `events.services.webhooks` (URL checks, kinds) and
`events.services.deliver.delivery_send_again`, the services the API's
`/webhooks` calls use. The signing secret is shown once, when made or rotated.
"""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from faktura.events.api import WebhookIn
from faktura.events.models import KINDS, Delivery, Webhook
from faktura.events.services import webhooks as services
from faktura.events.services.deliver import delivery_send_again
from faktura.panel.access import panel_page
from faktura.panel.crud import Resource

DELIVERIES_SHOWN = 50


class WebhookForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Event"), choices=[(k, k) for k in KINDS])
    url = forms.CharField(label=gettext_lazy("Address (URL)"), required=False, max_length=2000)
    api_token = forms.CharField(
        label=gettext_lazy("Token sent in the body (api_token)"), required=False, max_length=255
    )
    active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)


def _secret_message(webhook: Webhook) -> str:
    return _("Its signing secret, shown only now: %(secret)s") % {"secret": webhook.secret}


WEBHOOKS = Resource(
    name="webhooks",
    title=gettext_lazy("Webhooks"),
    model=Webhook,
    form=WebhookForm,
    schema=WebhookIn,
    create=services.webhook_create,
    update=services.webhook_update,
    delete=services.webhook_delete,
    search_fields=("url", "kind"),
    columns=(
        ("kind", gettext_lazy("Event")),
        ("url", gettext_lazy("Address (URL)")),
        ("active", gettext_lazy("Active")),
    ),
    title_new=gettext_lazy("New webhook"),
    order_by=("kind", "id"),
    settings=True,
    created_message=_secret_message,
)


def _webhook(request: HttpRequest, id: int) -> Webhook:
    webhook = Webhook.objects.filter(account=request.account, pk=id).first()
    if webhook is None:
        raise Http404
    return webhook


@panel_page(settings=True)
def deliveries(request: HttpRequest, id: int) -> HttpResponse:
    webhook = _webhook(request, id)
    rows = list(
        webhook.deliveries.select_related("event")
        .prefetch_related("tries")
        .order_by("-created_at")[:DELIVERIES_SHOWN]
    )
    for delivery in rows:
        tries = list(delivery.tries.all())
        delivery.last_try = tries[-1] if tries else None
    context = {"section": "settings", "webhook": webhook, "deliveries": rows}
    return render(request, "panel/webhooks/deliveries.html", context)


@require_POST
@panel_page(settings=True)
def send_again(request: HttpRequest, id: int) -> HttpResponse:
    webhook = _webhook(request, id)
    try:
        delivery = webhook.deliveries.get(pk=UUID(request.POST.get("delivery", "")))
    except (ValueError, Delivery.DoesNotExist):
        raise Http404 from None
    delivery_send_again(delivery=delivery)
    messages.success(request, _("The event will be sent again."))
    return redirect("panel-webhooks-deliveries", id=webhook.pk)


@require_POST
@panel_page(settings=True)
def rotate_secret(request: HttpRequest, id: int) -> HttpResponse:
    webhook = services.webhook_rotate_secret(account=request.account, id=_webhook(request, id).pk)
    messages.info(request, _secret_message(webhook))
    return redirect("panel-webhooks-edit", id=webhook.pk)
