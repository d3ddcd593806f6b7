"""What can be wrong with a row, said once; each import keeps codes and the reader's language
writes them (a preview made in Vietnamese reads in English to an English reader).

An *error* keeps the whole file from being imported (nothing is half imported: the office
corrects the file and uploads it again); a *warning* is said and the row goes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

ERROR = "error"
WARNING = "warning"

MESSAGES = {
    # cells
    "bad_date": _("“%(value)s” is not a date: write dd/mm/yyyy."),
    "no_such_day": _("“%(value)s” is not a day of the calendar."),
    "bad_birth_year": _("“%(value)s” is not a plausible year of birth."),
    "bad_yes_no": _("“%(value)s” is neither yes (x) nor no."),
    "bad_gender": _("“%(value)s” is not a gender (Nam or Nữ)."),
    "bad_status": _("“%(value)s” is not an attendance (x, vắng, có phép)."),
    "bad_kind": _("“%(value)s” is not a kind of unit."),
    "bad_level": _("“%(value)s” is not a level."),
    "required": _("%(field)s is empty."),
    "too_long": _("%(field)s is longer than %(max)s characters."),
    "invalid": _("%(field)s: %(detail)s"),
    # units
    "unit_unknown": _("No unit “%(value)s” among your units under %(root)s."),
    "unit_ambiguous": _("Several units are named “%(value)s”: write the unit's code instead."),
    "unit_closed": _("The unit “%(value)s” is closed."),
    "parent_unknown": _("No parent unit “%(value)s” under %(root)s nor earlier in the file."),
    "duplicate_unit_code": _("The code %(value)s is also on row %(other)s."),
    "code_taken": _("The code %(value)s is used by a unit outside your units."),
    # people
    "duplicate_code": _("The card number %(value)s is also on row %(other)s."),
    "duplicate_person": _("The same name and year of birth in the same unit as row %(other)s."),
    "code_elsewhere": _("The card number %(value)s belongs to a person outside your units."),
    "moved": _("Already in %(other)s: the import moves them to %(value)s."),
    "same_name": _("A person with the same name and year of birth is already in this unit."),
    "conflict_stop": _("Already recorded: the import stops on conflicts."),
    "ignored_column": _("The column “%(value)s” is not stored."),
    # positions and attendance
    "person_unknown": _("No person “%(value)s” in your units."),
    "person_ambiguous": _("Several people named “%(value)s”: add the card number or birth year."),
    "head_twice": _("Two heads for %(value)s in the file (also row %(other)s)."),
    "not_expected": _("“%(value)s” is not on the session's expected list."),
    "session_unknown": _("No such study session in your units: choose the session first."),
    "session_cancelled": _("The session was cancelled."),
    "already_marked": _("Already marked on the roster; the sheet changes it."),
}


@dataclass
class Problem:
    row: int  # the spreadsheet's row number, as the office sees it (1-based)
    code: str
    level: str = ERROR
    params: dict[str, Any] | None = None

    def as_json(self) -> list[Any]:
        return [self.row, self.code, self.level, self.params or {}]


def message(code: str, params: dict[str, Any] | None) -> str:
    """The problem in the active language."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % {k: str(v) for k, v in (params or {}).items()}
    except (KeyError, ValueError, TypeError):
        return str(template)
