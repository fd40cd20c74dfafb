"""The ZIP of an invoice's attachments, written to a temporary file as it is read."""

import shutil
import tempfile
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone

from faktura.attachments import names
from faktura.attachments.models import Attachment

# Kept in memory up to this size, then on disk.
SPOOL_BYTES = 8 * 1024 * 1024
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def attachments_zip(attachments: list[Attachment]):
    """A file object (at its start) holding a ZIP of `attachments` under their names,
    repeats told apart (`a.pdf`, `a (1).pdf`), each dated when it was attached.

    A file missing from storage is left out rather than failing the whole archive.
    """
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (returned open)
    unique = names.unique_names([attachment.file_name for attachment in attachments])
    zone = timezone.get_current_timezone()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for attachment, name in zip(attachments, unique, strict=True):
            try:
                source = default_storage.open(attachment.file.name, "rb")
            except FileNotFoundError:
                continue
            stamp = attachment.created_at.astimezone(zone).timetuple()[:6]
            info = zipfile.ZipInfo(name, date_time=max(stamp, _ZIP_EPOCH))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = attachment.size
            with source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
    output.seek(0)
    return output
