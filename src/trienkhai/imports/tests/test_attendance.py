"""A session's paper sign-in sheet typed into Excel: matched to the session's audience, the
rows nobody matches shown, every mark through the roster's service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trienkhai.imports import services
from trienkhai.study import services as study_services
from trienkhai.study.models import Attendance, StudySession
from trienkhai.study.tests.test_services_builders import make_study

from . import files

pytestmark = pytest.mark.django_db
HEADER = ["STT", "Họ và tên", "Số thẻ đảng viên", "Có mặt", "Ký tên"]


@pytest.fixture
def session(tree):
    study = make_study(tree)
    return study_services.schedule_session(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=study.plan,
        title="Hội nghị học tập Nghị quyết",
        starts_at=timezone.now(),
        mode=StudySession.Mode.IN_PERSON,
    )


def sheet(rows):
    return SimpleUploadedFile("ky-ten.xlsx", files.xlsx(rows, HEADER))


ROWS = [
    [1, "Nguyễn Văn An", "A001", "x", "(đã ký)"],
    [2, "TRẦN THỊ HOA", "", "", "(đã ký)"],
    [3, "Lê Văn Cường", "A003", "có phép", ""],
    [4, "Người Lạ Mặt", "", "x", "(đã ký)"],
    [5, "Đặng Thị Bình", "B001", "x", "(đã ký)"],
]


def start(tree, session, rows=ROWS, user=None, **kw):
    return services.start_import(
        user=user or tree.clerk_a,
        unit=tree.commune_a,
        kind="attendance",
        upload=sheet(rows),
        session_id=session.pk,
        **kw,
    )


def test_the_sheet_is_matched_and_the_strangers_shown(tree, session):
    batch = start(tree, session)
    codes = {(row, code) for row, code, _l, _p in batch.problems}
    assert (8, "not_expected") in codes  # nobody of that name
    assert (9, "not_expected") in codes  # commune B's member is not in this session's audience
    assert batch.counts["create"] == 3 and batch.counts["unmatched"] == 2
    assert batch.counts["error"] == 0
    services.run_now(user=tree.clerk_a, batch=batch)
    marks = dict(session.attendances.values_list("person__full_name", "status"))
    assert marks == {
        "Nguyễn Văn An": Attendance.Status.PRESENT,
        "Trần Thị Hoa": Attendance.Status.PRESENT,
        "Lê Văn Cường": Attendance.Status.EXCUSED,
    }
    again = start(tree, session, on_conflict="update")
    assert again.counts.get("create", 0) == 0 and again.counts["unchanged"] == 3


def test_a_bad_status_is_an_error(tree, session):
    rows = [[1, "Nguyễn Văn An", "A001", "có lẽ", ""]]
    batch = start(tree, session, rows)
    assert [(r, c) for r, c, _l, _p in batch.problems] == [(5, "bad_status")]
    with pytest.raises(ValidationError):
        services.run_now(user=tree.clerk_a, batch=batch)


def test_the_session_must_be_in_the_importers_units(tree, session):
    with pytest.raises(PermissionDenied):
        services.start_import(
            user=tree.clerk_b,
            unit=tree.commune_a,
            kind="attendance",
            upload=sheet(ROWS),
            session_id=session.pk,
        )
    with pytest.raises(ValidationError):
        services.start_import(
            user=tree.clerk_b,
            unit=tree.commune_b,
            kind="attendance",
            upload=sheet(ROWS),
            session_id=session.pk,
        )


def test_the_command_line_needs_a_user_for_attendance(tree, session):
    batch = start(tree, session, user=None)
    with pytest.raises(ValidationError):
        services.run_now(user=None, batch=batch)
    assert not session.attendances.exists()
