"""The inspections' objects for the permission matrix (``core/tests/matrix.py``).

Commune A conducts (its inspector is ``admin`` of the province in the matrix, its head
``head_a`` signs) and inspects its cell A1, whose clerk is ``clerk_a``; the sibling commune B
sees none of it."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.inspections import services
from trienkhai.inspections.models import (
    Finding,
    Inspection,
    InspectionProgram,
    InspectionTarget,
    Kind,
    Recommendation,
)
from trienkhai.tooling.testing import Tree, pdf_bytes

D = datetime.date


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bc.pdf", pdf_bytes("Tự kiểm tra"), content_type="application/pdf")


def program_of_commune_a(tree: Tree) -> InspectionProgram:
    return services.create_program(
        user=tree.admin, unit=tree.commune_a, year=2026, title="Chương trình kiểm tra năm 2026"
    )


def decision_of_commune_a(tree: Tree, kind: str = Kind.INSPECTION) -> Inspection:
    return services.create_inspection(
        user=tree.admin,
        unit=tree.commune_a,
        kind=kind,
        title="Việc học tập nghị quyết",
        targets=[tree.cell_a],
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
        decision_number="03-QĐ/ĐU",
        team=[("Lê Văn Tâm", "leader")],
    )


def signed_of_commune_a(tree: Tree) -> Inspection:
    return services.sign_decision(
        user=tree.head_a, inspection=decision_of_commune_a(tree), on=D(2026, 3, 2)
    )


def regular_of_commune_a(tree: Tree) -> Inspection:
    return decision_of_commune_a(tree, Kind.REGULAR)


def with_findings(tree: Tree) -> Inspection:
    inspection = signed_of_commune_a(tree)
    services.add_finding(
        user=tree.admin,
        inspection=inspection,
        target=tree.cell_a,
        kind="violation",
        severity="serious",
        text="Không tổ chức học tập.",
        evidence=_pdf(),
    )
    return inspection


def draft_of_commune_a(tree: Tree) -> Inspection:
    inspection = with_findings(tree)
    services.add_recommendation(
        user=tree.admin,
        inspection=inspection,
        unit=tree.cell_a,
        text="Tổ chức học tập bù.",
        due_on=D(2026, 6, 30),
    )
    return services.submit_draft(user=tree.admin, inspection=inspection, conclusion="Kết luận.")


def concluded_of_commune_a(tree: Tree) -> Inspection:
    return services.approve_conclusion(
        user=tree.head_a, inspection=draft_of_commune_a(tree), on=D(2026, 4, 1)
    )


def target_of_cell_a(tree: Tree) -> InspectionTarget:
    return signed_of_commune_a(tree).targets.get()


def target_with_report(tree: Tree) -> InspectionTarget:
    return services.upload_self_report(
        user=tree.clerk_a, target=target_of_cell_a(tree), upload=_pdf()
    )


def open_recommendation(tree: Tree) -> Recommendation:
    return concluded_of_commune_a(tree).recommendations.get()


def accepted_recommendation(tree: Tree) -> Recommendation:
    return services.accept(user=tree.clerk_a, recommendation=open_recommendation(tree))


def reported_recommendation(tree: Tree) -> Recommendation:
    return services.report_done(
        user=tree.clerk_a,
        recommendation=accepted_recommendation(tree),
        report="Đã tổ chức học tập bù.",
        evidence=_pdf(),
    )


BY_MODEL = {
    InspectionProgram: program_of_commune_a,
    Inspection: signed_of_commune_a,
    InspectionTarget: target_of_cell_a,
    Finding: lambda tree: with_findings(tree).findings.get(),
    Recommendation: open_recommendation,
}
BY_NAME = {
    "inspections:program-new": lambda tree: tree.commune_a,
    "inspections:inspection-new": lambda tree: tree.commune_a,
    "inspections:numbers-rows": lambda tree: tree.commune_a,
    "inspections:inspection-sign": decision_of_commune_a,
    "inspections:conclusion-draft": with_findings,
    "inspections:recommendation-add": with_findings,
    "inspections:conclusion-approve": draft_of_commune_a,
    "inspections:supervision-record": regular_of_commune_a,
    "inspections:reinspect": concluded_of_commune_a,
    "inspections:notice": concluded_of_commune_a,
    "inspections:self-report-file": target_with_report,
    "inspections:recommendation-report": accepted_recommendation,
    "inspections:recommendation-close": reported_recommendation,
    "inspections:recommendation-send-back": reported_recommendation,
    "inspections:recommendation-evidence": reported_recommendation,
}
#: Steps only the conducting unit's own head takes.
HEAD_ONLY = {
    "inspections:inspection-sign",
    "inspections:inspection-extend",
    "inspections:conclusion-approve",
}
