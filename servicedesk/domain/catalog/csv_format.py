"""The service catalog as CSV: export every field, import all rows or none.

References are by name (owner unit, queue, calendar, SLA policy) or e-mail (system
administrator, deputy), so a municipality can load the system list it already keeps in a
spreadsheet. Import checks every row first and reports each bad one with its line number;
only a file without errors changes anything. Rows are matched to services by Swedish name:
an existing service is updated, a new name is created.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Service, SlaPolicy

COLUMNS = [
    "name_sv",
    "name_en",
    "description",
    "owner_unit",
    "common",
    "queue",
    "administrator",
    "deputy",
    "confidentiality",
    "integrity",
    "availability",
    "supplier",
    "calendar",
    "sla_policy",
    "active",
]
# A spreadsheet would run a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
YES = {"yes", "ja", "true", "1", "y", "j"}
NO = {"no", "nej", "false", "0", "n", ""}
DELIMITER = ";"  # what Swedish spreadsheet programs expect


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: object  # a lazy translated string, rendered in the reader's language


class CatalogImportError(ValidationError):
    """The file had bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]):
        super().__init__(_l("The file has errors; nothing was imported."), field="file")
        self.errors = errors


def _safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def export_catalog() -> str:
    """Every service, retired ones too, as CSV text (the caller adds the UTF-8 BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    names = {
        "calendar": dict(db.session.execute(select(Calendar.id, Calendar.name)).all()),
        "sla": dict(db.session.execute(select(SlaPolicy.id, SlaPolicy.name)).all()),
    }
    for s in db.session.scalars(select(Service).order_by(Service.name_sv)):
        row = [
            s.name_sv,
            s.name_en,
            s.description,
            s.owner_unit.name if s.owner_unit else "",
            _yes_no(s.is_common),
            s.queue.name if s.queue else "",
            s.administrator.email if s.administrator else "",
            s.deputy.email if s.deputy else "",
            s.confidentiality,
            s.integrity,
            s.availability,
            s.supplier or "",
            names["calendar"].get(s.calendar_id, ""),
            names["sla"].get(s.sla_policy_id, ""),
            _yes_no(s.active),
        ]
        writer.writerow([_safe_cell(v) for v in row])
    return out.getvalue()


def export_catalog_bytes() -> bytes:
    return "\ufeff".encode() + export_catalog().encode("utf-8")
