"""The queue list's parameters: filters, sort, columns and page size, read from a query
string and written back in one canonical form (the URL of a view, what a saved view keeps).

Visibility is not a parameter: `lists.list_tickets` applies the permission layer's rule to
whatever the parameters ask for, so no URL or saved view can widen what a user sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from flask_babel import lazy_gettext as _l

from servicedesk.domain.tickets.lifecycle import OPEN_STATUSES
from servicedesk.domain.tickets.lists import SORTS, TicketFilter
from servicedesk.models import Status, User

STATUS_FILTERS = {
    "open": tuple(s.value for s in OPEN_STATUSES),
    "new": (Status.NEW.value,),
    "pending": (Status.PENDING.value,),
    "resolved": (Status.RESOLVED.value,),
    "closed": (Status.CLOSED.value,),
    "all": (),
}

# Every column a row can show, in the order offered; each reads only what the list query
# loads with the page (the ticket row, its requester, assignee, service and queue).
COLUMNS = {
    "ref": _l("Case number"),
    "title": _l("Subject"),
    "priority": _l("Priority"),
    "status": _l("Status"),
    "due": _l("Time left"),
    "service": _l("Service"),
    "queue": _l("Queue"),
    "requester": _l("Requester"),
    "assignee": _l("Assignee"),
    "created": _l("Registered"),
    "updated": _l("Updated"),
}
DEFAULT_COLUMNS = (
    "ref",
    "title",
    "priority",
    "status",
    "due",
    "service",
    "requester",
    "assignee",
    "created",
)
# The case number opens the case: it is always shown, first.
REQUIRED_COLUMN = "ref"
PAGE_SIZES = (25, 50, 100)
DEFAULT_SORT = "due"
SORT_LABELS = {
    "due": _l("Due first"),
    "oldest": _l("Oldest first"),
    "newest": _l("Newest first"),
    "priority": _l("Priority"),
    "updated": _l("Recently updated"),
}
# Column headers that sort, each by a key an index serves (ix_ticket_open_queue_due for
# the deadline, ix_ticket_created for the registration time): the sort a first click asks
# for and, for a header that goes both ways, the other direction.
HEADER_SORTS = {"due": ("due", None), "created": ("oldest", "newest")}


@dataclass(frozen=True)
class HeaderSort:
    sort: str  # what a click on the header asks for
    state: str | None  # the header's aria-sort now: ascending, descending or None


def header_sort(column: str, current: str) -> HeaderSort | None:
    """How the column's header sorts, given the list's current sort; None for a column
    that does not sort (no index serves its order)."""
    if column not in HEADER_SORTS:
        return None
    first, other = HEADER_SORTS[column]
    if current == first:
        return HeaderSort(other or first, "ascending")
    if other is not None and current == other:
        return HeaderSort(first, "descending")
    return HeaderSort(first, None)


# The keys a view consists of, in the order of its canonical query string.
VIEW_KEYS = ("queue", "status", "priority", "assignee", "service", "sla", "q", "sort", "cols")
TEXT_MAX = 200


@dataclass
class ListParams:
    filter: TicketFilter
    columns: list[str]
    per_page: int
    args: dict[str, str]  # the canonical view keys and their values (defaults left out)

    @property
    def query(self) -> str:
        """The view as a query string, as saved and as put in the list's URL."""
        return urlencode(self.args)


def _int(value: str | None) -> int | None:
    """A positive whole number of at most 12 digits (an id, a priority), else None: a
    30-digit id never reaches the database."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        return None
    return int(value) or None


def parse_columns(values: list[str] | str | None) -> list[str]:
    """Known column keys, each once, in the given order; the case number always first. An
    empty or unknown choice falls back to the default columns."""
    if isinstance(values, str):
        values = values.split(",")
    chosen = [c for c in dict.fromkeys(values or ()) if c in COLUMNS and c != REQUIRED_COLUMN]
    if not chosen:
        return list(DEFAULT_COLUMNS)
    return [REQUIRED_COLUMN, *chosen]


def move_column(columns: list[str], key: str, step: int) -> list[str]:
    """The columns with `key` moved one place earlier (step -1) or later (+1); the case
    number stays first."""
    if key not in columns or key == REQUIRED_COLUMN:
        return columns
    moved = list(columns)
    i = moved.index(key)
    j = max(1, min(len(moved) - 1, i + step))
    moved[i], moved[j] = moved[j], moved[i]
    return moved


def parse_list_args(
    args: Mapping[str, str], user: User, columns: list[str] | None = None
) -> ListParams:
    """The list's parameters from its query string; unknown values fall back to the
    defaults. `columns`, when given, is the column choice of a form (checkboxes in order)."""
    status = args.get("status", "open")
    if status not in STATUS_FILTERS:
        status = "open"
    sort = args.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    flt = TicketFilter(
        queue_id=_int(args.get("queue")),
        statuses=STATUS_FILTERS[status],
        priority=_int(args.get("priority")),
        service_id=_int(args.get("service")),
        text=(args.get("q") or "")[:TEXT_MAX],
        sort=sort,
    )
    assignee = args.get("assignee", "")
    if assignee == "me":
        flt.assignee_id = user.id
    elif assignee == "none":
        flt.unassigned = True
    else:
        assignee = ""
    sla = args.get("sla", "")
    if sla == "breached":
        flt.breached = True
    elif sla == "soon":
        flt.breaching_within = timedelta(hours=1)
    else:
        sla = ""
    cols = parse_columns(columns if columns is not None else args.get("cols"))
    per_page = _int(args.get("per_page"))
    per_page = per_page if per_page in PAGE_SIZES else PAGE_SIZES[0]
    values = {
        "queue": str(flt.queue_id) if flt.queue_id is not None else "",
        "status": "" if status == "open" else status,
        "priority": str(flt.priority) if flt.priority is not None else "",
        "assignee": assignee,
        "service": str(flt.service_id) if flt.service_id is not None else "",
        "sla": sla,
        "q": flt.text,
        "sort": "" if sort == DEFAULT_SORT else sort,
        "cols": "" if cols == list(DEFAULT_COLUMNS) else ",".join(cols),
    }
    canonical = {key: values[key] for key in VIEW_KEYS if values[key]}
    if per_page != PAGE_SIZES[0]:
        canonical["per_page"] = str(per_page)
    return ListParams(filter=flt, columns=cols, per_page=per_page, args=canonical)


def parse_query(query: str, user: User) -> ListParams:
    """A saved view's query string read back."""
    return parse_list_args(dict(parse_qsl(query or "")), user)


__all__ = [
    "HEADER_SORTS",
    "SORT_LABELS",
    "HeaderSort",
    "header_sort",
    "COLUMNS",
    "DEFAULT_COLUMNS",
    "PAGE_SIZES",
    "STATUS_FILTERS",
    "ListParams",
    "move_column",
    "parse_columns",
    "parse_list_args",
    "parse_query",
]
