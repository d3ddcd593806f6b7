"""The annual review: prepared from the data (figures checked by hand), written by people,
approved by the head with the required sections, read-only once approved.

``adopted_a`` (approved 15/02/2026): A1 measurable (baseline 60, target 90 % in 2026; milestones
Q2/2026 value 70 and 31/12/2026 deliverable), A2 led by the cell. Reports: A1 Q2 on track 72
on 30/06 (not naming the Q2 milestone); A2 Q3 done on 15/09. Today is 26/11/2026.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from trienkhai.core.models import AuditEvent
from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram
from trienkhai.programs.review_facts import review_date, review_facts, reviews_due

from .conftest import D, fresh, refused

pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 26)

FACTS_2026 = {
    "year": 2026,
    "as_of": "2026-11-26",
    "tasks": {"not_started": 0, "on_track": 1, "at_risk": 0, "late": 0, "done": 1, "total": 2},
    "task_rows": [
        {
            "order": 1,
            "title": "Bảo đảm nước sạch cho các hộ dân trong xã",
            "lead": "Đảng ủy xã An Phú",
            "status": "on_track",
        },
        {"order": 2, "title": "Kiện toàn chi bộ thôn 1", "lead": "Chi bộ thôn 1", "status": "done"},
    ],
    "indicators": [
        {
            "order": 1,
            "indicator": "Tỷ lệ hộ dùng nước sạch",
            "measure": "%",
            "baseline": "60",
            "value": "72",
            "target": "90",
            "target_year": 2026,
            "attainment": 40.0,  # (72 − 60) / (90 − 60)
        }
    ],
    "milestones_due": 2,
    "milestones_done": 0,
    "overdue": [{"task": 1, "when": "Quý II/2026", "deliverable": "70"}],
}


@pytest.fixture
def reported(world, build, adopted_a, clock):
    clock(TODAY)
    a1, a2 = adopted_a.tasks.order_by("order")
    build.report(a1, period=D(2026, 5, 1), on=D(2026, 6, 30), status="on_track", value=72)
    build.report(a2, period=D(2026, 8, 1), on=D(2026, 9, 15), status="done")
    return adopted_a


def prepare(world, program, year=2026, user=None):
    return services.prepare_review(user=user or world.clerk_a, program=program, year=year)


def write(world, review, **texts):
    texts = {
        "results": "Kết quả",
        "shortcomings": "Hạn chế",
        "next_year": "Nhiệm vụ năm tới",
        **texts,
    }
    return services.update_review(user=world.clerk_a, review=review, **texts)


def test_the_review_is_prepared_from_the_data(world, reported):
    review = prepare(world, reported)
    assert (review.unit, review.program, review.year, review.status) == (
        world.commune_a,
        reported,
        2026,
        "draft",
    )
    assert fresh(review).facts == FACTS_2026
    event = AuditEvent.objects.get(object_type="programs.annualreview")
    assert event.after == {"year": 2026}


def test_the_figures_of_a_past_year_are_as_of_its_last_day(world, build, reported, clock):
    clock(D(2027, 2, 1))
    facts = review_facts(reported, 2026)
    assert facts["as_of"] == "2026-12-31"
    assert facts["overdue"] == [
        {"task": 1, "when": "Quý II/2026", "deliverable": "70"}
    ]  # 31/12: in time
    assert review_date(2026) == D(2026, 12, 31) and review_date(2027) == D(2027, 2, 1)
    # what is reported in 2027 does not change 2026's figures
    a1 = reported.tasks.get(order=1)
    build.report(a1, period=D(2027, 1, 1), on=D(2027, 1, 20), status="done", value=91)
    assert review_facts(reported, 2026) == facts
    facts_2027 = review_facts(reported, 2027)
    assert facts_2027["tasks"]["done"] == 2 and facts_2027["milestones_due"] == 0
    assert facts_2027["indicators"][0]["attainment"] == 100.0  # 91 beyond the target of 90


def test_the_year_must_be_within_the_programs_life_and_once(world, reported):
    for year in (2025, 2027):
        with refused() as info:
            prepare(world, reported, year=year)
        assert "year" in info.value.message_dict
    prepare(world, reported)
    with refused() as info:
        prepare(world, reported)
    assert "year" in info.value.message_dict


def test_a_closed_program_is_not_reviewed_for_the_years_after(world, reported, clock):
    clock(D(2027, 3, 1))
    services.close_program(user=world.head_a, program=reported, on=D(2026, 12, 20))
    with refused() as info:
        prepare(world, reported, year=2027)
    assert "year" in info.value.message_dict
    assert prepare(world, reported, year=2026).facts["as_of"] == "2026-12-31"


def test_a_program_never_approved_is_not_reviewed(world, draft_a, clock):
    clock(TODAY)
    with refused():
        prepare(world, draft_a)


@pytest.mark.parametrize("who", ["clerk_b", "viewer_a", "member_a", "nobody"])
def test_who_may_not_prepare_it(world, reported, who):
    with refused(PermissionDenied):
        prepare(world, reported, user=getattr(world, who))


def test_people_write_the_sections_in_paragraphs(world, reported):
    review = prepare(world, reported)
    review = write(
        world,
        review,
        results="Hoàn thành  lắp đặt.\n\nĐạt 72 %  hộ dùng nước sạch.",
        causes="Thiếu kinh phí",
    )
    review = fresh(review)
    assert review.results == "Hoàn thành lắp đặt.\nĐạt 72 % hộ dùng nước sạch."
    assert (review.causes, review.lessons) == ("Thiếu kinh phí", "")
    event = AuditEvent.objects.filter(object_type="programs.annualreview").latest("pk")
    assert event.before["results"] == "" and event.after["causes"] == "Thiếu kinh phí"
    with refused(PermissionDenied):
        services.update_review(user=world.clerk_b, review=review, results="x")
    with refused():
        services.update_review(user=world.clerk_a, review=review, results="x" * 20001)
    with pytest.raises(TypeError):
        services.update_review(user=world.clerk_a, review=review, facts={})


def test_refreshing_takes_in_the_latest_reports(world, build, reported):
    review = prepare(world, reported)
    a1 = reported.tasks.get(order=1)
    build.report(a1, period=D(2026, 10, 1), on=D(2026, 11, 20), status="done", value=90)
    assert fresh(review).facts == FACTS_2026  # kept until refreshed
    services.update_review(user=world.clerk_a, review=review, refresh=True)
    facts = fresh(review).facts
    assert facts["tasks"]["done"] == 2 and facts["indicators"][0]["attainment"] == 100.0
    assert facts["milestones_done"] == 2 and facts["overdue"] == []  # done completes the roadmap


def test_the_log_keeps_only_the_sections_that_changed(world, reported):
    """Whole 20,000-character sections on every save would bloat the log: an event carries the
    sections that changed, none when nothing did, and says when the figures were refreshed."""
    review = prepare(world, reported)
    events = AuditEvent.objects.filter(object_type="programs.annualreview", verb="update")
    services.update_review(user=world.clerk_a, review=review, results="Đạt", causes="Mưa")
    services.update_review(user=world.clerk_a, review=review, results="Đạt", causes="Lũ")
    assert (events.latest("pk").before, events.latest("pk").after) == (
        {"causes": "Mưa"},
        {"causes": "Lũ"},
    )
    services.update_review(user=world.clerk_a, review=review, results="Đạt")
    assert events.count() == 2  # the same text again: nothing to record
    services.update_review(user=world.clerk_a, review=review, refresh=True)
    assert (events.latest("pk").before, events.latest("pk").after) == ({}, {"facts": "refreshed"})
    services.update_review(user=world.clerk_a, review=review, lessons="Sớm", refresh=True)
    assert events.latest("pk").after == {"lessons": "Sớm", "facts": "refreshed"}


def test_the_head_approves_with_the_required_sections(world, reported):
    review = prepare(world, reported)
    with translation.override("en"), refused() as info:
        services.approve_review(user=world.head_a, review=review)
    assert "results, shortcomings and limitations, tasks for next year" in info.value.messages[0]
    review = write(world, review, shortcomings="  ")
    with refused():
        services.approve_review(user=world.head_a, review=review)
    review = write(world, review)
    for outsider in (world.clerk_a, world.head_p, world.admin, world.head_b, world.member_a):
        with refused(PermissionDenied):
            services.approve_review(user=outsider, review=review)
    review = services.approve_review(user=world.head_a, review=review)
    review = fresh(review)
    assert (review.status, review.approved_on, review.approved_by) == (
        "approved",
        TODAY,
        world.head_a,
    )
    assert review.facts == FACTS_2026


def test_the_named_deputy_approves_too(world, reported):
    services.name_deputy(user=world.head_a, program=reported, deputy=world.member_a)
    review = write(world, prepare(world, reported))
    services.approve_review(user=world.member_a, review=review)
    assert fresh(review).approved_by == world.member_a


def test_an_approved_review_is_read_only(world, build, reported):
    review = services.approve_review(
        user=world.head_a, review=write(world, prepare(world, reported))
    )
    with refused():
        services.update_review(user=world.clerk_a, review=review, results="Sửa")
    with refused():
        services.update_review(user=world.clerk_a, review=review, refresh=True)
    with refused():
        services.approve_review(user=world.head_a, review=review)
    build.report(
        reported.tasks.get(order=1), period=D(2026, 10, 1), on=TODAY, status="done", value=90
    )
    assert fresh(review).facts == FACTS_2026  # the figures it was approved with


def test_reviews_due_for_a_year(world, build, reported):
    """Programs approved by the year's end and not closed before it began."""
    other = build.program(world.commune_b)
    build.task(other)
    build.adopt(other, on=D(2027, 1, 5))
    closed = build.program(world.commune_a, title="Đề án đã kết thúc")
    build.task(closed)
    closed = build.adopt(closed, on=D(2026, 2, 1))
    services.close_program(user=world.head_a, program=closed, on=D(2026, 12, 1))
    communes = ActionProgram.objects.exclude(unit=world.province)
    assert set(reviews_due(communes, 2025)) == set()
    assert set(reviews_due(communes, 2026)) == {reported, fresh(closed)}
    assert set(reviews_due(communes, 2027)) == {reported, fresh(other)}
