"""CSV export of report tables, safe to open in Excel.

UTF-8 with a byte-order mark (so Excel reads å, ä, ö right), `;` as separator (what Excel
expects in a Swedish locale) and `,` as the decimal mark of fractional numbers (Swedish
Excel reads 80,5 as a number), CRLF line ends. A text cell that
starts with =, +, -, @, a tab or a carriage return is prefixed with ' so a spreadsheet never
runs it as a formula. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from servicedesk.domain.admin.audit import record_export

BOM = "\ufeff"
SEPARATOR = ";"
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def audited_csv(actor, name: str, header: Sequence[str], rows: Iterable[Sequence], *, now) -> str:
    """The CSV of an export, with the export written to the audit log (who, when, from
    which address, what and how many rows): every export of case data is on record."""
    rows = list(rows)
    record_export(actor, name, rows=len(rows), now=now)
    return to_csv(header, rows)
