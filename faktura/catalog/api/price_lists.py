"""Price lists over the API."""

from ninja import Router

router = Router(tags=["price lists"])
