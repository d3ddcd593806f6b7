"""The programs' plausibility rules (``programs/flags.py``) and the evidence rule shared with
``resolutions``: raised where reports and documents are entered, positive and negative."""

from __future__ import annotations

import hashlib
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.programs import services
from trienkhai.programs.models import ProgressEvidence
from trienkhai.resolutions import services as plan_services
from trienkhai.resolutions.models import ObligationDocument

from .conftest import MINIMAL_PDF, D, pdf_upload

pytestmark = pytest.mark.django_db
Q1, Q2, Q3 = D(2026, 2, 16), D(2026, 5, 1), D(2026, 8, 1)


@pytest.fixture
def a1(adopted_a, media):
    """Task A1 of commune A: indicator baseline 60, target 90 %, led by commune A."""
    return adopted_a.tasks.order_by("order").first()


def report(world, task, period, value, **values):
    values.setdefault("status", "on_track")
    return services.report_progress(
        user=world.clerk_a, task=task, period=period, value=value, on=D(2026, 9, 30), **values
    )


def rules_on(obj) -> set[str]:
    return {f.rule for f in flags.flags_on(obj)}


def other_pdf(tag: bytes):
    return pdf_upload(f"{tag.decode()}.pdf", MINIMAL_PDF + b"%" + tag + b"\n")


# --- beyond the target without evidence -----------------------------------------------------


def test_a_value_beyond_the_target_without_evidence_is_flagged(world, a1):
    update = report(world, a1, Q1, "95")
    [flag] = DataFlag.objects.filter(rule="beyond_target_no_evidence")
    assert flag.object_id == update.pk and flag.params == {"value": "95", "target": "90"}
    assert flag.unit == world.commune_a and flag.plan == world.plan
    assert flag.object_url == reverse("programs:progress-history", args=[a1.pk])


def test_beyond_the_target_with_evidence_or_within_it_is_not_flagged(world, a1):
    with_file = report(world, a1, Q1, "95", files=[other_pdf(b"q1")])
    within = report(world, a1, Q2, "85")
    assert "beyond_target_no_evidence" not in rules_on(with_file)
    assert "beyond_target_no_evidence" not in rules_on(within)


def test_a_corrected_report_clears_its_flag(world, a1):
    report(world, a1, Q1, "95")
    report(world, a1, Q1, "88")  # the same period again: replaces the first
    assert not DataFlag.objects.filter(rule="beyond_target_no_evidence").exists()


# --- back and forth between periods ------------------------------------------------------------


def test_a_value_turning_back_between_periods_is_flagged_on_the_turn(world, a1):
    report(world, a1, Q1, "70")
    peak = report(world, a1, Q2, "85")
    assert "value_back_and_forth" not in rules_on(peak)
    report(world, a1, Q3, "72")  # the later report makes the one before it turn back
    [flag] = DataFlag.objects.filter(rule="value_back_and_forth")
    assert flag.object_id == peak.pk
    assert flag.params["before"] == "70" and flag.params["after"] == "72"


def test_a_steady_climb_is_not_flagged_and_a_correction_clears_the_turn(world, a1):
    report(world, a1, Q1, "70")
    report(world, a1, Q2, "85")
    report(world, a1, Q3, "72")
    report(world, a1, Q3, "88")  # corrected: 70 → 85 → 88
    assert not DataFlag.objects.filter(rule="value_back_and_forth").exists()


# --- evidence reused ---------------------------------------------------------------------------


def test_the_same_evidence_file_for_another_period_is_flagged(world, a1):
    report(world, a1, Q1, "70", files=[other_pdf(b"same")])
    second = report(world, a1, Q2, "75", files=[other_pdf(b"same")])
    evidence = second.evidence.get()
    assert len(evidence.sha256) == 64
    [flag] = DataFlag.objects.filter(rule="evidence_reused")
    assert flag.object_type == "programs.progressevidence" and flag.object_id == evidence.pk
    assert world.commune_a.name in flag.params["others"]


