"""The home page: what awaits this person, most urgent first (issue 12).

Every app knows what its own rows ask of people (the obligations a unit owes, the programs
waiting for a head's approval, the learning reports to grade, a member's next session), and
the core must not import the apps (layers). So each app *declares* the cards it contributes,
in its ``home.py``, imported by its ``AppConfig.ready`` (like its actions in ``access.py``):

    @home.card(order=20)
    def approvals(user, today):
        ...
        return home.Card(key="approvals", title=_("Waiting for your approval"), items=[...])

A card function returns ``None`` when it has nothing to say to this user (a member has no
approvals to give) and a card with no items when "nothing waiting" is worth saying. Each reads
a bounded number of rows (``LIMIT``) in a few queries, whatever the size of the user's subtree,
and says how many there are in all with a link to the full list.

The page orders the cards by their most urgent item, then by their declared order.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Items a card lists at most; the rest are counted, behind the card's link.
LIMIT = 6


class Urgency:
    """How soon someone must act: the page and each card sort by it."""

    LATE = 0  # past its deadline, or sent back
    SOON = 1  # due within the warning window, or waiting for this person's decision
    TODO = 2  # to do, not yet pressing
    INFO = 3  # to know (figures of plans followed, a grade received)


@dataclass(frozen=True)
class Item:
    """One thing to look at or do: a sentence, where to do it, and when it is due."""

    text: str
    url: str
    urgency: int = Urgency.TODO
    note: str = ""  # "còn 3 ngày", "quá hạn 5 ngày", a figure
    unit: str = ""  # the unit it concerns, when the card spans several


@dataclass
class Card:
    key: str
    title: str | Promise
    items: list[Item] = field(default_factory=list)
    total: int | None = None  # how many in all, when more than ``items``
    more_url: str | None = None
    more_text: str | Promise = ""
    empty: str | Promise = ""  # shown when there are no items

    @property
    def urgency(self) -> int:
        return min((item.urgency for item in self.items), default=Urgency.INFO + 1)

    @property
    def rest(self) -> int:
        return max(0, (self.total or 0) - len(self.items))


CardFunction = Callable[[Any, datetime.date], Card | None]
_CARDS: list[tuple[int, str, CardFunction]] = []


def card(order: int) -> Callable[[CardFunction], CardFunction]:
    """Declare a card of the home page (see the module's docstring)."""

    def register(function: CardFunction) -> CardFunction:
        name = f"{function.__module__}.{function.__qualname__}"
        if all(existing != name for _order, existing, _f in _CARDS):
            _CARDS.append((order, name, function))
            _CARDS.sort(key=lambda entry: (entry[0], entry[1]))
        return function

    return register


def cards(user: Any, today: datetime.date) -> list[Card]:
    """The cards this user gets, the most urgent first, then in their declared order."""
    found = []
    for position, (_order, _name, function) in enumerate(_CARDS):
        result = function(user, today)
        if result is not None:
            found.append((result.urgency, position, result))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [result for _urgency, _position, result in found]


def days_note(due_on: datetime.date, today: datetime.date) -> tuple[int, str]:
    """The urgency and the words of a deadline: "quá hạn 5 ngày", "hôm nay", "còn 3 ngày"."""
    left = (due_on - today).days
    if left < 0:
        late = -left
        return Urgency.LATE, ngettext("%(n)s day late", "%(n)s days late", late) % {"n": late}
    if left == 0:
        return Urgency.SOON, _("due today")
    urgency = Urgency.SOON if left <= 7 else Urgency.TODO
    return urgency, ngettext("%(n)s day left", "%(n)s days left", left) % {"n": left}
