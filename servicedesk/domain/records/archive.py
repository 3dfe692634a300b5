"""The archive package (E-ARK CITS ERMS, which Riksarkivet's FGS Ärendehantering follows)
of an authority's closed records for a period, in a CSIP-style folder or zip:

    <package>/METS.xml                         the manifest: every file with its SHA-256
    <package>/metadata/descriptive/erms.xml    ERMS: one caseFile aggregation per ticket,
                                               change and problem; its comments and files
                                               as records; secrecy as restrictions
    <package>/representations/rep1/data/…      the files of the tickets

Records already delivered are left out; the delivered ones are marked (record_state) in
the same transaction that writes the audit entry. An empty period writes nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from servicedesk.domain.admin.audit import record_audit
from servicedesk.domain.errors import PermissionDenied, ValidationError
from servicedesk.domain.records.register import period_of
from servicedesk.domain.records.secrecy import active_marks
from servicedesk.domain.records.state import state_of
from servicedesk.infra.extensions import db
from servicedesk.models import (
    Attachment,
    Authority,
    Change,
    Comment,
    Problem,
    RecordState,
    Role,
    Ticket,
    User,
)
from servicedesk.models.change import ChangeState
from servicedesk.models.problem import ProblemStatus
from servicedesk.models.ticket import Status

ERMS_NS = "https://DILCIS.eu/XML/ERMS"
METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SYSTEM = "Servicedesk"


@dataclass
class ArchivePackage:
    package_id: str
    path: Path
    references: list[str] = field(default_factory=list)
    files: int = 0


def _e(parent, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(
        parent, f"{{{ERMS_NS}}}{tag}", {k: v for k, v in attrs.items() if v is not None}
    )
    if text is not None:
        element.text = text
    return element


def _dt(value: datetime) -> str:
    return value.isoformat()


def _not_delivered(record_type: str, id_column):
    return ~exists().where(
        RecordState.record_type == record_type,
        RecordState.record_id == id_column,
        RecordState.delivered_at.is_not(None),
    )


def closed_records(authority: Authority, start: date, end: date):
    """The closed tickets, changes and problems of the authority closed in the period
    (local days) and not yet delivered."""
    period = period_of(start, end)
    tickets = db.session.scalars(
        select(Ticket)
        .where(
            Ticket.authority_id == authority.id,
            Ticket.status == Status.CLOSED.value,
            Ticket.closed_at >= period.start,
            Ticket.closed_at < period.end,
            _not_delivered("ticket", Ticket.id),
        )
        .order_by(Ticket.id)
    ).all()
    changes = db.session.scalars(
        select(Change)
        .where(
            Change.authority_id == authority.id,
            Change.state.in_((ChangeState.CLOSED.value, ChangeState.CANCELLED.value)),
            Change.closed_at >= period.start,
            Change.closed_at < period.end,
            _not_delivered("change", Change.id),
        )
        .order_by(Change.id)
    ).all()
    problems = db.session.scalars(
        select(Problem)
        .where(
            Problem.authority_id == authority.id,
            Problem.status == ProblemStatus.CLOSED.value,
            Problem.closed_at >= period.start,
            Problem.closed_at < period.end,
            _not_delivered("problem", Problem.id),
        )
        .order_by(Problem.id)
    ).all()
    return list(tickets), list(changes), list(problems)


def _agent(parent, agent_type: str, name: str, role: str | None = None, unit: str | None = None):
    agent = _e(parent, "agent", agentType=agent_type)
    _e(agent, "name", name or "—")
    if unit:
        _e(agent, "unitName", unit)
    if role:
        _e(agent, "role", role)
    return agent


def _restriction(parent, codes: list[str]) -> None:
    for code in codes:
        restriction = _e(parent, "restriction", restrictionType="confidential")
        _e(restriction, "explanatoryText", "Sekretess enligt offentlighets- och sekretesslagen")
        _e(restriction, "regulation", f"OSL {code}")


def _dates(parent, **values: datetime | None) -> None:
    present = {k: v for k, v in values.items() if v is not None}
    if not present:
        return
    dates = _e(parent, "dates")
    for kind, value in present.items():
        _e(dates, "date", _dt(value), dateType=kind)


def _ticket_aggregation(parent, ticket: Ticket, marks, files_out: list, thinned: bool) -> None:
    aggregation = _e(
        parent, "aggregation", aggregationType="caseFile", systemIdentifier=str(ticket.id)
    )
    _e(aggregation, "objectId", ticket.reference)
    _e(aggregation, "title", ticket.title)
    _e(aggregation, "status", value="closed")
    ticket_codes = [m.provision.code for m in marks if m.target == "ticket"]
    _restriction(aggregation, ticket_codes)
    agents = _e(aggregation, "agents")
    _agent(
        agents,
        "sender",
        ticket.requester.name,
        unit=ticket.requester_unit.name if ticket.requester_unit else None,
    )
    if ticket.assignee is not None:
        _agent(agents, "responsible_person", ticket.assignee.name)
    description = ticket.description or ""
    if thinned:
        description = "Gallrad enligt informationshanteringsplanen."
    if description:
        _e(aggregation, "description", description)
    _dates(
        aggregation, created=ticket.created_at, received=ticket.created_at, closed=ticket.closed_at
    )
    notes = _e(aggregation, "notes")
    for name, value in (
        ("type", ticket.type),
        ("service", ticket.service.name_sv if ticket.service else "—"),
        ("priority", str(ticket.priority)),
        ("queue", ticket.queue.name),
    ):
        _e(notes, "note", value, noteType=name)
    comment_codes = {m.comment_id: m.provision.code for m in marks if m.comment_id}
    file_codes = {m.attachment_id: m.provision.code for m in marks if m.attachment_id}
    comments = db.session.scalars(
        select(Comment)
        .where(Comment.ticket_id == ticket.id)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    for comment in comments:
        record = _e(
            aggregation, "record", recordType="comment", systemIdentifier=f"comment-{comment.id}"
        )
        _e(record, "objectId", f"{ticket.reference}/K{comment.id}")
        _e(record, "title", "Intern anteckning" if comment.internal else "Kommentar")
        if comment.id in comment_codes:
            _restriction(record, [comment_codes[comment.id]])
        staff = comment.author is not None and comment.author_id != ticket.requester_id
        direction = (
            "internal_memo_without_follow-up"
            if comment.internal
            else "outgoing"
            if staff
            else "incoming"
        )
        _e(record, "direction", directionDefinition=direction)
        agents = _e(record, "agents")
        _agent(agents, "creator", comment.author.name if comment.author else "—")
        if comment.body:
            _e(record, "description", comment.body)
        _dates(record, created=comment.created_at)
    attachments = db.session.scalars(
        select(Attachment).where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)
    ).all()
    for attachment in attachments:
        if not attachment.filename:  # thinned: nothing left to deliver
            continue
        path = f"representations/rep1/data/{ticket.reference}/{attachment.id}-{attachment.filename}"
        record = _e(
            aggregation, "record", recordType="file", systemIdentifier=f"file-{attachment.id}"
        )
        _e(record, "objectId", f"{ticket.reference}/F{attachment.id}")
        _e(record, "title", attachment.filename)
        if attachment.id in file_codes:
            _restriction(record, [file_codes[attachment.id]])
        _dates(record, created=attachment.created_at)
        info = _e(record, "additionalInformation")
        _e(
            info,
            "appendix",
            name=attachment.filename,
            path=path,
            fileFormat=attachment.content_type,
        )
        files_out.append((attachment, path))


def _simple_aggregation(
    parent, reference: str, title: str, description: str, sender: User, created, closed
):
    aggregation = _e(parent, "aggregation", aggregationType="caseFile")
    _e(aggregation, "objectId", reference)
    _e(aggregation, "title", title)
    _e(aggregation, "status", value="closed")
    agents = _e(aggregation, "agents")
    _agent(agents, "creator", sender.name if sender else "—")
    if description:
        _e(aggregation, "description", description)
    _dates(aggregation, created=created, closed=closed)


def build_erms(authority: Authority, tickets, changes, problems, *, package_id: str, now: datetime):
    """The ERMS document (an ElementTree root) and the files it names."""
    ET.register_namespace("", ERMS_NS)
    root = ET.Element(f"{{{ERMS_NS}}}erms")
    control = _e(root, "control")
    _e(control, "identification", package_id, identificationType="package")
    maintenance = _e(control, "maintenanceInformation")
    _e(maintenance, "maintenanceStatus", value="new")
    agency = _e(maintenance, "maintenanceAgency")
    if authority.archive_code:
        _e(agency, "agencyCode", authority.archive_code, type="archive_creator")
    _e(agency, "agencyName", authority.name)
    history = _e(maintenance, "maintenanceHistory")
    event = _e(history, "maintenanceEvent")
    _e(event, "eventType", value="created")
    _e(event, "eventDateTime", _dt(now))
    _agent(event, "archiver", SYSTEM)
    aggregations = _e(root, "aggregations")
    files: list = []
    marks = active_marks([t.id for t in tickets])
    thinned = set(
        db.session.scalars(
            select(RecordState.record_id).where(
                RecordState.record_type == "ticket",
                RecordState.record_id.in_([t.id for t in tickets]),
                RecordState.thinned_at.is_not(None),
            )
        )
    )
    for ticket in tickets:
        _ticket_aggregation(
            aggregations, ticket, marks.get(ticket.id, []), files, ticket.id in thinned
        )
    for change in changes:
        _simple_aggregation(
            aggregations,
            change.reference,
            change.title,
            change.description,
            change.requester,
            change.created_at,
            change.closed_at,
        )
    for problem in problems:
        creator = db.session.get(User, problem.created_by_id) if problem.created_by_id else None
        _simple_aggregation(
            aggregations,
            problem.reference,
            problem.title,
            problem.description,
            creator,
            problem.created_at,
            problem.closed_at,
        )
    return root, files


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _mets(package_id: str, authority: Authority, files: list[Path], base: Path, now: datetime):
    ET.register_namespace("mets", METS_NS)
    ET.register_namespace("xlink", XLINK_NS)
    ET.register_namespace("csip", CSIP_NS)
    m = lambda tag: f"{{{METS_NS}}}{tag}"  # noqa: E731
    root = ET.Element(
        m("mets"),
        {
            "OBJID": package_id,
            "LABEL": f"{authority.name}: ärenden",
            "TYPE": "Other",
            f"{{{CSIP_NS}}}OTHERTYPE": "ERMS",
            f"{{{CSIP_NS}}}CONTENTINFORMATIONTYPE": "citserms_v2_1",
            "PROFILE": "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml",
        },
    )
    header = ET.SubElement(
        root,
        m("metsHdr"),
        {"CREATEDATE": _dt(now), "RECORDSTATUS": "NEW", f"{{{CSIP_NS}}}OAISPACKAGETYPE": "SIP"},
    )
    agent = ET.SubElement(
        header, m("agent"), {"ROLE": "CREATOR", "TYPE": "OTHER", "OTHERTYPE": "SOFTWARE"}
    )
    ET.SubElement(agent, m("name")).text = SYSTEM
    owner = ET.SubElement(header, m("agent"), {"ROLE": "ARCHIVIST", "TYPE": "ORGANIZATION"})
    ET.SubElement(owner, m("name")).text = authority.name
    dmd = ET.SubElement(
        root, m("dmdSec"), {"ID": "dmd-erms", "CREATED": _dt(now), "STATUS": "CURRENT"}
    )
    file_sec = ET.SubElement(root, m("fileSec"), {"ID": "filesec"})
    groups = {}
    for index, path in enumerate(files, start=1):
        relative = path.relative_to(base).as_posix()
        attrs = {
            "ID": f"file-{index}",
            "MIMETYPE": "application/xml"
            if relative.endswith(".xml")
            else "application/octet-stream",
            "SIZE": str(path.stat().st_size),
            "CREATED": _dt(now),
            "CHECKSUM": _sha256(path),
            "CHECKSUMTYPE": "SHA-256",
        }
        if relative == "metadata/descriptive/erms.xml":
            ET.SubElement(
                dmd,
                m("mdRef"),
                {
                    "LOCTYPE": "URL",
                    "MDTYPE": "OTHER",
                    "OTHERMDTYPE": "ERMS",
                    f"{{{XLINK_NS}}}type": "simple",
                    f"{{{XLINK_NS}}}href": relative,
                    **{
                        k: attrs[k]
                        for k in ("MIMETYPE", "SIZE", "CREATED", "CHECKSUM", "CHECKSUMTYPE")
                    },
                },
            )
            continue
        use = "Representations/rep1" if relative.startswith("representations/") else "Documentation"
        group = groups.get(use)
        if group is None:
            group = groups[use] = ET.SubElement(
                file_sec, m("fileGrp"), {"ID": f"grp-{len(groups) + 1}", "USE": use}
            )
        entry = ET.SubElement(group, m("file"), attrs)
        ET.SubElement(
            entry,
            m("FLocat"),
            {"LOCTYPE": "URL", f"{{{XLINK_NS}}}type": "simple", f"{{{XLINK_NS}}}href": relative},
        )
    struct = ET.SubElement(
        root, m("structMap"), {"ID": "structmap", "TYPE": "PHYSICAL", "LABEL": "CSIP"}
    )
    top = ET.SubElement(struct, m("div"), {"ID": "div-root", "LABEL": package_id})
    ET.SubElement(top, m("div"), {"ID": "div-metadata", "LABEL": "Metadata", "DMDID": "dmd-erms"})
    for use, group in groups.items():
        div = ET.SubElement(top, m("div"), {"ID": f"div-{group.get('ID')}", "LABEL": use})
        ET.SubElement(div, m("fptr"), {"FILEID": group.get("ID")})
    return root


def export_archive(
    actor: User | None,
    authority: Authority | None,
    *,
    start: date | None,
    end: date | None,
    out: str | Path,
    storage_dir: str,
    as_zip: bool = False,
    now: datetime,
) -> ArchivePackage:
    """Write the package under `out` and mark its records delivered; refuses an unknown
    authority, a bad period and an empty one (then nothing is written)."""
    if actor is not None and not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_l("Only administrators deliver to the archive."))
    if authority is None:
        raise ValidationError(_l("No such authority."), field="authority")
    if start is None or end is None:
        raise ValidationError(_l("Give both the first and the last day."), field="start")
    if end < start:
        raise ValidationError(_l("The last day is before the first."), field="end")
    tickets, changes, problems = closed_records(authority, start, end)
    if not (tickets or changes or problems):
        raise ValidationError(
            _l(
                "No closed records of %(name)s to deliver for %(start)s–%(end)s.",
                name=authority.name,
                start=start,
                end=end,
            ),
            field="start",
        )
    package_id = f"{authority.short_name or 'authority-' + str(authority.id)}-{start}-{end}-{uuid.uuid4().hex[:8]}"
    target = Path(out)
    base = target / package_id
    if base.exists():
        raise ValidationError(_l("The package folder already exists."), field="out")
    root, files = build_erms(authority, tickets, changes, problems, package_id=package_id, now=now)
    written: list[Path] = []
    try:
        erms_path = base / "metadata" / "descriptive" / "erms.xml"
        erms_path.parent.mkdir(parents=True)  # makes OUT too, only now that there is content
        ET.ElementTree(root).write(erms_path, encoding="utf-8", xml_declaration=True)
        written.append(erms_path)
        for attachment, relative in files:
            source = Path(storage_dir, attachment.storage_key)
            destination = base / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
            if _sha256(destination) != attachment.sha256:
                raise ValidationError(
                    _l(
                        "The file %(name)s of %(ref)s does not match its checksum.",
                        name=attachment.filename,
                        ref=relative,
                    ),
                    field="out",
                )
            written.append(destination)
        mets = _mets(package_id, authority, written, base, now)
        ET.ElementTree(mets).write(base / "METS.xml", encoding="utf-8", xml_declaration=True)
        path = base
        if as_zip:
            path = target / f"{package_id}.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
                for item in sorted(base.rglob("*")):
                    if item.is_file():
                        package.write(item, f"{package_id}/{item.relative_to(base).as_posix()}")
            shutil.rmtree(base)
    except Exception:
        shutil.rmtree(base, ignore_errors=True)
        raise
    references = (
        [t.reference for t in tickets]
        + [c.reference for c in changes]
        + [p.reference for p in problems]
    )
    for record_type, records in (("ticket", tickets), ("change", changes), ("problem", problems)):
        for record in records:
            state = state_of(record_type, record.id)
            state.delivered_at = now
            state.package_id = package_id
    record_audit(
        actor,
        "archive_exported",
        authority,
        new=f"{package_id}: {len(references)} records",
        label=authority.name,
        now=now,
    )
    db.session.flush()
    return ArchivePackage(package_id, path, references, len(files))


@dataclass(frozen=True)
class WrittenPackage:
    name: str  # the zip's file name: the package id and ".zip"
    size: int
    written_at: datetime


def written_packages(out: str | Path) -> list[WrittenPackage]:
    """The zip packages under `out`, newest first (the admin page's downloads)."""
    folder = Path(out)
    if not folder.is_dir():
        return []
    found = [
        WrittenPackage(p.name, p.stat().st_size, datetime.fromtimestamp(p.stat().st_mtime, UTC))
        for p in folder.glob("*.zip")
        if p.is_file()
    ]
    return sorted(found, key=lambda p: (p.written_at, p.name), reverse=True)


def package_file(out: str | Path, name: str) -> Path | None:
    """The written zip called `name`, or None: only names listed under `out`, so no path
    outside it is ever served."""
    return next((Path(out, p.name) for p in written_packages(out) if p.name == name), None)
