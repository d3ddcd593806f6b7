"""What a user may see of plans, and from which unit they look at a plan's progress.

Reads still go through ``for_user``; these helpers only narrow it further or pick a unit in it.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from trienkhai.core.lists import query_id
from trienkhai.core.permissions import Action
from trienkhai.core.querysets import role_paths
from trienkhai.units.models import Unit

from .models import Plan


def visible_plans(user):
    """Plans the user may read: every plan of their subtrees (drafts included) and the issued
    plans of the units above them. A draft of the level above is not addressed to anyone yet."""
    plans = Plan.objects.for_user(user, Action.VIEW)
    if not user.is_authenticated or user.is_superuser:
        return plans
    paths = role_paths(user, Action.VIEW)
    if not paths:
        return plans.none()
    return plans.filter(Q(status=Plan.Status.ISSUED) | Plan.objects.scope_q(paths))


def can(user, action: str, unit) -> bool:
    """Whether ``user`` may perform ``action`` on ``unit`` (the same scoping as services)."""
    return Unit.objects.for_user(user, action).filter(pk=unit.pk).exists()


def top_unit(user, action: str, under: Unit | None = None) -> Unit | None:
    """The highest unit the user holds ``action`` on (at or under ``under`` if given; when a
    role covers ``under`` itself, ``under``)."""
    if user.is_superuser:
        if under is not None:
            return under
        return Unit.objects.get_root_nodes().order_by("sort_key").first()
    paths = role_paths(user, action)
    if under is not None:
        if any(under.path.startswith(p) for p in paths):
            return under
        paths = [p for p in paths if p.startswith(under.path)]
    if not paths:
        return None
    return Unit.objects.filter(path=min(paths, key=lambda p: (len(p), p))).first()


def progress_unit(request, plan: Plan) -> Unit:
    """The unit whose subtree a plan's numbers are shown for: ``?unit=<pk>`` when it is in the
    user's scope and under the plan's issuer (otherwise 404), else the user's top unit there."""
    user = request.user
    if request.GET.get("unit", ""):
        pk = query_id(request, "unit")
        unit = None
        if pk is not None:
            unit = (
                Unit.objects.for_user(user, Action.VIEW)
                .filter(pk=pk, path__prefix=plan.unit.path)
                .first()
            )
        if unit is None:
            raise Http404
        return unit
    unit = top_unit(user, Action.VIEW, under=plan.unit)
    if unit is None:
        raise Http404
    return unit
