"""The sessions screens: a unit's list, scheduling and editing, make-ups, a session's page and
marking it held. In scope they work; the sibling commune gets 404; bad input gets the form
back (400) and writes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trienkhai.core.models import AuditEvent
from trienkhai.study import services
from trienkhai.study.models import Attendance, StudySession

from .test_services_builders import make_plan
from .test_views_support import an_hour_ago, count_queries, errors_of

pytestmark = pytest.mark.django_db


def form_data(study, **overrides):
    data = {
        "plan": study.plan.pk,
        "title": "Hội nghị học tập Nghị quyết 18",
        "date": "20/03/2026",
        "time": "14:00",
        "place": "Hội trường UBND xã",
        "mode": "in_person",
        "connection_points": "",
        "lecturer": "Đ/c Bí thư Đảng ủy",
        "audience": "all_members",
        "include_subtree": "on",
        "non_members_invited": "",
        "makeup_for": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def writes():
    return StudySession.objects.count(), AuditEvent.objects.count()


def test_the_list_starts_empty_then_shows_a_scheduled_session(study, login):
    client = login(study.tree.clerk_a)
    url = reverse("study:unit-sessions", args=[study.tree.commune_a.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert 'class="empty"' in response.content.decode()
    assert study.plan.number in response.content.decode()  # offered in the plan filter

    study.session(title="Hội nghị quán triệt số 1")
    response = client.get(url)
    assert "Hội nghị quán triệt số 1" in response.content.decode()
    assert response.context["page"].paginator.count == 1


def test_the_province_sees_the_sessions_of_the_communes_below(study, login):
    study.session(title="Hội nghị của xã An Phú")
    client = login(study.tree.admin)
    response = client.get(reverse("study:unit-sessions", args=[study.tree.province.pk]))
    assert "Hội nghị của xã An Phú" in response.content.decode()


def test_the_sibling_commune_gets_404(study, login):
    session = study.session()
    client = login(study.tree.clerk_b)
    for url in (
        reverse("study:unit-sessions", args=[study.tree.commune_a.pk]),
        reverse("study:session-add", args=[study.tree.commune_a.pk]),
        reverse("study:session-detail", args=[session.pk]),
        reverse("study:session-edit", args=[session.pk]),
        reverse("study:session-makeup", args=[session.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_scheduling_a_session(study, login):
    client = login(study.tree.clerk_a)
    url = reverse("study:session-add", args=[study.tree.commune_a.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, form_data(study))

    session = StudySession.objects.get()
    assert response.status_code == 302
    assert response.url == session.get_absolute_url()
    local = timezone.localtime(session.starts_at)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 3, 20), 14, 0)
    assert session.unit == study.tree.commune_a and session.plan == study.plan
    assert session.include_subtree and session.connection_points == 0
    page = client.get(session.get_absolute_url())
    assert page.status_code == 200
    assert page.context["counts"]["expected"] == 4  # commune A expects four members


def test_the_plan_in_the_link_is_preselected(study, login):
    client = login(study.tree.clerk_a)
    url = reverse("study:session-add", args=[study.tree.commune_a.pk])
    response = client.get(url, {"plan": study.plan.pk})
    assert response.context["form"].initial["plan"] == study.plan.pk


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"date": "31/02/2026"}, "date"),
        ({"date": "2026-13-01"}, "date"),
        ({"time": "25:00"}, "time"),
        ({"title": "   "}, "title"),
        ({"mode": "in_person", "connection_points": "3"}, "connection_points"),
        ({"mode": "online", "connection_points": ""}, "connection_points"),
        ({"mode": "by_pigeon"}, "mode"),
        ({"connection_points": "-2", "mode": "mixed"}, "connection_points"),
        ({"audience": "everyone"}, "audience"),
        ({"plan": "999999"}, "plan"),
        ({"makeup_for": "999999"}, "makeup_for"),
        ({"makeup_for": "EARLIER", "date": "01/01/2020"}, "date"),  # before the one it makes up
    ],
)
def test_bad_input_gets_the_form_back_and_writes_nothing(study, login, overrides, field):
    if overrides.get("makeup_for") == "EARLIER":
        overrides = {**overrides, "makeup_for": study.session().pk}
    client = login(study.tree.clerk_a)
    before = writes()

    response = client.post(
        reverse("study:session-add", args=[study.tree.commune_a.pk]), form_data(study, **overrides)
    )

    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert writes() == before


def test_a_plan_not_addressed_to_the_unit_is_an_invalid_choice(study, login):
    """A plan of the sibling commune (outside the clerk's scope) and a draft plan are not
    offered, and forging their ids is refused."""
    other = make_plan(study.tree, study.resolution, number="99-KH/TU", issue=False)
    client = login(study.tree.clerk_a)
    before = writes()
    response = client.post(
        reverse("study:session-add", args=[study.tree.commune_a.pk]),
        form_data(study, plan=other.pk),
    )
    assert response.status_code == 400
    assert "plan" in response.context["form"].errors
    assert writes() == before


def test_a_cell_cannot_schedule_for_the_commune(study, login):
    client = login(study.tree.viewer_a)
    url = reverse("study:session-add", args=[study.tree.commune_a.pk])
    assert client.get(url).status_code == 404


def test_a_make_up_session_for_the_absent(study, login):
    session = study.session(title="Hội nghị lần 1")
    client = login(study.tree.clerk_a)
    url = reverse("study:session-makeup", args=[session.pk])

    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["makeup_for"] == session.pk
    assert form.initial["plan"] == study.plan.pk
    assert "Hội nghị lần 1" in form.initial["title"]

    next_week = (timezone.localdate() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    response = client.post(
        url, form_data(study, makeup_for=session.pk, title="Học bù", date=next_week)
    )

    makeup = StudySession.objects.get(title="Học bù")
    assert response.status_code == 302
    assert makeup.makeup_for == session and makeup.plan == study.plan
    detail = client.get(session.get_absolute_url())
    assert list(detail.context["makeups"]) == [makeup]


def test_a_make_up_for_a_session_of_another_plan_is_refused(study, login):
    other_plan = make_plan(study.tree, study.resolution, number="13-KH/TU")
    other = services.schedule_session(
        user=study.tree.clerk_a,
        unit=study.tree.commune_a,
        plan=other_plan,
        title="Hội nghị kế hoạch khác",
        starts_at=an_hour_ago(),
        mode="in_person",
    )
    client = login(study.tree.clerk_a)
    before = writes()
    response = client.post(
        reverse("study:session-add", args=[study.tree.commune_a.pk]),
        form_data(study, makeup_for=other.pk),
    )
    assert response.status_code == 400
    assert "makeup_for" in response.context["form"].errors
    assert writes() == before


def test_editing_keeps_the_plan(study, login):
    session = study.session()
    other_plan = make_plan(study.tree, study.resolution, number="13-KH/TU")
    client = login(study.tree.clerk_a)
    url = reverse("study:session-edit", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["place"] == "Hội trường xã"

    response = client.post(
        url,
        form_data(
            study, plan=other_plan.pk, place="Nhà văn hóa thôn", mode="mixed", connection_points="4"
        ),
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Nhà văn hóa thôn"
    assert session.plan == study.plan
    assert (session.mode, session.connection_points) == ("mixed", 4)


def test_the_session_page_counts_expected_present_excused_absent(study, login):
    tree = study.tree
    session = study.session(non_members_invited=True)
    for person, status in (
        (study.an, "present"),
        (study.hoa, "excused"),
        (study.cuong, "absent"),
        (study.dung, "present"),  # exempt: may attend, not expected
    ):
        services.mark_attendance(user=tree.clerk_a, session=session, person=person, status=status)
    client = login(tree.clerk_a)

    response = client.get(session.get_absolute_url())

    counts = response.context["counts"]
    assert counts["expected"] == 4
    assert (counts["present"], counts["excused"], counts["absent"]) == (2, 1, 1)
    assert counts["present_expected"] == 1
    assert counts["unmarked"] == 1  # Võ Văn Giang
    assert counts["others_present"] == 1


def test_marking_held_with_non_member_attendances(study, login):
    session = study.session(non_members_invited=True)
    client = login(study.tree.clerk_a)
    url = reverse("study:session-held", args=[session.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"non_member_count": "12"})

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == StudySession.Status.HELD
    assert session.non_member_count == 12


@pytest.mark.parametrize("value", ["-1", "abc", "1.5"])
def test_a_bad_non_member_count_is_refused(study, login, value):
    session = study.session(non_members_invited=True)
    client = login(study.tree.clerk_a)
    response = client.post(
        reverse("study:session-held", args=[session.pk]), {"non_member_count": value}
    )
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.status == StudySession.Status.SCHEDULED


def test_a_session_cannot_be_held_before_it_starts(study, login):
    session = study.session(starts_at=timezone.now() + datetime.timedelta(days=2))
    client = login(study.tree.clerk_a)
    response = client.post(reverse("study:session-held", args=[session.pk]), {})
    assert response.status_code == 400
    assert errors_of(response)
    session.refresh_from_db()
    assert session.status == StudySession.Status.SCHEDULED


def test_non_members_of_a_session_that_did_not_invite_them_are_not_counted(study, login):
    session = study.session(non_members_invited=False)
    client = login(study.tree.clerk_a)
    response = client.post(
        reverse("study:session-held", args=[session.pk]), {"non_member_count": "7"}
    )
    # The field is disabled: the count stays 0 and the session is held.
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.non_member_count) == ("held", 0)


def test_the_session_list_costs_the_same_queries_for_3_or_30_sessions(study, login):
    tree = study.tree
    client = login(tree.clerk_a)
    for i in range(3):
        study.session(title=f"Hội nghị {i}")
    url = reverse("study:unit-sessions", args=[tree.commune_a.pk])
    small, _ = count_queries(client, url)
    for i in range(27):
        session = study.session(unit=tree.cell_a, title=f"Hội nghị chi bộ {i}")
        services.mark_attendance(
            user=tree.clerk_a, session=session, person=study.an, status=Attendance.Status.PRESENT
        )
    large, response = count_queries(client, url)
    assert response.context["page"].paginator.count == 30
    assert small == large


def test_the_session_page_costs_the_same_queries_however_many_attended(study, login):
    tree = study.tree
    session = study.session()
    client = login(tree.clerk_a)
    small, _ = count_queries(client, session.get_absolute_url())
    services.mark_all_present_except(user=tree.clerk_a, session=session)
    large, _ = count_queries(client, session.get_absolute_url())
    assert small == large


def test_bad_ids_in_the_query_string_are_explained_not_a_crash(study, login):
    """``"²".isdigit()`` is true and ``int("²")`` raises: ids are parsed by the list filters."""
    study.session(title="Hội nghị quán triệt số 1")
    tree = study.tree
    client = login(tree.clerk_a)
    url = reverse("study:unit-sessions", args=[tree.commune_a.pk])

    for bad in ("²", "-1", "abc", str(study.plan.pk + 1000)):
        response = client.get(url, {"plan": bad})
        assert response.status_code == 400, bad
        assert response.context["page"].paginator.count == 0
        response = client.get(url, {"unit": bad})
        assert response.status_code == 400, bad
    # a unit of the sibling commune is not a choice here
    response = client.get(url, {"unit": tree.cell_b.pk})
    assert response.status_code == 400 and "khu phố" not in response.content.decode()
    assert client.get(url, {"unit": tree.cell_a.pk}).context["page"].paginator.count == 0
    add = reverse("study:session-add", args=[tree.commune_a.pk])
    assert client.get(add, {"plan": "²"}).status_code == 200


def test_a_cells_secretary_sees_the_communes_conference_held_for_the_cell(study, login):
    """The commune holds the conference for itself and everything under it: it is the cell's
    session too (it said "Sessions (0)"); a session of the commune alone is not, and the
    sibling commune's cell sees neither."""
    tree = study.tree
    for_all = study.session(title="Hội nghị quán triệt toàn Đảng bộ xã", include_subtree=True)
    study.session(title="Hội nghị Ban Chấp hành xã", include_subtree=False)
    secretary = login(tree.viewer_a)  # a role on cell A1 only

    listed = secretary.get(reverse("study:unit-sessions", args=[tree.cell_a.pk]))

    assert listed.status_code == 200
    assert [s.title for s in listed.context["page"].object_list] == [for_all.title]
    assert secretary.get(for_all.get_absolute_url()).status_code == 200

    sibling = login(tree.clerk_b)
    assert sibling.get(for_all.get_absolute_url()).status_code == 404
    below_b = sibling.get(reverse("study:unit-sessions", args=[tree.cell_b.pk]))
    assert below_b.context["page"].paginator.count == 0
