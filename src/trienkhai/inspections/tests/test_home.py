"""The home page: the target unit is asked for its self-report and its recommendations; the
inspector sees the time limit coming, what to verify and the overdue recommendations below;
the sibling sees nothing of it."""

from __future__ import annotations

from django.urls import reverse

from trienkhai.core import home
from trienkhai.inspections import services

from .conftest import D, concluded, signed


def keys(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {card.key: card for card in response.context["cards"]}


def test_the_target_clerk_is_asked_for_the_self_report(world, client, clock):
    clock(D(2026, 3, 5))
    target = signed(world).targets.get()
    card = keys(client, world.tree.clerk_a)["inspections-respond"]
    assert card.items[0].url == reverse("inspections:self-report", args=[target.pk])
    assert "inspections-respond" not in keys(client, world.tree.clerk_b)


def test_an_overdue_recommendation_shows_late_to_the_addressee_and_the_level_above(
    world, client, clock
):
    rec = concluded(world, due=D(2026, 5, 31)).recommendations.get()
    services.accept(user=world.tree.clerk_a, recommendation=rec)
    clock(D(2026, 6, 10))
    mine = keys(client, world.tree.clerk_a)["inspections-respond"]
    assert mine.items[0].url == rec.get_absolute_url()
    assert mine.items[0].urgency == home.Urgency.LATE
    above = keys(client, world.inspector_p)["inspections-conduct"]
    assert any(item.url == rec.get_absolute_url() for item in above.items)
    assert "inspections-conduct" not in keys(client, world.tree.clerk_b)
