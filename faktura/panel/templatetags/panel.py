"""Template filters of the panel."""

from django import template
from django.utils import translation

from faktura.documents import labels

register = template.Library()


@register.filter
def kind_title(kind: str) -> str:
    """A document kind's name in the page's language: "vat" → "Faktura VAT"."""
    return labels.title(kind, translation.get_language())
