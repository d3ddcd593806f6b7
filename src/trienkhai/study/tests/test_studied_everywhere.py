""" "Has studied" has one definition (``eligibility.studied``), and every screen and number
agrees on it: the roster's "not studied yet", the attendance target's evidence, the rows page,
the study numbers (live and from the tallies), the reporting engine and the member's own page.

The case is built where the two old definitions disagreed: cell HL-A1 (An, Hoa, Cường
expected) studies the province's plan 12-KH/TU partly at a session of the commune's own plan
carrying it out (An and Hoa, ten days ago), and Cường at a session of the province's plan two
days ago, after the as-of date of the past reading (five days ago)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.access import Role
from trienkhai.reporting import engine
from trienkhai.resolutions import services as plans
from trienkhai.study import eligibility, rollup, rows, services
from trienkhai.study.models import StudySession
from trienkhai.tooling.testing import make_user
from trienkhai.units.models import Person

from .test_services_builders import make_study
from .test_views_roster import names, roster_url

DAY = datetime.timedelta(days=1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    study = make_study(tree)
    child = plans.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        parent=study.plan,
        number="03-KH/ĐU",
        title="Kế hoạch của Đảng ủy xã An Phú",
        issued_on=timezone.localdate() - 20 * DAY,
    )
    study.child = plans.issue_plan(user=tree.head_a, plan=child)
    # The commune's own session, ten days ago: An and Hoa.
    own = services.schedule_session(
        user=tree.clerk_a,
        unit=tree.cell_a,
        plan=study.child,
        title="Hội nghị quán triệt của xã",
        starts_at=timezone.now() - 10 * DAY,
        mode="in_person",
    )
    own = services.mark_held(user=tree.clerk_a, session=own)
    for who in (study.an, study.hoa):
        services.mark_attendance(
            user=tree.clerk_a, session=own, person=who, status="present", reason="Sổ giấy"
        )
    # The province's plan, two days ago: Cường.
    study.late = study.session(unit=tree.cell_a, starts_at=timezone.now() - 2 * DAY)
    study.late = services.mark_held(user=tree.clerk_a, session=study.late)
    services.mark_attendance(
        user=tree.clerk_a,
        session=study.late,
        person=study.cuong,
        status="present",
        reason="Sổ giấy",
    )
    # A session of the province's plan that was cancelled: its roster counts for nothing.
    cancelled = study.session(unit=tree.commune_a, starts_at=timezone.now() - 3 * DAY)
    services.mark_attendance(
        user=tree.clerk_a, session=cancelled, person=study.giang, status="present", reason="Sổ giấy"
    )
    # (no service cancels a session yet; the tallies are first read after this)
    StudySession.objects.filter(pk=cancelled.pk).update(status=StudySession.Status.CANCELLED)
    return study


def studied_by(world, as_of=None) -> set[str]:
    people = Person.objects.filter(eligibility.studied(world.plan, as_of))
    return set(people.values_list("full_name", flat=True))


def test_the_definition(world):
    today = {"Nguyễn Văn An", "Trần Thị Hoa", "Lê Văn Cường"}
    assert studied_by(world) == today
    assert studied_by(world, timezone.localdate() - 5 * DAY) == {"Nguyễn Văn An", "Trần Thị Hoa"}
    # The commune's own plan is not carried out by the province's: Cường has not studied it.
    assert set(
        Person.objects.filter(eligibility.studied(world.child)).values_list("full_name", flat=True)
    ) == {"Nguyễn Văn An", "Trần Thị Hoa"}


def test_every_screen_and_number_agrees(world, tree, login):
    client = login(tree.clerk_a)
    past = timezone.localdate() - 5 * DAY
    for as_of, attended in ((None, 3), (past, 2)):
        # the study numbers (today from the tallies, a past day counted live) …
        numbers = rollup.study_numbers(world.plan, tree.cell_a, as_of)
        assert (numbers.attended, numbers.eligible) == (attended, 3)
        assert rollup.study_numbers(world.plan, tree.province, as_of).attended == attended
        # … the rows behind them …
        assert rows.attended_people(world.plan, tree.cell_a, as_of).count() == attended
        params = {"plan": world.plan.pk, "what": "attended"}
        if as_of:
            params["as_of"] = as_of.strftime("%d/%m/%Y")
        page = client.get(reverse("study:unit-numbers-rows", args=[tree.cell_a.pk]), params)
        assert page.context["page"].paginator.count == attended
        # … and the reporting engine.
        result = engine.compute(world.plan, tree.province, as_of)
        assert result.total.study.attended == attended

    # The make-up session's roster: only those who have not studied (Giang, whose only
    # session was cancelled).
    makeup = world.session(title="Học bù", makeup_for=world.late)
    assert names(client.get(roster_url(makeup))) == ["Võ Văn Giang"]


def test_the_attendance_target_is_reached_on_the_day_the_last_one_studied(world, tree):
    """3/3 of the cell have studied the province's plan by the second session: its
    attendance obligation (≥ 95 %) is done on that day, not on the first session's."""
    obligation = world.obligation(tree.cell_a, "attendance")
    assert obligation.fulfilled_on == timezone.localtime(world.late.starts_at).date()
    assert obligation.evidence.endswith(" 3/3")


def test_the_members_own_page(world, tree, login):
    user = make_user("an", Role.VIEWER, tree.cell_a)
    Person.objects.filter(pk=world.an.pk).update(user=user)
    page = login(user).get(reverse("study:home"))
    studied = {plan.number: plan.studied for plan in page.context["plans"].object_list}
    assert studied[world.plan.number] is True
