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


def test_a_report_written_under_the_communes_plan_is_the_members_report_for_the_provinces(
    world, tree, login
):
    """An wrote her learning report under the commune's plan carrying out the province's: the
    figures count it for the province's plan, and so does her own page (it said "not
    submitted")."""
    user = make_user("an", Role.VIEWER, tree.cell_a)
    Person.objects.filter(pk=world.an.pk).update(user=user)
    an = Person.objects.get(pk=world.an.pk)
    services.submit_report(
        user=user, plan=world.child, person=an, text="Thu hoạch của tôi về nghị quyết. " * 20
    )

    page = login(user).get(reverse("study:home"))

    mine = {plan.number: plan.my_report for plan in page.context["plans"].object_list}
    assert mine[world.plan.number] is not None
    assert mine[world.plan.number].plan_id == world.child.pk
    html = page.content.decode()
    assert reverse("study:my-report", args=[world.child.pk]) in html  # see it where it is
    assert "03-KH/ĐU" in html


def test_the_members_home_asks_for_one_report_under_the_plan_closest_to_them(world, tree, login):
    """The commune's plan carries out the province's: one learning report answers both, so
    the home page asks for it once, under the commune's plan; once written, not at all."""
    user = make_user("an", Role.VIEWER, tree.cell_a)
    Person.objects.filter(pk=world.an.pk).update(user=user)
    client = login(user)

    def asked():
        card = {c.key: c for c in client.get(reverse("home")).context["cards"]}["my-study"]
        return [item.url for item in card.items if "/report/" in item.url]

    if world.child.requirements.filter(kind="learning_reports").exists():
        assert asked() == [reverse("study:my-report", args=[world.child.pk])]
    else:  # the requirement is the province's: asked under it, once
        assert asked() == [reverse("study:my-report", args=[world.plan.pk])]

    an = Person.objects.get(pk=world.an.pk)
    services.submit_report(user=user, plan=world.child, person=an, text="Thu hoạch. " * 40)
    assert asked() == []  # written under the commune's plan: owed under neither


def test_reports_to_grade_reach_the_head_above_the_cell_not_the_province(world, tree, login):
    an = Person.objects.get(pk=world.an.pk)
    report = services.submit_report(
        user=tree.clerk_a, plan=world.plan, person=an, text="Thu hoạch. " * 40
    )

    def grading(user):
        cards = {c.key: c for c in login(user).get(reverse("home")).context["cards"]}
        card = cards.get("grade")
        return [item.url for item in card.items] if card else []

    assert grading(tree.head_a) == [reverse("study:report-detail", args=[report.pk])]
    assert grading(tree.admin) == []  # the province is not asked to grade every cell
    assert grading(tree.clerk_b) == []  # the sibling commune: nothing of commune A
