"""One PDF from the single pages ``dot`` draws, joined with pypdf (no other program).

Each page keeps its own resources, so its fonts stay embedded and its text extractable,
and its link annotations, so each box still links to its page (absolute under
``site_url``: the file is downloaded, printed and passed on). The document information is
the first page's (cairo's producer and the fixed creation date from
:mod:`.graphviz_backend`), and pypdf writes no ``/ID``, so the same pages always give the
same bytes.
"""

from __future__ import annotations

import io


def join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF whose pages are the pages of ``pdfs``, in order."""
    # Imported here: most charts fit one page and need no joining (pypdf takes ~80 ms to import).
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    writer = PdfWriter()
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    if readers and readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
