"""Reads are scoped: a unit sees its own programs (drafts included) and those of the units
below; the units below see a program of the level above once it is adopted (they carry it
out), never a draft; a sibling sees nothing of the other's. The same for tasks, milestones,
progress reports, evidence, comments, versions and annual reviews."""

import pytest
from django.contrib.auth.models import AnonymousUser

from trienkhai.core.models import User
from trienkhai.programs import services
from trienkhai.programs.models import (
    ActionProgram,
    AnnualReview,
    Milestone,
    ProgramComment,
    ProgramVersion,
    ProgressEvidence,
    ProgressUpdate,
    Task,
)

from .conftest import D, fresh, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def programs(world, build, province_program, adopted_a, media, clock):
    """The province's adopted program and a draft one; commune A's adopted program (with a
    report, evidence, a review) and a draft; commune B's adopted program."""
    clock(D(2026, 11, 26))
    province_draft = build.program(world.province, title="Đề án chưa duyệt của tỉnh")
    build.task(province_draft)
    a_draft = build.program(world.commune_a, title="Đề án chưa duyệt của xã")
    build.task(a_draft)
    b = build.program(world.commune_b)
    build.task(b, milestones=[{"when": "Q3/2026", "deliverable": "Báo cáo"}])
    b = build.adopt(b)
    a1 = adopted_a.tasks.get(order=1)
    build.report(
        a1,
        period=D(2026, 5, 1),
        on=D(2026, 6, 1),
        status="on_track",
        value=70,
        files=[pdf_upload()],
    )
    services.prepare_review(user=world.clerk_a, program=adopted_a, year=2026)
    services.open_discussion(user=world.clerk_a, program=a_draft)
    services.add_comment(user=world.member_a, program=a_draft, text="Ý kiến")
    return {
        "province": province_program,
        "province_draft": fresh(province_draft),
        "a": adopted_a,
        "a_draft": fresh(a_draft),
        "b": fresh(b),
    }


def seen(user, programs, model=ActionProgram, link="pk"):
    """The names (keys of ``programs``) of the programs whose rows of ``model`` ``user``
    sees."""
    by_pk = {p.pk: name for name, p in programs.items()}
    rows = model.objects.for_user(user, "view").values_list(link, flat=True)
    return {by_pk[pk] for pk in rows}


def test_programs_seen_by_each_user(world, programs):
    assert seen(world.clerk_a, programs) == {"province", "a", "a_draft"}
    assert seen(world.head_a, programs) == {"province", "a", "a_draft"}
    assert seen(world.clerk_b, programs) == {"province", "b"}
    assert seen(world.viewer_a, programs) == {"province", "a"}  # a cell: adopted ones above
    assert seen(world.head_p, programs) == set(programs)
    assert seen(world.admin, programs) == set(programs)
    assert seen(world.nobody, programs) == set()
    assert not ActionProgram.objects.for_user(AnonymousUser()).exists()


def test_a_revision_in_draft_stays_visible_below(world, programs):
    services.revise_program(user=world.admin, program=programs["province"])
    assert fresh(programs["province"]).status == "draft"
    assert "province" in seen(User.objects.get(pk=world.clerk_b.pk), programs)


def test_changing_is_scoped_to_ones_own_subtree(world, programs):
    names = {p.pk: n for n, p in programs.items()}
    changeable = ActionProgram.objects.for_user(world.clerk_a, "change")
    assert {names[p.pk] for p in changeable} == {"a", "a_draft"}
    assert not ActionProgram.objects.for_user(world.viewer_a, "change").exists()


ALL = {"province", "province_draft", "a", "a_draft", "b"}


@pytest.mark.parametrize(
    "model, link, everything, clerk_a, clerk_b",
    [
        (Task, "program", ALL, {"province", "a", "a_draft"}, {"province", "b"}),
        (Milestone, "task__program", {"a", "b"}, {"a"}, {"b"}),
        (ProgressUpdate, "task__program", {"a"}, {"a"}, set()),
        (ProgressEvidence, "update__task__program", {"a"}, {"a"}, set()),
        (ProgramVersion, "program", {"province", "a", "b"}, {"a"}, {"b"}),
        (ProgramComment, "program", {"a_draft"}, {"a_draft"}, set()),
        (AnnualReview, "program", {"a"}, {"a"}, set()),
    ],
)
def test_rows_of_a_program_are_seen_by_its_unit_and_above_never_by_the_sibling(
    world, programs, model, link, everything, clerk_a, clerk_b
):
    assert seen(world.head_p, programs, model, link) == everything
    assert seen(world.clerk_a, programs, model, link) == clerk_a
    assert seen(world.clerk_b, programs, model, link) == clerk_b
    assert seen(world.nobody, programs, model, link) == set()


def test_the_units_own_rows_are_seen_by_it_and_above(world, programs):
    for user in (world.clerk_a, world.head_a, world.head_p):
        assert seen(user, programs, ProgressUpdate, "task__program") >= {"a"}
        assert seen(user, programs, AnnualReview, "program") == {"a"}
        assert seen(user, programs, ProgressEvidence, "update__task__program") == {"a"}
    # a cell's viewer does not read the commune's reports
    assert seen(world.viewer_a, programs, ProgressUpdate, "task__program") == set()


def test_the_tasks_of_an_adopted_program_above_are_seen_like_the_program(world, programs):
    assert seen(world.clerk_a, programs, Task, "program") == {"province", "a", "a_draft"}


def test_a_deactivated_user_reads_no_program(world, programs):
    User.objects.filter(pk=world.clerk_a.pk).update(is_active=False)
    assert seen(User.objects.get(pk=world.clerk_a.pk), programs) == set()


def test_a_deactivated_user_reads_no_task(world, programs):
    User.objects.filter(pk=world.clerk_a.pk).update(is_active=False)
    assert seen(User.objects.get(pk=world.clerk_a.pk), programs, Task, "program") == set()
