"""ZIP archives that are byte-identical for the same content: the DOCX container, the e-mail archive."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime


def zip_stable(entrees: list[tuple[str, bytes]], horodatage: datetime, compression: int = zipfile.ZIP_STORED) -> bytes:
    """A ZIP of `(name, bytes)` in the given order, every entry dated `horodatage` (never the clock).

    The e-mail archive stores its PDFs (already compressed): stored bytes do not depend on the zlib
    of the machine. ZIP dates start in 1980.
    """
    stamp = (max(horodatage.year, 1980), horodatage.month, horodatage.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in entrees:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = compression
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)
    return out.getvalue()
