"""Drafting a program and its tasks: who may, what a task must say, and that a refusal writes
nothing (no task, milestone, link row or audit event half-written)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.core.models import AuditEvent
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, Milestone, Task
from trienkhai.resolutions import services as resolution_services

from .conftest import PLAN_DATE, D, fresh, refused

Verb = AuditEvent.Verb
pytestmark = pytest.mark.django_db


def commune_b_plan(world, issue=True):
    plan = resolution_services.create_plan(
        user=world.clerk_b,
        unit=world.commune_b,
        number="03-KH/ĐU",
        title="Kế hoạch của phường Bình Minh",
        issued_on=PLAN_DATE,
        resolutions=[world.resolution],
        requirements=[
            {
                "kind": "study_session",
                "title": "Học tập",
                "target_kinds": ["party_cell"],
                "target_levels": [],
                "due_on": D(2026, 3, 31),
            }
        ],
    )
    if issue:
        plan = resolution_services.issue_plan(user=world.head_b, plan=plan)
    return plan


# --- the program ---------------------------------------------------------------------------


def test_a_clerk_drafts_the_program_of_their_unit_under_the_approved_program_above(
    world, build, province_program
):
    program = build.program(world.commune_a, number=" 02-CTr/ĐU ", title="  Chương  trình ")
    assert program.status == ActionProgram.Status.DRAFT and program.version == 0
    assert program.parent == province_program  # the approved program of the unit above
    assert program.title == "Chương trình" and program.number == "02-CTr/ĐU"
    assert program.tasks.count() == 0
    event = AuditEvent.objects.get(
        verb=Verb.CREATE, object_type="programs.actionprogram", object_id=str(program.pk)
    )
    assert event.actor == world.clerk_a and event.unit_id == world.commune_a.pk


def test_the_default_parent_is_the_action_program_of_the_nearest_unit_above(
    world, build, province_program
):
    for kind in ("plan", "project"):  # approved after the action program
        other = build.program(world.province, kind=kind, title=f"Văn bản {kind}")
        build.task(other)
        build.adopt(other, on=D(2026, 1, 25))
    assert build.program(world.commune_a).parent == province_program
    a = build.program(world.commune_a, kind="plan", title="Kế hoạch của xã")
    build.task(a)
    a = build.adopt(a)  # the commune's approved plan is nearer to the cell
    assert build.program(world.cell_a, user=world.clerk_a).parent == a


def test_no_parent_while_the_program_above_is_a_draft(world, build):
    province = build.program(world.province)
    build.task(province)
    program = build.program(world.commune_a)
    assert program.parent is None
    with refused():
        build.program(world.commune_b, parent=province)


@pytest.mark.parametrize("who", ["viewer_a", "member_a", "clerk_b", "nobody", "head_b"])
def test_who_cannot_draft_commune_as_program(world, build, who):
    with refused(PermissionDenied):
        build.program(world.commune_a, user=getattr(world, who))


def test_a_plan_not_addressed_to_the_unit_is_refused(world, build):
    draft_plan = commune_b_plan(world, issue=False)
    with refused() as info:
        build.program(world.commune_a, plan=draft_plan)
    assert "plan" in info.value.message_dict
    # the sibling's own (draft) plan is fine for the sibling itself
    assert build.program(world.commune_b, plan=draft_plan).plan == draft_plan
    issued_plan = resolution_services.issue_plan(user=world.head_b, plan=draft_plan)
    with refused() as info:  # issued, it is still addressed to commune B's subtree only
        build.program(world.commune_a, plan=issued_plan)
    assert "plan" in info.value.message_dict


def test_the_parent_must_be_above_adopted_and_of_the_plans_family(world, build, province_program):
    a = build.program(world.commune_a)
    build.task(a)
    a = build.adopt(a)
    with refused() as info:  # a sibling's program is not above
        build.program(world.commune_b, parent=a)
    assert "parent" in info.value.message_dict
    with refused():  # its own unit's program is not above either
        build.program(world.commune_a, parent=a, number="X")
    other_plan = commune_b_plan(world)
    with refused() as info:  # the province program carries out 12-KH/TU, not 03-KH/ĐU
        build.program(world.cell_b, user=world.clerk_b, plan=other_plan, parent=province_program)
    assert set(info.value.message_dict) == {"parent"}
    # 03-KH/ĐU does not implement 12-KH/TU: the province program is not its parent
    b = build.program(world.commune_b, plan=other_plan)
    assert b.parent is None


def test_a_number_is_unique_within_the_unit(world, build):
    build.program(world.commune_a, number="02-CTr/ĐU")
    with refused() as info:
        build.program(world.commune_a, number="02-CTr/ĐU")
    assert "number" in info.value.message_dict
    assert build.program(world.commune_b, number="02-CTr/ĐU").number == "02-CTr/ĐU"


def test_starting_from_the_parent_copies_its_tasks_as_the_units_own_drafts(
    world, build, province_program
):
    program = build.program(world.commune_a, start_from_parent=True)
    parents = list(province_program.tasks.order_by("order"))
    copies = list(program.tasks.order_by("order"))
    assert [t.title for t in copies] == [t.title for t in parents]
    assert [t.parent_task_id for t in copies] == [t.pk for t in parents]
    assert [set(t.key_points.all()) for t in copies] == [set(t.key_points.all()) for t in parents]
    assert all(t.lead_unit_id is None for t in copies)  # the commune names its own leads


def test_starting_from_a_parent_that_does_not_exist_is_refused(world, build):
    with refused():
        build.program(world.commune_a, start_from_parent=True)


def test_update_program_by_the_clerk_only_and_audited(world, build, draft_a):
    services.update_program(user=world.clerk_a, program=draft_a, field="Tổ chức", summary="Mục")
    program = fresh(draft_a)
    assert (program.field, program.summary) == ("Tổ chức", "Mục")
    event = (
        AuditEvent.objects.filter(verb=Verb.UPDATE, object_id=str(program.pk)).order_by("pk").last()
    )
    assert event.after["field"] == "Tổ chức"
    with refused(PermissionDenied):
        services.update_program(user=world.clerk_b, program=draft_a, field="X")
    with refused(PermissionDenied):
        services.update_program(user=world.member_a, program=draft_a, field="X")
    with refused():
        services.update_program(user=world.clerk_a, program=draft_a, title=" ")
    with pytest.raises(TypeError):
        services.update_program(user=world.clerk_a, program=draft_a, status="approved")


# --- tasks ---------------------------------------------------------------------------------


def test_a_task_with_indicator_and_roadmap(world, draft_a):
    task = draft_a.tasks.get(order=1)
    assert task.lead_unit == world.commune_a and task.is_measurable
    assert (task.baseline, task.target, task.target_year) == (60, 90, 2026)
    assert list(task.key_points.all()) == [world.kp1]
    m1, m2 = task.milestones.all()
    assert (m1.due_on, m1.by_quarter, m1.when_label, m1.expected_value) == (
        D(2026, 6, 30),
        True,
        "Quý II/2026",
        70,
    )
    assert (m2.due_on, m2.by_quarter, m2.when_label, m2.deliverable) == (
        D(2026, 12, 31),
        False,
        "31/12/2026",
        "Báo cáo kết quả năm",
    )
    assert m2.expected_value is None
    second = draft_a.tasks.get(order=2)
    assert second.lead_unit == world.cell_a and not second.is_measurable


def test_save_task_normalises_numbers_and_text(world, build, draft_a):
    task = build.task(
        draft_a,
        title="  Nâng  cao\u0301 ",  # decomposed tone mark, double spaces
        indicator="Số  hộ",
        baseline="1.234,5".replace(".", ""),
        target="2000",
        coordinating_units=[world.cell_a],
    )
    task = fresh(task)
    assert task.title == "Nâng caó" and task.indicator == "Số hộ"
    assert str(task.baseline) == "1234.50" and task.order == 3
    assert list(task.coordinating_units.all()) == [world.cell_a]


def test_a_target_year_typed_as_text_is_read_as_a_year(world, build, draft_a):
    task = build.task(draft_a, indicator="Số hộ", target="10", target_year=" 2030 ")
    assert fresh(task).target_year == 2030
    task = build.task(draft_a, indicator="Số hộ", target="10", target_year="")
    assert fresh(task).target_year is None


def test_changing_a_task_keeps_its_roadmap_unless_given(world, draft_a):
    task = draft_a.tasks.get(order=1)
    services.save_task(
        user=world.clerk_a,
        program=draft_a,
        task=task,
        key_points=[world.kp1, world.kp3],
        title="Nước sạch cho mọi hộ",
        lead_unit=world.commune_a,
        indicator="Tỷ lệ hộ dùng nước sạch",
        target="95",
    )
    task = fresh(task)
    assert task.title == "Nước sạch cho mọi hộ" and task.target == 95
    assert set(task.key_points.all()) == {world.kp1, world.kp3}
    assert task.milestones.count() == 2
    services.save_task(
        user=world.clerk_a,
        program=draft_a,
        task=task,
        key_points=[world.kp1],
        milestones=[],
        indicator="Tỷ lệ hộ dùng nước sạch",
        target="95",
    )
    assert task.milestones.count() == 0
    events = AuditEvent.objects.filter(verb=Verb.UPDATE, object_id=str(task.pk)).order_by("pk")
    event = events.last()
    assert event.before["title"] == "Nước sạch cho mọi hộ" and event.after["milestones"] == 0


def other_programs_task(world, build):
    b = build.program(world.commune_b)
    return build.task(b)


@pytest.mark.parametrize(
    "change, field",
    [
        (dict(key_points=[]), "key_points"),
        (dict(key_points="foreign"), "key_points"),
        (dict(title="   "), "title"),
        (dict(parent_task="sibling"), "parent_task"),
        (dict(parent_task="own"), "parent_task"),
        (dict(lead_unit="commune_b"), "lead_unit"),
        (dict(lead_unit="province"), "lead_unit"),
        (dict(coordinating_units=["cell_b"]), "coordinating_units"),
        (dict(coordinating_units=["province"]), "coordinating_units"),
        (dict(lead_unit="cell_a", coordinating_units=["cell_a"]), "coordinating_units"),
        (dict(target="90"), "indicator"),
        (dict(indicator="Tỷ lệ"), "target"),
        (dict(indicator="Tỷ lệ", target="chín mươi"), "target"),
        (dict(indicator="Tỷ lệ", target="1e15"), "target"),
        (dict(indicator="Tỷ lệ", target="NaN"), "target"),
        (dict(baseline="abc"), "baseline"),
        (dict(indicator="Tỷ lệ", target="-5"), "target"),  # issue 14: no negative target
        (dict(indicator="Tỷ lệ", baseline="-1", target="90"), "baseline"),
        (dict(title="Nhiệm vụ " * 200), "title"),  # 1,800 characters: beyond any task
        (dict(due_on=D(2024, 12, 31)), "due_on"),
        (dict(due_on=D(2057, 1, 1)), "due_on"),
        (dict(due_on="30/06/2026"), "due_on"),
        (dict(indicator="Tỷ lệ", target="1", target_year=2025), "target_year"),
        (dict(indicator="Tỷ lệ", target="1", target_year=2057), "target_year"),
        (dict(indicator="Tỷ lệ", target="1", target_year="năm 2030"), "target_year"),
        (dict(milestones=[{"when": "31/13/2026", "deliverable": "x"}]), "milestones"),
        (dict(milestones=[{"when": "Quý II/2026"}]), "milestones"),
        (dict(milestones=[{"when": "", "deliverable": "Báo cáo"}]), "milestones"),
        (dict(milestones=[{"when": "Q2/1990", "deliverable": "Báo cáo"}]), "milestones"),
        (dict(milestones=[{"when": "Quý II/2026", "expected_value": "bảy mươi"}]), "milestones"),
        (dict(milestones=[{"when": "Quý II/2026", "expected_value": "-3"}]), "milestones"),
        (
            dict(milestones=[{"when": "Quý II/2026", "deliverable": "a"}, {"when": "Q9/2026"}]),
            "milestones",
        ),
    ],
)
def test_a_task_that_does_not_hold_together_is_refused_and_nothing_is_written(
    world, build, draft_a, change, field
):
    values = dict(title="Nhiệm vụ mới", key_points=[world.kp1], lead_unit=world.commune_a)
    for name, value in change.items():
        if name == "key_points" and value == "foreign":
            value = [world.foreign_kp]
        elif name == "parent_task":
            value = other_programs_task(world, build) if value == "sibling" else None
            value = value or draft_a.tasks.get(order=1)
        elif name == "lead_unit":
            value = getattr(world, value)
        elif name == "coordinating_units":
            value = [getattr(world, v) for v in value]
        values[name] = value
    for task in (None, draft_a.tasks.get(order=2)):  # adding, and changing an existing task
        with refused() as info:
            services.save_task(user=world.clerk_a, program=draft_a, task=task, **values)
        assert field in info.value.message_dict, info.value.message_dict


def test_a_quarter_too_far_away_is_refused(world, draft_a):
    with refused():
        services.save_task(
            user=world.clerk_a,
            program=draft_a,
            title="x",
            key_points=[world.kp1],
            milestones=[{"when": "Q2/3000", "deliverable": "x"}],
        )


def test_the_parent_task_must_be_a_task_of_the_program_above(world, province_program, draft_a):
    above = province_program.tasks.get(order=1)
    task = services.save_task(
        user=world.clerk_a,
        program=draft_a,
        title="Sắp xếp bộ máy xã",
        key_points=[world.kp1],
        parent_task=above,
    )
    assert fresh(task).parent_task == above


def test_a_task_of_another_program_cannot_be_changed_through_this_one(world, build, draft_a):
    other = build.program(world.commune_a, title="Đề án khác")
    foreign = build.task(other)
    with refused() as info:
        services.save_task(
            user=world.clerk_a, program=draft_a, task=foreign, title="x", key_points=[world.kp1]
        )
    assert info.value.messages


def test_unknown_task_fields_are_a_programming_error(world, draft_a):
    with pytest.raises(TypeError):
        services.save_task(
            user=world.clerk_a, program=draft_a, title="x", key_points=[world.kp1], copy_score=1
        )


@pytest.mark.parametrize("who", ["viewer_a", "member_a", "clerk_b", "head_b", "nobody"])
def test_who_cannot_write_tasks(world, build, draft_a, who):
    user = getattr(world, who)
    task = draft_a.tasks.get(order=2)
    with refused(PermissionDenied):
        build.task(draft_a, user=user)
    with refused(PermissionDenied):
        services.save_task(user=user, program=draft_a, task=task, title="x", key_points=[world.kp1])
    with refused(PermissionDenied):
        services.remove_task(user=user, task=task)


def test_the_clerk_removes_a_task_of_a_draft(world, draft_a):
    task = draft_a.tasks.get(order=2)
    pk = task.pk
    services.remove_task(user=world.clerk_a, task=task)
    assert list(draft_a.tasks.values_list("order", flat=True)) == [1]
    event = AuditEvent.objects.get(verb=Verb.DELETE, object_type="programs.task", object_id=str(pk))
    assert event.before["title"] == "Kiện toàn chi bộ thôn 1"


def test_an_approved_program_is_not_edited_until_revised(world, build, adopted_a):
    task = adopted_a.tasks.get(order=1)
    with refused():
        services.update_program(user=world.clerk_a, program=adopted_a, title="Khác")
    with refused():
        build.task(adopted_a)
    with refused():
        services.save_task(
            user=world.clerk_a, program=adopted_a, task=task, title="x", key_points=[world.kp1]
        )
    with refused():
        services.remove_task(user=world.clerk_a, task=task)
    services.revise_program(user=world.clerk_a, program=adopted_a)
    services.update_program(user=world.clerk_a, program=adopted_a, title="Chương trình sửa đổi")
    assert fresh(adopted_a).title == "Chương trình sửa đổi"


def test_a_task_with_progress_reported_is_not_removed_in_a_revision(world, build, adopted_a):
    task = adopted_a.tasks.get(order=2)
    build.report(task, period=D(2026, 3, 1), status="on_track")
    services.revise_program(user=world.clerk_a, program=adopted_a)
    with refused():
        services.remove_task(user=world.clerk_a, task=task)
    assert Task.objects.filter(pk=task.pk).exists()


def test_a_revision_keeps_milestones_done_when_the_roadmap_is_saved_again(world, build, adopted_a):
    """Saving a task in a revision (same roadmap, or one more milestone) must not forget which
    milestones were reached, nor unlink the reports that named them."""
    task = adopted_a.tasks.get(order=1)
    first = task.milestones.get(by_quarter=True)
    report = build.report(
        task, period=D(2026, 5, 1), on=D(2026, 6, 20), status="on_track", value=70, milestone=first
    )
    services.revise_program(user=world.clerk_a, program=adopted_a)
    services.save_task(
        user=world.clerk_a,
        program=adopted_a,
        task=task,
        key_points=[world.kp1],
        title=task.title,
        lead_unit=world.commune_a,
        indicator=task.indicator,
        baseline="60",
        target="90",
        milestones=[
            {"when": "Quý II/2026", "expected_value": "70"},
            {"when": "Quý III/2026", "expected_value": "80"},
            {"when": "31/12/2026", "deliverable": "Báo cáo kết quả năm"},
        ],
    )
    done = {m.when_label: m.done_on for m in Milestone.objects.filter(task=task)}
    assert done == {"Quý II/2026": D(2026, 6, 20), "Quý III/2026": None, "31/12/2026": None}
    assert fresh(report).milestone_id is not None


# --- discussion ----------------------------------------------------------------------------


def test_committee_members_comment_only_during_discussion(world, draft_a):
    task = draft_a.tasks.get(order=1)
    with refused():
        services.add_comment(user=world.member_a, program=draft_a, text="Sớm quá")
    services.open_discussion(user=world.clerk_a, program=draft_a)
    comment = services.add_comment(
        user=world.member_a, program=draft_a, task=task, text="  Nên  nêu rõ số hộ "
    )
    assert (comment.text, comment.task) == ("Nên nêu rõ số hộ", task)
    assert comment.author == world.member_a
    assert AuditEvent.objects.filter(verb=Verb.COMMENT, object_id=str(draft_a.pk)).count() == 1
    with refused():
        services.add_comment(user=world.member_a, program=draft_a, text="  ")
    with refused():
        services.add_comment(user=world.member_a, program=draft_a, text="x" * 5001)
    for outsider in (world.clerk_b, world.viewer_a, world.nobody):  # viewer_a: a cell's viewer
        with refused(PermissionDenied):
            services.add_comment(user=outsider, program=draft_a, text="Ý kiến")


def test_a_comment_on_a_task_of_another_program_is_refused(world, build, draft_a):
    other = build.program(world.commune_a, title="Đề án khác")
    foreign = build.task(other)
    services.open_discussion(user=world.clerk_a, program=draft_a)
    with refused():
        services.add_comment(user=world.member_a, program=draft_a, task=foreign, text="Ý kiến")


def test_open_discussion_by_the_clerk_of_a_draft_with_tasks(world, build, draft_a):
    for outsider in (world.member_a, world.clerk_b, world.viewer_a):
        with refused(PermissionDenied):
            services.open_discussion(user=outsider, program=draft_a)
    empty = build.program(world.commune_a, title="Chưa có nhiệm vụ")
    with refused():
        services.open_discussion(user=world.clerk_a, program=empty)
    services.open_discussion(user=world.clerk_a, program=draft_a)
    assert fresh(draft_a).status == ActionProgram.Status.DISCUSSION
    with refused():
        services.open_discussion(user=world.clerk_a, program=draft_a)
    # still editable while discussed: the committee's comments are taken in
    services.save_task(
        user=world.clerk_a,
        program=draft_a,
        task=draft_a.tasks.get(order=2),
        title="Kiện toàn chi bộ thôn 1 trong quý II",
        key_points=[world.kp2],
        lead_unit=world.cell_a,
    )


def test_validation_error_messages_are_per_field(world, draft_a):
    with pytest.raises(ValidationError) as info:
        services.save_task(
            user=world.clerk_a,
            program=draft_a,
            title="",
            key_points=[],
            target="5",
            lead_unit=world.commune_b,
        )
    assert set(info.value.message_dict) == {"title", "key_points", "indicator", "lead_unit"}
