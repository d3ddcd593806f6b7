"""People: the members lists offices keep (name, card number, birth, cell).

A row is the same person as one recorded when it carries the same card number (anywhere: a
card number outside the importer's units is an error, not a silent move), or, without one,
the same name and year of birth in the same unit. Such a row is skipped, updated or stops the
import (the conflict mode); an update that changes nothing counts as unchanged, so importing
the same file twice writes nothing the second time. The rules of ``units.services`` apply to
every row (``person_problems``); uniqueness is checked for the whole file at once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from trienkhai.core import textvi
from trienkhai.units.models import Person, Unit
from trienkhai.units.services import person_problems

from . import cleaning, fast
from .pipeline import Outcome, Progress, Row, UnitFinder, chunks, no_progress
from .problems import ERROR

#: The person's fields an import sets (what the sheet says; other fields are left alone).
FIELDS = [
    "full_name",
    "member_code",
    "birth_year",
    "gender",
    "unit_id",
    "is_party_member",
    "left_on",
]
STEP = 5000


def _parse(
    row: Row, outcome: Outcome, finder: UnitFinder, today: datetime.date
) -> dict[str, Any] | None:
    n = row.number
    errors_before = len(outcome.problems)
    values: dict[str, Any] = {"full_name": cleaning.name(row.get("full_name"))}
    if not values["full_name"]:
        outcome.error(n, "required", field="full_name")
    if "member_code" in row.cells:
        values["member_code"] = cleaning.code(row.get("member_code")) or None
    if "birth" in row.cells:
        values["birth_year"], problem = cleaning.birth_year(row.get("birth"), today)
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("birth")))
    if "gender" in row.cells:
        values["gender"], problem = cleaning.gender(row.get("gender"))
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("gender")))
    if "is_party_member" in row.cells:
        member, problem = cleaning.yes_no(row.get("is_party_member"))
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("is_party_member")))
        elif member is not None:
            values["is_party_member"] = member
    if "left_on" in row.cells:
        values["left_on"], problem = cleaning.day(row.get("left_on"), today)
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("left_on")))
    if "joined_on" in row.cells and row.get("joined_on") not in ("", None):
        _joined, problem = cleaning.day(row.get("joined_on"), today)
        if problem:
            outcome.warn(n, problem, value=cleaning.text(row.get("joined_on")))
    unit = finder.find(row.get("unit"), outcome, n)
    in_error = any(p.level == ERROR for p in outcome.problems[errors_before:])
    if unit is None or in_error:
        return None  # a row in error is neither created nor matched
    values["unit_id"] = unit.pk
    return values


def _key(unit_id: int, full_name: str, birth_year: int | None) -> tuple[int, str, int | None]:
    return (unit_id, textvi.fold(full_name), birth_year)


def plan(
    rows: list[Row],
    *,
    root: Unit,
    on_conflict: str,
    progress: Progress = no_progress,
    session_id: int | None = None,
) -> Outcome:
    """What importing ``rows`` under ``root`` would do; reads the database, writes nothing."""
    outcome = Outcome()
    finder = UnitFinder(root)
    today = datetime.date.today()
    outcome.extra["text"] = text = fast.MemoText()
    outcome.extra["make"] = make = fast.factory(Person)
    total = len(rows)
    parsed: list[tuple[Row, dict[str, Any]]] = []
    seen_codes: dict[str, int] = {}
    seen_keys: dict[tuple[int, str, int | None], int] = {}
    for i, row in enumerate(rows):
        if i % STEP == 0:
            progress(i, total * 2)
        values = _parse(row, outcome, finder, today)
        if values is None:
            continue
        code = values.get("member_code")
        if code:
            if code in seen_codes:
                outcome.error(row.number, "duplicate_code", value=code, other=seen_codes[code])
                continue
            seen_codes[code] = row.number
        else:
            key = _key(values["unit_id"], values["full_name"], values.get("birth_year"))
            if key in seen_keys:
                outcome.error(row.number, "duplicate_person", other=seen_keys[key])
                continue
            seen_keys[key] = row.number
        parsed.append((row, values))

    # Who is recorded already: by card number anywhere, else by name and birth in the unit.
    # Light rows first (id, card, unit path); the instances only of those to update.
    by_code: dict[str, tuple[int, str, str | None]] = {}
    codes = [v["member_code"] for _r, v in parsed if v.get("member_code")]
    for batch in chunks(codes, 5000):
        found = Person.objects.filter(member_code__in=batch)
        for pk, member_code, path in found.values_list("pk", "member_code", "unit__path"):
            by_code[member_code or ""] = (pk, path, member_code)
    uncoded_units = {v["unit_id"] for _r, v in parsed if v.get("member_code") not in by_code}
    by_key: dict[tuple[int, str, int | None], tuple[int, str, str | None]] = {}
    for batch in chunks(sorted(uncoded_units), 500):
        found = Person.objects.filter(unit_id__in=batch)
        for pk, unit_id, full_name, born, path, member_code in found.values_list(
            "pk", "unit_id", "full_name", "birth_year", "unit__path", "member_code"
        ):
            by_key.setdefault(_key(unit_id, full_name, born), (pk, path, member_code))

    to_update: list[tuple[Row, dict[str, Any], int]] = []
    for i, (row, values) in enumerate(parsed):
        if i % STEP == 0:
            progress(total + i, total * 2)
        code = values.get("member_code")
        existing = by_code.get(code) if code else None
        if existing is None:
            existing = by_key.get(
                _key(values["unit_id"], values["full_name"], values.get("birth_year"))
            )
            if existing is not None and existing[2] and code and existing[2] != code:
                existing = None  # namesakes with different cards: two people
        if existing is None:
            person = make(**values)
            person.derive_keys(text)
            if _check(row, person, outcome, today.year):
                outcome.creates.append(person)
                outcome.counts["create"] += 1
            continue
        if not existing[1].startswith(root.path):
            outcome.error(row.number, "code_elsewhere", value=code)
            continue
        if on_conflict == "stop":
            outcome.error(row.number, "conflict_stop")
            continue
        if on_conflict != "update":
            outcome.counts["skip"] += 1
            continue
        to_update.append((row, values, existing[0]))
    units_by_id = {u.pk: u for u in finder.by_code.values()}
    for batch in chunks(to_update, 5000):
        people = Person.objects.select_related("unit").in_bulk([pk for _r, _v, pk in batch])
        for row, values, pk in batch:
            _plan_update(row, values, people[pk], outcome, units_by_id)
    progress(total * 2, total * 2)
    outcome.close()
    return outcome


def _plan_update(
    row: Row,
    values: dict[str, Any],
    person: Person,
    outcome: Outcome,
    units: dict[int, Unit],
) -> None:
    before = {name: getattr(person, name) for name in FIELDS}
    for name, value in values.items():
        if name == "member_code" and not value:
            continue  # an empty cell does not take a card number away
        setattr(person, name, value)
    person.derive_keys()
    changed = {name: before[name] for name in FIELDS if getattr(person, name) != before[name]}
    if not changed:
        outcome.counts["unchanged"] += 1
        return
    if "unit_id" in changed:
        old = person.unit
        outcome.warn(row.number, "moved", value=units[values["unit_id"]].code, other=old.code)
    if _check(row, person, outcome):
        outcome.updates.append((person, changed))
        outcome.counts["update"] += 1


def _check(row: Row, person: Person, outcome: Outcome, this_year: int | None = None) -> bool:
    problems = person_problems(person, this_year)
    for field_name, messages in problems.items():
        for text in messages:
            outcome.error(row.number, "invalid", field=field_name, detail=text)
    return not problems


def write(
    outcome: Outcome, progress: Progress = no_progress, user: Any = None
) -> tuple[list[int], list[Any]]:
    """Carry the plan out (inside the caller's transaction): the new people in bulk, the
    changed ones by their changed columns. Returns (ids created, [[id, before]…])."""
    assert transaction.get_connection().in_atomic_block, "an import writes in one transaction"
    total = len(outcome.creates) + len(outcome.updates)
    done = 0
    created: list[int] = []
    for batch in chunks(outcome.creates, fast.BATCH):
        created += fast.insert(Person, batch)
        done += len(batch)
        progress(done, total)
    updated: list[Any] = []
    columns = [*FIELDS, "family_name", "middle_name", "given_name", "search_key", "sort_key"]
    for batch in chunks(outcome.updates, STEP):
        Person.objects.bulk_update([p for p, _b in batch], columns)
        for person, before in batch:
            updated.append([person.pk, {k: _plain(v) for k, v in before.items()}])
        done += len(batch)
        progress(done, total)
    return created, updated


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def undo(created: list[int], updated: list[Any]) -> None:
    """Take the import's new people out and put the changed ones back as they were."""
    for batch in chunks(created):
        Person.objects.filter(pk__in=batch).delete()
    for pk, before in updated:
        person = Person.objects.get(pk=pk)
        for name, value in before.items():
            if name == "left_on" and value:
                value = datetime.date.fromisoformat(value)
            setattr(person, name, value)
        person.save()


def blocking_undo(created: list[int]) -> bool:
    """Whether anything now depends on the people the import created (a position, an
    attendance, a login, a report): then it can no longer be undone."""
    relations = [
        rel
        for rel in Person._meta.related_objects
        if rel.related_model is not None and rel.field.concrete
    ]
    for batch in chunks(created, 500):
        if Person.objects.filter(pk__in=batch, user__isnull=False).exists():
            return True
        for rel in relations:
            model: Any = rel.related_model
            if model._default_manager.filter(**{f"{rel.field.name}__in": batch}).exists():
                return True
    return False
