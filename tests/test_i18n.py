"""Every string the UI can show has a Swedish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]


def _extracted() -> set[str]:
    ids: set[str] = set()
    for folder in ("servicedesk", "templates"):
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder,
            METHODS,
            keywords=KEYWORDS,
            directory_filter=lambda d: Path(d).name not in {"__pycache__", "translations"},
        ):
            ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_ui_string_has_a_swedish_translation():
    with (ROOT / "servicedesk/translations/sv/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and "fuzzy" not in m.flags
    }
    missing = sorted(_extracted() - translated)
    assert not missing, f"untranslated strings (run `make i18n` and translate): {missing}"


def test_swedish_catalog_keeps_placeholders():
    with (ROOT / "servicedesk/translations/sv/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    import re

    for m in catalog:
        if m.id and m.string and isinstance(m.id, str):
            assert set(re.findall(r"%\(\w+\)s", m.id)) == set(re.findall(r"%\(\w+\)s", m.string)), (
                m.id
            )


def test_the_catalog_is_compiled_where_flask_babel_reads_it(app):
    """The compile step and Flask-Babel must agree on the folder, or every page is English."""
    from flask_babel import force_locale, gettext

    from servicedesk.infra.i18n import TRANSLATIONS

    assert TRANSLATIONS == ROOT / "servicedesk/translations"
    assert (TRANSLATIONS / "sv/LC_MESSAGES/messages.mo").exists()
    with app.test_request_context(), force_locale("sv"):
        assert gettext("Approval requested: %(ref)s %(title)s", ref="X", title="Y").startswith(
            "Godkännande"
        )
