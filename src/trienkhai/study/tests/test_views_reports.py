"""Learning reports on screen: a member submits (text or file, late flag), a clerk enters one
for a member without a phone, the reviewer lists, reads (with the copied passages side by
side), grades or sends back; the member rewrites."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.core.models import AuditEvent
from trienkhai.resolutions.models import Obligation
from trienkhai.study import services
from trienkhai.study.models import LearningReport
from trienkhai.tooling.testing import make_user, odt_bytes
from trienkhai.units.models import RoleAssignment

from .test_services_builders import KEY_POINTS
from .test_views_support import PDF, add_people, count_queries, docx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


TEXT = (
    "Qua học tập Nghị quyết, tôi nhận thức rõ hơn yêu cầu sắp xếp bộ máy tinh gọn. "
    "Bản thân tôi sẽ hướng dẫn bà con thôn 1 dùng dịch vụ công trực tuyến. "
    "Tôi cam kết tham gia đầy đủ sinh hoạt chi bộ và hoàn thành nhiệm vụ được giao."
)
OTHER_TEXT = (
    "Là giáo viên, tôi sẽ đưa nội dung chuyển đổi số vào giờ sinh hoạt lớp. "
    "Chi bộ cần phân công đảng viên trẻ kèm cặp người cao tuổi dùng điện thoại thông minh. "
    "Tôi đề nghị xã sớm lắp thêm điểm phát sóng ở khu vực đồng bãi ven sông."
)


@pytest.fixture
def hoa(study, media):
    """Trần Thị Hoa's login: linked to her person, a viewer of her cell (as in the demo)."""
    user = make_user("hoa", Role.VIEWER, study.tree.cell_a)
    study.hoa.user = user
    study.hoa.save(update_fields=["user"])
    return user


def my_report_url(study):
    return reverse("study:my-report", args=[study.plan.pk])


def submit(study, person, text=TEXT, user=None):
    """Submit, and run the copy check queued when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.submit_report(
            user=user or study.tree.clerk_a, plan=study.plan, person=person, text=text
        )
    report.refresh_from_db()
    return report


def test_a_member_writes_their_report(study, hoa, login):
    client = login(hoa)
    page = client.get(my_report_url(study))
    assert page.status_code == 200
    assert page.context["form"] is not None and page.context["due_on"]
    assert not page.context["late_now"]

    response = client.post(my_report_url(study), {"text": TEXT})

    assert response.status_code == 302
    report = LearningReport.objects.get()
    assert (report.person, report.entered_by, report.is_late) == (study.hoa, hoa, False)
    again = client.get(my_report_url(study))
    assert again.context["form"] is None  # submitted: read-only until sent back
    assert "dịch vụ công trực tuyến" in again.content.decode()


def test_after_the_deadline_the_report_is_marked_late(study, hoa, login):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Obligation.objects.filter(plan=study.plan, requirement__kind="learning_reports").update(
        due_on=yesterday
    )
    client = login(hoa)
    page = client.get(my_report_url(study))
    assert page.context["late_now"]

    client.post(my_report_url(study), {"text": TEXT})

    report = LearningReport.objects.get()
    assert report.is_late
    assert 'class="badge closed"' in client.get(my_report_url(study)).content.decode()


@pytest.mark.parametrize(
    "name, content",
    [
        ("bai-thu-hoach.pdf", b"this is plain text pretending to be a PDF"),
        ("bai-thu-hoach.docx", b"PK\x03\x04 not really a zip"),
        ("bai-thu-hoach.pdf", b""),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused(study, hoa, login, name, content):
    client = login(hoa)
    audit = AuditEvent.objects.count()
    response = client.post(
        my_report_url(study), {"file": SimpleUploadedFile(name, content), "text": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not LearningReport.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_an_empty_report_is_refused(study, hoa, login):
    response = login(hoa).post(my_report_url(study), {"text": "   "})
    assert response.status_code == 400
    assert not LearningReport.objects.exists()


@pytest.mark.parametrize(
    "name, content, kind",
    [("a.pdf", PDF, "pdf"), ("b.docx", None, "docx"), ("c.odt", "odt", "odt")],
)
def test_a_pdf_or_word_file_is_accepted_and_downloadable(study, hoa, login, name, content, kind):
    """PDF, Word and LibreOffice's .odt (issue 13: each is read by the copy check)."""
    client = login(hoa)
    if content == "odt":
        content = odt_bytes(["Bài thu hoạch về chuyển đổi số của thôn."])
    upload = SimpleUploadedFile(name, content if content is not None else docx_bytes())
    assert client.post(my_report_url(study), {"file": upload}).status_code == 302
    report = LearningReport.objects.get()
    assert report.file_type == kind

    url = reverse("study:report-file", args=[report.pk])
    assert client.get(url).status_code == 200  # her own file
    assert login(study.tree.clerk_a).get(url).status_code == 200
    assert login(study.tree.clerk_b).get(url).status_code == 404


