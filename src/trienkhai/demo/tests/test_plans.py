"""The demo province's plan for the 8th plenum: cascaded, part done, and seen by the right people.

The demo is loaded once for the package (``conftest.py``: outside the per-test transactions),
with uploads going to a temporary media folder, and removed at its end.
"""

import datetime
import re
import zipfile
from collections import Counter
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.core.uploads import DOCX, PDF, sniff
from trienkhai.demo.documents import ascii_text, tiny_docx, tiny_pdf
from trienkhai.demo.loader import DEMO_ROOT_CODE, load_demo
from trienkhai.demo.plans import PLAN_NUMBER, PLENUM_DAY
from trienkhai.resolutions import rollup
from trienkhai.resolutions.models import (
    Obligation,
    ObligationDocument,
    ObligationStatus,
    Plan,
    Requirement,
    Resolution,
)
from trienkhai.units.models import Person, RoleAssignment, Unit

S = ObligationStatus
K = Unit.Kind
R = Requirement.Kind


@pytest.fixture
def demo(demo_logins):
    """The demo province, loaded once for the package (conftest)."""
    return demo_logins


def _user(username):
    return get_user_model().objects.get(username=username)


def _root():
    return Unit.objects.get(code=DEMO_ROOT_CODE)


def _plan():
    return Plan.objects.get(unit__code=DEMO_ROOT_CODE, number=PLAN_NUMBER)


def _total(progress) -> rollup.Tally:
    tally = rollup.Tally()
    for item in progress:
        for status, n in item.tally.counts.items():
            tally.add(status, n)
    return tally


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# --- the documents -----------------------------------------------------------------------------


def test_the_tiny_files_are_what_the_upload_check_reads_them_as():
    pdf = tiny_pdf(["Nghị quyết (số 44)", "Ðảng bộ"], title="Thử")
    assert sniff(ContentFile(pdf)) == PDF
    assert pdf.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at the objects.
    startxref = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[startxref:].startswith(b"xref")
    offsets = re.findall(rb"(\d{10}) 00000 n", pdf)
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    assert b"(Nghi quyet \\(so 44\\)) Tj" in pdf
    docx = tiny_docx(["Báo cáo <kết quả> & số liệu"])
    assert sniff(ContentFile(docx)) == DOCX
    with zipfile.ZipFile(BytesIO(docx)) as archive:
        assert "Báo cáo &lt;kết quả&gt; &amp; số liệu" in archive.read("word/document.xml").decode()
    assert ascii_text("Đặng Thị Ánh") == "Dang Thi Anh"


# --- the plan and its cascade -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_province_registers_the_plenum_and_issues_its_plan(demo):
    plan = _plan()
    assert plan.is_issued and plan.version == 1 and plan.parent is None
    assert plan.issued_on == _days(-100)
    assert "Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII" in plan.title
    docs = {r.number: r for r in plan.resolutions.all()}
    assert set(docs) == {"43-NQ/TW", "44-NQ/TW", "45-NQ/TW"}
    for resolution in docs.values():
        assert resolution.issuing_body == "Ban Chấp hành Trung ương Đảng"
        assert resolution.term == "Khóa XIII" and resolution.issued_on == PLENUM_DAY
        points = list(resolution.key_points.all())
        assert 5 <= len(points) <= 8
        assert any(p.is_new for p in points) and not all(p.is_new for p in points)
    assert docs["44-NQ/TW"].title == "Về Chiến lược bảo vệ Tổ quốc trong tình hình mới"
    with docs["44-NQ/TW"].document.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    requirements = list(plan.requirements.all())
    assert [r.kind for r in requirements] == [
        R.STUDY_SESSION,
        R.ATTENDANCE,
        R.LEARNING_REPORTS,
        R.ACTION_PROGRAM,
        R.RESULTS_REPORT,
    ]
    assert requirements[1].target_value == 95
    assert set(requirements[0].target_kinds) == {K.PARTY_COMMITTEE, K.PARTY_CELL}
    assert {r.kind: r.due_on for r in requirements} == {
        R.STUDY_SESSION: _days(-60),
        R.ATTENDANCE: _days(-60),
        R.LEARNING_REPORTS: _days(-45),
        R.ACTION_PROGRAM: _days(-20),
        R.RESULTS_REPORT: _days(25),
    }
    issued = AuditEvent.objects.get(
        object_type="resolutions.plan", object_id=str(plan.pk), verb="issue"
    )
    assert issued.actor == _user("admin")


