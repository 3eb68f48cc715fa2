"""Delivery of a petition to the electors: the validated signers' names and ZIP codes by state,
as CSV or PDF. E-mail addresses are never exported."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from itertools import groupby

from electoral.petitions.service import ExportRow, Petition
from electoral.states import STATE_INFO

__all__ = ["to_csv", "to_pdf"]


def to_csv(rows: Sequence[ExportRow]) -> str:
    """``name,zip,state`` with a header; formula-like cells are quoted against spreadsheet
    injection (a name starting with ``=`` is text, not a formula)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "zip", "state"])
    for row in rows:
        writer.writerow([_cell(row.name), row.zip, row.state.value])
    return out.getvalue()


def _cell(text: str) -> str:
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _latin1(text: str) -> str:
    """The PDF's core font covers Latin-1: keep what it can show, decompose accents otherwise."""
    if all(ord(c) < 256 for c in text):
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c if ord(c) < 256 else "?" for c in decomposed if not unicodedata.combining(c))


def to_pdf(petition: Petition, rows: Sequence[ExportRow]) -> bytes:
    """A PDF: the petition's title and text, then one section per state with its signers."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(petition.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _latin1(petition.text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, f"{len(rows)} signers listed.", new_x="LMARGIN", new_y="NEXT")
    for state, group in groupby(rows, key=lambda r: r.state):
        signers = list(group)
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        title = f"{STATE_INFO[state].name} ({state.value}): {len(signers)} signers"
        pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for signer in signers:
            pdf.cell(140, 5, _latin1(signer.name)[:90])
            pdf.cell(0, 5, _latin1(signer.zip), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
