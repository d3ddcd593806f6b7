"""What an approved version keeps, and the differences the approval screen shows: tasks added,
removed and changed field by field, with before and after, written out by hand."""

import pytest
from django.utils import translation

from trienkhai.programs import services
from trienkhai.programs.models import Milestone, Task
from trienkhai.programs.services.workflow import last_version, pending_changes
from trienkhai.programs.versions import milestone_label, program_snapshot, snapshot_changes

from .conftest import D, fresh

# No module-wide django_db mark: the database tests get it through ``world``, and the
# pure ones stay off the database, so the module shares its world (see the root conftest).


def test_the_snapshot_of_a_program_as_plain_data(world, draft_a):
    a1, a2 = draft_a.tasks.order_by("order")
    snap = program_snapshot(draft_a)
    assert {k: v for k, v in snap.items() if k != "tasks"} == {
        "kind": "program",
        "number": "02-CTr/ĐU",
        "title": "Chương trình hành động của Đảng ủy xã An Phú",
        "field": "",
        "summary": "",
        "reporting_period": "quarter",
    }
    assert snap["tasks"] == {
        str(a1.pk): {
            "order": 1,
            "title": "Bảo đảm nước sạch cho các hộ dân trong xã",
            "key_points": ["18-NQ/TW · 1"],
            "lead_unit": "Đảng ủy xã An Phú",
            "coordinating_units": [],
            "due_on": "30/06/2026",
            "indicator": "Tỷ lệ hộ dùng nước sạch",
            "measure": "%",
            "baseline": "60",
            "target": "90",
            "target_year": 2026,
            "milestones": ["Q2/2026: 70", "31/12/2026: Báo cáo kết quả năm"],
        },
        str(a2.pk): {
            "order": 2,
            "title": "Kiện toàn chi bộ thôn 1",
            "key_points": ["18-NQ/TW · 2"],
            "lead_unit": "Chi bộ thôn 1",
            "coordinating_units": [],
            "due_on": None,
            "indicator": "",
            "measure": "",
            "baseline": None,
            "target": None,
            "target_year": None,
            "milestones": [],
        },
    }


def test_milestone_labels():
    day = Milestone(due_on=D(2026, 9, 30), deliverable="Đề án", expected_value=None)
    both = Milestone(due_on=D(2026, 9, 30), by_quarter=True, deliverable="Hộ", expected_value=12)
    assert milestone_label(day) == "30/09/2026: Đề án"
    assert milestone_label(both) == "Q3/2026: Hộ 12"


def test_no_pending_changes_before_the_first_approval(draft_a):
    assert last_version(draft_a) is None
    assert pending_changes(draft_a) == []


def test_the_first_version_keeps_the_snapshot_and_no_changes(world, build, draft_a):
    snap = program_snapshot(draft_a)
    program = build.adopt(draft_a)
    version = last_version(program)
    assert (version.number, version.changes, version.snapshot) == (1, [], snap)
    assert pending_changes(fresh(program)) == []


def revise(world, build, program):
    """The revision the tests below compare with version 1 (worked out by hand)."""
    services.revise_program(user=world.clerk_a, program=program)
    a1, a2, a3 = program.tasks.order_by("order")
    services.update_program(user=world.clerk_a, program=program, title="Chương trình (sửa đổi)")
    services.save_task(
        user=world.clerk_a,
        program=program,
        task=a1,
        title="Bảo đảm nước sạch cho mọi hộ dân",
        key_points=[world.kp1],
        lead_unit=world.commune_a,
        due_on=D(2026, 6, 30),
        indicator="Tỷ lệ hộ dùng nước sạch",
        measure="%",
        baseline="60",
        target="95",
        target_year=2026,
        milestones=[
            {"when": "Q3/2026", "expected_value": "75"},
            {"when": "31/12/2026", "deliverable": "Báo cáo kết quả năm"},
        ],
    )
    services.save_task(
        user=world.clerk_a,
        program=program,
        task=a2,
        title=a2.title,
        key_points=[world.kp2],
        lead_unit=world.commune_a,
    )
    services.remove_task(user=world.clerk_a, task=a3)
    added = build.task(
        program, title="Chuyển đổi số trong sinh hoạt chi bộ", key_points=[world.kp3]
    )
    return a3, added


EXPECTED = [
    {
        "what": "Title",
        "before": "Chương trình hành động của Đảng ủy xã An Phú",
        "after": "Chương trình (sửa đổi)",
    },
    {
        "what": "Task 1: Title",
        "before": "Bảo đảm nước sạch cho các hộ dân trong xã",
        "after": "Bảo đảm nước sạch cho mọi hộ dân",
    },
    {"what": "Task 1: Target", "before": "90", "after": "95"},
    {
        "what": "Task 1: Milestones",
        "before": "Q2/2026: 70; 31/12/2026: Báo cáo kết quả năm",
        "after": "Q3/2026: 75; 31/12/2026: Báo cáo kết quả năm",
    },
    {"what": "Task 2: Lead unit", "before": "Chi bộ thôn 1", "after": "Đảng ủy xã An Phú"},
    {"what": "Task added", "before": "—", "after": "Chuyển đổi số trong sinh hoạt chi bộ"},
    {"what": "Task removed", "before": "Tuyên truyền trên loa truyền thanh", "after": "—"},
]


