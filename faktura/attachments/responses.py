"""HTTP answers carrying an attachment or their ZIP: always a download, never a page."""

from django.core.files.storage import default_storage
from django.http import FileResponse

from faktura.attachments import names
from faktura.attachments.models import Attachment
from faktura.errors import NotFound

ZIP_CONTENT_TYPE = "application/zip"
# Whatever a file claims to be, a browser opening it shows nothing active.
SANDBOX_POLICY = "default-src 'none'; sandbox"


def _download(handle, *, content_type: str, file_name: str) -> FileResponse:
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = names.content_disposition(file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private, no-cache"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    """The attachment's file as a download; NotFound when storage lost it."""
    try:
        handle = default_storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise NotFound() from None
    return _download(handle, content_type=attachment.content_type, file_name=attachment.file_name)


def zip_response(handle, *, file_name: str) -> FileResponse:
    return _download(handle, content_type=ZIP_CONTENT_TYPE, file_name=file_name)
