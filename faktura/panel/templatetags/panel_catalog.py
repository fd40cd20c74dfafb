"""Template filters of the panel's catalog, warehouse and payment pages."""

from django import template
from django.utils import translation

from faktura.documents import labels

register = template.Library()


@register.filter
def warehouse_kind_title(kind: str) -> str:
    """A warehouse document kind as printed in the page's language: "pz" → "PZ – …"."""
    return labels.warehouse_title(kind, translation.get_language())
