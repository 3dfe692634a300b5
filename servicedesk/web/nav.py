"""The main menu: each area registers its own entry, so base.html never lists areas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import LazyString


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString | str
    visible: Callable[[object], bool]  # called with current_user
    blueprint: str
    order: int


NAV: list[NavItem] = []


def register_nav(
    endpoint: str, label, *, visible: Callable[[object], bool], blueprint: str, order: int
) -> None:
    if any(item.endpoint == endpoint for item in NAV):
        return
    NAV.append(NavItem(endpoint, label, visible, blueprint, order))
    NAV.sort(key=lambda item: item.order)


def nav_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in NAV if item.visible(user)]
