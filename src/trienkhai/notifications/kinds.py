"""What can be notified, and what is due on a day: the registry the domain apps fill (issue 15).

The notifications app sits low in the layers (core ← units ← notifications ← resolutions …): it
imports none of the apps that send. Each app declares, in its ``notices.py`` imported by its
``AppConfig.ready`` (like its home cards in ``home.py``), the kinds it sends and its reminder
scanners:

    PLAN_ISSUED = kinds.declare(
        "plan_issued",
        title=_("A plan issued to my unit"),
        text=_("Plan %(plan)s was issued: %(unit)s must carry it out."),
        model="resolutions.Plan",
        mandatory_for={Role.HEAD},
    )

    @kinds.scanner
    def obligations_due(day):
        for obligation in ...:
            yield Notice(OBLIGATION_DUE, target=obligation, unit=obligation.unit, ...)

A kind's ``text`` is a lazy msgid with named parameters: the notification stores the parameters
and the text is rendered in the recipient's language when it is shown or mailed. ``model`` is
the model of the object it links to: a notification is shown only while its recipient can open
that object (``Model.objects.for_user(user, "view")``). ``mandatory_for``: the roles that must
receive it — someone reached through such a role cannot turn it off (``off`` becomes ``app``).

A scanner is a function ``(day) -> Iterable[Notice]`` yielding the reminders due on ``day``
(obligations due in 7 days and in 1, overdue then weekly, the quarter's progress report). The
``occasion`` of each notice (``"7d:2026-12-14"``, ``"late2"``) is part of its dedupe key: a
rerun, a missed day caught up or two workers at once never notify the same person twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    title: str | Promise  # the kind, as the preferences page names it
    text: str | Promise  # a lazy msgid with %(name)s parameters
    model: str  # "app_label.Model" of the object the notification opens
    mandatory_for: frozenset[str] = frozenset()
    default: str = "digest"  # the channel until the person chooses: app, email, digest
    #: A reminder's: the date field of the object that says it was done ("fulfilled_on"),
    #: for "done after a reminder" on the numbers page.
    done_field: str = ""

    def target_model(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def render(self, params: dict[str, Any]) -> str:
        """The text in the active language (``translation.override`` around the call)."""
        try:
            return str(self.text) % params
        except (KeyError, TypeError, ValueError):  # parameters of an older wording
            return str(self.title)


@dataclass(frozen=True)
class UnitRef:
    """A unit as a notice needs it (its id and path), without loading the row."""

    pk: int
    path: str


@dataclass(frozen=True, slots=True)
class Ref:
    """An object a notice is about, by id only: what a scanner yields for each row it read
    as values (building a model instance per row cost a fifth of a day's reminders)."""

    pk: int


@dataclass
class Notice:
    """One thing to tell: the kind, the object it is about and the unit it concerns, who gets
    it (``roles`` held on ``unit`` itself, ``above``: roles on the unit above, ``users``: people
    concerned by name, each checked against the object's scope) and the occasion."""

    kind: Kind
    target: models.Model | Ref  # only its ``pk`` is read
    unit: Any  # units.Unit (path, depth, pk)
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    occasion: str = ""
    roles: tuple[str, ...] = ()
    above: tuple[str, ...] = ()
    users: tuple[Any, ...] = ()
    actor_id: int | None = None  # who acted: not told of their own act

    def dedupe_key(self) -> str:
        return f"{self.kind.key}:{self.kind.model.lower()}:{self.target.pk}:{self.occasion}"[:200]


Scanner = Callable[[datetime.date], Iterable[Notice]]

_KINDS: dict[str, Kind] = {}
_SCANNERS: list[tuple[str, Scanner]] = []


def declare(
    key: str,
    *,
    title: str | Promise,
    text: str | Promise,
    model: str,
    mandatory_for: Iterable[str] = (),
    default: str = "digest",
    done_field: str = "",
) -> Kind:
    """Declare a kind of notification once (see the module's docstring)."""
    kind = Kind(key, title, text, model, frozenset(mandatory_for), default, done_field)
    existing = _KINDS.get(key)
    if existing is not None and existing != kind:
        raise ValueError(f"notification kind {key!r} declared twice")
    _KINDS[key] = kind
    return kind


def scanner(function: Scanner) -> Scanner:
    """Declare a reminder scanner: ``(day) -> Iterable[Notice]``."""
    name = f"{function.__module__}.{function.__qualname__}"
    if all(existing != name for existing, _f in _SCANNERS):
        _SCANNERS.append((name, function))
        _SCANNERS.sort(key=lambda entry: entry[0])
    return function


#: An id no row has, to cut a reversed URL around (``url_of``).
_SENTINEL = "987654321987654321"


def url_of(name: str) -> Callable[[Any], str]:
    """``reverse(name, args=[pk])`` for many ids at the cost of one: a scanner reverses its
    URL once per run and formats it per row (``reverse`` is ~0.1 ms, and a province's day
    reminds ~50,000 objects). For a URL whose only argument is the object's id."""
    head, found, tail = reverse(name, args=[_SENTINEL]).partition(_SENTINEL)
    assert found, f"{name} does not end in its id"
    return lambda pk: f"{head}{pk}{tail}"


def all_kinds() -> list[Kind]:
    return list(_KINDS.values())


def get(key: str) -> Kind | None:
    return _KINDS.get(key)


def scanners() -> list[tuple[str, Scanner]]:
    return list(_SCANNERS)


def target_models() -> dict[str, type[models.Model]]:
    """The models notifications open, by their "app_label.model" (lower case) key."""
    found: dict[str, type[models.Model]] = {}
    for kind in _KINDS.values():
        model = kind.target_model()
        found[model._meta.label_lower] = model
    return found