def test_a_login_without_a_member_has_nothing_to_write(study, login):
    client = login(study.tree.clerk_a)
    page = client.get(my_report_url(study))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(my_report_url(study), {"text": TEXT}).status_code == 400
    assert not LearningReport.objects.exists()


def test_the_sibling_communes_member_cannot_open_a_plan_of_commune_a(study, login, media):
    from .test_services_builders import make_plan

    plan = make_plan(study.tree, study.resolution, number="05-KH/ĐU")
    plan.unit = study.tree.commune_a
    plan.save(update_fields=["unit"])
    user = make_user("binh", Role.VIEWER, study.tree.cell_b)
    study.binh.user = user
    study.binh.save(update_fields=["user"])
    response = login(user).get(reverse("study:my-report", args=[plan.pk]))
    assert response.status_code == 404


def test_a_report_sent_back_is_rewritten(study, hoa, login):
    report = submit(study, study.hoa, user=hoa)
    services.review_report(
        user=study.secretary_a1, report=report, send_back=True, comment="Viết cụ thể hơn."
    )
    client = login(hoa)
    page = client.get(my_report_url(study))
    assert "Viết cụ thể hơn." in page.content.decode()
    assert page.context["form"] is not None

    assert client.post(my_report_url(study), {"text": OTHER_TEXT}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.text) == ("submitted", OTHER_TEXT)


# --- a clerk enters a report ------------------------------------------------------------------


def clerk_data(study, **overrides):
    return {"plan": study.plan.pk, "person": "a002", "text": TEXT, **overrides}


def test_a_clerk_enters_a_report_for_a_member_without_a_phone(study, login, media):
    client = login(study.tree.clerk_a)
    url = reverse("study:report-add", args=[study.tree.commune_a.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, clerk_data(study))

    report = LearningReport.objects.get()
    assert response.status_code == 302 and response.url == report.get_absolute_url()
    assert (report.person, report.entered_by) == (study.hoa, study.tree.clerk_a)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"person": "B001"}, "person"),  # the sibling commune's member
        ({"person": "NOPE"}, "person"),
        ({"person": ""}, "person"),
        ({"plan": "987654"}, "plan"),
        ({"text": ""}, None),
    ],
)
def test_bad_clerk_entries_are_refused(study, login, media, overrides, field):
    client = login(study.tree.clerk_a)
    url = reverse("study:report-add", args=[study.tree.commune_a.pk])
    response = client.post(url, clerk_data(study, **overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors.get(field or "__all__"), errors
    assert not LearningReport.objects.exists()


def test_a_duplicate_entry_is_refused_on_the_form(study, login, media):
    submit(study, study.hoa)
    client = login(study.tree.clerk_a)
    url = reverse("study:report-add", args=[study.tree.commune_a.pk])
    response = client.post(url, clerk_data(study))
    assert response.status_code == 400
    assert LearningReport.objects.count() == 1


# --- the reviewer ------------------------------------------------------------------------------


def test_the_reviewer_lists_and_filters_the_reports(study, login, media):
    submit(study, study.hoa)
    late = submit(study, study.an, OTHER_TEXT)
    LearningReport.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=5)
    )
    copy = submit(study, study.cuong, TEXT)  # copied from Hoa's
    assert copy.similar_to_id is not None
    client = login(study.secretary_a1)
    url = reverse("study:unit-reports", args=[study.tree.cell_a.pk])

    everything = client.get(url)
    assert everything.status_code == 200
    assert everything.context["page"].paginator.count == 3
    assert everything.context["tally"]["expected"] == 3

    def shown(show):
        page = client.get(url, {"plan": study.plan.pk, "show": show}).context["page"]
        return {r.person.full_name for r in page.object_list}

    assert shown("late") == {"Nguyễn Văn An"}
    assert shown("flagged") == {"Lê Văn Cường"}
    assert shown("ungraded") == {"Nguyễn Văn An", "Lê Văn Cường", "Trần Thị Hoa"}
    assert shown("graded") == set()
    assert {
        r.person.full_name for r in client.get(url, {"q": "cuong"}).context["page"].object_list
    } == {"Lê Văn Cường"}


