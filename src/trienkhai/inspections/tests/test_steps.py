"""Who may do each step: the conducting unit's inspector prepares and conducts, its own head
signs and approves, the target unit's clerk uploads the self-report; nobody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.core.models import AuditEvent
from trienkhai.inspections import services
from trienkhai.inspections.models import Kind, Recommendation, State

from .conftest import D, concluded, pdf, prepare, signed


def test_only_the_inspector_of_the_conducting_unit_prepares(world):
    t = world.tree
    for user in (t.clerk_a, t.head_a, world.head_p, world.inspector_a):
        with pytest.raises(PermissionDenied):
            prepare(user, t.province, [t.commune_a])
    inspection = prepare(world.inspector_p, t.province, [t.commune_a])
    assert inspection.state == State.DECISION
    assert [m.role for m in inspection.team.all()] == ["leader", "member"]


def test_targets_are_under_the_conducting_unit_and_the_period_at_most_five_years(world):
    t = world.tree
    with pytest.raises(ValidationError) as error:
        prepare(world.inspector_a, t.commune_a, [t.commune_b])
    assert "targets" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_inspection(
            user=world.inspector_p,
            unit=t.province,
            kind=Kind.INSPECTION,
            title="Dài quá",
            targets=[t.commune_a],
            period_from=D(2019, 1, 1),
            period_to=D(2025, 12, 31),
            team=[("Lê Văn Tâm", "leader")],
        )
    assert "period_to" in error.value.message_dict


def test_the_head_of_the_conducting_unit_signs_not_a_head_above_or_the_inspector(world):
    t = world.tree
    inspection = prepare(world.inspector_a, t.commune_a, [t.cell_a])
    for user in (world.inspector_a, world.head_p, t.clerk_a):
        with pytest.raises(PermissionDenied):
            services.sign_decision(user=user, inspection=inspection, on=D(2026, 3, 2))
    services.sign_decision(user=t.head_a, inspection=inspection, on=D(2026, 3, 2))
    inspection.refresh_from_db()
    assert (inspection.state, inspection.started_on) == (State.SELF_REPORT, D(2026, 3, 2))
    assert AuditEvent.objects.filter(object_id=str(inspection.pk), verb="approve").exists()


def test_the_target_clerk_uploads_the_self_report_and_the_sibling_cannot(world, media):
    t = world.tree
    target = signed(world).targets.get()
    with pytest.raises(PermissionDenied):
        services.upload_self_report(user=t.clerk_b, target=target, upload=pdf())
    services.upload_self_report(user=t.clerk_a, target=target, upload=pdf())
    target.refresh_from_db()
    assert target.self_report_name == "tu-kiem-tra.pdf" and target.self_report_on


def test_a_self_report_must_be_a_document(world, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    target = signed(world).targets.get()
    with pytest.raises(ValidationError):
        services.upload_self_report(
            user=world.tree.clerk_a,
            target=target,
            upload=SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf"),
        )


def test_findings_draft_and_approval_in_order(world):
    t = world.tree
    inspection = prepare(world.inspector_p, t.province, [t.commune_a])
    with pytest.raises(ValidationError):  # before the decision is signed
        services.add_finding(
            user=world.inspector_p,
            inspection=inspection,
            target=t.commune_a,
            kind="violation",
            severity="serious",
            text="Vi phạm.",
        )
    inspection = concluded(world)
    assert inspection.state == State.CONCLUDED
    assert inspection.approved_by == world.head_p
    assert inspection.recommendations.get().state == Recommendation.State.OPEN


def test_the_inspector_cannot_approve_the_conclusion(world):
    inspection = signed(world)
    services.add_finding(
        user=world.inspector_p,
        inspection=inspection,
        target=world.tree.commune_a,
        kind="shortcoming",
        severity="minor",
        text="Chậm.",
    )
    services.submit_draft(user=world.inspector_p, inspection=inspection, conclusion="Kết luận.")
    with pytest.raises(PermissionDenied):
        services.approve_conclusion(user=world.inspector_p, inspection=inspection)


def test_regular_supervision_records_what_was_looked_at_and_remarks(world):
    t = world.tree
    inspection = prepare(world.inspector_p, t.province, [t.commune_a], kind=Kind.REGULAR)
    services.record_supervision(
        user=world.inspector_p,
        inspection=inspection,
        looked_at="Sổ ghi biên bản sinh hoạt chi bộ.",
        remarks="Ghi chép đầy đủ.",
        on=D(2026, 5, 5),
    )
    inspection.refresh_from_db()
    assert inspection.is_concluded and inspection.deadline is None
