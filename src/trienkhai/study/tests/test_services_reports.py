"""Learning reports: who may submit, deadlines, send-back and rewrite, grading, files, the
"all submitted" evidence and the copy signal."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from django.utils.translation import gettext

from trienkhai.resolutions import services as plans
from trienkhai.resolutions.models import Obligation
from trienkhai.study import services, similarity
from trienkhai.study.models import Grade, LearningReport
from trienkhai.tooling.testing import docx_bytes, make_user, pdf_bytes

from .test_services_builders import KEY_POINTS, make_plan, person

DAY = datetime.timedelta(days=1)
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
MINIMAL_PDF = pdf_bytes()


def strip_marks(text: str) -> str:
    """Vietnamese typed without tone marks: ``Nghị quyết`` → ``Nghi quyet``."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def minimal_docx() -> bytes:
    return docx_bytes()


@pytest.fixture
def study(study, settings, tmp_path):
    """The study world (conftest), its uploads in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return study


@pytest.fixture
def hoa_login(study):
    """Hoa's own login, without any role: she writes her own report and nothing else."""
    user = make_user("hoa")
    study.hoa.user = user
    study.hoa.save(update_fields=["user"])
    return user


def submit(study, who, text=TEXT, user=None, **kwargs):
    """Submit, and run the copy check queued when the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = services.submit_report(
            user=user or study.tree.clerk_a, plan=study.plan, person=who, text=text, **kwargs
        )
    report.refresh_from_db()
    return report


def set_due(study, unit, due):
    Obligation.objects.filter(
        plan=study.plan, unit=unit, requirement__kind="learning_reports"
    ).update(due_on=due)


# --- who submits -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_submits_their_own_report_through_their_login(study, hoa_login):
    """Given Hoa's login has no role, when she submits her report, then it is hers, in her
    cell, entered by her, due on the plan's deadline for her cell, not late."""
    report = submit(study, study.hoa, user=hoa_login)
    assert report.status == LearningReport.Status.SUBMITTED
    assert (report.person, report.unit, report.entered_by) == (
        study.hoa,
        study.tree.cell_a,
        hoa_login,
    )
    assert report.due_on == study.obligation(study.tree.cell_a, "learning_reports").due_on
    assert not report.is_late


@pytest.mark.django_db
def test_a_member_cannot_submit_for_someone_else(study, hoa_login):
    with pytest.raises(PermissionDenied):
        submit(study, study.an, user=hoa_login)
    assert not LearningReport.objects.exists()


@pytest.mark.django_db
def test_a_clerk_enters_a_report_for_a_member_without_a_phone(study):
    report = submit(study, study.an, user=study.tree.clerk_a)
    assert report.person == study.an and report.entered_by == study.tree.clerk_a


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "nobody"])
def test_others_cannot_enter_reports(study, who):
    """The sibling commune's clerk, a viewer and a user without a role are refused."""
    with pytest.raises(PermissionDenied):
        submit(study, study.an, user=getattr(study.tree, who))
    assert not LearningReport.objects.exists()


@pytest.mark.django_db
def test_reports_are_for_issued_plans_addressed_to_the_member(study):
    tree = study.tree
    draft = make_plan(tree, study.resolution, number="31-KH/TU", issue=False)
    with pytest.raises(ValidationError):
        services.submit_report(user=tree.admin, plan=draft, person=study.an, text=TEXT)
    plan_b = plans.create_plan(
        user=tree.admin,
        unit=tree.commune_b,
        number="06-KH/ĐU",
        title="Kế hoạch của phường",
        issued_on=timezone.localdate(),
        resolutions=[study.resolution],
        requirements=[
            {
                "kind": "learning_reports",
                "title": "Bài thu hoạch",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": timezone.localdate() + DAY,
            }
        ],
    )
    plan_b = plans.issue_plan(user=tree.admin, plan=plan_b)
    with pytest.raises(ValidationError):
        services.submit_report(user=tree.admin, plan=plan_b, person=study.an, text=TEXT)
    services.submit_report(user=tree.admin, plan=plan_b, person=study.binh, text=TEXT)


@pytest.mark.django_db
def test_an_empty_report_is_refused(study):
    with pytest.raises(ValidationError) as caught:
        submit(study, study.an, text="   \n ")
    assert "text" in caught.value.message_dict


# --- deadlines ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_report_after_the_deadline_is_marked_late(study):
    """Given the cell's deadline was yesterday, a report submitted today is late."""
    set_due(study, study.tree.cell_a, timezone.localdate() - DAY)
    report = submit(study, study.an)
    assert report.due_on == timezone.localdate() - DAY
    assert report.is_late


