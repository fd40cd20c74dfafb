"""Stock-changing documents over HTTP: concurrent clients POST WZ documents.

Every WZ issues the same two limited products from the same warehouse, so the
clients contend for the same stock rows: the measurement includes the row
locks, and the stock left afterwards is checked against what was issued.
"""

from decimal import Decimal

from bench.client import ApiClient
from bench.creation import CreationResult, measure_creation
from bench.server import BenchError

RECEIVED = 1_000_000
# What each WZ issues: product index → quantity.
ISSUED = (1, 2)


def _document(kind: str, product_ids: list[int], quantities) -> dict:
    return {
        "warehouse_document": {
            "kind": kind,
            "warehouse_actions": [
                {"product_id": product_id, "quantity": quantity, "tax": 23, "price_net": 10}
                for product_id, quantity in zip(product_ids, quantities, strict=True)
            ],
        }
    }


def _post(client: ApiClient, path: str, body: dict) -> dict:
    reply = client.post(path, body)
    if reply.status != 201:
        raise BenchError(f"POST {path} answered {reply.status}: {reply.body[:500]!r}")
    return reply.json()


def measure_stock_documents(
    *, port: int, token: str, count: int, clients: int, timeout: float
) -> CreationResult:
    """`count` WZ documents by `clients` threads; raises unless the stock left is exact."""
    with ApiClient(port, token) as client:
        _post(client, "/warehouses.json", {"warehouse": {"name": "Bench"}})
        product_ids = [
            _post(client, "/products.json", {"product": {"name": name, "limited": True}})["id"]
            for name in ("Bench A", "Bench B")
        ]
        _post(client, "/warehouse_documents.json", _document("pz", product_ids, (RECEIVED,) * 2))
    result = measure_creation(
        port=port,
        token=token,
        count=count,
        clients=clients,
        timeout=timeout,
        path="/warehouse_documents.json",
        body=_document("wz", product_ids, ISSUED),
    )
    with ApiClient(port, token) as client:
        for product_id, each in zip(product_ids, ISSUED, strict=True):
            reply = client.get(f"/products/{product_id}.json")
            left = Decimal(reply.json()["stock_level"])
            if left != RECEIVED - count * each:
                raise BenchError(
                    f"product {product_id}: {left} left, expected {RECEIVED - count * each}"
                )
    return result
