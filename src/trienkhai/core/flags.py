"""Data flags: warnings on figures that look implausible, one mechanism for every capability.

A *rule* is declared once, by the app that owns the data, with its label and the sentence that
gives the reason (``declare``); the app then attaches a *checker* per model it applies to
(``Rule.checks``): a function of one row that returns a ``Finding`` (the unit and plan it
counts under, the reason's figures) or ``None``. Services call ``inspect(obj)`` in the
transaction that writes the row: every rule checking that model runs, and its flag is raised,
updated or — when the data no longer looks wrong — removed. A lower layer thus never imports
the rules of the apps above it: a results report uploaded in ``resolutions`` is inspected by
the rule ``programs`` declares on it, registered in its ``AppConfig.ready``.

Each checker also names the rows of a plan it applies to (``candidates``), so that
``trienkhai flags --plan <id>`` recomputes every rule for a plan (``recheck``).

A new capability (dissemination activities, say) adds a rule, or a checker for its model to
an existing rule (``evidence_reused``), in its own ``flags.py`` — never a new mechanism.

These are warnings, kept apart from refusals: a refusal (a negative count, a date before
1930) is a ``ValidationError`` of the service and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .access import Action, AnyUser, may, require, role_paths, unrestricted
from .audit import record
from .models import AuditEvent, DataFlag

MAX_EXPLANATION = 2000


@dataclass(frozen=True)
class Finding:
    """What a checker found on one row: where it counts and the reason's figures."""

    unit: Any  # a units.Unit
    plan: Any | None  # a resolutions.Plan, or None
    params: dict[str, Any] = field(default_factory=dict)
    url: str = ""  # where the flagged row is shown (its detail page)
    label: str = ""  # the row as people name it (default: str(row))


Checker = Callable[[Any], Finding | None]
Candidates = Callable[[list[int]], Iterable[Any]]


@dataclass
class Rule:
    code: str
    label: Promise | str
    #: The reason, with ``%(name)s`` placeholders filled from the finding's ``params``.
    reason: Promise | str
    checkers: dict[str, Checker] = field(default_factory=dict)
    candidates: dict[str, Candidates] = field(default_factory=dict)

    def checks(
        self, model: type[models.Model], *, candidates: Candidates
    ) -> Callable[[Checker], Checker]:
        """Decorator: ``fn(row) -> Finding | None`` checks rows of ``model`` for this rule;
        ``candidates(plan_ids)`` yields the rows of those plans to recheck."""

        def register(fn: Checker) -> Checker:
            self.checkers[model._meta.label_lower] = fn
            self.candidates[model._meta.label_lower] = candidates
            return fn

        return register


RULES: dict[str, Rule] = {}


def declare(code: str, *, label: Promise | str, reason: Promise | str) -> Rule:
    """Declare a rule once (declaring it again returns the same rule)."""
    rule = RULES.get(code)
    if rule is None:
        rule = RULES[code] = Rule(code=code, label=label, reason=reason)
    return rule


def rule_label(code: str) -> str:
    rule = RULES.get(code)
    return str(rule.label) if rule is not None else code


def rule_choices() -> list[tuple[str, str]]:
    return sorted(((code, str(rule.label)) for code, rule in RULES.items()), key=lambda c: c[1])


def reason(flag: DataFlag) -> str:
    """The flag's reason in the reader's language, its figures filled in."""
    rule = RULES.get(flag.rule)
    if rule is None:
        return flag.rule
    try:
        return str(rule.reason) % (flag.params or {})
    except (KeyError, TypeError, ValueError):
        return str(rule.label)


def _key(obj: models.Model) -> tuple[str, int]:
    assert obj.pk is not None, "a row is inspected once saved"
    return obj._meta.label_lower, int(obj.pk)


def _apply(rule: Rule, obj: models.Model, finding: Finding | None) -> DataFlag | None:
    object_type, object_id = _key(obj)
    found = DataFlag.objects.filter(
        rule=rule.code, object_type=object_type, object_id=object_id
    ).first()
    if finding is None:
        if found is not None:  # the data no longer looks wrong (the explanation is audited)
            found.delete()
        return None
    flag = found or DataFlag(
        rule=rule.code,
        object_type=object_type,
        object_id=object_id,
        detected_on=timezone.localdate(),
    )
    changed = found is not None and found.params != finding.params
    flag.unit = finding.unit
    flag.plan = finding.plan
    flag.params = finding.params
    flag.object_repr = (finding.label or str(obj))[:255]
    flag.object_url = finding.url[:300]
    if changed and flag.state in (DataFlag.State.ACCEPTED, DataFlag.State.DISMISSED):
        flag.state = DataFlag.State.EXPLAINED if flag.explanation else DataFlag.State.OPEN
    flag.save()
    return flag


def inspect(obj: models.Model, *, rules: Iterable[str] | None = None) -> list[DataFlag]:
    """Run every rule that checks ``obj``'s model (or only ``rules``); returns the flags it
    now carries. Call it in the transaction that wrote ``obj``."""
    label = obj._meta.label_lower
    flags = []
    for rule in RULES.values():
        if rules is not None and rule.code not in rules:
            continue
        check = rule.checkers.get(label)
        if check is None:
            continue
        flag = _apply(rule, obj, check(obj))
        if flag is not None:
            flags.append(flag)
    return flags