@pytest.mark.django_db
def test_a_report_on_the_deadline_day_is_on_time(study):
    set_due(study, study.tree.cell_a, timezone.localdate())
    assert not submit(study, study.an).is_late


@pytest.mark.django_db
def test_the_earliest_deadline_above_the_member_applies(study):
    """Given the commune owes its reports earlier than the cell, the commune's date applies to
    the cell's members; the sibling commune's deadline does not."""
    set_due(study, study.tree.commune_a, timezone.localdate() - 2 * DAY)
    set_due(study, study.tree.commune_b, timezone.localdate() - 9 * DAY)
    report = submit(study, study.an)
    assert report.due_on == timezone.localdate() - 2 * DAY
    assert report.is_late


@pytest.mark.django_db
def test_duplicate_submissions_are_refused(study):
    submit(study, study.an)
    with pytest.raises(ValidationError):
        submit(study, study.an, text=OTHER_TEXT)
    assert LearningReport.objects.get().text == TEXT


# --- review ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_back_needs_a_comment(study):
    report = submit(study, study.an)
    with pytest.raises(ValidationError) as caught:
        services.review_report(user=study.secretary_a1, report=report, send_back=True)
    assert "comment" in caught.value.message_dict
    report.refresh_from_db()
    assert report.status == LearningReport.Status.SUBMITTED


@pytest.mark.django_db
def test_a_report_sent_back_is_rewritten_and_graded(study):
    """Given the cell secretary sent An's report back with a comment, when An rewrites it, then
    the same report is submitted again with the new text (late again if the deadline has
    passed meanwhile) and can be graded."""
    report = submit(study, study.an)
    report = services.review_report(
        user=study.secretary_a1, report=report, send_back=True, comment="Cần liên hệ bản thân."
    )
    assert report.status == LearningReport.Status.RETURNED and report.grade == ""
    set_due(study, study.tree.cell_a, timezone.localdate() - DAY)
    rewritten = submit(study, study.an, text=OTHER_TEXT)
    assert rewritten.pk == report.pk
    assert (rewritten.status, rewritten.text) == (LearningReport.Status.SUBMITTED, OTHER_TEXT)
    assert rewritten.submitted_at >= report.submitted_at
    assert rewritten.is_late
    graded = services.review_report(user=study.secretary_a1, report=rewritten, grade=Grade.FAIR)
    assert (graded.status, graded.grade) == (LearningReport.Status.GRADED, Grade.FAIR)
    assert graded.reviewer == study.secretary_a1 and graded.reviewed_at is not None
    with pytest.raises(ValidationError):
        submit(study, study.an, text=TEXT)  # a graded report is final


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["secretary_a1", "head_a", "admin"])
def test_the_cell_secretary_or_someone_above_grades(study, who):
    user = getattr(study, who, None) or getattr(study.tree, who)
    report = services.review_report(user=user, report=submit(study, study.an), grade=Grade.GOOD)
    assert report.grade == Grade.GOOD


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "viewer_a", "nobody"])
def test_clerks_and_outsiders_cannot_grade(study, who):
    """Grading needs the approve right: a clerk enters reports but does not grade them, and
    the sibling commune cannot review commune A's."""
    report = submit(study, study.an)
    with pytest.raises(PermissionDenied):
        services.review_report(user=getattr(study.tree, who), report=report, grade=Grade.GOOD)
    with pytest.raises(PermissionDenied):
        services.review_report(
            user=getattr(study.tree, who), report=report, send_back=True, comment="Viết lại."
        )
    report.refresh_from_db()
    assert report.status == LearningReport.Status.SUBMITTED and report.grade == ""


@pytest.mark.django_db
def test_a_member_does_not_grade_their_own_report(study, hoa_login):
    report = submit(study, study.hoa, user=hoa_login)
    with pytest.raises(PermissionDenied):
        services.review_report(user=hoa_login, report=report, grade=Grade.GOOD)


@pytest.mark.django_db
def test_a_grade_off_the_scale_is_refused(study):
    report = submit(study, study.an)
    with pytest.raises(ValidationError) as caught:
        services.review_report(user=study.secretary_a1, report=report, grade="xuất sắc")
    assert "grade" in caught.value.message_dict


