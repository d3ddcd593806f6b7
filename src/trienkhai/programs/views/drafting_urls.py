"""Drafting, discussion, approval and versions of programs (owned by the drafting screens)."""

urlpatterns: list = []
