"""HTML bytes to text: the byte-order mark, then the charset the page declares, then detection.

The choice is named in the result's ``fixes`` (``html.charset:declared:windows-1252``), because a
wrong guess is the usual cause of mojibake and should be visible.
"""

from __future__ import annotations

import codecs
import re

from newsclean.errors import require

SNIFF_BYTES = 4096
"""Bytes at the start of a page searched for a ``<meta charset>`` declaration (browsers read 1024)."""
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE)
PREFERRED_LEGACY = "cp1252"
"""Among encodings detection cannot tell apart, windows-1252."""
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name.decode("ascii") if isinstance(name, bytes) else name).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes) -> tuple[str, str]:
    """``(text, fix)``: ``data`` decoded, and how the encoding was chosen.

    >>> decode_html('<meta charset="iso-8859-1"><p>Café</p>'.encode("latin-1"))
    ('<meta charset="iso-8859-1"><p>Café</p>', 'html.charset:declared:iso8859-1')
    >>> decode_html(codecs.BOM_UTF8 + b"<p>ok</p>")[1]
    'html.charset:bom:utf-8'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), f"html.charset:bom:{encoding.removesuffix('-sig')}"
    found = _DECLARED.search(data[:SNIFF_BYTES])
    declared = _codec(found.group(1)) if found else None
    if declared:
        try:
            return data.decode(declared), f"html.charset:declared:{declared}"
        except UnicodeDecodeError:
            pass  # the declaration is wrong: pages often say utf-8 and send windows-1252
    try:
        return data.decode("utf-8"), "html.charset:detected:utf-8"
    except UnicodeDecodeError:
        pass
    best = _detected(data)
    if best is not None:
        return str(best), f"html.charset:detected:{_codec(best.encoding) or best.encoding}"
    return data.decode("utf-8", errors="replace"), "html.charset:fallback:utf-8"


def _detected(data: bytes):  # -> charset_normalizer.CharsetMatch | None
    """charset_normalizer's best guess; among guesses it rates equally, windows-1252.

    Short Western text decodes equally well as windows-1250, -1252 and -1257; windows-1252 is the
    legacy encoding of most of the web and what browsers assume for it.
    """
    matches = list(require("charset_normalizer", "html").from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return next((m for m in tied if _codec(m.encoding) == PREFERRED_LEGACY), best)
