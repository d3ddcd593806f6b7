"""What a user may see of plans, and from which unit they look at a plan's progress.

Reads still go through ``for_user`` and ``core.access``; these helpers only narrow it further
or pick a unit in it.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest

from trienkhai.core.access import Action, AnyUser, role_paths, unrestricted
from trienkhai.core.lists import query_id
from trienkhai.units.models import Unit

from .models import Plan
from .models.plan import PlanQuerySet


def visible_plans(user: AnyUser) -> PlanQuerySet:
    """Plans the user may read: every plan of their subtrees (drafts included) and the issued
    plans of the units above them. A draft of the level above is not addressed to anyone yet."""
    plans = Plan.objects.for_user(user, Action.VIEW)
    if not user.is_authenticated or unrestricted(user):
        return plans
    paths = role_paths(user, Action.VIEW)
    if not paths:
        return plans.none()
    return plans.filter(Q(status=Plan.Status.ISSUED) | Plan.objects.scope_q(paths))


def progress_unit(request: HttpRequest, plan: Plan) -> Unit:
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
    unit = Unit.objects.top_for(user, Action.VIEW, under=plan.unit)
    if unit is None:
        raise Http404
    return unit