# --- files -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("bai-thu-hoach.pdf", MINIMAL_PDF, "pdf"), ("bai-thu-hoach.docx", None, "docx")],
)
def test_a_report_can_be_a_pdf_or_word_file(study, name, content, kind):
    upload = SimpleUploadedFile(name, content or minimal_docx())
    report = submit(study, study.an, text="", upload=upload)
    assert report.file_type == kind
    assert report.file.name.startswith("learning-reports/")
    assert report.similarity is None  # nothing to compare without text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bai-thu-hoach.pdf", b"Day khong phai la PDF"),
        ("bai-thu-hoach.docx", b"PK\x03\x04 not really a zip"),
        ("bai-thu-hoach.docx", b"MZ\x90\x00 an executable"),
    ],
)
def test_files_are_type_checked_from_their_content(study, name, content):
    with pytest.raises(ValidationError) as caught:
        submit(study, study.an, text="", upload=SimpleUploadedFile(name, content))
    assert "file" in caught.value.message_dict
    assert not LearningReport.objects.exists()


@pytest.mark.django_db
def test_oversized_files_are_refused(study, settings):
    settings.MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("lon.pdf", MINIMAL_PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        submit(study, study.an, text="", upload=big)
    assert "file" in caught.value.message_dict


# --- the "all submitted" evidence --------------------------------------------------------


@pytest.mark.django_db
def test_the_obligation_is_done_when_every_eligible_member_submitted(study):
    """Given the cell's three eligible members and the commune's fourth, when the cell's
    three have submitted, the cell's report obligation is done today (the exempt member need
    not write) and the commune's waits for Giang; the sibling commune's is untouched."""
    today = timezone.localdate()
    submit(study, study.an)
    submit(study, study.hoa, text=OTHER_TEXT)
    assert study.obligation(study.tree.cell_a, "learning_reports").fulfilled_on is None
    submit(study, study.cuong, text="Tôi sẽ làm gương trong việc thực hiện nghị quyết ở cơ quan.")
    cell = study.obligation(study.tree.cell_a, "learning_reports")
    assert cell.fulfilled_on == today
    assert cell.evidence == gettext("All learning reports submitted")
    assert study.obligation(study.tree.commune_a, "learning_reports").fulfilled_on is None
    submit(study, study.giang, text="Ban Thường vụ sẽ kiểm tra việc học tập ở các chi bộ.")
    assert study.obligation(study.tree.commune_a, "learning_reports").fulfilled_on == today
    assert study.obligation(study.tree.commune_b, "learning_reports").fulfilled_on is None


@pytest.mark.django_db
def test_a_newcomer_reopens_nothing_already_done(study):
    """Given the cell's obligation is done, a member who joins afterwards does not undo it."""
    for who, text in ((study.an, TEXT), (study.hoa, OTHER_TEXT), (study.cuong, "Tôi cam kết.")):
        submit(study, who, text=text)
    person(study.tree.cell_a, "Đỗ Thị Mới", "A099")
    assert study.obligation(study.tree.cell_a, "learning_reports").fulfilled_on is not None


# --- the copy signal ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_copied_report_is_flagged_with_its_source(study):
    """Given Hoa's report, when Cường submits it with the tone marks dropped and the sentences
    reordered, then his report is flagged as a copy of hers."""
    original = submit(study, study.hoa, text=TEXT)
    folded = strip_marks(" ".join(reversed(similarity.sentences(TEXT))))
    copy = submit(study, study.cuong, text=folded)
    assert copy.similarity >= similarity.FLAG_AT
    assert copy.similar_to == original and not copy.similar_to_resolution
    assert original.similarity is None or original.similarity < similarity.FLAG_AT


@pytest.mark.django_db
def test_a_report_copied_from_the_resolution_is_flagged(study):
    text = " ".join(point for point, _new in KEY_POINTS)
    report = submit(study, study.an, text=text)
    assert report.similar_to_resolution and report.similarity >= similarity.FLAG_AT
    assert report.similar_to is None


@pytest.mark.django_db
def test_an_honest_report_is_not_flagged(study):
    submit(study, study.hoa, text=TEXT)
    report = submit(study, study.an, text=OTHER_TEXT)
    assert report.similarity < similarity.FLAG_AT
    assert not report.similar_to_resolution


@pytest.mark.django_db
def test_the_first_honest_report_is_not_marked_as_like_the_resolution(study):
    """Given nothing else to compare with but the resolution, an honest report shares nothing
    with it and is not said to resemble it."""
    report = submit(study, study.an, text=OTHER_TEXT)
    assert report.similarity == 0
    assert not report.similar_to_resolution and report.similar_to is None


@pytest.mark.django_db
def test_reports_of_another_commune_are_not_compared(study):
    """The signal compares within the member's commune: a copy of a report from the sibling
    commune is not matched to it (a reviewer in commune A could not open it anyway)."""
    submit(study, study.binh, text=TEXT, user=study.tree.clerk_b)
    report = submit(study, study.an, text=TEXT)
    assert report.similar_to is None
    assert (report.similarity or 0) < similarity.FLAG_AT
