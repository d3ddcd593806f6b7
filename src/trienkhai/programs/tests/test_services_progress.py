"""Progress reports: who reports, one per task and period, what a report must say, milestones
reached from the reports (and un-reached when a report is corrected), overdue milestones,
evidence files checked by their content; and the administrator's progress rule."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from trienkhai.core.models import AuditEvent
from trienkhai.programs import services
from trienkhai.programs.models import Milestone, ProgressEvidence, ProgressUpdate
from trienkhai.programs.models.program import ProgressRuleSetting
from trienkhai.programs.services.progress import tasks_to_report

from .conftest import MINIMAL_PDF, D, fresh, pdf_upload, refused

Verb = AuditEvent.Verb
pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(adopted_a):
    """(A1: measurable, led by commune A, milestones Q2/2026 and 31/12/2026; A2: led by the
    cell, nothing to measure)."""
    return tuple(adopted_a.tasks.order_by("order"))


def report(world, task, **values):
    values.setdefault("user", world.clerk_a)
    values.setdefault("period", D(2026, 5, 1))
    values.setdefault("on", D(2026, 6, 20))
    return services.report_progress(task=task, **values)


def done_on(task):
    return [m.done_on for m in Milestone.objects.filter(task=task).order_by("due_on")]


# --- who and what --------------------------------------------------------------------------


def test_the_lead_units_clerk_reports(world, tasks):
    a1, a2 = tasks
    update = report(world, a1, status="on_track", value="72,5", narrative="  Đã lắp  đặt ")
    update = fresh(update)
    assert (update.period_start, update.period_end) == (D(2026, 4, 1), D(2026, 6, 30))
    assert (update.status, str(update.value), update.narrative) == (
        "on_track",
        "72.50",
        "Đã lắp đặt",
    )
    assert (update.reported_by, update.reported_by_unit, update.reported_on) == (
        world.clerk_a,
        world.commune_a,
        D(2026, 6, 20),
    )
    # A2 is led by the cell: the commune's clerk reports for it, in the cell's name
    update = report(world, a2, status="not_started")
    assert fresh(update).reported_by_unit == world.cell_a
    event = AuditEvent.objects.filter(verb=Verb.REPORT).order_by("pk").first()
    assert event.unit_id == world.commune_a.pk and event.after["status"] == "on_track"


@pytest.mark.parametrize("who", ["clerk_b", "head_b", "viewer_a", "member_a", "nobody"])
def test_who_may_not_report(world, tasks, who):
    with refused(PermissionDenied):
        report(world, tasks[0], user=getattr(world, who), status="not_started")


def test_a_second_report_for_the_period_replaces_the_first_and_the_audit_keeps_both(world, tasks):
    a1 = tasks[0]
    report(world, a1, status="on_track", value=65, on=D(2026, 5, 20))
    report(world, a1, status="at_risk", value=66, narrative="Thiếu kinh phí", on=D(2026, 6, 25))
    update = ProgressUpdate.objects.get(task=a1)
    assert (update.status, update.value, update.reported_on) == ("at_risk", 66, D(2026, 6, 25))
    events = list(AuditEvent.objects.filter(verb=Verb.REPORT).order_by("pk"))
    assert [e.before for e in events] == [
        None,
        {
            "period_start": "2026-04-01",
            "status": "on_track",
            "value": "65.00",
            "narrative": "",
            "milestone": None,
        },
    ]
    assert events[1].after["status"] == "at_risk" and events[1].after["value"] == "66"
    # another period is another report
    report(world, a1, period=D(2026, 8, 1), on=D(2026, 8, 1), status="on_track", value=75)
    assert ProgressUpdate.objects.filter(task=a1).count() == 2


def test_the_task_keeps_its_latest_report_for_the_rollup(world, tasks):
    """``Task.reported_status``/``reported_value``: the latest period's status (not started
    before any report), and the latest value reported, whatever order they were sent in."""
    a1, a2 = (fresh(t) for t in tasks)
    assert (a1.reported_status, a1.reported_value) == ("not_started", None)
    report(world, a1, period=D(2026, 8, 1), on=D(2026, 8, 2), status="on_track", value=75)
    # a late report for the earlier quarter does not hide the later one
    report(world, a1, status="at_risk", value=60, narrative="Thiếu vốn", on=D(2026, 8, 3))
    a1 = fresh(a1)
    assert (a1.reported_status, a1.reported_value) == ("on_track", 75)
    # the later quarter corrected to done without a new value: the latest value stays
    report(world, a1, period=D(2026, 8, 1), on=D(2026, 8, 4), status="not_started")
    a1 = fresh(a1)
    assert (a1.reported_status, a1.reported_value) == ("not_started", 60)
    report(world, a2, status="done")
    assert fresh(a2).reported_status == "done" and fresh(a1).reported_status == "not_started"


@pytest.mark.parametrize(
    "values, field",
    [
        (dict(status="on_track"), "value"),  # measurable: the value reached
        (dict(status="done"), "value"),
        (dict(status="at_risk", value=65), "narrative"),
        (dict(status="late", value=65, narrative="  "), "narrative"),
        (dict(status="finished"), "status"),
        (dict(status="on_track", value="sáu mươi"), "value"),
        (dict(status="on_track", value="-12,5"), "value"),  # issue 14: a value reached is >= 0
        (dict(status="not_started", period=D(2026, 7, 1), on=D(2026, 6, 30)), "period"),
        (dict(status="not_started", period=D(2025, 12, 1), on=D(2026, 1, 5)), "period"),
    ],
)
def test_a_report_that_does_not_hold_together_is_refused(world, tasks, values, field):
    with refused() as info:
        report(world, tasks[0], **values)
    assert field in info.value.message_dict, info.value.message_dict


def test_the_narrative_keeps_its_paragraphs(world, tasks):
    update = report(
        world, tasks[1], status="at_risk", narrative="Đã họp  chi bộ.\r\n\r\nChưa có kinh phí."
    )
    assert fresh(update).narrative == "Đã họp chi bộ.\nChưa có kinh phí."


def test_a_value_is_optional_where_nothing_is_measured(world, tasks):
    a1, a2 = tasks
    report(world, a1, status="not_started")
    report(world, a2, status="done")
    assert ProgressUpdate.objects.count() == 2


def test_the_current_period_defaults_to_today(world, tasks, clock):
    clock(D(2026, 11, 26))
    update = services.report_progress(
        user=world.clerk_a, task=tasks[1], period=D(2026, 11, 1), status="on_track"
    )
    assert (update.period_start, update.reported_on) == (D(2026, 10, 1), D(2026, 11, 26))
    with refused() as info:
        services.report_progress(
            user=world.clerk_a, task=tasks[1], period=D(2027, 1, 1), status="on_track"
        )
    assert "period" in info.value.message_dict


def test_a_report_is_not_dated_in_the_future(world, tasks, clock):
    clock(D(2026, 5, 10))
    with refused() as info:
        report(world, tasks[1], period=D(2026, 7, 1), on=D(2026, 7, 2), status="on_track")
    assert "period" in info.value.message_dict


def test_only_adopted_open_programs_take_reports(world, build, draft_a):
    task = draft_a.tasks.get(order=2)
    with refused():
        report(world, task, status="on_track")
    program = build.adopt(draft_a)
    report(world, task, status="on_track")
    services.close_program(user=world.head_a, program=program, on=D(2026, 12, 31))
    with refused():
        report(world, task, period=D(2026, 8, 1), on=D(2026, 8, 2), status="done")


def test_a_revision_in_draft_still_takes_reports(world, tasks, adopted_a):
    services.revise_program(user=world.clerk_a, program=adopted_a)
    assert report(world, tasks[1], status="on_track").pk


def test_the_program_follows_its_reporting_period(world, build, draft_a):
    services.update_program(user=world.clerk_a, program=draft_a, reporting_period="month")
    build.adopt(draft_a)
    update = report(world, draft_a.tasks.get(order=2), period=D(2026, 5, 17), status="on_track")
    assert (update.period_start, update.period_end) == (D(2026, 5, 1), D(2026, 5, 31))


# --- milestones ----------------------------------------------------------------------------


def test_a_named_milestone_is_reached_on_the_reports_date_and_a_correction_undoes_it(world, tasks):
    a1, a2 = tasks
    q2 = Milestone.objects.filter(task=a1).order_by("due_on").first()
    with refused() as info:  # a milestone of another task
        report(world, a2, status="on_track", milestone=q2)
    assert "milestone" in info.value.message_dict
    report(world, a1, status="on_track", value=70, milestone=q2, on=D(2026, 6, 20))
    assert done_on(a1) == [D(2026, 6, 20), None]
    report(world, a1, status="on_track", value=68, on=D(2026, 6, 22))  # corrected: not reached
    assert done_on(a1) == [None, None]
    report(world, a1, status="on_track", value=70, milestone=q2, on=D(2026, 6, 28))
    assert done_on(a1) == [D(2026, 6, 28), None]
    # the task done completes the whole roadmap; the earlier milestone keeps its date
    report(world, a1, period=D(2026, 9, 1), on=D(2026, 9, 15), status="done", value=90)
    assert done_on(a1) == [D(2026, 6, 28), D(2026, 9, 15)]
    # a "done" corrected to "on track" un-does what it completed
    report(world, a1, period=D(2026, 9, 1), on=D(2026, 9, 20), status="on_track", value=85)
    assert done_on(a1) == [D(2026, 6, 28), None]


def test_a_milestone_named_in_a_not_started_report_is_not_reached(world, tasks):
    a1 = tasks[0]
    q2 = Milestone.objects.filter(task=a1).order_by("due_on").first()
    report(world, a1, status="not_started", milestone=q2)
    assert done_on(a1) == [None, None]


def test_overdue_milestones_as_of_a_date(world, tasks):
    a1 = tasks[0]
    q2, year_end = Milestone.objects.filter(task=a1).order_by("due_on")
    assert list(Milestone.objects.overdue(D(2026, 6, 30))) == []  # the day itself is in time
    assert list(Milestone.objects.overdue(D(2026, 7, 1))) == [q2]
    assert q2.is_overdue(D(2026, 7, 1)) and not year_end.is_overdue(D(2026, 7, 1))
    report(
        world,
        a1,
        period=D(2026, 7, 1),
        on=D(2026, 7, 10),
        status="on_track",
        value=71,
        milestone=q2,
    )
    assert list(Milestone.objects.overdue(D(2026, 7, 5))) == [q2]  # reached after that date
    assert list(Milestone.objects.overdue(D(2026, 7, 10))) == []
    assert not fresh(q2).is_overdue(D(2026, 7, 10)) and fresh(q2).is_overdue(D(2026, 7, 5))
    assert list(Milestone.objects.overdue(D(2027, 1, 1))) == [year_end]


# --- evidence ------------------------------------------------------------------------------


def test_a_pdf_is_kept_as_evidence(world, tasks, media):
    update = report(world, tasks[1], status="done", files=[pdf_upload("bien-ban.pdf")])
    evidence = ProgressEvidence.objects.get(update=update)
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "bien-ban.pdf",
        "pdf",
        len(MINIMAL_PDF),
    )
    assert evidence.file.read() == MINIMAL_PDF
    assert AuditEvent.objects.get(verb=Verb.REPORT).after["evidence"] == 1


def stored(root):
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
        SimpleUploadedFile("trong.pdf", b"", content_type="application/pdf"),
        SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n....", content_type="image/png"),
    ],
    ids=["executable named pdf", "empty", "image"],
)
def test_a_file_that_is_not_a_document_is_refused_and_nothing_is_written(
    world, tasks, media, upload
):
    with refused() as info:
        report(world, tasks[1], status="done", files=[pdf_upload(), upload])
    assert "files" in info.value.message_dict
    assert stored(media) == []


def test_an_oversized_file_is_refused(world, tasks, media, settings):
    settings.MAX_UPLOAD_MB = 1
    big = pdf_upload("lon.pdf", MINIMAL_PDF + b"0" * (1024 * 1024))
    with refused() as info:
        report(world, tasks[1], status="done", files=[big])
    assert "files" in info.value.message_dict and stored(media) == []


def test_at_most_five_files(world, tasks, media):
    with refused() as info:
        report(world, tasks[1], status="done", files=[pdf_upload(f"{i}.pdf") for i in range(6)])
    assert "files" in info.value.message_dict


# --- inbox and rule ------------------------------------------------------------------------


def test_tasks_to_report_are_those_led_in_the_units_subtree(world, build, tasks, province_program):
    a1, a2 = tasks
    draft = build.program(world.commune_a, title="Đề án chưa duyệt")
    build.task(draft)  # a draft's task: nothing to report yet
    assert set(tasks_to_report(world.clerk_a, world.commune_a)) == {a1, a2}
    assert set(tasks_to_report(world.clerk_a, world.cell_a)) == {a2}
    assert set(tasks_to_report(world.clerk_b, world.commune_a)) == set()
    b = build.program(world.commune_b)
    b1 = build.task(b)
    build.adopt(b)
    assert set(tasks_to_report(world.clerk_b, world.commune_b)) == {b1}
    assert set(tasks_to_report(world.head_p, world.province)) == {
        a1,
        a2,
        b1,
        *province_program.tasks.all(),
    }


def test_the_administrator_chooses_the_progress_rule(world):
    setting = services.set_progress_rule(user=world.admin, unit=world.province, rule="milestones")
    assert (setting.unit, setting.rule) == (world.province, "milestones")
    setting = services.set_progress_rule(user=world.admin, unit=world.province, rule="indicators")
    assert ProgressRuleSetting.objects.get().rule == "indicators"
    events = AuditEvent.objects.filter(object_type="programs.progressrulesetting").order_by("pk")
    assert [(e.before, e.after) for e in events] == [
        (None, {"rule": "milestones"}),
        ({"rule": "milestones"}, {"rule": "indicators"}),
    ]
    with refused() as info:
        services.set_progress_rule(user=world.admin, unit=world.commune_a, rule="weighted")
    assert "rule" in info.value.message_dict


@pytest.mark.parametrize("who", ["head_p", "clerk_a", "head_a", "clerk_b", "viewer_a"])
def test_only_an_administrator_chooses_it(world, who):
    with refused(PermissionDenied):
        services.set_progress_rule(
            user=getattr(world, who), unit=world.commune_a, rule="milestones"
        )


def test_a_negative_value_is_refused_with_its_reason(world, tasks):
    with translation.override("en"), pytest.raises(ValidationError) as info:
        report(world, tasks[0], status="on_track", value="-1")
    assert info.value.message_dict["value"] == ["This value cannot be negative."]
    with pytest.raises(ValidationError) as info:
        report(world, tasks[0], status="on_track", value="-1")
    assert info.value.message_dict["value"] == ["Giá trị này không được âm."]
