"""The numbers page: the indicators of a unit's subtree with numerator, denominator and rate,
a row per unit below, the rows behind each number; scoped, with constant queries."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from trienkhai.study import services

from .test_views_support import add_cell, add_people, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def held(study):
    """A session of commune A, held: An and Hoa present, Cường absent, exempt Dũng came."""
    tree = study.tree
    session = study.session()
    for person, status in (
        (study.an, "present"),
        (study.hoa, "present"),
        (study.cuong, "absent"),
        (study.dung, "present"),
    ):
        services.mark_attendance(user=tree.clerk_a, session=session, person=person, status=status)
    services.mark_held(user=tree.clerk_a, session=session)
    return session


def numbers_url(unit, **params):
    return reverse("study:unit-numbers", args=[unit.pk])


def rows(client, unit, study, **params):
    response = client.get(
        reverse("study:unit-numbers-rows", args=[unit.pk]), {"plan": study.plan.pk, **params}
    )
    assert response.status_code == 200
    return response


def test_the_numbers_of_a_commune(study, held, login):
    client = login(study.tree.clerk_a)

    response = client.get(numbers_url(study.tree.commune_a), {"plan": study.plan.pk})

    assert response.status_code == 200
    total = response.context["overview"].total
    assert (total.members, total.eligible, total.attended, total.members_attended) == (5, 4, 2, 3)
    assert total.sessions_held == 1
    html = response.content.decode()
    assert "Chi bộ thôn 1" in html  # a row per unit below
    assert "50,0%" in html  # 2 of 4 eligible members studied
    assert "60,0%" in html  # 3 of 5 members, exempt Dũng included
    assert "75,0%" in html  # 3 against 4 eligible, as results reports print it
    assert reverse("study:unit-numbers-rows", args=[study.tree.commune_a.pk]) in html


def test_the_newest_plan_is_shown_without_choosing(study, held, login):
    response = login(study.tree.clerk_a).get(numbers_url(study.tree.commune_a))
    assert response.context["plan"] == study.plan


def test_each_number_opens_its_rows(study, held, login):
    client = login(study.tree.clerk_a)
    unit = study.tree.commune_a

    def names(**params):
        page = rows(client, unit, study, **params).context["page"]
        return {getattr(r, "full_name", None) or str(r) for r in page.object_list}

    assert names(what="attended") == {"Nguyễn Văn An", "Trần Thị Hoa"}
    assert names(what="members_attended") == {"Nguyễn Văn An", "Trần Thị Hoa", "Phạm Văn Dũng"}
    assert names(what="not_attended") == {"Lê Văn Cường", "Võ Văn Giang"}
    assert len(names(what="sessions", mode="in_person")) == 1
    assert names(what="sessions", mode="online") == set()
    assert names(what="reports_submitted") == set()


def test_report_rows_and_grades(study, held, login, media):
    tree = study.tree
    report = services.submit_report(
        user=tree.clerk_a, plan=study.plan, person=study.hoa, text="Bài thu hoạch riêng của tôi."
    )
    services.review_report(user=study.secretary_a1, report=report, grade="good")
    client = login(tree.clerk_a)
    page = rows(client, tree.commune_a, study, what="grade", grade="good").context["page"]
    assert [r.person for r in page.object_list] == [study.hoa]
    missing = rows(client, tree.commune_a, study, what="reports_missing").context["page"]
    assert study.hoa not in list(missing.object_list)
    assert study.an in list(missing.object_list)


@pytest.mark.parametrize("params", [{"what": "everything"}, {"what": "grade", "grade": "A+"}])
def test_an_unknown_number_is_404(study, login, params):
    response = login(study.tree.clerk_a).get(
        reverse("study:unit-numbers-rows", args=[study.tree.commune_a.pk]), params
    )
    assert response.status_code == 404


def test_a_bad_date_is_shown_not_crashed(study, login):
    response = login(study.tree.clerk_a).get(
        numbers_url(study.tree.commune_a), {"plan": study.plan.pk, "as_of": "31/02/2026"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


def test_a_forged_plan_is_not_a_choice(study, login):
    response = login(study.tree.clerk_a).get(numbers_url(study.tree.commune_a), {"plan": 987654})
    assert response.status_code == 200
    assert response.context["form"].errors["plan"]
    assert response.context["overview"] is None


def test_the_sibling_commune_gets_404(study, held, login):
    client = login(study.tree.clerk_b)
    assert client.get(numbers_url(study.tree.commune_a)).status_code == 404
    url = reverse("study:unit-numbers-rows", args=[study.tree.commune_a.pk])
    assert client.get(url, {"what": "attended"}).status_code == 404


def test_the_province_sees_the_communes_side_by_side(study, held, login):
    response = login(study.tree.admin).get(
        numbers_url(study.tree.province), {"plan": study.plan.pk}
    )
    children = {u.code: c for u, c in response.context["overview"].children}
    assert children["HL-A"].attended == 2 and children["HL-B"].attended == 0
    assert children["HL-B"].units_without_session == 2  # commune B and its cell


def test_the_numbers_cost_the_same_queries_for_1_or_6_cells(study, held, login):
    tree = study.tree
    client = login(tree.clerk_a)
    url = numbers_url(tree.commune_a)
    small, _ = count_queries(client, url, {"plan": study.plan.pk})
    for i in range(5):
        add_people(add_cell(tree.commune_a, f"Chi bộ thôn {i + 5}", f"HL-A{i + 5}"), 10)
    large, response = count_queries(client, url, {"plan": study.plan.pk})
    assert len(response.context["overview"].children) == 6
    assert small == large
    rows_small, _ = count_queries(
        client, reverse("study:unit-numbers-rows", args=[tree.commune_a.pk]), {"what": "eligible"}
    )
    assert rows_small < 20
    assert re.search(r"Chi bộ thôn 9", response.content.decode())


def test_the_rows_behind_a_number_are_declared_tables(study, held, login):
    client = login(study.tree.clerk_a)
    unit = study.tree.commune_a
    people = rows(client, unit, study, what="attended")
    html = people.content.decode()
    assert '<td class="num">1</td>' in html and '<td class="num">2</td>' in html  # the "#"
    assert study.an.get_absolute_url() in html
    by_name = rows(client, unit, study, what="attended", sort="-full_name").context["page"]
    assert [p.full_name for p in by_name.object_list] == ["Trần Thị Hoa", "Nguyễn Văn An"]
    sessions = rows(client, unit, study, what="sessions").content.decode()
    assert "In person" in sessions or "Trực tiếp" in sessions  # the mode's label, not its value
    assert "in_person<" not in sessions
    admin = login(study.tree.admin)
    units = rows(admin, study.tree.province, study, what="units_without_session")
    assert units.context["page"].object_list  # commune B and its cell
    assert f"?plan={study.plan.pk}&amp;as_of=" in units.content.decode()
    client = login(study.tree.clerk_a)
    for bad in ("²", "abc", "-1", "9" * 30, "row_number", "-pk"):
        rows(client, unit, study, what="attended", sort=bad, page=bad)
        rows(client, unit, study, what="sessions", sort=bad, page=bad)


def table_rows(html: str) -> list[tuple[str, list[str]]]:
    """The first numbers table as (label, [number, out of, %]) rows, tags and notes removed."""
    table = html.split('<table class="numbers', 1)[1].split("</table>", 1)[0]
    out = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        if not cells:
            continue
        first = re.sub(r'<div class="meta">.*?</div>', "", cells[0], flags=re.S)
        classes = re.findall(r'<td class="(sub[^"]*)"', row)
        label = re.sub(r"<[^>]+>", "", first).strip()
        out.append(
            (
                ("  " if classes else "") + label,
                [re.sub(r"<[^>]+>", "", c).strip() for c in cells[1:]],
            )
        )
    return out


def test_each_row_of_the_numbers_says_what_it_counts_in_its_place(
    study, held, login, client, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    login(study.tree.clerk_a)
    html = client.get(numbers_url(study.tree.commune_a), {"plan": study.plan.pk}).content.decode()
    labels = [label for label, _ in table_rows(html)]
    cells = dict(table_rows(html))

    # Grades sit under "graded", under "Submitted", and before "Missing", not under it.
    graded = labels.index("  graded")
    assert labels.index("Submitted") < graded < labels.index("Missing")
    grades = [i for i, label in enumerate(labels) if label.startswith("  graded “")]
    assert grades and all(graded < i < labels.index("Missing") for i in grades)
    # The line of those expected to study does not repeat the members line above it.
    assert cells["Party members"][0] == "5" and cells["Expected to study"] == ["4", "", ""]
    assert "1 exempt left out" in html
    # Every row of the attendance and reports groups explains itself.
    for label in ("Studied, of those expected", "Studied, of all members", "Due", "Missing"):
        assert re.search(rf">{re.escape(label)}<div class=\"meta\">[^<]+</div>", html), label
