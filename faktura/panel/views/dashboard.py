"""The first page after signing in: this month's sales and costs, what is unpaid, the latest."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from faktura.panel import selectors
from faktura.panel.access import panel_page


@panel_page()
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    data = selectors.dashboard(request.membership, today=today)
    context = {"data": data, "today": today, "section": "dashboard"}
    return render(request, "panel/dashboard.html", context)
