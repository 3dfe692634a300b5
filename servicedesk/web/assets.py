"""Fingerprinted static URLs: `static_url('css/app.css')` gives `/static/css/app.css?v=<hash>`.

The hash of each file is computed once at startup, so a changed file gets a new URL and
browsers may keep a versioned file for a year without ever asking again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request, url_for

IMMUTABLE = "public, max-age=31536000, immutable"


def fingerprints(folder: Path) -> dict[str, str]:
    """Short content hashes of every file under the static folder, by its URL path."""
    hashes: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            hashes[path.relative_to(folder).as_posix()] = digest
    return hashes


def register_assets(app: Flask) -> None:
    hashes = fingerprints(Path(app.static_folder))
    app.extensions["static_fingerprints"] = hashes

    def static_url(filename: str) -> str:
        version = hashes.get(filename)
        if version is None:
            return url_for("static", filename=filename)
        return url_for("static", filename=filename, v=version)

    def cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code != 200:
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args.get("v") == hashes.get(filename):
            response.headers["Cache-Control"] = IMMUTABLE
        return response

    app.jinja_env.globals["static_url"] = static_url
    app.after_request(cache_versioned)
