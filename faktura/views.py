"""Probes for operators."""

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 once the server can answer requests and reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
