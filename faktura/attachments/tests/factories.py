"""Uploading attachments in tests the way the reference's curl calls do."""

import secrets
from urllib.parse import urlencode, urlsplit

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 8
FORM_ORDER = ("AWSAccessKeyId", "key", "policy", "signature", "acl", "success_action_status")


def curl_form(
    fields: dict[str, str],
    *,
    file_name: str | None = "name.ext",
    content: bytes = PDF_BYTES,
    content_type: str = "application/octet-stream",
) -> tuple[bytes, str]:
    """The body and Content-Type `curl -F 'k=v' … -F 'file=@path'` sends: the fields in
    the given order, then the file part (curl's boundary style, CRLF line ends)."""
    boundary = "------------------------" + secrets.token_hex(8)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    if file_name is not None:
        parts.append(
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def upload_fields(credentials: dict) -> dict[str, str]:
    """The credentials' form fields, in the reference's order (without `url`)."""
    return {name: credentials[name] for name in FORM_ORDER}


def credentials(client, owner, invoice_id: int) -> dict:
    response = client.get(
        f"/invoices/{invoice_id}/get_new_attachment_credentials.json?api_token={owner.api_token}"
    )
    assert response.status_code == 200, response.content
    return response.json()


def post_upload(client, url: str, body: bytes, content_type: str):
    """POST to the absolute `url` of the credentials, with its host, no api_token."""
    parts = urlsplit(url)
    return client.generic(
        "POST", parts.path, data=body, content_type=content_type, HTTP_HOST=parts.netloc
    )


def upload(client, owner, invoice_id: int, *, file_name="name.ext", content=PDF_BYTES, **kw):
    """Steps 1 and 2: credentials, then the multipart POST; returns the upload's response."""
    given = credentials(client, owner, invoice_id)
    body, content_type = curl_form(upload_fields(given), file_name=file_name, content=content, **kw)
    return post_upload(client, given["url"], body, content_type)


def attach(client, owner, invoice_id: int, file_name: str):
    """Step 3: `curl -X POST …/add_attachment.json?api_token=…&file_name=…` (no body)."""
    query = urlencode({"api_token": owner.api_token, "file_name": file_name})
    return client.generic("POST", f"/invoices/{invoice_id}/add_attachment.json?{query}")


def upload_and_attach(client, owner, invoice_id: int, file_name="name.ext", content=PDF_BYTES):
    response = upload(client, owner, invoice_id, file_name=file_name, content=content)
    assert response.status_code == 201, response.content
    response = attach(client, owner, invoice_id, file_name)
    assert response.status_code == 201, response.content
    return response.json()
