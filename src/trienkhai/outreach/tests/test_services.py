"""Activities, pages, questions and answers through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trienkhai.core import flags
from trienkhai.core.models import DataFlag
from trienkhai.outreach import services
from trienkhai.outreach.models import Activity, Answer, Question
from trienkhai.resolutions.models import Obligation

from .conftest import JPEG_TINY, D, activity, png_bytes, published_page, upload

pytestmark = pytest.mark.usefixtures("media")


def test_an_activity_fulfils_the_units_dissemination_obligation(world):
    tree = world.tree

    done = activity(world, key_points=[world.kp1], evidence=upload(png_bytes()))

    obligation = Obligation.objects.get(plan=world.plan, unit=tree.commune_a)
    assert obligation.fulfilled_on == D(2026, 2, 3)
    assert not Obligation.objects.get(plan=world.plan, unit=tree.commune_b).fulfilled_on
    assert done.evidence_type == "png" and len(done.evidence_sha256) == 64
    assert list(done.key_points.all()) == [world.kp1]


def test_a_jpeg_photo_is_evidence_and_a_fake_image_is_refused(world):
    assert activity(world, evidence=upload(JPEG_TINY, "anh.jpg")).evidence_type == "jpg"
    with pytest.raises(ValidationError) as refused:
        activity(world, evidence=upload(b"\x89PNG\r\n\x1a\n" + b"x" * 40))
    assert "evidence" in refused.value.error_dict


@pytest.mark.parametrize(
    "change, field",
    [
        ({"reach": -5}, "reach"),
        ({"audience_size": -1}, "audience_size"),
        ({"title": "   "}, "title"),
        ({"held_on": D(1920, 1, 1)}, "held_on"),
        ({"channel": "pigeon"}, "channel"),
        ({"opinions": -3}, "opinions"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(world, change, field):
    with pytest.raises(ValidationError) as refused:
        activity(world, **change)
    assert field in refused.value.error_dict
    assert not Activity.objects.exists()


def test_an_oversized_evidence_file_is_refused(world, settings):
    settings.MAX_UPLOAD_MB = 1
    big = upload(png_bytes() + b"\0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as refused:
        activity(world, evidence=big)
    assert "evidence" in refused.value.error_dict


def test_a_sibling_may_not_record_for_commune_a(world):
    with pytest.raises(PermissionDenied):
        activity(world, user=world.tree.clerk_b)


def test_the_population_comes_from_the_units_data_when_not_entered(world):
    done = activity(world, audience_size=None, audience_label="", audience_unit=world.tree.cell_a)
    assert done.audience_size == 1  # person_a of cell A


# --- the public page and its questions -----------------------------------------------------------


def test_the_public_reads_only_what_the_head_approved(world):
    page = published_page(world)
    services.update_page(user=world.tree.clerk_a, page=page, content="Bản nháp mới")

    page.refresh_from_db()
    assert page.published_content.startswith("Nghị quyết 57 nói gì?")
    assert page.has_unpublished_changes
    with pytest.raises(PermissionDenied):
        services.publish_page(user=world.tree.clerk_a, page=page)


def test_a_question_is_answered_approved_and_a_repeat_is_merged(world):
    tree = world.tree
    page = published_page(world)
    question = services.ask(page=page, text="Chuyển đổi số có bắt buộc với hộ nông dân không?")
    assert question.state == Question.State.NEW and question.asked_by is None

    answer = services.answer_question(
        user=tree.clerk_a,
        question=question,
        text="Không bắt buộc; xã hỗ trợ.",
        key_points=[world.kp1],
    )
    assert answer.state == Answer.State.DRAFT
    with pytest.raises(PermissionDenied):
        services.approve_answer(user=tree.clerk_a, answer=answer)
    services.approve_answer(user=tree.head_a, answer=answer)
    question.refresh_from_db()
    assert question.state == Question.State.ANSWERED and question.answered_at

    repeat = services.ask(
        page=page, text="chuyen doi so co bat buoc voi ho nong dan khong", contact=""
    )
    assert repeat.state == Question.State.MERGED and repeat.answer == answer


@pytest.mark.parametrize("text", ["", "   ", "x" * 1001])
def test_an_empty_or_oversized_question_is_refused(world, text):
    page = published_page(world)
    with pytest.raises(ValidationError):
        services.ask(page=page, text=text)
    assert not Question.objects.exists()


def test_a_unit_below_reuses_the_answer_of_the_level_above(world):
    tree = world.tree
    province_page = published_page(world, unit=tree.province, user=tree.admin, head=world.head_p)
    q = services.ask(page=province_page, text="Ai chịu trách nhiệm?")
    answer = services.answer_question(user=tree.admin, question=q, text="Người đứng đầu.")
    services.approve_answer(user=world.head_p, answer=answer)
    page_a = published_page(world)

    assert list(services.answers_above(page_a)) == [answer]
    copy = services.reuse_answer(user=tree.clerk_a, page=page_a, source=answer)

    assert copy.text == "Người đứng đầu." and copy.unit == tree.commune_a
    assert copy.state == Answer.State.DRAFT
    assert list(services.answers_above(page_a)) == []


# --- plausibility --------------------------------------------------------------------------------


def flags_of(obj) -> set[str]:
    return set(
        DataFlag.objects.filter(object_id=obj.pk, object_type="outreach.activity").values_list(
            "rule", flat=True
        )
    )


def test_reach_above_the_population_is_flagged(world):
    assert flags_of(activity(world, reach=6000, audience_size=5000)) == {"reach_above_population"}
    assert flags_of(activity(world, reach=5000, audience_size=5000)) == set()


def test_an_activity_outside_the_plans_period_is_flagged(world):
    assert flags_of(activity(world, held_on=D(2026, 1, 2))) == {"activity_outside_plan"}
    assert flags_of(activity(world, held_on=D(2026, 7, 1), title="Khác")) == {
        "activity_outside_plan"
    }
    assert flags_of(activity(world, held_on=D(2026, 6, 30), title="Khác nữa")) == set()


def test_the_same_evidence_file_for_two_activities_is_flagged(world):
    first = activity(world, evidence=upload(png_bytes(1)))
    second = activity(
        world,
        user=world.tree.clerk_b,
        unit=world.tree.commune_b,
        title="Hội nghị",
        evidence=upload(png_bytes(1)),
    )
    assert flags_of(first) == set()
    assert flags_of(second) == {"evidence_reused"}
    flag = DataFlag.objects.get(object_id=second.pk)
    assert flag.plan == world.plan and flag.unit == world.tree.commune_b


def test_a_burst_of_identical_titles_is_flagged(world):
    rows = [activity(world, held_on=D(2026, 2, day)) for day in (3, 4, 5)]
    assert [flags_of(r) for r in rows] == [set(), set(), {"title_burst"}]
    later = activity(world, held_on=D(2026, 3, 20))
    assert flags_of(later) == set()


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Chuyển đổi số có bắt buộc không?", "chuyen doi so co bat buoc khong", True),
        ("Bao giờ thôn 3 có wifi?", "Bao giờ thôn 4 có wifi?", False),
        ("Ai chịu trách nhiệm?", "Học phí năm nay thế nào?", False),
    ],
)
def test_a_repeat_is_the_same_words_and_the_same_numbers(a, b, same):
    from trienkhai.core.textvi import fold

    assert services.same_question(fold(a), fold(b)) is same


def test_trienkhai_flags_recomputes_the_outreach_rules_for_a_plan(world):
    activity(world, reach=6000, audience_size=5000)
    DataFlag.objects.all().delete()

    raised = flags.recheck([world.plan.pk])

    assert raised["reach_above_population"] == 1
    assert DataFlag.objects.get().plan == world.plan