@pytest.mark.django_db
def test_every_committee_directly_under_the_province_issues_its_own_plan(demo):
    root, plan = _root(), _plan()
    committees = Unit.objects.filter(depth=root.depth + 1, kind=K.PARTY_COMMITTEE)
    children = list(plan.children.select_related("unit"))
    assert {c.unit_id for c in children} == set(committees.values_list("id", flat=True))
    numbers = [c.number for c in children]
    assert all(re.fullmatch(r"\d+-KH/ĐU", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    for child in children:
        assert child.is_issued and child.issued_on > plan.issued_on
        for req in child.requirements.select_related("parent_requirement"):
            assert req.parent_requirement.plan_id == plan.pk
            assert req.parent_requirement.kind == req.kind
            assert child.issued_on <= req.due_on < req.parent_requirement.due_on
    # In Tân Phong the clerk drafted the plan and the head issued it.
    local = Plan.objects.get(unit__code="HL-X01")
    events = AuditEvent.objects.filter(object_type="resolutions.plan", object_id=str(local.pk))
    assert events.get(verb="create").actor == _user("clerk")
    assert events.get(verb="issue").actor == _user("head")
    assert local.versions.get().issued_by == _user("head")


@pytest.mark.django_db
def test_obligations_reach_every_committee_body_and_cell(demo):
    root, plan = _root(), _plan()
    owed = Counter(
        Obligation.objects.filter(plan=plan).values_list("requirement__kind", "unit__kind")
    )
    cells = Unit.objects.filter(kind=K.PARTY_CELL).count()
    committees = Unit.objects.filter(kind=K.PARTY_COMMITTEE, depth__gt=root.depth).count()
    assert owed[R.STUDY_SESSION, K.PARTY_CELL] == cells
    assert owed[R.STUDY_SESSION, K.PARTY_COMMITTEE] == committees
    assert owed[R.ATTENDANCE, K.PARTY_CELL] == owed[R.LEARNING_REPORTS, K.PARTY_CELL] == cells
    # Action programs: every commune-level committee, and the government, Front and
    # organisations of the province and of every commune.
    bodies = Unit.objects.filter(kind__in=[K.GOVERNMENT, K.FRONT, K.MASS_ORG]).count()
    assert (
        owed[R.ACTION_PROGRAM, K.GOVERNMENT]
        + owed[R.ACTION_PROGRAM, K.FRONT]
        + owed[R.ACTION_PROGRAM, K.MASS_ORG]
        == bodies
    )
    # Every cell also owes its study under its commune's own plan: two plans, one cell.
    cell = Unit.objects.filter(kind=K.PARTY_CELL, depth=root.depth + 2).first()
    plans = set(
        Obligation.objects.filter(unit=cell, requirement__kind=R.STUDY_SESSION).values_list(
            "plan__number", flat=True
        )
    )
    assert len(plans) == 2 and PLAN_NUMBER in plans
    # Evidence counts under both plans at once.
    both = Obligation.objects.filter(unit=cell, requirement__kind=R.STUDY_SESSION)
    assert len({o.fulfilled_on for o in both}) == 1


@pytest.mark.django_db
def test_the_units_below_show_a_realistic_mix(demo):
    root, plan = _root(), _plan()
    tally = _total(rollup.completeness(plan, root))
    past_due = tally.on_time + tally.late + tally.overdue
    assert tally.owed > 250
    assert 0.55 <= tally.on_time / past_due <= 0.85
    assert 0.05 <= tally.late / past_due <= 0.25
    assert 0.05 <= tally.overdue / past_due <= 0.25
    assert tally.pending > 0 and tally.closed > 0
    by_kind = {p.requirement.kind: p.tally for p in rollup.completeness(plan, root)}
    results = by_kind[R.RESULTS_REPORT]
    assert results.overdue == results.late == 0  # not due yet: some in, the rest pending
    assert results.on_time > 0 and results.pending > 0
    for kind in (R.STUDY_SESSION, R.ACTION_PROGRAM):
        assert by_kind[kind].pending == 0  # the deadline has passed
        assert by_kind[kind].on_time and by_kind[kind].late and by_kind[kind].overdue
    # The drill-down shows communes that differ.
    children = rollup.by_child(plan, root)
    assert len(children) >= 12
    assert len({c.tally.on_time_rate for c in children}) > 3
    # The list of laggards names their heads.
    page = rollup.attach_heads(rollup.laggards(plan, root)[:20])
    assert page and all(o.status in (S.OVERDUE, S.LATE) for o in page)
    assert all(o.head is not None for o in page)


@pytest.mark.django_db
def test_evidence_says_what_was_done(demo):
    done = Obligation.objects.filter(plan=_plan(), fulfilled_on__isnull=False)
    assert not done.filter(fulfilled_on__gt=timezone.localdate()).exists()
    attendance = done.filter(requirement__kind=R.ATTENDANCE)
    assert attendance.exists()
    for obligation in attendance:
        present, members = map(int, re.findall(r"(\d+)/(\d+)", obligation.evidence)[-1])
        assert present / members >= 0.95, obligation.evidence
        assert (
            members
            == Person.objects.filter(
                unit=obligation.unit, is_party_member=True, exempt_from_activity=False
            ).count()
        )
    # Some cells reached the target only at a make-up session: done on its day.
    from trienkhai.study.models import StudySession

    makeups = StudySession.objects.filter(makeup_for__isnull=False)
    assert any(
        attendance.filter(unit=s.unit_id, fulfilled_on=timezone.localtime(s.starts_at).date())
        for s in makeups
    )
    # A program's evidence is its approval: the kind and number of a real program.
    programs = done.filter(requirement__kind=R.ACTION_PROGRAM)
    assert programs.filter(unit__kind=K.PARTY_COMMITTEE, evidence__contains="-CTr/ĐU").exists()
    assert programs.filter(unit__kind=K.GOVERNMENT, evidence__contains="/KH-UBND").exists()
    for obligation in programs.select_related("unit"):
        number = obligation.evidence.rsplit(" ", 1)[-1]
        assert obligation.unit.programs.filter(number=number, version__gt=0).exists()
    assert not done.filter(evidence="").exists()


@pytest.mark.django_db
def test_two_cells_merge_during_the_plan_and_are_not_counted(demo):
    closed = list(Unit.objects.filter(active_to__isnull=False))
    assert len(closed) == 2
    for cell in closed:
        assert cell.kind == K.PARTY_CELL and cell.active_to == _days(-70)
        assert not Person.objects.filter(unit=cell).exists()
        statuses = {o.status for o in Obligation.objects.filter(unit=cell).with_status()}
        assert statuses == {S.CLOSED}
        assert AuditEvent.objects.filter(
            object_type="units.unit", object_id=str(cell.pk), verb="close"
        ).exists()
    assert AuditEvent.objects.filter(object_type="units.person", verb="move").count() > 50


@pytest.mark.django_db
def test_results_reports_are_uploaded_as_documents(demo):
    documents = ObligationDocument.objects.select_related("obligation", "uploaded_by")
    assert 5 <= documents.count() <= 60
    assert {d.content_type for d in documents} == {PDF, DOCX}
    for document in documents:
        assert document.obligation.requirement.kind == R.RESULTS_REPORT
        assert document.obligation.fulfilled_on == timezone.localdate()
        with document.file.open("rb") as f:
            assert sniff(f) == document.content_type
    # The cell secretary uploaded her own cell's report; Tân Phong's is still to do.
    cell = RoleAssignment.objects.get(user__username="secretary").unit
    assert documents.get(obligation__unit=cell).uploaded_by == _user("secretary")
    commune = Unit.objects.get(code="HL-X01")
    own = Obligation.objects.filter(unit=commune, requirement__kind=R.RESULTS_REPORT)
    assert own.with_status().get().status == S.PENDING


# --- who sees it -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_commune_head_sees_the_commune_plan_and_what_it_owes(demo):
    head, commune = _user("head"), Unit.objects.get(code="HL-X01")
    local = Plan.objects.get(unit=commune)
    visible = set(Plan.objects.for_user(head).values_list("number", "unit__code"))
    assert (local.number, "HL-X01") in visible and (PLAN_NUMBER, DEMO_ROOT_CODE) in visible
    assert not any(code.startswith("HL-X02") for _, code in visible)
    # The neighbouring clerk sees the province's plan but not Tân Phong's.
    other = set(Plan.objects.for_user(_user("other")).values_list("unit__code", flat=True))
    assert DEMO_ROOT_CODE in other and "HL-X01" not in other
    assert not Obligation.objects.for_user(_user("other")).within(commune).exists()

    everything = list(rollup.inbox(commune))
    ranks = [rollup.URGENCY.index(o.status) for o in everything]
    assert ranks == sorted(ranks)  # most urgent first
    # The province's plan, and its dissemination campaign (demo/outreach.py: plan 15-KH/TU).
    campaign = Plan.objects.exclude(pk=_plan().pk).get(unit__code=DEMO_ROOT_CODE)
    assert {o.plan_id for o in everything} == {_plan().pk, campaign.pk}
    inbox = [o for o in everything if o.plan_id == _plan().pk]
    kinds = {o.requirement.kind: o for o in inbox}
    assert set(kinds) == {R.STUDY_SESSION, R.ACTION_PROGRAM, R.RESULTS_REPORT}
    assert kinds[R.RESULTS_REPORT].status == S.PENDING
    assert (kinds[R.RESULTS_REPORT].due_on - timezone.localdate()).days == 25

    progress = rollup.completeness(local, commune)
    tally = _total(progress)
    assert tally.owed == Obligation.objects.filter(plan=local).count()
    assert tally.done > 0
    seen = Obligation.objects.for_user(head).filter(plan=local)
    assert seen.count() == tally.owed


@pytest.mark.django_db
def test_the_plan_is_loaded_once(demo):
    models = [Resolution, Plan, Requirement, Obligation, ObligationDocument, AuditEvent, Unit]
    before = [m.objects.count() for m in models]
    done = Obligation.objects.filter(fulfilled_on__isnull=False).count()
    load_demo()
    assert [m.objects.count() for m in models] == before
    assert Obligation.objects.filter(fulfilled_on__isnull=False).count() == done
    twice = Plan.objects.values("unit", "number").annotate(n=Count("id")).filter(n__gt=1)
    assert not twice.exists()


@pytest.mark.django_db
def test_the_demo_commune_has_studied_with_reports_to_review(demo):
    from trienkhai.study import rollup as study_rollup
    from trienkhai.study.models import LearningReport, StudySession

    head = _user("head")
    commune = head.role_assignments.get().unit
    sessions = StudySession.objects.filter(unit=commune)
    assert sessions.filter(status=StudySession.Status.HELD).count() == 2
    assert sessions.filter(makeup_for__isnull=False).count() == 1
    local = Plan.objects.get(unit=commune)
    numbers = study_rollup.study_numbers(local, commune)
    assert numbers.sessions_held == 2 and numbers.connection_points == 3
    assert 0.9 < numbers.attendance_rate.value < 1.0  # a few absent even after the make-up
    assert numbers.non_member_attendances > 0
    reports = LearningReport.objects.filter(plan=local)
    assert reports.filter(status=LearningReport.Status.GRADED).exists()
    assert reports.filter(status=LearningReport.Status.SUBMITTED).exists()  # left to review
    assert any(r.is_late for r in reports) and not all(r.is_late for r in reports)
    sessions_before = sessions.count()
    load_demo()
    assert StudySession.objects.filter(unit=commune).count() == sessions_before
