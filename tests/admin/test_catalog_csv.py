"""Catalog CSV: a round trip, every bad row reported by line, nothing imported on errors."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from servicedesk.domain.catalog.csv_format import CatalogImportError, export_catalog_bytes
from servicedesk.domain.catalog.csv_import import import_catalog
from servicedesk.infra.extensions import db
from servicedesk.models import Service

HEADER = (
    "name_sv;name_en;description;owner_unit;common;queue;administrator;deputy;"
    "confidentiality;integrity;availability;supplier;calendar;sla_policy;active\n"
)


def _csv(*rows: str, bom: bool = False) -> bytes:
    text = HEADER + "".join(r + "\n" for r in rows)
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def _count() -> int:
    return db.session.scalar(select(func.count(Service.id)))


def test_import_creates_and_updates_with_or_without_bom(org, now):
    for bom in (False, True):
        data = _csv(
            "Bygglov;Building permits;Ärenden;Barn- och utbildningsförvaltningen;nej;BUF support;"
            f"{org.buf_agent.email};;2;3;2;Leverantören AB;;;ja",
            "E-post;E-mail;Ny text;IT-enheten;ja;;;;2;2;2;;;;ja",
            bom=bom,
        )
        result = import_catalog(org.admin, data, now=now)
        db.session.commit()
    assert (result.created, result.updated) == (0, 2)
    bygglov = db.session.scalar(select(Service).where(Service.name_sv == "Bygglov"))
    assert bygglov.queue == org.buf_queue and bygglov.administrator == org.buf_agent
    assert bygglov.integrity == 3 and bygglov.supplier == "Leverantören AB"
    assert org.email.description == "Ny text"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(org, now):
    before = _count()
    data = _csv(
        "Bra tjänst;;;IT-enheten;ja;;;;2;2;2;;;;ja",  # line 2: fine
        "Fel enhet;;;Finns inte;ja;;;;2;2;2;;;;ja",  # line 3
        "Fel nivå;;;IT-enheten;ja;;;;5;2;2;;;;ja",  # line 4
        "Ingen kö;;;Barn- och utbildningsförvaltningen;nej;;;;2;2;2;;;;ja",  # line 5
        "Fel flagga;;;IT-enheten;kanske;;;;2;2;2;;;;ja",  # line 6
        "Okänd person;;;IT-enheten;ja;;nobody@x.se;;2;2;2;;;;ja",  # line 7
        "Bra tjänst;;;IT-enheten;ja;;;;2;2;2;;;;ja",  # line 8: duplicate of line 2
        ";;;IT-enheten;ja;;;;2;2;2;;;;ja",  # line 9: no name
    )
    try:
        import_catalog(org.admin, data, now=now)
    except CatalogImportError as exc:
        errors = [(e.line, e.column) for e in exc.errors]
    else:
        raise AssertionError("expected CatalogImportError")
    db.session.rollback()
    assert errors == [
        (3, "owner_unit"),
        (4, "confidentiality"),
        (5, "queue"),
        (6, "common"),
        (7, "administrator"),
        (8, "name_sv"),
        (9, "name_sv"),
    ]
    assert _count() == before


def test_missing_and_unknown_columns_and_bad_encoding(org, now):
    for data, expected in [
        (b"name_sv;queue\nX;Y\n", [(1, "owner_unit")]),
        (b"name_sv;owner_unit;colour\n", [(1, "colour")]),
        ("name_sv;owner_unit\nÅ;IT\n".encode("latin-1"), [(1, "")]),
    ]:
        try:
            import_catalog(org.admin, data, now=now)
        except CatalogImportError as exc:
            assert [(e.line, e.column) for e in exc.errors] == expected
        else:
            raise AssertionError(data)


def test_export_has_bom_every_column_and_guards_formulas(org, now):
    org.email.description = '=HYPERLINK("http://evil")'
    org.school.supplier = "@leverantör"
    db.session.commit()
    data = export_catalog_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER.strip()
    assert "'=HYPERLINK" in text and "'@leverantör" in text
    assert "Vårdsystemet;Vårdsystemet;;Socialförvaltningen;no;SOC systemstöd" in text
    # the round trip is lossless: importing the export changes nothing
    result = import_catalog(org.admin, data, now=now)
    assert (result.created, result.updated) == (0, 3)
    assert org.email.description == '=HYPERLINK("http://evil")'


def test_import_page_reports_lines_and_imports_nothing(client, auth, org):
    auth.login(org.admin)
    before = _count()
    token = auth.token("/admin/catalog/import")
    data = _csv("Ny;;;IT-enheten;ja;;;;2;2;2;;;;ja", "Trasig;;;Okänd;ja;;;;2;2;2;;;;ja")
    response = client.post(
        "/admin/catalog/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "katalog.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "<td>3</td><td>owner_unit</td>" in response.text
    db.session.expire_all()
    assert _count() == before


def test_import_page_success(client, auth, org):
    auth.login(org.admin)
    token = auth.token("/admin/catalog/import")
    data = _csv("Ny tjänst;;;IT-enheten;ja;;;;2;2;2;;;;ja")
    response = client.post(
        "/admin/catalog/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), "katalog.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Service).where(Service.name_sv == "Ny tjänst")) is not None


def test_cli_import_and_export(app, org, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv("Trasig;;;Okänd;ja;;;;2;2;2;;;;ja"))
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(bad)])
    assert result.exit_code != 0 and "line 2: owner_unit" in result.output
    good = tmp_path / "good.csv"
    good.write_bytes(_csv("Från CLI;;;IT-enheten;ja;;;;2;2;2;;;;ja"))
    result = app.test_cli_runner().invoke(args=["catalog", "import", str(good)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out.csv"
    result = app.test_cli_runner().invoke(args=["catalog", "export", str(out)])
    assert result.exit_code == 0 and "Från CLI" in out.read_bytes().decode("utf-8-sig")
