"""Progress screens: the inbox of the tasks a unit leads, the report on a task with evidence
files, a second report replacing the first, the history and its scoped downloads. The lead
unit's clerk reports; a committee member sees but is refused (403); the sibling commune's
clerk gets 404 everywhere; bad input comes back with a message (400) and writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.programs.models import ProgressEvidence, ProgressUpdate

from .conftest import database, fresh
from .test_views_follow_support import (  # noqa: F401 (english, today: fixtures)
    PDF,
    Q1,
    Q2,
    Q3,
    D,
    count_queries,
    english,
    errors_of,
    tasks_of,
    text,
    today,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "today", "media")]


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def report_url(task):
    return reverse("programs:progress-report", args=[task.pk])


def history_url(task):
    return reverse("programs:progress-history", args=[task.pk])


def post_report(client, task, **fields):
    data = {"period": Q2.isoformat(), "status": "on_track", "value": "75,5", "narrative": ""}
    data.update(fields)
    return client.post(report_url(task), {k: v for k, v in data.items() if v is not None})


# --- the inbox ------------------------------------------------------------------------------


def test_the_inbox_lists_the_tasks_the_unit_leads_with_period_status_and_overdue_milestones(
    world, adopted_a, build, login
):
    a1, a2 = tasks_of(adopted_a)
    build.report(a2, period=Q2, status="late", narrative="Thiếu kinh phí", on=D(2026, 6, 20))
    client = login(world.clerk_a)

    response = client.get(reverse("programs:progress-inbox"), {"unit": world.commune_a.pk})

    assert response.status_code == 200
    rows = {t.pk: t for t in response.context["page"].object_list}
    assert set(rows) == {a1.pk, a2.pk}  # the province's tasks are led by the province
    assert rows[a1.pk].current_label == "Q3/2026" and not rows[a1.pk].reported_now
    assert rows[a1.pk].status_label == "Not started"
    assert [(m.when_label, m.days_overdue) for m in rows[a1.pk].overdue] == [("Q2/2026", 10)]
    assert rows[a2.pk].status_label == "Late" and rows[a2.pk].latest_label == "Q2/2026"
    assert rows[a2.pk].overdue == []
    page = text(response)
    assert "10 days overdue" in page and 'class="overdue-list"' in page
    assert page.count(">Report</a>") == 2  # clerk_a may change both lead units


def test_the_inbox_of_the_cell_lists_only_its_task_and_defaults_to_the_users_top_unit(
    world, adopted_a, login
):
    _a1, a2 = tasks_of(adopted_a)
    client = login(world.clerk_a)
    cell = client.get(reverse("programs:progress-inbox"), {"unit": world.cell_a.pk})
    assert [t.pk for t in cell.context["page"].object_list] == [a2.pk]
    default = client.get(reverse("programs:progress-inbox"))
    assert default.context["unit"] == world.commune_a


@pytest.mark.parametrize("unit", ["commune_a", "cell_a", "junk"])
def test_the_inbox_of_a_unit_out_of_scope_is_404(world, adopted_a, login, unit):
    client = login(world.clerk_b)
    pk = getattr(world, unit).pk if unit != "junk" else "x1"
    assert client.get(reverse("programs:progress-inbox"), {"unit": pk}).status_code == 404


def test_the_inbox_shows_no_report_button_to_a_committee_member(world, adopted_a, login):
    response = login(world.member_a).get(
        reverse("programs:progress-inbox"), {"unit": world.commune_a.pk}
    )
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2
    assert ">Report</a>" not in text(response)


def test_the_inbox_runs_the_same_queries_whatever_the_number_of_tasks(
    world, adopted_a, build, login
):
    client = login(world.clerk_a)
    url = reverse("programs:progress-inbox")
    params = {"unit": world.commune_a.pk}
    few, _ = count_queries(client, url, params)
    more = build.program(world.commune_a, number="09-CTr/ĐU", title="Chương trình thứ hai")
    for i in range(6):
        build.task(
            more,
            title=f"Nhiệm vụ số {i} về chuyển đổi số ở xã",
            milestones=[{"when": "Q1/2026", "deliverable": f"Kết quả {i}"}],
        )
    build.adopt(more, on=D(2026, 3, 1))
    many, response = count_queries(client, url, params)
    assert len(response.context["page"].object_list) == 8
    assert many == few


# --- the report form ------------------------------------------------------------------------


def test_the_form_offers_the_periods_since_approval_and_shows_the_indicator_and_roadmap(
    world, adopted_a, login
):
    a1, _ = tasks_of(adopted_a)
    response = login(world.clerk_a).get(report_url(a1))
    assert response.status_code == 200
    form = response.context["form"]
    assert [label for _, label in form.fields["period"].choices] == [
        "Q3/2026",
        "Q2/2026",
        "Q1/2026",
    ]
    page = text(response)
    assert "Tỷ lệ hộ dùng nước sạch" in page and "baseline: 60" in page and "target: 90" in page
    assert "overdue by 10 days" in page  # the Q2/2026 milestone, in red
    assert 'class="late"' in page
    assert response.context["previous"] is None


def test_a_report_with_an_evidence_file_is_saved_listed_and_downloadable(
    world, adopted_a, login, media
):
    a1, _ = tasks_of(adopted_a)
    client = login(world.clerk_a)
    response = client.post(
        report_url(a1),
        {
            "period": Q2.isoformat(),
            "status": "on_track",
            "value": "75,5",
            "narrative": "Đã lắp đặt thêm 40 hộ.",
            "files": [pdf("bien-ban-nghiem-thu.pdf")],
        },
    )
    assert response.status_code == 302
    assert response.url == history_url(a1)
    update = ProgressUpdate.objects.get(task=a1)
    assert (update.period_start, update.status, update.value) == (Q2, "on_track", Decimal("75.5"))
    assert update.reported_by == world.clerk_a and update.reported_on == D(2026, 7, 10)
    evidence = ProgressEvidence.objects.get(update=update)
    assert evidence.original_name == "bien-ban-nghiem-thu.pdf" and evidence.content_type == "pdf"

    history = client.get(history_url(a1))
    assert history.status_code == 200
    download_url = reverse("programs:progress-evidence", args=[evidence.pk])
    assert download_url in text(history) and "/media/" not in text(history)
    download = client.get(download_url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert login(world.clerk_b).get(download_url).status_code == 404


def test_a_second_report_for_the_same_period_replaces_the_first_and_the_form_says_so(
    world, adopted_a, login
):
    a1, _ = tasks_of(adopted_a)
    client = login(world.clerk_a)
    assert post_report(client, a1, value="72").status_code == 302

    form_page = client.get(report_url(a1), {"period": Q2.isoformat()})
    page = text(form_page)
    assert form_page.context["previous"].value == Decimal("72")
    assert "Already reported for Q2/2026" in page and "replaces this one" in page
    labels = dict(form_page.context["form"].fields["period"].choices)
    assert labels[Q2.isoformat()].startswith("Q2/2026 — reported on 10/07/2026")
    assert form_page.context["form"].initial["status"] == "on_track"

    assert post_report(client, a1, status="done", value="80").status_code == 302
    update = ProgressUpdate.objects.get(task=a1)  # still one for the period
    assert (update.status, update.value) == ("done", Decimal("80"))
    assert fresh(a1.milestones.order_by("due_on").first()).done_on == D(2026, 7, 10)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"value": "abc"}, "Enter a number"),
        ({"value": "1.234"}, "at most 2 digits"),  # English: a decimal point
        ({"value": "NaN"}, "Enter a number"),
        ({"value": "1e15"}, "too large"),
        ({"value": ""}, "Give the value reached"),  # the service: measurable and on track
        ({"status": "late", "narrative": ""}, "Say what is holding the task back"),
        ({"period": Q3.replace(month=10).isoformat()}, "Select a valid choice"),
        ({"status": "bogus"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    world, adopted_a, login, fields, message
):
    a1, _ = tasks_of(adopted_a)
    before = database()
    response = post_report(login(world.clerk_a), a1, **fields)
    assert response.status_code == 400
    assert message in errors_of(response)
    assert "The report was not saved" in text(response)
    assert database() == before


@pytest.mark.parametrize(
    "upload, message",
    [
        (pdf(content=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)), "too large"),
        (SimpleUploadedFile("bao-cao.pdf", b"hello, not a pdf"), "not a PDF, DOCX document"),
        (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n rest"), "not a PDF, DOCX document"),
    ],
    ids=["oversized", "text-named-pdf", "image"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_written(
    world, adopted_a, login, settings, media, upload, message
):
    settings.MAX_UPLOAD_MB = 1
    a1, _ = tasks_of(adopted_a)
    before = database()
    response = post_report(login(world.clerk_a), a1, files=[pdf("ok.pdf"), upload])
    assert response.status_code == 400
    assert message in errors_of(response)
    assert database() == before
    assert not [p for p in media.rglob("*") if p.is_file()]  # no file stored either


def test_a_committee_member_sees_the_form_page_but_posting_is_refused(world, adopted_a, login):
    a1, _ = tasks_of(adopted_a)
    client = login(world.member_a)
    page = client.get(report_url(a1))
    assert page.status_code == 200
    assert "Only the lead unit" in text(page) and 'id="progress-form"' not in text(page)
    before = database()
    response = post_report(client, a1, files=[pdf()])
    assert response.status_code == 403
    assert "Only the lead unit (Đảng ủy xã An Phú)" in text(response)
    assert database() == before
    assert client.get(history_url(a1)).status_code == 200


def test_the_sibling_commune_gets_404_on_every_progress_page(world, adopted_a, build, login):
    a1, _ = tasks_of(adopted_a)
    update = build.report(a1, period=Q2, status="on_track", value="70", files=[pdf()])
    evidence = update.evidence.get()
    client = login(world.clerk_b)
    before = database()
    for url in (
        report_url(a1),
        history_url(a1),
        reverse("programs:progress-evidence", args=[evidence.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert post_report(client, a1).status_code == 404
    assert database() == before


def test_a_program_not_yet_approved_takes_no_report(world, draft_a, login):
    a1, _ = tasks_of(draft_a)
    client = login(world.clerk_a)
    page = client.get(report_url(a1))
    assert page.status_code == 200
    assert "Progress is reported on approved programs" in text(page)
    before = database()
    assert post_report(client, a1).status_code == 400
    assert database() == before


def test_the_history_lists_reports_latest_first_with_overdue_milestones(
    world, adopted_a, build, login
):
    a1, _ = tasks_of(adopted_a)
    build.report(a1, period=Q1, status="on_track", value="62", on=D(2026, 3, 30))
    build.report(a1, period=Q2, status="at_risk", value="65", narrative="Chậm", on=D(2026, 6, 29))
    response = login(world.clerk_a).get(history_url(a1))
    assert [u.label for u in response.context["page"].object_list] == ["Q2/2026", "Q1/2026"]
    assert "overdue by 10 days" in text(response)


def test_the_history_runs_the_same_queries_whatever_the_number_of_reports_and_files(
    world, adopted_a, build, login
):
    a1, _ = tasks_of(adopted_a)
    build.report(a1, period=Q1, status="on_track", value="62", files=[pdf()], on=D(2026, 3, 30))
    client = login(world.clerk_a)
    few, _ = count_queries(client, history_url(a1))
    build.report(a1, period=Q2, status="on_track", value="66", files=[pdf(), pdf("b.pdf")])
    build.report(a1, period=Q3, status="on_track", value="70", files=[pdf("c.pdf")])
    many, response = count_queries(client, history_url(a1))
    assert len(response.context["page"].object_list) == 3
    assert many == few


def test_a_done_task_is_not_asked_for_this_periods_report(world, adopted_a, build, login):
    _a1, a2 = tasks_of(adopted_a)
    build.report(a2, period=Q2, status="done", narrative="Đã kiện toàn", on=D(2026, 6, 28))
    response = login(world.clerk_a).get(
        reverse("programs:progress-inbox"), {"unit": world.cell_a.pk}
    )
    (row,) = response.context["page"].object_list
    assert row.is_done and not row.reported_now
    assert "task done" in text(response) and "not yet reported" not in text(response)


def test_the_clerk_of_the_cell_that_leads_a_task_reports_on_it(world, adopted_a, login):
    """A task of commune A's program led by cell A1: the cell's own clerk (no role on the
    commune) finds it in the cell's inbox and reports; the commune's other task is not theirs."""
    from trienkhai.core.access import Role
    from trienkhai.tooling.testing import make_user

    a1, a2 = tasks_of(adopted_a)
    clerk_cell = make_user("clerk_a1", Role.CLERK, world.cell_a)
    client = login(clerk_cell)
    inbox = client.get(reverse("programs:progress-inbox"))
    assert inbox.context["unit"] == world.cell_a
    assert [t.pk for t in inbox.context["page"].object_list] == [a2.pk]
    response = post_report(client, a2, status="on_track", value="", narrative="Đã họp chi bộ")
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(task=a2).reported_by == clerk_cell
    assert client.get(history_url(a2)).status_code == 200
    refused = post_report(client, a1)  # led by the commune: readable, not theirs to report
    assert refused.status_code == 403 and "Only the lead unit" in text(refused)


@pytest.mark.parametrize("bad", ["²", "-1", "abc", "99999999999999999999"])
def test_a_superscript_or_forged_id_is_a_404_or_a_filter_error_never_a_500(
    world, adopted_a, login, bad
):
    """``"²".isdigit()`` is true and ``int("²")`` raises: every id is parsed in one place."""
    client = login(world.clerk_a)
    inbox = reverse("programs:progress-inbox")
    assert client.get(inbox, {"unit": bad}).status_code == 404
    response = client.get(inbox, {"lead": bad})
    assert response.status_code == 400 and response.context["page"].paginator.count == 0
    assert client.get(reverse("programs:program-list"), {"plan": bad}).status_code == 400
    assert client.get(reverse("programs:program-list"), {"unit": bad}).status_code == 400
    assert client.get(reverse("programs:coverage"), {"plan": bad}).status_code == 404
    assert client.get(reverse("programs:program-add"), {"unit": bad}).status_code == 404
    assert client.get(reverse("programs:program-add"), {"plan": bad}).status_code == 200


def test_the_inbox_filters_by_lead_unit_and_status(world, adopted_a, login):
    _a1, a2 = tasks_of(adopted_a)
    client = login(world.clerk_a)
    inbox = reverse("programs:progress-inbox")

    response = client.get(inbox, {"unit": world.commune_a.pk, "lead": world.cell_a.pk})
    assert [t.pk for t in response.context["page"].object_list] == [a2.pk]
    response = client.get(inbox, {"unit": world.commune_a.pk, "status": "done"})
    assert list(response.context["page"].object_list) == []
    # the sibling commune's cell is not a lead unit one may choose here
    response = client.get(inbox, {"unit": world.commune_a.pk, "lead": world.cell_b.pk})
    assert response.status_code == 400
