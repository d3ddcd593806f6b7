"""A finding points at the real rows: a task of the target's program, an obligation; the
links open for the inspector."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from trienkhai.core.tests.matrix import adopted_program_of_commune_a, obligation_of_cell_a
from trienkhai.inspections import services

from .conftest import signed


def test_a_finding_linked_to_a_task_and_an_obligation_opens_them(world, client, media):
    t = world.tree
    program = adopted_program_of_commune_a(t)
    task = program.tasks.get()
    obligation = obligation_of_cell_a(t)
    inspection = signed(world)
    finding = services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=t.commune_a,
        kind="shortcoming",
        severity="moderate",
        text="Nhiệm vụ chưa có chỉ tiêu.",
        task=task,
        program=program,
        obligation=obligation,
    )
    links = {url: label for label, url in finding.links()}
    assert len(links) == 3
    client.force_login(world.inspector_p)
    page = client.get(inspection.get_absolute_url()).content.decode()
    for url in links:
        assert url in page
        assert client.get(url).status_code == 200


def test_a_finding_cannot_point_at_another_units_rows(world):
    t = world.tree
    program = adopted_program_of_commune_a(t)
    inspection = signed(world)
    services.create_inspection  # noqa: B018  (the province's inspection of commune A only)
    with pytest.raises(ValidationError) as error:
        services.add_finding(
            user=world.inspector_p,
            inspection=inspection,
            target=t.commune_b,
            kind="violation",
            severity="serious",
            text="Sai.",
            program=program,
        )
    assert "target" in error.value.message_dict
