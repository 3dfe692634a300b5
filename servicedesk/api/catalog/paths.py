"""The OpenAPI paths of the caller and the catalogue: me, services, queues, units, calendars."""

from __future__ import annotations

from servicedesk.api.spec import INT, answers, param

CATALOG = {
    "/me": ("Who the token acts as", "Me"),
    "/services": ("Active services", "ServiceList"),
    "/queues": ("Active queues", "QueueList"),
    "/units": ("Organisational units", "UnitList"),
}


def _calendar_path() -> dict:
    return {
        "/calendars/{calendar_id}": {
            "get": {
                "summary": "A business-hours calendar for one year",
                "parameters": [
                    param("calendar_id", INT, "path"),
                    param(
                        "year",
                        {"type": "integer", "minimum": 1900, "maximum": 2200},
                        description="Defaults to the current year in the calendar's time zone.",
                    ),
                ],
                "responses": answers("200", "Calendar", "404", "422"),
            }
        }
    }


def catalog_paths() -> dict:
    paths = {
        path: {"get": {"summary": summary, "responses": answers("200", schema)}}
        for path, (summary, schema) in CATALOG.items()
    }
    paths.update(_calendar_path())
    return paths
