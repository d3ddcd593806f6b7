"""Positions: who holds which title in which unit (``Bí thư``, ``Phó Bí thư``…).

The person is found among the people under the importer's unit by card number, else by name
(and year of birth when given: namesakes need it); the unit by code or name. A current
position of the same person with the same title in the same unit is recorded already
(nothing to write). Every position is written by ``units.services.set_position``: a new head
ends the current head's term there, and two heads for one unit in the file are an error.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.units import services as unit_services
from trienkhai.units.models import Person, Position, Unit

from . import cleaning
from .pipeline import Outcome, Progress, Row, UnitFinder, no_progress


def plan(
    rows: list[Row],
    *,
    root: Unit,
    on_conflict: str,
    progress: Progress = no_progress,
    session_id: int | None = None,
) -> Outcome:
    outcome = Outcome()
    finder = UnitFinder(root)
    people = Person.objects.current().filter(unit__path__startswith=root.path)
    by_code: dict[str, int] = {}
    by_name: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for pk, name, code, born in people.values_list("pk", "full_name", "member_code", "birth_year"):
        if code:
            by_code[code] = pk
        by_name[textvi.fold(name)].append((pk, born))
    current = {
        (unit_id, person_id, textvi.fold(title))
        for unit_id, person_id, title in Position.objects.filter(
            unit__path__startswith=root.path, ended_on__isnull=True
        ).values_list("unit_id", "person_id", "title")
    }
    heads: dict[int, int] = {}
    today = datetime.date.today()
    for row in rows:
        n = row.number
        errors = len(outcome.problems)
        name = cleaning.name(row.get("full_name"))
        code = cleaning.code(row.get("member_code"))
        title = cleaning.text(row.get("title"))
        if not title:
            outcome.error(n, "required", field="title")
        is_head, problem = cleaning.yes_no(row.get("is_head"))
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("is_head")))
        started_on, problem = cleaning.day(row.get("started_on"), today)
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("started_on")))
        born, problem = cleaning.birth_year(row.get("birth"), today)
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("birth")))
        unit = finder.find(row.get("unit"), outcome, n)
        person_id = by_code.get(code) if code else None
        if person_id is None and name:
            found = [c for c in by_name.get(textvi.fold(name), []) if born in (None, c[1])]
            if len(found) > 1:
                outcome.error(n, "person_ambiguous", value=name)
            elif found:
                person_id = found[0][0]
        if person_id is None and not any(
            p.code == "person_ambiguous" for p in outcome.problems[errors:]
        ):
            outcome.error(n, "person_unknown", value=name or code)
        if len(outcome.problems) > errors or unit is None or person_id is None:
            continue
        if is_head:
            if unit.pk in heads:
                outcome.error(n, "head_twice", value=unit.code, other=heads[unit.pk])
                continue
            heads[unit.pk] = n
        if (unit.pk, person_id, textvi.fold(title)) in current:
            outcome.counts["unchanged"] += 1
            continue
        outcome.creates.append(
            {
                "unit": unit,
                "person_id": person_id,
                "title": title,
                "is_head": bool(is_head),
                "started_on": started_on,
            }
        )
        outcome.counts["create"] += 1
    outcome.close()
    return outcome


def write(
    outcome: Outcome, progress: Progress = no_progress, user: Any = None
) -> tuple[list[int], list[Any]]:
    if user is None:
        raise ValidationError(_("Positions are set by a user: give one (--as USERNAME)."))
    people = Person.objects.in_bulk([c["person_id"] for c in outcome.creates])
    created = []
    for i, c in enumerate(outcome.creates):
        position = unit_services.set_position(
            user=user,
            unit=c["unit"],
            person=people[c["person_id"]],
            title=c["title"],
            is_head=c["is_head"],
            started_on=c["started_on"],
        )
        created.append(position.pk)
        progress(i + 1, len(outcome.creates))
    return created, []


def blocking_undo(created: list[int]) -> bool:
    return True  # a head's new term ended the former head's: ended on the unit's page


def undo(created: list[int], updated: list[Any]) -> None:
    raise ValidationError(_("Positions are ended on the unit's page, not undone."))