def test_who_may_open_the_reports(study, login, media):
    report = submit(study, study.hoa)
    list_url = reverse("study:unit-reports", args=[study.tree.commune_a.pk])
    detail = reverse("study:report-detail", args=[report.pk])
    assert login(study.tree.clerk_a).get(list_url).status_code == 200
    assert login(study.tree.clerk_a).get(detail).status_code == 200
    for user in (study.tree.clerk_b, study.tree.viewer_a):
        client = login(user)
        assert client.get(list_url).status_code == 404
        assert client.get(detail).status_code == 404


def test_a_flagged_copy_shows_the_passages_side_by_side(study, login, media):
    original = submit(study, study.hoa)
    copy = submit(study, study.an, TEXT.replace("tinh gọn", "tinh gon"))
    client = login(study.secretary_a1)

    response = client.get(copy.get_absolute_url())

    assert response.context["flagged"]
    assert response.context["source"] == original
    passages = response.context["match"].passages
    assert len(passages) == 3
    html = response.content.decode()
    assert 'class="passages"' in html and original.get_absolute_url() in html


def test_a_copy_of_the_resolution_shows_its_sentences(study, login, media):
    text = " ".join(point for point, _new in KEY_POINTS)
    report = submit(study, study.hoa, text)
    assert report.similar_to_resolution
    response = login(study.secretary_a1).get(report.get_absolute_url())
    passages = response.context["match"].passages
    assert passages and all(p.source_sentence in text for p in passages)


def test_the_cell_secretary_grades(study, login, media):
    report = submit(study, study.hoa)
    client = login(study.secretary_a1)
    page = client.get(report.get_absolute_url())
    assert page.context["can_review"] and page.context["form"] is not None

    response = client.post(reverse("study:report-review", args=[report.pk]), {"grade": "good"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.grade, report.reviewer) == ("graded", "good", study.secretary_a1)


def test_sending_back_needs_a_comment(study, login, media):
    report = submit(study, study.hoa)
    client = login(study.secretary_a1)
    url = reverse("study:report-review", args=[report.pk])

    response = client.post(url, {"send_back": "1", "comment": "  "})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == "submitted"

    assert client.post(url, {"send_back": "1", "comment": "Nêu rõ việc làm."}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.comment) == ("returned", "Nêu rõ việc làm.")


@pytest.mark.parametrize("data", [{"grade": "excellent"}, {}, {"grade": ""}])
def test_a_grade_off_the_scale_is_refused(study, login, media, data):
    report = submit(study, study.hoa)
    response = login(study.secretary_a1).post(
        reverse("study:report-review", args=[report.pk]), data
    )
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_clerk_cannot_grade(study, login, media):
    report = submit(study, study.hoa)
    client = login(study.tree.clerk_a)
    assert client.get(report.get_absolute_url()).context["can_review"] is False
    url = reverse("study:report-review", args=[report.pk])
    assert client.post(url, {"grade": "good"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_report_list_costs_the_same_queries_for_3_or_30_reports(study, login, media):
    client = login(study.tree.clerk_a)
    for person in (study.hoa, study.an, study.cuong):
        submit(study, person, f"{OTHER_TEXT} Số {person.pk}.")
    url = reverse("study:unit-reports", args=[study.tree.commune_a.pk])
    small, _ = count_queries(client, url)
    for i, person in enumerate(add_people(study.tree.cell_a, 27)):
        submit(study, person, f"Báo cáo riêng số {i} của đảng viên về việc học tập nghị quyết.")
    large, response = count_queries(client, url)
    assert response.context["page"].paginator.count == 30
    assert small == large


def test_my_study_lists_the_plans_for_a_member(study, hoa, login):
    submit(study, study.hoa, user=hoa)
    response = login(hoa).get(reverse("study:home"))
    assert response.status_code == 200
    [plan] = response.context["plans"].object_list
    assert plan.my_report is not None and plan.studied is False
    assert RoleAssignment.objects.filter(user=hoa).exists()


def test_my_study_is_a_declared_table_that_survives_bad_parameters(study, hoa, login):
    from .test_views_support import count_queries

    client = login(hoa)
    url = reverse("study:home")
    html = client.get(url).content.decode()
    assert reverse("study:my-report", args=[study.plan.pk]) in html
    assert "<th ></th>" in html and "<b>" + study.plan.number + "</b>" in html
    small, _ = count_queries(client, url, {})
    submit(study, study.hoa, user=hoa)
    large, response = count_queries(client, url, {"sort": "-plan"})
    assert small == large and response.context["plans"].object_list[0].my_report is not None
    for bad in ("²", "abc", "-1", "9" * 30, "studied", "-pk"):
        assert client.get(url, {"sort": bad, "page": bad}).status_code == 200