def test_different_files_are_not_flagged(world, a1):
    report(world, a1, Q1, "70", files=[other_pdf(b"one")])
    report(world, a1, Q2, "75", files=[other_pdf(b"two")])
    assert not DataFlag.objects.filter(rule="evidence_reused").exists()


# --- results reports: reused, and before any work ------------------------------------------------


@pytest.fixture
def results_plan(world):
    """A province plan asking every commune committee for an action program and a results
    report, and every cell for a results report (cells owe no program)."""
    plan = plan_services.create_plan(
        user=world.admin,
        unit=world.province,
        number="20-KH/TU",
        title="Kế hoạch sơ kết",
        issued_on=D(2026, 1, 12),
        resolutions=[world.resolution],
        requirements=[
            {
                "kind": "action_program",
                "title": "Xây dựng chương trình hành động",
                "target_kinds": ["party_committee"],
                "target_levels": ["commune"],
                "due_on": D(2026, 3, 31),
            },
            {
                "kind": "results_report",
                "title": "Báo cáo sơ kết",
                "target_kinds": ["party_committee", "party_cell"],
                "target_levels": [],
                "due_on": D(2026, 12, 31),
            },
        ],
    )
    return plan_services.issue_plan(user=world.admin, plan=plan)


def upload(user, plan, unit, content=b"bc"):
    obligation = plan.obligations.get(unit=unit, requirement__kind="results_report")
    return plan_services.upload_report(user=user, obligation=obligation, upload=other_pdf(content))


def test_a_results_report_before_any_work_is_flagged(world, results_plan, media):
    document = upload(world.clerk_a, results_plan, world.commune_a)
    assert rules_on(document) == {"results_before_work"}
    flag = DataFlag.objects.get()
    assert flag.unit == world.commune_a and flag.plan == results_plan


def test_a_results_report_of_a_unit_owing_no_program_is_not_flagged(world, results_plan, media):
    document = upload(world.clerk_a, results_plan, world.cell_a)
    assert not rules_on(document)


def test_a_results_report_after_work_was_reported_is_not_flagged(world, build, results_plan, a1):
    program = build.program(world.commune_a, plan=results_plan, title="Chương trình sơ kết")
    task = build.task(program)
    build.adopt(program, on=D(2026, 2, 20))
    build.report(task, period=D(2026, 3, 1), status="on_track", on=D(2026, 3, 5))
    document = upload(world.clerk_a, results_plan, world.commune_a)
    assert "results_before_work" not in rules_on(document)


def test_the_same_results_report_from_another_unit_is_flagged(world, results_plan, media):
    first = upload(world.clerk_a, results_plan, world.commune_a, b"copy")
    again = upload(world.clerk_a, results_plan, world.commune_a, b"copy")  # same unit: a re-upload
    other = upload(world.clerk_b, results_plan, world.commune_b, b"copy")
    assert "evidence_reused" not in rules_on(first) | rules_on(again)
    assert "evidence_reused" in rules_on(other)
    flag = DataFlag.objects.get(rule="evidence_reused")
    assert world.commune_a.name in flag.reason


# --- the stored SHA-256 ------------------------------------------------------------------------


def test_uploads_store_the_sha256_and_the_migration_fills_it_for_older_files(
    world, results_plan, a1, media
):
    document = upload(world.clerk_a, results_plan, world.commune_a, b"hash")
    expected = hashlib.sha256(MINIMAL_PDF + b"%hash\n").hexdigest()
    assert document.sha256 == expected
    update = report(world, a1, Q1, "70", files=[other_pdf(b"hash")])
    assert update.evidence.get().sha256 == expected

    ObligationDocument.objects.update(sha256="")  # as the rows stood before the migration
    ProgressEvidence.objects.update(sha256="")
    for module in (
        "trienkhai.resolutions.migrations.0004_document_sha256",
        "trienkhai.programs.migrations.0006_evidence_sha256",
    ):
        importlib.import_module(module).hash_files(django_apps, None)
    assert ObligationDocument.objects.get().sha256 == expected
    assert ProgressEvidence.objects.get().sha256 == expected
