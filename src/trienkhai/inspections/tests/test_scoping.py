"""The target unit sees its own inspections (once the decision is signed) and conclusions; a
sibling sees nothing (404); the pages read a bounded number of rows."""

from __future__ import annotations

from django.urls import reverse

from trienkhai.inspections import services
from trienkhai.inspections.models import Inspection

from .conftest import concluded, prepare, signed


def test_the_target_sees_it_once_signed_and_the_sibling_never(world):
    t = world.tree
    inspection = prepare(world.inspector_p, t.province, [t.commune_a])
    assert not Inspection.objects.for_user(t.clerk_a).exists()
    services.sign_decision(user=world.head_p, inspection=inspection)
    assert list(Inspection.objects.for_user(t.clerk_a)) == [inspection]
    assert list(Inspection.objects.for_user(t.viewer_a)) == []  # a cell below sees not its parent's
    assert not Inspection.objects.for_user(t.clerk_b).exists()


def test_the_target_reads_the_conclusion_the_sibling_gets_404(world, client):
    t = world.tree
    inspection = concluded(world)
    client.force_login(t.clerk_a)
    page = client.get(inspection.get_absolute_url())
    assert page.status_code == 200 and "Kết luận." in page.content.decode()
    assert client.get(reverse("inspections:notice", args=[inspection.pk])).status_code == 200
    rec = inspection.recommendations.get()
    assert client.get(rec.get_absolute_url()).status_code == 200
    client.force_login(t.clerk_b)
    assert client.get(inspection.get_absolute_url()).status_code == 404
    assert client.get(rec.get_absolute_url()).status_code == 404
    assert client.get(reverse("inspections:notice", args=[inspection.pk])).status_code == 404
    assert "Kết luận" not in client.get(reverse("inspections:index")).content.decode()


def test_the_draft_conclusion_is_not_shown_to_the_target(world, client):
    t = world.tree
    inspection = signed(world)
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=t.commune_a,
        kind="violation",
        severity="serious",
        text="Nội dung vi phạm bí mật.",
    )
    services.submit_draft(user=world.inspector_p, inspection=inspection, conclusion="Dự thảo X.")
    client.force_login(t.clerk_a)
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert "Dự thảo X." not in page and "bí mật" not in page
    assert client.get(reverse("inspections:notice", args=[inspection.pk])).status_code == 404


def test_the_pages_read_a_bounded_number_of_rows(world, client, django_assert_max_num_queries):
    for _ in range(5):
        concluded(world)
    client.force_login(world.inspector_p)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inspections:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("inspections:recommendations")).status_code == 200
    inspection = Inspection.objects.first()
    with django_assert_max_num_queries(20):
        assert client.get(inspection.get_absolute_url()).status_code == 200
