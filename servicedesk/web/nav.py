"""The main menu: each area registers its own entry, so base.html never lists areas.

An entry may belong to a group (`register_nav_group`): the menu shows the group as one
disclosure button holding its entries, which keeps the menu on one line at 1366 px. The
"account" group is shown at the right of the header, under the user's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ACCOUNT = "account"  # the group shown under the user's name, not in the main menu


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString | str
    visible: Callable[[object], bool]  # called with current_user
    blueprint: str
    order: int
    group: str | None = None


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: LazyString | str
    order: int


@dataclass
class MenuEntry:
    """One place in the menu: a link (`item`) or a group of links (`items`)."""

    label: LazyString | str
    item: NavItem | None = None
    group: str | None = None
    items: list[NavItem] = field(default_factory=list)

    def is_current(self, blueprint: str | None) -> bool:
        return any(i.blueprint and i.blueprint == blueprint for i in self.items or [self.item])


NAV: list[NavItem] = []
GROUPS: dict[str, NavGroup] = {}


def register_nav(
    endpoint: str,
    label,
    *,
    visible: Callable[[object], bool],
    blueprint: str,
    order: int,
    group: str | None = None,
) -> None:
    if any(item.endpoint == endpoint for item in NAV):
        return
    NAV.append(NavItem(endpoint, label, visible, blueprint, order, group))
    NAV.sort(key=lambda item: item.order)


def register_nav_group(key: str, label, *, order: int) -> None:
    GROUPS.setdefault(key, NavGroup(key, label, order))


# Groups shared by two areas (an area's own group is registered by the area).
KNOWLEDGE = "knowledge"  # the knowledge base and outage notices
ACCESS_SECURITY = "access_security"  # access requests and security incident reports

register_nav_group(KNOWLEDGE, _l("Knowledge and operations"), order=25)
register_nav_group(ACCESS_SECURITY, _l("Access and security"), order=27)


def nav_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in NAV if item.visible(user)]


def menu_for(user, group: str | None = None) -> list[MenuEntry]:
    """The menu as the user sees it: links and groups in order, a group with one visible
    entry shown as that link. `group=ACCOUNT` gives the account group's links instead."""
    items = nav_for(user)
    if group is not None:
        return [MenuEntry(item.label, item=item) for item in items if item.group == group]
    entries: list[tuple[int, MenuEntry]] = []
    grouped: dict[str, MenuEntry] = {}
    for item in items:
        key = item.group
        if key == ACCOUNT:
            continue
        if key is None or key not in GROUPS:
            entries.append((item.order, MenuEntry(item.label, item=item)))
        elif key in grouped:
            grouped[key].items.append(item)
        else:
            grouped[key] = MenuEntry(GROUPS[key].label, group=key, items=[item])
            entries.append((GROUPS[key].order, grouped[key]))
    for entry in grouped.values():
        if len(entry.items) == 1:
            entry.item, entry.label, entry.group, entry.items = (
                entry.items[0],
                entry.items[0].label,
                None,
                [],
            )
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]