@pytest.fixture
def three_tasks(world, build, draft_a):
    build.task(draft_a, title="Tuyên truyền trên loa truyền thanh", key_points=[world.kp2])
    return build.adopt(draft_a)


def test_pending_changes_list_what_changed_task_by_task(world, build, three_tasks):
    program = three_tasks
    _removed, added = revise(world, build, program)
    with translation.override("en"):
        changes = pending_changes(fresh(program))
    assert changes == EXPECTED
    assert fresh(added).order == 3  # the next after the tasks that remain


def test_the_new_version_stores_the_changes_and_the_reason(world, build, three_tasks):
    program = three_tasks
    revise(world, build, program)
    services.open_discussion(user=world.clerk_a, program=program)
    with translation.override("en"):
        services.approve_program(
            user=world.head_a,
            program=program,
            reason="Theo Kết luận của Ban Thường vụ",
            on=D(2026, 7, 1),
        )
    version = last_version(program)
    assert (version.number, version.reason, version.changes) == (
        2,
        "Theo Kết luận của Ban Thường vụ",
        EXPECTED,
    )
    assert version.snapshot == program_snapshot(fresh(program))
    assert pending_changes(fresh(program)) == []  # compared with version 2 now
    assert program.versions.get(number=1).snapshot["title"] == (
        "Chương trình hành động của Đảng ủy xã An Phú"
    )


def test_every_task_field_is_compared(world, build, adopted_a):
    program = adopted_a
    services.revise_program(user=world.clerk_a, program=program)
    a2 = program.tasks.get(order=2)
    services.save_task(
        user=world.clerk_a,
        program=program,
        task=a2,
        title=a2.title,
        key_points=[world.kp2, world.kp3],
        lead_unit=world.cell_a,
        coordinating_units=[world.commune_a],
        due_on=D(2026, 9, 30),
        indicator="Số đảng viên mới",
        measure="người",
        baseline="0",
        target="3",
        target_year=2027,
        milestones=[{"when": "Q4/2026", "deliverable": "Kết nạp 2 đảng viên"}],
    )
    with translation.override("en"):
        changes = {c["what"]: (c["before"], c["after"]) for c in pending_changes(fresh(program))}
    assert changes == {
        "Task 2: Key points served": ("18-NQ/TW · 2", "18-NQ/TW · 2; 18-NQ/TW · 3"),
        "Task 2: Coordinating units": ("—", "Đảng ủy xã An Phú"),
        "Task 2: To be completed by": ("—", "30/09/2026"),
        "Task 2: Indicator": ("—", "Số đảng viên mới"),
        "Task 2: Measure": ("—", "người"),
        "Task 2: Baseline": ("—", "0"),
        "Task 2: Target": ("—", "3"),
        "Task 2: Target year": ("—", "2027"),
        "Task 2: Milestones": ("—", "Q4/2026: Kết nạp 2 đảng viên"),
    }


def test_a_reordered_task_is_not_a_change_but_program_fields_are(world, adopted_a):
    program = adopted_a
    services.revise_program(user=world.clerk_a, program=program)
    Task.objects.filter(program=program, order=1).update(order=9)  # order alone: no change
    services.update_program(
        user=world.clerk_a,
        program=program,
        kind="plan",
        reporting_period="month",
        summary="Mục đích",
    )
    with translation.override("en"):
        changes = pending_changes(fresh(program))
    assert changes == [
        {"what": "Kind", "before": "program", "after": "plan"},
        {"what": "Purpose and requirements", "before": "—", "after": "Mục đích"},
        {"what": "Progress reported", "before": "quarter", "after": "month"},
    ]


def test_snapshot_changes_between_plain_snapshots():
    before = {"title": "A", "tasks": {"1": {"order": 1, "title": "x", "target": "5"}}}
    after = {"title": "A", "tasks": {"1": {"order": 1, "title": "x", "target": None}}}
    with translation.override("en"):
        assert snapshot_changes(before, after) == [
            {"what": "Task 1: Target", "before": "5", "after": "—"}
        ]
        assert snapshot_changes(after, after) == []


def test_program_snapshot_runs_a_fixed_number_of_queries(
    world, build, draft_a, django_assert_num_queries
):
    # tasks, key points, their resolutions, coordinating units, milestones
    with django_assert_num_queries(5):
        program_snapshot(draft_a)
    for _ in range(4):
        build.task(
            draft_a,
            coordinating_units=[world.cell_a],
            milestones=[{"when": "Q3/2026", "deliverable": "x"}],
        )
    with django_assert_num_queries(5):
        program_snapshot(draft_a)
