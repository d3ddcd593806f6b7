"""Querysets of the organisation tree."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from treebeard.mp_tree import MP_NodeQuerySet

from trienkhai.core import access
from trienkhai.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from trienkhai.core.access import AnyUser

    from .models import Person, Unit  # noqa: F401  (Person: in a quoted base class)


class UnitQuerySet(ScopedQuerySet["Unit"], MP_NodeQuerySet["Unit", "Unit"]):
    """Units, scoped by their own path."""

    path_lookup = "path"

    def active(self, on: datetime.date | None = None) -> UnitQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=on)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=on)
        )

    def roots_for(self, user: AnyUser, action: str = "view") -> UnitQuerySet:
        """The top units of the user's subtrees for ``action`` (the tree's roots for a
        superuser): where the tree, the home page and "new …" buttons start."""
        if access.unrestricted(user):
            return self.filter(depth=1)
        return self.filter(path__in=access.role_paths(user, action))

    def top_for(
        self, user: AnyUser, action: str = "view", under: Unit | None = None
    ) -> Unit | None:
        """The highest unit the user holds ``action`` on — at or under ``under`` if given
        (``under`` itself when a role covers it) — or None."""
        if access.unrestricted(user):
            return under if under is not None else self.filter(depth=1).order_by("sort_key").first()
        path = access.top_path(user, action, under=under.path if under is not None else None)
        if path is None:
            return None
        return under if under is not None and path == under.path else self.filter(path=path).first()


class PersonQuerySet(ScopedQuerySet["Person"]):
    def current(self) -> PersonQuerySet:
        """People who have not left (moved away, died, struck off)."""
        return self.filter(left_on__isnull=True)

    def roster_order(self) -> PersonQuerySet:
        return self.order_by("sort_key", "id")

    def counts_by_child(self, parent: Unit) -> dict[str, tuple[int, int]]:
        """Current people and party members under each child of ``parent``, in one query.

        Returns ``{child_path: (people, members)}``; the child path is the prefix of the
        person's unit path one level below ``parent``.
        """
        prefix_len = len(parent.path) + parent.steplen
        rows = (
            self.current()
            .filter(unit__path__prefix=parent.path, unit__depth__gt=parent.depth)
            .annotate(child_path=Substr("unit__path", 1, prefix_len))
            .values("child_path")
            .annotate(
                people=Count("id"),
                members=Count("id", filter=Q(is_party_member=True)),
            )
        )
        return {r["child_path"]: (r["people"], r["members"]) for r in rows}
