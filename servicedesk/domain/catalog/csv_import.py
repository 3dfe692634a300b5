"""Importing the catalog CSV: every row checked, every bad row reported, all or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.admin.services import ServiceInput, save_service, validate_service
from servicedesk.domain.catalog.csv_format import (
    COLUMNS,
    FORMULA_START,
    NO,
    YES,
    CatalogImportError,
    RowError,
)
from servicedesk.domain.errors import ValidationError
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar, Queue, Service, SlaPolicy, Unit, User

# Which CSV column a validation error on a ServiceInput field belongs to.
FIELD_COLUMN = {"is_common": "common"}
REQUIRED_COLUMNS = {"name_sv", "owner_unit"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


class _Lookups:
    """Name → object maps, read once per import (not once per row)."""

    def __init__(self) -> None:
        def by(column, model):
            return {
                str(k).casefold(): v for k, v in db.session.execute(select(column, model)).all()
            }

        self.units = by(Unit.name, Unit)
        self.queues = by(Queue.name, Queue)
        self.users = by(func.lower(User.email), User)
        self.calendars = by(Calendar.name, Calendar)
        self.policies = by(SlaPolicy.name, SlaPolicy)
        self.services = by(Service.name_sv, Service)


def _cell(row: dict, column: str) -> str:
    value = (row.get(column) or "").strip()
    # Undo the export's formula guard so a round trip is lossless.
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        value = value[1:]
    return value


def _flag(row: dict, column: str, default: bool) -> bool:
    value = _cell(row, column).lower()
    if value == "":
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise ValidationError(_l("“%(value)s”: write yes or no.", value=value), field=column)


def _ref(table: dict, row: dict, column: str):
    value = _cell(row, column)
    if not value:
        return None
    found = table.get(value.casefold())
    if found is None:
        raise ValidationError(_l("“%(value)s” does not exist.", value=value), field=column)
    return found


def _level(row: dict, column: str) -> int:
    value = _cell(row, column) or "2"
    if value not in {"1", "2", "3", "4"}:
        raise ValidationError(
            _l("“%(value)s”: give a level from 1 to 4.", value=value), field=column
        )
    return int(value)


def _row_input(row: dict, look: _Lookups) -> ServiceInput:
    return ServiceInput(
        name_sv=_cell(row, "name_sv"),
        name_en=_cell(row, "name_en"),
        description=_cell(row, "description"),
        owner_unit=_ref(look.units, row, "owner_unit"),
        is_common=_flag(row, "common", False),
        queue=_ref(look.queues, row, "queue"),
        administrator=_ref(look.users, row, "administrator"),
        deputy=_ref(look.users, row, "deputy"),
        confidentiality=_level(row, "confidentiality"),
        integrity=_level(row, "integrity"),
        availability=_level(row, "availability"),
        supplier=_cell(row, "supplier"),
        calendar=_ref(look.calendars, row, "calendar"),
        sla_policy=_ref(look.policies, row, "sla_policy"),
        active=_flag(row, "active", True),
    )


def _read_rows(data: bytes) -> csv.DictReader:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogImportError([RowError(1, "", _l("The file is not UTF-8 encoded."))]) from exc
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = {c.strip() for c in (reader.fieldnames or [])}
    missing = sorted(REQUIRED_COLUMNS - columns)
    unknown = sorted(columns - set(COLUMNS))
    if missing or unknown:
        problems = [RowError(1, c, _l("The column is missing.")) for c in missing]
        problems += [RowError(1, c, _l("Unknown column.")) for c in unknown]
        raise CatalogImportError(problems)
    reader.fieldnames = [c.strip() for c in reader.fieldnames]
    return reader


def check_catalog(data: bytes) -> list[tuple[int, Service | None, ServiceInput]]:
    """Every row parsed and validated; CatalogImportError lists all bad rows."""
    reader = _read_rows(data)
    look = _Lookups()
    errors: list[RowError] = []
    rows: list[tuple[int, Service | None, ServiceInput]] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        try:
            data_in = _row_input(row, look)
            existing = look.services.get(data_in.name_sv.casefold())
            validate_service(data_in, existing.id if existing else None)
        except ValidationError as exc:
            column = FIELD_COLUMN.get(exc.field or "", exc.field or "")
            errors.append(RowError(line, column, exc.message))
            continue
        key = data_in.name_sv.casefold()
        if key in seen:
            errors.append(RowError(line, "name_sv", _l("Same name as line %(n)s.", n=seen[key])))
            continue
        seen[key] = line
        rows.append((line, existing, data_in))
    if errors:
        raise CatalogImportError(errors)
    return rows


def import_catalog(actor: User | None, data: bytes, *, now: datetime) -> ImportResult:
    """Create or update every service in the file, or nothing when any row is bad."""
    rows = check_catalog(data)
    created = updated = 0
    for _line, existing, data_in in rows:
        save_service(actor, existing, data_in, now=now)
        created += existing is None
        updated += existing is not None
    if actor is not None:
        record_audit(
            actor, "catalog_imported", actor, new=f"{created} nya, {updated} ändrade", now=now
        )
    db.session.flush()
    return ImportResult(created, updated)
