"""SLA targets as people say them: hours or working days, stored as business minutes.

An administrator types "4" hours or "2" working days; the policy keeps minutes, as
before, so the clock and the timers do not change. A working day is as long as a normal
open day of the default calendar (8 h when there is none, 24 h when it is always open).
Minutes go back to the largest unit that says them exactly, so what is shown is what was
typed and saving an unchanged form stores the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from servicedesk.domain.errors import ValidationError
from servicedesk.domain.sla.calendar import spec_from_model
from servicedesk.domain.sla.labels import DEFAULT_DAY_MINUTES
from servicedesk.domain.sla.labels import working_day_minutes as day_minutes_of
from servicedesk.infra.extensions import db
from servicedesk.models import Calendar

HOURS, WORKING_DAYS, MINUTES = "hours", "working_days", "minutes"
UNIT_MINUTES = {HOURS: 60, MINUTES: 1}  # WORKING_DAYS: the calendar's day
UNIT_LABELS = {
    HOURS: _l("hours"),
    WORKING_DAYS: _l("working days"),
    MINUTES: _l("minutes"),
}
MAX_TARGET_MINUTES = 366 * 24 * 60  # beyond a year is a typo (and beyond 64 bits, a 500)


@dataclass(frozen=True)
class Entered:
    """A target as typed: the amount's text (decimal comma or point) and its unit."""

    amount: str | None
    unit: str


def working_day_minutes(calendar: Calendar | None = None) -> int:
    """The length of a working day on `calendar` (the default one if not given), by the
    one definition the SLA labels use; 9 hours when there is no calendar at all."""
    if calendar is None:
        calendar = db.session.scalar(select(Calendar).where(Calendar.is_default.is_(True)))
    if calendar is None:
        return DEFAULT_DAY_MINUTES
    return day_minutes_of(spec_from_model(calendar))


def unit_minutes(unit: str, day_minutes: int) -> int:
    return day_minutes if unit == WORKING_DAYS else UNIT_MINUTES[unit]


def to_minutes(amount: Decimal, unit: str, day_minutes: int) -> int:
    """Minutes of an amount; ValueError unless it is a whole, positive number of minutes."""
    if unit not in UNIT_LABELS:
        raise ValueError(unit)
    minutes = amount * unit_minutes(unit, day_minutes)
    if minutes <= 0 or minutes != minutes.to_integral_value():
        raise ValueError(amount)
    return int(minutes)


def from_minutes(minutes: int, day_minutes: int) -> tuple[Decimal, str]:
    """The amount and unit that say `minutes` exactly: whole working days, else hours with
    at most two decimals, else minutes."""
    if minutes % day_minutes == 0:
        return Decimal(minutes // day_minutes), WORKING_DAYS
    hours = Decimal(minutes) / 60
    if hours == hours.quantize(Decimal("0.01")) and hours * 60 == minutes:
        return hours.normalize() if hours % 1 else Decimal(minutes // 60), HOURS
    return Decimal(minutes), MINUTES


def parse_amount(text: str | None) -> Decimal | None:
    """A typed amount ("2,5" or "2.5"); None when empty; ValueError when not a number."""
    text = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    try:
        amount = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not amount.is_finite():
        raise ValueError(text)
    return amount


def minutes_of(value: int | Entered | None, day_minutes: int, *, field: str, required: bool):
    """Business minutes of a target given as minutes or as typed; a ValidationError on
    `field` when it is missing, not positive, not whole minutes, or beyond a year."""
    if isinstance(value, Entered):
        try:
            amount = parse_amount(value.amount)
        except ValueError:
            raise ValidationError(_l("Give a number, such as 4 or 2.5."), field=field) from None
        if amount is None:
            value = None
        else:
            if amount <= 0:
                raise ValidationError(_l("Give a time above zero."), field=field)
            if amount * unit_minutes(value.unit, day_minutes) > MAX_TARGET_MINUTES:
                raise ValidationError(_l("At most a year."), field=field)
            try:
                value = to_minutes(amount, value.unit, day_minutes)
            except ValueError:
                raise ValidationError(
                    _l("The time must come to whole minutes."), field=field
                ) from None
    if value is None:
        if required:
            raise ValidationError(_l("Give a time above zero."), field=field)
        return None
    if value <= 0:
        raise ValidationError(_l("Give a time above zero."), field=field)
    if value > MAX_TARGET_MINUTES:
        raise ValidationError(_l("At most a year."), field=field)
    return value


def amount_text(amount: Decimal) -> str:
    """An amount for a form field, in the reader's number format ("2,5")."""
    return format_decimal(amount, format="#,##0.##")


def target_text(minutes: int | None, day_minutes: int | None) -> str:
    """A target in words: "4 hours", "2 working days", "45 minutes" (in the reader's
    language, "4 timmar", "2 arbetsdagar"); `day_minutes` None: never in working days."""
    if minutes is None:
        return "–"
    amount, unit = from_minutes(minutes, day_minutes or MAX_TARGET_MINUTES + 1)
    shown = amount_text(amount)
    plural_form = 1 if amount == 1 else 2
    if unit == WORKING_DAYS:
        return ngettext(
            "%(amount)s working day", "%(amount)s working days", plural_form, amount=shown
        )
    if unit == HOURS:
        return ngettext("%(amount)s hour", "%(amount)s hours", plural_form, amount=shown)
    return ngettext("%(amount)s minute", "%(amount)s minutes", plural_form, amount=shown)
