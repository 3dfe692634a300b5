"""Static files carry a content hash in their URL and are cached for a year under it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from servicedesk.web.assets import IMMUTABLE, fingerprints


def test_pages_link_versioned_assets_cached_for_a_year(app, client):
    page = client.get("/login")
    css = re.search(r'href="(/static/css/app\.css\?v=([0-9a-f]{12}))"', page.text)
    js = re.search(r'src="(/static/js/app\.js\?v=([0-9a-f]{12}))"', page.text)
    assert css and js
    expected = hashlib.sha256(Path(app.static_folder, "css/app.css").read_bytes()).hexdigest()
    assert css.group(2) == expected[:12]
    for url in (css.group(1), js.group(1)):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE
    assert page.headers["Cache-Control"] == "no-store"


def test_unversioned_or_stale_urls_are_not_cached_forever(app, client):
    assert IMMUTABLE not in client.get("/static/css/app.css").headers.get("Cache-Control", "")
    stale = client.get("/static/css/app.css?v=000000000000")
    assert IMMUTABLE not in stale.headers.get("Cache-Control", "")


def test_fingerprint_changes_with_the_content(tmp_path):
    (tmp_path / "a.css").write_text("body{}")
    first = fingerprints(tmp_path)["a.css"]
    (tmp_path / "a.css").write_text("body{color:red}")
    assert fingerprints(tmp_path)["a.css"] != first
