"""``core.access`` under a narrowing (an API token's scope): the same questions, answered
within it."""

from __future__ import annotations

import pytest

from trienkhai.core.access import Action, Narrowing, holds, may, narrow, role_paths, unrestricted
from trienkhai.study.models import StudySession

pytestmark = pytest.mark.django_db


def test_a_narrowing_cuts_the_users_subtrees(tree):
    t = tree
    narrow(t.admin, Narrowing(paths=(t.commune_a.path,)))
    assert not unrestricted(t.admin)
    assert role_paths(t.admin, Action.VIEW) == [t.commune_a.path]
    assert may(t.admin, Action.CHANGE, t.cell_a)
    assert not may(t.admin, Action.VIEW, t.commune_b)
    assert not holds(t.admin, Action.VIEW, t.commune_b)
    narrow(t.admin, None)
    assert may(t.admin, Action.VIEW, t.commune_b)


def test_a_narrowing_never_widens_a_role(tree):
    """clerk_a's role is on commune A: a narrowing to the province gives nothing more."""
    t = tree
    narrow(t.clerk_a, Narrowing(paths=(t.province.path,)))
    assert role_paths(t.clerk_a, Action.VIEW) == [t.commune_a.path]
    assert not may(t.clerk_a, Action.VIEW, t.commune_b)


def test_a_narrowing_to_actions_refuses_the_others(tree):
    t = tree
    narrow(t.head_a, Narrowing(actions=frozenset({Action.VIEW})))
    assert may(t.head_a, Action.VIEW, t.commune_a)
    assert not may(t.head_a, Action.CHANGE, t.commune_a)
    assert not holds(t.head_a, Action.APPROVE, t.commune_a)
    assert role_paths(t.head_a, Action.APPROVE) == []


def test_a_narrowed_superuser_is_scoped_like_anyone(tree):
    t = tree
    t.nobody.is_superuser = True
    narrow(t.nobody, Narrowing(paths=(t.commune_b.path,), actions=frozenset({Action.VIEW})))
    assert not unrestricted(t.nobody)
    assert may(t.nobody, Action.VIEW, t.cell_b)
    assert not may(t.nobody, Action.VIEW, t.cell_a)
    assert not may(t.nobody, Action.CHANGE, t.cell_b)
    assert not StudySession.objects.for_user(t.nobody).filter(unit=t.commune_a).exists()
