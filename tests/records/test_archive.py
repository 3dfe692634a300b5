"""The archive export: an E-ARK CITS ERMS package of an authority's closed month, valid
against ERMS.xsd, its files listed with checksums in METS.xml, the records marked delivered;
an empty period, a bad period or an unknown authority writes nothing."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select, update

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.records.archive import export_archive
from servicedesk.domain.records.secrecy import mark_secret
from servicedesk.domain.tickets.attachments import add_attachment
from servicedesk.domain.tickets.lifecycle import add_comment
from servicedesk.infra.extensions import db
from servicedesk.models import RecordState, Ticket

SCHEMA = Path("/work/shared/archive/ERMS.xsd")
if not SCHEMA.exists():  # a copy kept with the tests
    SCHEMA = Path(__file__).with_name("ERMS.xsd")
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def closed_october(authorities, provision, org, file_ticket, now, app):
    ticket = file_ticket(
        org.employee, title="Skrivaren i personalrummet", now=now - timedelta(days=50)
    )
    comment = add_comment(
        ticket, org.agent, "Elevens namn: Kim", internal=True, now=now - timedelta(days=50)
    )
    add_attachment(
        ticket,
        org.employee,
        "felkod.png",
        PNG,
        storage_dir=app.config["ATTACHMENT_DIR"],
        allowed=frozenset({"png"}),
        max_bytes=10_000,
        now=now - timedelta(days=50),
    )
    mark_secret(org.agent, ticket, provision=provision, comment=comment, now=now)
    db.session.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(status="closed", closed_at=datetime(2026, 10, 15, 9, 0, tzinfo=UTC))
    )
    db.session.commit()
    return db.session.get(Ticket, ticket.id)


def _export_october(org, authorities, app, out, now, **kw):
    return export_archive(
        org.admin,
        authorities.bun,
        start=OCTOBER[0],
        end=OCTOBER[1],
        out=out,
        storage_dir=app.config["ATTACHMENT_DIR"],
        now=now,
        **kw,
    )


def _validate(path: Path) -> etree._ElementTree:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    return document


def test_export_of_a_closed_month_validates_and_lists_checksums(
    authorities, org, closed_october, app, tmp_path, now
):
    package = _export_october(org, authorities, app, tmp_path, now)
    db.session.commit()
    assert package.references == [closed_october.reference] and package.files == 1
    base = package.path
    erms = _validate(base / "metadata/descriptive/erms.xml")
    ns = {
        "e": "https://DILCIS.eu/XML/ERMS",
        "m": "http://www.loc.gov/METS/",
        "x": "http://www.w3.org/1999/xlink",
    }
    assert erms.xpath("//e:aggregation/e:objectId/text()", namespaces=ns) == [
        closed_october.reference
    ]
    assert erms.xpath("//e:record/e:restriction/e:regulation/text()", namespaces=ns) == ["OSL 26:1"]
    mets = etree.parse(str(base / "METS.xml"))
    for entry in mets.xpath("//m:file", namespaces=ns):
        href = entry.xpath("m:FLocat/@x:href", namespaces=ns)[0]
        assert hashlib.sha256((base / href).read_bytes()).hexdigest() == entry.get("CHECKSUM")
    [ref] = mets.xpath("//m:mdRef", namespaces=ns)
    assert (
        ref.get("CHECKSUM")
        == hashlib.sha256((base / "metadata/descriptive/erms.xml").read_bytes()).hexdigest()
    )
    state = db.session.scalar(select(RecordState).where(RecordState.record_id == closed_october.id))
    assert state.delivered_at is not None and state.package_id == package.package_id
    # delivered records are not delivered again: the month is now empty
    with pytest.raises(ValidationError):
        export_archive(
            org.admin,
            authorities.bun,
            start=OCTOBER[0],
            end=OCTOBER[1],
            out=tmp_path,
            storage_dir=app.config["ATTACHMENT_DIR"],
            now=now,
        )


def test_zip_package(authorities, org, closed_october, app, tmp_path, now):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    package = export_archive(
        org.admin,
        authorities.bun,
        start=OCTOBER[0],
        end=OCTOBER[1],
        out=tmp_path,
        storage_dir=app.config["ATTACHMENT_DIR"],
        as_zip=True,
        now=now,
    )
    assert package.path.suffix == ".zip"
    names = zipfile.ZipFile(package.path).namelist()
    assert f"{package.package_id}/METS.xml" in names
    assert [p for p in tmp_path.iterdir()] == [package.path]


def test_empty_period_bad_dates_and_unknown_authority_write_nothing(
    authorities, org, closed_october, app, tmp_path, now
):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    kw = {"out": tmp_path, "storage_dir": app.config["ATTACHMENT_DIR"], "now": now}
    with pytest.raises(ValidationError):
        export_archive(
            org.admin, authorities.bun, start=date(2026, 9, 1), end=date(2026, 9, 30), **kw
        )
    with pytest.raises(ValidationError):
        export_archive(
            org.admin, authorities.bun, start=date(2026, 10, 31), end=date(2026, 10, 1), **kw
        )
    with pytest.raises(ValidationError):
        export_archive(org.admin, None, start=OCTOBER[0], end=OCTOBER[1], **kw)
    assert list(tmp_path.iterdir()) == []
    assert db.session.scalars(select(RecordState.delivered_at)).all() == []


def test_the_mets_manifest_meets_the_csip_structure(
    authorities, org, closed_october, app, tmp_path, now
):
    """No METS or CSIP schema is in /work/shared/archive (and no network), so the manifest is
    checked against the CSIP requirements that can be read off the package: the root's
    identity and profile (CSIP1-4, 6), a creating agent (CSIP10-13), every file of the
    package named once in the fileSec or as the ERMS dmdSec reference with its size and a
    SHA-256 that match (CSIP58-72), a physical structMap labelled CSIP whose divisions point at
    every file group and the descriptive metadata (CSIP80-101), unique IDs that resolve."""
    package = _export_october(org, authorities, app, tmp_path, now)
    base = package.path
    ns = {
        "m": "http://www.loc.gov/METS/",
        "x": "http://www.w3.org/1999/xlink",
        "c": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
    }
    mets = etree.parse(str(base / "METS.xml")).getroot()
    assert mets.get("OBJID") == package.package_id and base.name == package.package_id
    assert mets.get("TYPE") and mets.get("PROFILE", "").endswith("E-ARK-CSIP.xml")
    assert mets.get(f"{{{ns['c']}}}CONTENTINFORMATIONTYPE") == "citserms_v2_1"
    assert mets.xpath("m:metsHdr/@CREATEDATE", namespaces=ns)
    assert mets.xpath("m:metsHdr/m:agent[@ROLE='CREATOR']/m:name/text()", namespaces=ns)
    named = {}
    for entry in mets.xpath("//m:file | //m:mdRef", namespaces=ns):
        href = entry.get(f"{{{ns['x']}}}href") or entry.xpath("m:FLocat/@x:href", namespaces=ns)[0]
        assert href not in named, href
        path = base / href
        assert path.is_file(), href
        assert int(entry.get("SIZE")) == path.stat().st_size
        assert entry.get("CHECKSUMTYPE") == "SHA-256"
        assert entry.get("CHECKSUM") == hashlib.sha256(path.read_bytes()).hexdigest()
        named[href] = entry
    on_disk = {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()} - {
        "METS.xml"
    }
    assert set(named) == on_disk
    assert "metadata/descriptive/erms.xml" in named
    assert named["metadata/descriptive/erms.xml"].getparent().tag == f"{{{ns['m']}}}dmdSec"
    ids = [e.get("ID") for e in mets.iter() if e.get("ID")]
    assert len(ids) == len(set(ids))
    [struct] = mets.xpath("m:structMap", namespaces=ns)
    assert struct.get("TYPE") == "PHYSICAL" and struct.get("LABEL") == "CSIP"
    groups = set(mets.xpath("m:fileSec/m:fileGrp/@ID", namespaces=ns))
    pointed = set(struct.xpath(".//m:fptr/@FILEID", namespaces=ns))
    assert groups and pointed == groups
    assert struct.xpath(".//m:div/@DMDID", namespaces=ns) == mets.xpath(
        "m:dmdSec/@ID", namespaces=ns
    )


def test_the_admin_page_writes_the_package_and_offers_it(
    authorities, org, closed_october, app, client, auth
):
    """The archive page: an empty period says so and writes nothing; a closed month is
    written as a zip in the archive folder, audited, and downloaded from the list."""
    from servicedesk.models import AuditLog
    from servicedesk.web.records.archive import archive_dir
    from tests.records.test_web import _token

    auth.login(authorities.registrar)
    assert client.get("/records/archive").status_code == 403
    client.get("/logout")
    auth.login(org.admin)
    token = _token(client, "/records/archive")
    form = {"csrf_token": token, "authority": str(authorities.bun.id)}
    with app.app_context():
        folder = archive_dir()
    empty = client.post(
        "/records/archive", data={**form, "start": "2026-09-01", "end": "2026-09-30"}
    )
    assert empty.status_code == 422
    assert "inga avslutade handlingar att leverera för 2026-09-01–2026-09-30" in empty.text
    assert 'value="2026-09-01"' in empty.text  # what was typed is kept
    assert not folder.exists() or list(folder.iterdir()) == []
    backwards = client.post(
        "/records/archive", data={**form, "start": "2026-10-31", "end": "2026-10-01"}
    )
    assert backwards.status_code == 422
    done = client.post(
        "/records/archive", data={**form, "start": "2026-10-01", "end": "2026-10-31"}
    )
    assert done.status_code == 302
    [written] = list(folder.glob("*.zip"))
    page = client.get("/records/archive").text
    assert written.name in page
    download = client.get(f"/records/archive/{written.name}")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as package:
        names = package.namelist()
    assert any(n.endswith("metadata/descriptive/erms.xml") for n in names)
    assert any(n.endswith("METS.xml") for n in names)
    assert client.get("/records/archive/..%2Fattachments").status_code == 404
    assert client.get("/records/archive/nope.zip").status_code == 404
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "archive_exported"))
    state = db.session.scalar(select(RecordState).where(RecordState.record_id == closed_october.id))
    assert state.delivered_at is not None
