"""The roster: people in Vietnamese roster order, filters, one row saved per change (HTMX),
"all present except those marked", refusals, and a constant number of queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from trienkhai.core.models import AuditEvent
from trienkhai.study import services
from trienkhai.study.models import Attendance, StudySession

from .test_views_support import add_cell, add_people, count_queries

pytestmark = pytest.mark.django_db


HTMX = {"HX-Request": "true", "HX-Target": "r1"}


def names(response) -> list[str]:
    """The names on the rendered roster, top to bottom."""
    html = response.content.decode()
    return [
        n.strip() for n in re.findall(r'<tr id="r\d+"[^>]*><td class="num"></td><td>([^<]+)', html)
    ]


def roster_url(session):
    return reverse("study:roster", args=[session.pk])


def test_the_roster_lists_the_expected_members_in_roster_order(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)

    response = client.get(roster_url(session))

    assert response.status_code == 200
    # By given name: An, Cường, Giang, Hoa. Exempt Dũng and non-member Em are not expected.
    assert names(response) == ["Nguyễn Văn An", "Lê Văn Cường", "Võ Văn Giang", "Trần Thị Hoa"]
    html = response.content.decode()
    assert html.count('<tr id="r') == 4
    assert response.context["counts"]["unmarked"] == 4


def test_filters_by_name_without_diacritics_and_by_cell(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    url = roster_url(session)

    assert names(client.get(url, {"q": "cuong"})) == ["Lê Văn Cường"]
    assert names(client.get(url, {"q": "VAN"})) == ["Nguyễn Văn An", "Lê Văn Cường", "Võ Văn Giang"]
    assert names(client.get(url, {"unit": study.tree.cell_a.pk})) == [
        "Nguyễn Văn An",
        "Lê Văn Cường",
        "Trần Thị Hoa",
    ]
    everyone = names(client.get(url, {"everyone": "on"}))
    assert "Phạm Văn Dũng" in everyone and "Hoàng Thị Em" not in everyone


def test_a_unit_outside_the_audience_filters_nothing_in(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    response = client.get(roster_url(session), {"unit": study.tree.commune_b.pk})
    assert response.status_code == 400
    assert names(response) == []
    assert response.context["filters"].errors["unit"]


@pytest.mark.parametrize("value", ["²", "abc", "-1", "0", "99999999", "1e3", "9" * 30])
def test_a_forged_unit_id_is_an_error_not_a_500(study, login, value):
    session = study.session()
    client = login(study.tree.clerk_a)
    response = client.get(roster_url(session), {"unit": value})
    assert response.status_code == 400
    assert names(response) == []
    assert response.context["filters"].errors["unit"]


def test_the_cell_is_chosen_by_name_never_typed_as_a_code(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    html = client.get(roster_url(session), {"unit": study.tree.cell_a.pk}).content.decode()
    # The name box shows the chosen cell; the hidden input carries its id; the suggestions
    # come from the scoped unit lookup, under the session's unit.
    assert 'value="Chi bộ thôn 1 (HL-A1)"' in html
    assert f'type="hidden" name="unit" id="id_unit" value="{study.tree.cell_a.pk}"' in html
    assert f"under={session.unit.pk}" in html
    assert "unit code" not in html


def test_a_session_of_one_unit_offers_no_cell_and_refuses_its_children(study, login):
    session = study.session()
    session.include_subtree = False
    session.save(update_fields=["include_subtree"])
    client = login(study.tree.clerk_a)
    page = client.get(roster_url(session))
    assert page.status_code == 200
    assert 'name="unit"' not in page.content.decode()
    response = client.get(roster_url(session), {"unit": study.tree.cell_a.pk})
    assert response.status_code == 400
    assert names(response) == []


def test_the_sibling_commune_cannot_filter_by_our_cell(study, login):
    """The sibling commune's clerk gets 404 for the session, whatever the filter."""
    session = study.session()
    client = login(study.tree.clerk_b)
    response = client.get(roster_url(session), {"unit": study.tree.cell_a.pk})
    assert response.status_code == 404


