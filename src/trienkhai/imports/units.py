"""Units: the tree of committees, cells and organisations below the importer's unit.

Each row names its parent by code or name — a unit already under the importer's unit or one
of the file (in any order: parents are created first). A code already used under the
importer's unit is a unit recorded (skipped, updated or stopping the import); one used
elsewhere is an error. Every unit is written by ``units.services.create_unit`` (or
``update_unit``): the tree's rules, the audit event, the plans above that now fall on it.
The kind and level may be written in Vietnamese (``Chi bộ``, ``Đảng bộ``, ``Cơ sở``…) or left
out: a name starting ``Chi bộ`` is a cell, ``Đảng bộ``/``Đảng ủy`` a committee, and the level
is the one below the parent's.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trienkhai.core import textvi
from trienkhai.units import services as unit_services
from trienkhai.units.models import Unit

from . import cleaning
from .pipeline import Outcome, Progress, Row, UnitFinder, no_progress

K, L = Unit.Kind, Unit.Level
KINDS = {
    "chi bo": K.PARTY_CELL,
    "dang bo": K.PARTY_COMMITTEE,
    "dang uy": K.PARTY_COMMITTEE,
    "chinh quyen": K.GOVERNMENT,
    "ubnd": K.GOVERNMENT,
    "uy ban nhan dan": K.GOVERNMENT,
    "mat tran": K.FRONT,
    "mttq": K.FRONT,
    "doan the": K.MASS_ORG,
    "to chuc chinh tri xa hoi": K.MASS_ORG,
    "co quan": K.AGENCY,
    **{value: value for value in K.values},
}
LEVELS = {
    "trung uong": L.CENTRAL,
    "tinh": L.PROVINCE,
    "cap tinh": L.PROVINCE,
    "xa": L.COMMUNE,
    "phuong": L.COMMUNE,
    "cap xa": L.COMMUNE,
    "co so": L.GRASSROOTS,
    **{value: value for value in L.values},
}
BELOW = {L.CENTRAL: L.PROVINCE, L.PROVINCE: L.COMMUNE}
FIELDS = ["name", "short_name", "kind", "level", "active_from"]


def _kind(value: Any, name: str) -> str | None:
    key = textvi.fold(cleaning.text(value))
    if key:
        return KINDS.get(key)
    folded = textvi.fold(name)
    if folded.startswith("chi bo"):
        return K.PARTY_CELL
    if folded.startswith(("dang bo", "dang uy")):
        return K.PARTY_COMMITTEE
    return None


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
    drafts: dict[str, dict[str, Any]] = {}
    for row in rows:
        n = row.number
        code = cleaning.code(row.get("code"))
        name = cleaning.text(row.get("name"))
        if not code:
            outcome.error(n, "required", field="code")
        if not name:
            outcome.error(n, "required", field="name")
        if not code or not name:
            continue
        if code in drafts:
            outcome.error(n, "duplicate_unit_code", value=code, other=drafts[code]["row"])
            continue
        kind = _kind(row.get("kind"), name)
        if kind is None:
            outcome.error(n, "bad_kind", value=cleaning.text(row.get("kind")) or name)
            continue
        level_text = textvi.fold(cleaning.text(row.get("level")))
        level = LEVELS.get(level_text) if level_text else ""
        if level is None:
            outcome.error(n, "bad_level", value=cleaning.text(row.get("level")))
            continue
        active_from, problem = cleaning.day(row.get("active_from"))
        if problem:
            outcome.error(n, problem, value=cleaning.text(row.get("active_from")))
            continue
        drafts[code] = {
            "row": n,
            "parent": cleaning.text(row.get("parent")),
            "fields": {
                "code": code,
                "name": name,
                "short_name": cleaning.text(row.get("short_name")),
                "kind": kind,
                "level": level,
                "active_from": active_from,
            },
        }
    taken = dict(Unit.objects.filter(code__in=list(drafts)).values_list("code", "path"))
    order: list[str] = []
    placed: dict[str, str] = {}  # code → the parent's code ("" for an existing parent)

    def place(code: str, trail: tuple[str, ...] = ()) -> bool:
        if code in placed:
            return True
        draft = drafts[code]
        written = draft["parent"]
        parent_code = cleaning.code(written)
        if parent_code in drafts and parent_code not in taken:
            if parent_code in trail or not place(parent_code, (*trail, code)):
                return False
            placed[code] = parent_code
        else:
            parent = finder.find(written, outcome, draft["row"])
            if parent is None:
                return False
            draft["parent_unit"] = parent
            placed[code] = ""
        order.append(code)
        return True

    for code, draft in drafts.items():
        path = taken.get(code)
        if path is not None:
            if not path.startswith(root.path):
                outcome.error(draft["row"], "code_taken", value=code)
            elif on_conflict == "stop":
                outcome.error(draft["row"], "conflict_stop")
            elif on_conflict == "update":
                _plan_update(draft, finder, outcome)
            else:
                outcome.counts["skip"] += 1
            continue
        if not place(code):
            outcome.error(draft["row"], "parent_unknown", value=draft["parent"], root=root.code)
    for code in order:
        draft = drafts[code]
        if not draft["fields"]["level"]:
            parent_level = (
                drafts[placed[code]]["fields"]["level"]
                if placed[code]
                else draft["parent_unit"].level
            )
            draft["fields"]["level"] = BELOW.get(parent_level, L.GRASSROOTS)
        outcome.creates.append((code, placed[code], draft.get("parent_unit"), draft["fields"]))
        outcome.counts["create"] += 1
    outcome.close()
    return outcome


def _plan_update(draft: dict[str, Any], finder: UnitFinder, outcome: Outcome) -> None:
    unit = finder.by_code[draft["fields"]["code"]]
    changes = {
        name: draft["fields"][name]
        for name in FIELDS
        if draft["fields"][name] not in ("", None) and getattr(unit, name) != draft["fields"][name]
    }
    if changes:
        outcome.updates.append((unit, changes))
        outcome.counts["update"] += 1
    else:
        outcome.counts["unchanged"] += 1


def write(
    outcome: Outcome, progress: Progress = no_progress, user: Any = None
) -> tuple[list[int], list[Any]]:
    if user is None:
        raise ValidationError(_("Units are created by a user: give one (--as USERNAME)."))
    made: dict[str, Unit] = {}
    total = len(outcome.creates) + len(outcome.updates)
    for i, (code, parent_code, parent, fields) in enumerate(outcome.creates):
        parent = made[parent_code] if parent_code else parent
        parent.refresh_from_db()  # treebeard counts the children on the row
        made[code] = unit_services.create_unit(user=user, parent=parent, **fields)
        progress(i + 1, total)
    updated = []
    for unit, changes in outcome.updates:
        before = {name: cleaning.text(getattr(unit, name)) for name in changes}
        unit_services.update_unit(user=user, unit=unit, **changes)
        updated.append([unit.pk, before])
    return [u.pk for u in made.values()], updated


def blocking_undo(created: list[int]) -> bool:
    return True  # a new unit owes the plans above it at once: closed on its page instead


def undo(created: list[int], updated: list[Any]) -> None:
    raise ValidationError(_("Units are closed on their own page, not undone."))
