"""A minimal keep-alive API client for 127.0.0.1 (one connection, one thread)."""

import http.client
import json
import time
from dataclasses import dataclass

REQUEST_TIMEOUT = 30  # seconds; a request slower than this fails the run


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


class ApiClient:
    """Sends API requests with `Authorization: Bearer TOKEN` over one HTTP/1.1 connection.

    Not thread-safe: give each thread its own. Open it right before use; the
    server closes connections left idle for a few seconds.
    """

    def __init__(self, port: int, token: str):
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    def get(self, path: str) -> Reply:
        return self._send("GET", path, None)

    def post(self, path: str, payload: dict) -> Reply:
        return self._send("POST", path, json.dumps(payload).encode())

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "ApiClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _send(self, method: str, path: str, body: bytes | None) -> Reply:
        headers = dict(self._headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self._connection.request(method, path, body=body, headers=headers)
        response = self._connection.getresponse()
        content = response.read()
        return Reply(response.status, content, time.perf_counter() - started)