def test_the_htmx_filter_returns_only_the_table(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    response = client.get(
        roster_url(session),
        {"q": "hoa"},
        headers={"HX-Request": "true", "HX-Target": "roster-table"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="roster-table">')
    assert "<html" not in html
    assert names(response) == ["Trần Thị Hoa"]


def test_marking_one_row_saves_it_and_returns_the_row(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)

    response = client.post(
        roster_url(session), {"person": study.an.pk, "status": "present", "n": "1"}, headers=HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr id="r{study.an.pk}".*?</tr>', html, re.S).group(0)
    assert 'value="present" aria-label' in row and "checked" in row
    assert row.count("checked") == 1
    assert 'id="roster-counts"' in html and 'hx-swap-oob="true"' in html
    attendance = Attendance.objects.get(session=session, person=study.an)
    assert (attendance.status, attendance.method) == ("present", "roster")
    assert attendance.recorded_by == study.tree.clerk_a

    client.post(roster_url(session), {"person": study.an.pk, "status": "absent"}, headers=HTMX)
    attendance.refresh_from_db()
    assert attendance.status == "absent"


def test_without_htmx_a_mark_redirects_back_to_the_roster(study, login):
    session = study.session()
    client = login(study.tree.clerk_a)
    response = client.post(roster_url(session), {"person": study.hoa.pk, "status": "excused"})
    assert response.status_code == 302
    assert response.url.startswith(roster_url(session))


@pytest.mark.parametrize(
    "who, status",
    [
        ("binh", "present"),  # the sibling commune's member: outside the audience
        ("em", "present"),  # a non-member: counted, not marked
        ("forged", "present"),  # an id that does not exist
        ("an", "sleeping"),  # not a status
        ("an", ""),
    ],
)
def test_refused_marks_are_400_and_write_nothing(study, login, who, status):
    session = study.session()
    client = login(study.tree.clerk_a)
    person = 987654 if who == "forged" else getattr(study, who).pk
    audit = AuditEvent.objects.count()

    response = client.post(roster_url(session), {"person": person, "status": status}, headers=HTMX)

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#roster-error"
    assert response.content
    assert not Attendance.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_a_session_of_a_cell_organised_below_does_not_take_the_commune(study, login):
    """A session of the cell only: Võ Văn Giang (commune committee) is outside it."""
    session = study.session(unit=study.tree.cell_a)
    client = login(study.tree.clerk_a)
    response = client.post(roster_url(session), {"person": study.giang.pk, "status": "present"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_all_present_except_those_marked(study, login):
    session = study.session()
    tree = study.tree
    services.mark_attendance(user=tree.clerk_a, session=session, person=study.hoa, status="absent")
    services.mark_attendance(
        user=tree.clerk_a, session=session, person=study.cuong, status="excused"
    )
    client = login(tree.clerk_a)

    response = client.post(roster_url(session), {"all_present": "1"})

    assert response.status_code == 302
    marks = dict(
        Attendance.objects.filter(session=session).values_list("person__full_name", "status")
    )
    assert marks == {
        "Nguyễn Văn An": "present",
        "Võ Văn Giang": "present",
        "Trần Thị Hoa": "absent",
        "Lê Văn Cường": "excused",
    }


def test_a_viewer_reads_the_roster_but_cannot_mark(study, login):
    session = study.session(unit=study.tree.cell_a)
    client = login(study.tree.viewer_a)

    page = client.get(roster_url(session))
    assert page.status_code == 200
    assert not page.context["can_mark"]
    assert " disabled" in page.content.decode()

    response = client.post(roster_url(session), {"person": study.an.pk, "status": "present"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_the_sibling_commune_gets_404(study, login):
    session = study.session()
    client = login(study.tree.clerk_b)
    assert client.get(roster_url(session)).status_code == 404
    response = client.post(roster_url(session), {"person": study.an.pk, "status": "present"})
    assert response.status_code == 404
    assert client.post(roster_url(session), {"all_present": "1"}).status_code == 404
    assert not Attendance.objects.exists()


def test_a_cancelled_session_cannot_be_marked(study, login):
    session = study.session()
    StudySession.objects.filter(pk=session.pk).update(status=StudySession.Status.CANCELLED)
    client = login(study.tree.clerk_a)
    response = client.post(roster_url(session), {"person": study.an.pk, "status": "present"})
    assert response.status_code == 400
    assert client.post(roster_url(session), {"all_present": "1"}).status_code == 400
    assert not Attendance.objects.exists()


def test_a_make_up_roster_starts_with_those_who_have_not_studied(study, login):
    tree = study.tree
    first = study.session(title="Lần 1")
    services.mark_attendance(user=tree.clerk_a, session=first, person=study.an, status="present")
    services.mark_attendance(user=tree.clerk_a, session=first, person=study.hoa, status="absent")
    makeup = study.session(title="Học bù", makeup_for=first)
    client = login(tree.clerk_a)

    pending = names(client.get(roster_url(makeup)))
    assert "Nguyễn Văn An" not in pending and "Trần Thị Hoa" in pending

    everyone = names(client.get(roster_url(makeup), {"filtered": "1"}))
    assert "Nguyễn Văn An" in everyone

    # "All present" would mark those who studied already: not on a make-up session.
    assert client.post(roster_url(makeup), {"all_present": "1"}).status_code == 400
    assert not Attendance.objects.filter(session=makeup).exists()


def test_the_roster_costs_the_same_queries_for_20_or_200_people(study, login):
    tree = study.tree
    cell = add_cell(tree.commune_a, "Chi bộ thôn 2", "HL-A2")
    session = study.session()
    add_people(cell, 16)
    client = login(tree.clerk_a)
    services.mark_all_present_except(user=tree.clerk_a, session=session)

    small, response = count_queries(client, roster_url(session))
    assert len(response.context["rows"]) == 20

    add_people(cell, 180)
    more = add_people(add_cell(tree.commune_a, "Chi bộ thôn 3", "HL-A3"), 0)
    assert more == []
    services.mark_all_present_except(user=tree.clerk_a, session=session)
    large, response = count_queries(client, roster_url(session))
    assert len(response.context["rows"]) == 200
    assert small == large


def test_a_row_post_costs_the_same_queries_on_a_big_roster(study, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tree = study.tree
    session = study.session()
    client = login(tree.clerk_a)

    def post_queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                roster_url(session), {"person": study.an.pk, "status": "present"}, headers=HTMX
            )
        assert response.status_code == 200
        return len(ctx.captured_queries)

    post_queries()  # the first mark inserts; the ones after it update
    small = post_queries()
    add_people(tree.cell_a, 150)
    assert post_queries() == small
