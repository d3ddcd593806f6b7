"""Form fields for what people type, shared by every app.

``DayField`` is Django's ``DateField`` with a message that says what is wrong: "31/02/2026"
is written the right way but is not a day of the calendar, and saying "use dd/mm/yyyy" about
it sends the user looking for a typing mistake they did not make (issue 12).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Three groups of digits separated by "/", "-" or ".": the shape of a day as typed here.
_DAY_SHAPE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*$", re.ASCII)


def no_such_day(text: str) -> str | None:
    """The reason ``text`` names no day although it is written like one ("31/02/2026": month
    2 of 2026 has no day 31), in the user's language; ``None`` when it is a real day or not
    written like one (then the ordinary format message applies)."""
    shape = _DAY_SHAPE.match(text)
    if shape is None:
        return None
    day, month, year = (int(part) for part in shape.groups())
    if len(shape.group(3)) == 2:
        year += 2000
    if not 1 <= month <= 12:
        reason = _("there is no month %(month)s") % {"month": month}
    else:
        try:
            datetime.date(year, month, day)
        except ValueError:
            reason = _("month %(month)s of %(year)s has no day %(day)s") % {
                "month": month,
                "year": year,
                "day": day,
            }
        else:
            return None
    return _("%(value)s is not a day of the calendar (%(reason)s).") % {
        "value": text.strip(),
        "reason": reason,
    }


class DayField(forms.DateField):
    default_error_messages = {
        "invalid": gettext_lazy("Enter the date as dd/mm/yyyy, for example 31/12/2025."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except ValidationError:
            reason = no_such_day(value) if isinstance(value, str) else None
            if reason is not None:
                raise ValidationError(reason, code="invalid") from None
            raise
