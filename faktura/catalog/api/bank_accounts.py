"""Bank accounts over the API."""

from ninja import Router

router = Router(tags=["bank accounts"])
