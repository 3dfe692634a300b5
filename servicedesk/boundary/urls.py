"""URL converters shared by the pages and the API: an id in a path is parsed and bounded
here, once, so `/desk/tickets/99999999999999999999999` is a 404 like any missing ticket,
not a 500 from a number the database cannot bind."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

from servicedesk.domain.bounds import MAX_ID


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: 1 to MAX_ID (the id columns); anything else matches no
    route (404)."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install_converters(app: Flask) -> None:
    """Before any blueprint is registered: the rules are compiled with these converters."""
    app.url_map.converters["int"] = IdConverter