def recheck(plan_ids: list[int], *, models: Iterable[str] | None = None) -> dict[str, int]:
    """Recompute every rule on every row of the plans ``plan_ids`` (only the rows of
    ``models``, labels like ``"study.learningreport"``, if given): the flags raised per rule
    (``trienkhai flags``)."""
    only = set(models) if models is not None else None
    raised: dict[str, int] = {}
    for rule in RULES.values():
        raised[rule.code] = 0
        for label, candidates in rule.candidates.items():
            if only is not None and label not in only:
                continue
            check = rule.checkers[label]
            for obj in candidates(plan_ids):
                with transaction.atomic():
                    if _apply(rule, obj, check(obj)) is not None:
                        raised[rule.code] += 1
    return raised


def flags_on(obj: models.Model) -> list[DataFlag]:
    """The flags a row carries (one query), for its page."""
    if obj.pk is None:
        return []
    object_type, object_id = _key(obj)
    return list(
        DataFlag.objects.filter(object_type=object_type, object_id=object_id).order_by("rule")
    )


def flags_on_rows(model: type[models.Model], ids: Iterable[int]) -> dict[int, list[DataFlag]]:
    """The flags of several rows of one model (one query), by row id."""
    found: dict[int, list[DataFlag]] = {}
    rows = DataFlag.objects.filter(
        object_type=model._meta.label_lower, object_id__in=list(ids)
    ).order_by("rule")
    for flag in rows:
        found.setdefault(flag.object_id, []).append(flag)
    return found


# --- the clerk explains, the level above reviews ------------------------------------------------

REVIEW_ACTIONS = (Action.APPROVE, Action.INSPECT)


def may_explain(user: AnyUser, flag: DataFlag) -> bool:
    return flag.unresolved and may(user, Action.CHANGE, flag.unit)


def may_review(user: AnyUser, flag: DataFlag) -> bool:
    """The level above reviews: a head or an inspector whose role is on a unit *above* the
    flagged unit (a commune's head does not accept the commune's own explanation)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if unrestricted(user):
        return True
    path = flag.unit.path
    return any(
        path.startswith(p) and len(p) < len(path)
        for action in REVIEW_ACTIONS
        for p in role_paths(user, action)
    )


@transaction.atomic
def explain(*, user: AnyUser, flag: DataFlag, explanation: str) -> DataFlag:
    """The clerk of the unit explains a flagged figure; the level above then reviews it."""
    require(user, Action.CHANGE, flag.unit)
    flag = DataFlag.objects.select_for_update().get(pk=flag.pk)
    text = " ".join((explanation or "").split())
    if not text:
        raise ValidationError({"explanation": _("Write the explanation.")})
    if len(text) > MAX_EXPLANATION:
        raise ValidationError(
            {"explanation": _("At most %(n)s characters.") % {"n": MAX_EXPLANATION}}
        )
    if not flag.unresolved:
        raise ValidationError(_("This warning has already been reviewed."))
    before = {"state": flag.state, "explanation": flag.explanation}
    flag.explanation = text
    flag.state = DataFlag.State.EXPLAINED
    flag.explained_by = user if user.is_authenticated else None
    flag.explained_at = timezone.now()
    flag.save()
    record(
        user=user,
        verb=AuditEvent.Verb.UPDATE,
        obj=flag,
        unit=flag.unit,
        before=before,
        after={"state": flag.state, "explanation": flag.explanation},
    )
    return flag


@transaction.atomic
def review(*, user: AnyUser, flag: DataFlag, decision: str) -> DataFlag:
    """The level above accepts the explanation or dismisses the warning."""
    flag = DataFlag.objects.select_for_update().select_related("unit").get(pk=flag.pk)
    if not may_review(user, flag):
        raise PermissionDenied(_("The level above reviews this warning."))
    if decision not in (DataFlag.State.ACCEPTED, DataFlag.State.DISMISSED):
        raise ValidationError(_("Accept the explanation or dismiss the warning."))
    if decision == DataFlag.State.ACCEPTED and flag.state != DataFlag.State.EXPLAINED:
        raise ValidationError(_("There is no explanation to accept yet."))
    if not flag.unresolved:
        raise ValidationError(_("This warning has already been reviewed."))
    before = {"state": flag.state}
    flag.state = decision
    flag.reviewed_by = user if user.is_authenticated else None
    flag.reviewed_at = timezone.now()
    flag.save()
    record(
        user=user,
        verb=AuditEvent.Verb.APPROVE,
        obj=flag,
        unit=flag.unit,
        before=before,
        after={"state": flag.state},
    )
    return flag


def unresolved(queryset: models.QuerySet[DataFlag]) -> models.QuerySet[DataFlag]:
    return queryset.filter(state__in=DataFlag.UNRESOLVED)


def iter_rules() -> Iterator[Rule]:
    return iter(RULES.values())
