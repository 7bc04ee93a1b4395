"""The employer's e-mail archive: one ZIP of the signable PDFs sent to it."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def envoi(fichiers: list[tuple[str, bytes]], horodatage: datetime) -> bytes:
    """A ZIP of `(name, bytes)` in order, byte-identical for the same input.

    Entries are stored, not compressed: PDFs are compressed already, and stored bytes do not depend
    on the zlib of the machine. Every entry carries the pinned date, never the clock.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in fichiers:
            entry = zipfile.ZipInfo(name, date_time=horodatage.timetuple()[:6])
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    return buffer.getvalue()
