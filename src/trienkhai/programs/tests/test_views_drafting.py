"""The drafting screens: the list, a new program, its page, the task form with key points and
milestones. In scope they work; the sibling commune gets 404; a viewer sees but is refused
(403) with a message; bad input comes back on the form (400) and writes nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.programs import services
from trienkhai.programs.models import ActionProgram, Milestone, Task

from .conftest import D, fresh
from .test_services_drafting import commune_b_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Pages in English (the user's choice), so the tests read the msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def text(response) -> str:
    return response.content.decode()


def task_data(world, **overrides) -> dict:
    """The task form as a browser sends it, with three milestone rows (the last empty)."""
    data = {
        "title": "Lắp đặt hệ thống nước sạch cho thôn 1",
        "key_points": [world.kp1.pk],
        "lead_unit": world.cell_a.pk,
        "coordinating_units": [],
        "due_on": "30/09/2026",
        "indicator": "Số hộ dùng nước sạch",
        "measure": "hộ",
        "baseline": "120",
        "target": "250",
        "target_year": "2026",
        "ms-TOTAL_FORMS": "3",
        "ms-INITIAL_FORMS": "0",
        "ms-MIN_NUM_FORMS": "0",
        "ms-MAX_NUM_FORMS": "60",
        "ms-0-when": "Q2/2026",
        "ms-0-expected_value": "180",
        "ms-0-deliverable": "",
        "ms-1-when": "30/09/2026",
        "ms-1-expected_value": "",
        "ms-1-deliverable": "Biên bản nghiệm thu",
        "ms-2-when": "",
        "ms-2-expected_value": "",
        "ms-2-deliverable": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# --- the list --------------------------------------------------------------------------------


def test_the_list_starts_empty(tree, login):
    response = login(tree.clerk_a).get(reverse("programs:program-list"))
    assert response.status_code == 200
    assert 'class="empty"' in text(response)
    assert "No action program yet" in text(response)
    assert reverse("programs:program-add") in text(response)  # the clerk may draft


def test_the_list_shows_programs_with_status_version_and_share(world, adopted_a, login):
    response = login(world.clerk_a).get(reverse("programs:program-list"))
    page = text(response)
    assert response.status_code == 200
    assert "02-CTr/ĐU" in page and "05-CTr/TU" in page  # its own and the province's
    assert "Approved" in page and "v1" in page
    assert A_APPROVED_TEXT in page


A_APPROVED_TEXT = "15/02/2026"


def test_the_sibling_sees_the_province_program_but_not_commune_a(world, draft_a, login):
    page = text(login(world.clerk_b).get(reverse("programs:program-list")))
    assert "05-CTr/TU" in page
    assert "02-CTr/ĐU" not in page


def test_filters_and_search_without_tone_marks(world, build, draft_a, login):
    build.program(world.commune_a, number="07-KH/ĐU", title="Kế hoạch chuyển đổi số", kind="plan")
    client = login(world.clerk_a)
    url = reverse("programs:program-list")

    def numbers(**params):
        page = client.get(url, params).context["page"]
        return sorted(p.number for p in page.object_list)

    assert numbers(q="chuyen doi so") == ["05-CTr/TU", "07-KH/ĐU"]  # the province's by a task
    assert numbers(q="nuoc sach") == ["02-CTr/ĐU"]  # a task's title: "Bảo đảm nước sạch …"
    assert numbers(q="ho dung nuoc") == ["02-CTr/ĐU"]  # its indicator: "Tỷ lệ hộ dùng nước sạch"
    assert numbers(q="07-KH chuyen") == ["07-KH/ĐU"]  # every word, in the program or one task
    assert numbers(kind="plan") == ["07-KH/ĐU"]
    assert numbers(status="approved") == ["05-CTr/TU"]
    assert numbers(unit=world.commune_a.pk) == ["02-CTr/ĐU", "07-KH/ĐU"]
    assert numbers(plan=world.plan.pk) == ["02-CTr/ĐU", "05-CTr/TU", "07-KH/ĐU"]
    assert numbers(copied="1") == []
    response = client.get(url, {"q": "khong co gi"})
    assert "No program matches" in text(response)
    for bad in (world.commune_b.pk, "²", "-1", "abc"):
        response = client.get(url, {"unit": bad})
        assert response.status_code == 400
        assert "Choose a unit from the list: this one is not in your scope." in text(response)
        assert response.context["page"].paginator.count == 0
    response = client.get(url, {"plan": "²"})
    assert response.status_code == 400 and response.context["page"].paginator.count == 0


def test_the_copied_filter_finds_the_flagged_program(world, build, draft_a, login):
    ActionProgram.objects.filter(pk=draft_a.pk).update(copy_flagged=True, own_share=0.2)
    client = login(world.clerk_a)
    response = client.get(reverse("programs:program-list"), {"copied": "1"})
    assert [p.pk for p in response.context["page"].object_list] == [draft_a.pk]
    assert "mostly copied" in text(response)


def test_the_list_costs_the_same_queries_for_many_programs(world, build, draft_a, login):
    client = login(world.clerk_a)
    url = reverse("programs:program-list")
    few = count_queries(client, url)
    for n in range(6):
        program = build.program(world.commune_a, number=f"1{n}-CTr/ĐU")
        build.task(program)
        build.task(program, key_points=[world.kp2])
    assert count_queries(client, url) == few


# --- a new program ---------------------------------------------------------------------------


def test_a_clerk_creates_a_program_starting_from_the_program_above(world, province_program, login):
    client = login(world.clerk_a)
    url = reverse("programs:program-add") + f"?unit={world.commune_a.pk}&plan={world.plan.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "05-CTr/TU" in text(response)  # the program above is named
    assert response.context["parent"] == province_program

    response = client.post(
        url,
        {
            "plan": world.plan.pk,
            "kind": "program",
            "number": "09-CTr/ĐU",
            "title": "Chương trình hành động thực hiện Nghị quyết 18",
            "field": "",
            "summary": "Đưa Nghị quyết vào cuộc sống ở xã An Phú.",
            "reporting_period": "quarter",
            "start_from_parent": "on",
        },
    )
    program = ActionProgram.objects.get(number="09-CTr/ĐU")
    assert response.status_code == 302 and response.url == program.get_absolute_url()
    assert program.unit == world.commune_a and program.parent == province_program
    assert program.tasks.count() == 2  # the two tasks above, to be rewritten


def test_the_parent_hint_follows_the_plan_chosen(world, province_program, login):
    client = login(world.clerk_a)
    url = reverse("programs:program-add")
    response = client.get(
        url,
        {"unit": world.commune_a.pk, "partial": "parent", "plan": world.plan.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="parent-hint"' in text(response) and "<form" not in text(response)
    assert "05-CTr/TU" in text(response)


def test_a_plan_not_addressed_to_the_unit_is_refused(world, login):
    plan_b = commune_b_plan(world)
    client = login(world.clerk_a)
    url = reverse("programs:program-add") + f"?unit={world.commune_a.pk}"
    response = client.post(
        url, {"plan": plan_b.pk, "kind": "program", "title": "X", "reporting_period": "quarter"}
    )
    assert response.status_code == 400
    assert "This plan is not addressed to this unit." in text(response)
    assert not ActionProgram.objects.exists()


def test_no_program_for_a_unit_outside_the_change_scope(world, login):
    for user, unit in ((world.clerk_b, world.commune_a), (world.viewer_a, world.cell_a)):
        response = login(user).get(reverse("programs:program-add"), {"unit": unit.pk})
        assert response.status_code == 404
    response = login(world.clerk_a).get(reverse("programs:program-add"), {"unit": "x"})
    assert response.status_code == 404


def test_a_duplicate_number_comes_back_on_the_form(world, draft_a, login):
    client = login(world.clerk_a)
    url = reverse("programs:program-add") + f"?unit={world.commune_a.pk}"
    data = {
        "plan": world.plan.pk,
        "kind": "program",
        "number": "02-CTr/ĐU",
        "title": "Trùng số",
        "reporting_period": "quarter",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "This unit already has a program with this number." in text(response)


# --- the program's page ----------------------------------------------------------------------


def test_the_page_shows_tasks_quality_and_actions_to_the_clerk(world, draft_a, login):
    response = login(world.clerk_a).get(draft_a.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert "Bảo đảm nước sạch cho các hộ dân trong xã" in page
    assert "Q2/2026" in page and "31/12/2026" in page
    assert "60 → <strong>90</strong>" in page and "(2026)" in page
    assert "05-CTr/TU" in page  # the program above
    assert reverse("programs:task-add", args=[draft_a.pk]) in page
    assert reverse("programs:program-discuss", args=[draft_a.pk]) in page
    quality = response.context["quality"]
    assert [t.title for t in quality.not_measurable] == ["Kiện toàn chi bộ thôn 1"]
    assert [kp.pk for kp in quality.uncovered] == [world.kp3.pk]
    assert "1 key point no task serves" in page


def test_a_viewer_sees_the_page_without_buttons(world, draft_a, login):
    response = login(world.member_a).get(draft_a.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert reverse("programs:task-add", args=[draft_a.pk]) not in page
    assert reverse("programs:program-discuss", args=[draft_a.pk]) not in page
    assert reverse("programs:task-edit", args=[draft_a.tasks.first().pk]) not in page


def test_the_sibling_commune_gets_404_everywhere(world, draft_a, login):
    task = draft_a.tasks.first()
    client = login(world.clerk_b)
    for url in (
        draft_a.get_absolute_url(),
        reverse("programs:program-edit", args=[draft_a.pk]),
        reverse("programs:task-add", args=[draft_a.pk]),
        reverse("programs:task-edit", args=[task.pk]),
        reverse("programs:program-approve", args=[draft_a.pk]),
        reverse("programs:program-comment", args=[draft_a.pk]),
        reverse("programs:program-effect", args=[draft_a.pk]),
        reverse("programs:program-deputy", args=[draft_a.pk]),
    ):
        assert client.get(url).status_code == 404, url
        if url != draft_a.get_absolute_url():
            assert client.post(url, {"title": "x"}).status_code == 404, url
    for name in ("program-discuss", "program-close", "program-revise"):
        assert client.post(reverse(f"programs:{name}", args=[draft_a.pk])).status_code == 404
    assert client.post(reverse("programs:task-remove", args=[task.pk])).status_code == 404
    assert fresh(draft_a).status == "draft" and draft_a.tasks.count() == 2


def test_the_page_costs_the_same_queries_for_many_tasks(world, build, draft_a, login):
    client = login(world.clerk_a)
    url = draft_a.get_absolute_url()
    few = count_queries(client, url)
    for n in range(8):
        build.task(
            draft_a,
            title=f"Nhiệm vụ riêng số {n} của xã về chuyển đổi số",
            key_points=[world.kp2, world.kp3],
            coordinating_units=[world.cell_a],
            milestones=[{"when": "Q3/2026", "deliverable": "Báo cáo"}],
        )
    assert count_queries(client, url) == few


def test_an_empty_program_says_what_to_add(world, build, province_program, login):
    program = build.program(world.commune_a)
    page = text(login(world.clerk_a).get(program.get_absolute_url()))
    assert "No task yet. Add what this unit will do" in page
    assert "Not approved yet: no version." in page


# --- the task form ---------------------------------------------------------------------------


def test_the_task_form_offers_key_points_by_document_units_below_and_three_rows(
    world, draft_a, login
):
    response = login(world.clerk_a).get(reverse("programs:task-add", args=[draft_a.pk]))
    page = text(response)
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [r.number for r, _ in groups] == ["18-NQ/TW"]
    assert [kp.pk for kp, _ in groups[0][1]] == [world.kp1.pk, world.kp2.pk, world.kp3.pk]
    assert "new point" in page
    lead = response.context["form"].fields["lead_unit"]
    assert list(lead.queryset) == [world.commune_a, world.cell_a]
    assert response.context["formset"].total_form_count() == 3
    assert 'name="ms-2-when"' in page and "__prefix__" in page  # the row template
    parent = response.context["form"].fields["parent_task"]
    assert {t.program_id for t in parent.queryset} == {draft_a.parent_id}


def test_a_task_is_added_with_its_milestones(world, draft_a, login):
    client = login(world.clerk_a)
    response = client.post(reverse("programs:task-add", args=[draft_a.pk]), task_data(world))
    task = Task.objects.get(title="Lắp đặt hệ thống nước sạch cho thôn 1")
    assert response.status_code == 302
    assert response.url == f"{draft_a.get_absolute_url()}#task-{task.pk}"
    assert task.order == 3 and task.lead_unit == world.cell_a and task.due_on == D(2026, 9, 30)
    assert (task.baseline, task.target, task.target_year) == (120, 250, 2026)
    milestones = list(task.milestones.order_by("due_on"))
    assert [m.when_label for m in milestones] == ["Q2/2026", "30/09/2026"]
    assert milestones[0].expected_value == 180 and milestones[1].deliverable.startswith("Biên")


@pytest.mark.parametrize("total", ["61", "100000"])
def test_more_milestones_than_a_task_has_are_refused_before_the_work(world, draft_a, login, total):
    """Issue 14: the formset's maximum holds however many rows the POST claims; no more than
    60 forms are built from a forged TOTAL_FORMS, and nothing is written."""
    client = login(world.clerk_a)
    rows = {
        f"ms-{i}-{name}": value
        for i in range(61)
        for name, value in (("when", "Q2/2026"), ("expected_value", str(i)), ("deliverable", ""))
    }
    before = (Task.objects.count(), Milestone.objects.count())
    response = client.post(
        reverse("programs:task-add", args=[draft_a.pk]),
        task_data(world, **{"ms-TOTAL_FORMS": total}) | rows,
    )
    assert response.status_code == 400
    assert "A task has at most 60 milestones." in text(response)
    assert len(response.context["formset"].forms) <= 60
    assert (Task.objects.count(), Milestone.objects.count()) == before


def test_save_and_add_another_comes_back_to_an_empty_form(world, draft_a, login):
    client = login(world.clerk_a)
    response = client.post(
        reverse("programs:task-add", args=[draft_a.pk]), task_data(world, another="1")
    )
    assert response.url == reverse("programs:task-add", args=[draft_a.pk])


def test_editing_keeps_the_rows_and_an_emptied_row_removes_its_milestone(world, draft_a, login):
    task = draft_a.tasks.get(order=1)
    client = login(world.clerk_a)
    url = reverse("programs:task-edit", args=[task.pk])
    response = client.get(url)
    assert response.status_code == 200
    formset = response.context["formset"]
    assert formset.total_form_count() == 5  # two milestones and three empty rows
    assert formset.forms[0].initial == {
        "when": "Q2/2026",
        "expected_value": "70",
        "deliverable": "",
    }
    assert response.context["form"].initial["baseline"] == "60"
    data = task_data(
        world,
        **{
            "title": "Bảo đảm nước sạch cho 100% hộ dân",
            "lead_unit": world.commune_a.pk,
            "coordinating_units": [world.cell_a.pk],
            "ms-TOTAL_FORMS": "2",
            "ms-INITIAL_FORMS": "2",
            "ms-0-when": "Q3/2026",
            "ms-0-expected_value": "75,5",
            "ms-1-when": "",
            "ms-1-deliverable": "",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    task = fresh(task)
    assert task.title == "Bảo đảm nước sạch cho 100% hộ dân"
    assert list(task.coordinating_units.all()) == [world.cell_a]
    assert [(m.when_label, float(m.expected_value)) for m in task.milestones.all()] == [
        ("Q3/2026", 75.5)
    ]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ms-0-when": "Q5/2026"}, "Milestone 1: Write a date dd/mm/yyyy or a quarter such as"),
        ({"ms-1-when": "31/02/2026"}, "Milestone 2: 31/02/2026 is not a day of the calendar"),
        ({"ms-0-expected_value": "", "ms-0-deliverable": ""}, "Milestone 1: Say what is expected"),
        (
            {"due_on": "31/13/2026"},
            "31/13/2026 is not a day of the calendar (there is no month 13)",
        ),
        ({"due_on": "01/01/1990"}, "is not plausible for this plan"),
        ({"key_points": []}, "Choose at least one key point of the resolution this task serves."),
        ({"title": "  "}, "This field is required."),
        ({"target": "nhiều"}, "Enter a number."),
        ({"target": "", "indicator": "Số hộ"}, "Give the indicator a target."),
        ({"indicator": ""}, "Name the indicator the target measures."),
        ({"target_year": "1990"}, "The target year is not plausible for this plan."),
        ({"target_year": "abc"}, "Enter a whole number."),
    ],
)
def test_bad_input_comes_back_on_the_form(world, draft_a, login, overrides, message):
    client = login(world.clerk_a)
    response = client.post(
        reverse("programs:task-add", args=[draft_a.pk]), task_data(world, **overrides)
    )
    assert response.status_code == 400
    assert message in text(response)
    assert draft_a.tasks.count() == 2 and Milestone.objects.count() == 2


def test_a_key_point_of_another_resolution_is_refused(world, draft_a, login):
    client = login(world.clerk_a)
    response = client.post(
        reverse("programs:task-add", args=[draft_a.pk]),
        task_data(world, key_points=[world.kp1.pk, world.foreign_kp.pk]),
    )
    assert response.status_code == 400
    assert "A key point chosen is not in the documents of this plan." in text(response)


def test_a_lead_or_coordinating_unit_outside_the_subtree_is_refused(world, draft_a, login):
    client = login(world.clerk_a)
    url = reverse("programs:task-add", args=[draft_a.pk])
    response = client.post(url, task_data(world, lead_unit=world.cell_b.pk))
    assert response.status_code == 400
    assert "The lead unit must be this unit or a unit under it." in text(response)
    response = client.post(url, task_data(world, coordinating_units=[world.province.pk]))
    assert response.status_code == 400
    assert "Coordinating units must be this unit or units under it." in text(response)
    response = client.post(
        url, task_data(world, lead_unit=world.cell_a.pk, coordinating_units=[world.cell_a.pk])
    )
    assert response.status_code == 400
    assert "The lead unit cannot also be a coordinating unit." in text(response)
    assert draft_a.tasks.count() == 2


def test_a_task_of_another_program_cannot_be_the_task_above(world, build, draft_a, login):
    other = build.program(world.commune_a, number="99")
    own = build.task(other)
    response = login(world.clerk_a).post(
        reverse("programs:task-add", args=[draft_a.pk]), task_data(world, parent_task=own.pk)
    )
    assert response.status_code == 400
    assert "The task above must be a task of the program above." in text(response)


def test_a_viewer_who_posts_is_refused_with_403(world, draft_a, login):
    client = login(world.member_a)
    url = reverse("programs:task-add", args=[draft_a.pk])
    page = client.get(url)  # the form is not shown to whom cannot save it
    assert page.status_code == 403
    assert "You may not change this program" in text(page)
    assert 'id="id_title"' not in text(page)
    response = client.post(url, task_data(world))
    assert response.status_code == 403
    assert "You may not change this program" in text(response)
    task = draft_a.tasks.first()
    response = client.post(reverse("programs:task-remove", args=[task.pk]))
    assert response.status_code == 403
    assert draft_a.tasks.count() == 2


def test_a_post_without_the_milestone_rows_is_a_400_not_a_500(world, draft_a, login):
    data = {k: v for k, v in task_data(world).items() if not k.startswith("ms-")}
    response = login(world.clerk_a).post(reverse("programs:task-add", args=[draft_a.pk]), data)
    assert response.status_code == 400


def test_an_approved_program_asks_for_a_revision(world, adopted_a, login):
    client = login(world.clerk_a)
    url = reverse("programs:task-add", args=[adopted_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "start a revision first" in text(response)
    assert reverse("programs:program-revise", args=[adopted_a.pk]) in text(response)
    response = client.post(url, task_data(world))
    assert response.status_code == 400
    assert "An approved program changes only through a new version" in text(response)
    task = adopted_a.tasks.first()
    response = client.post(reverse("programs:task-remove", args=[task.pk]), follow=True)
    assert "start a revision first" in text(response)
    assert adopted_a.tasks.count() == 2


def test_a_task_is_removed(world, draft_a, login):
    task = draft_a.tasks.get(order=2)
    response = login(world.clerk_a).post(reverse("programs:task-remove", args=[task.pk]))
    assert response.status_code == 302
    assert list(draft_a.tasks.values_list("order", flat=True)) == [1]


def test_the_header_is_edited(world, draft_a, login):
    client = login(world.clerk_a)
    url = reverse("programs:program-edit", args=[draft_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["number"] == "02-CTr/ĐU"
    response = client.post(
        url,
        {
            "kind": "plan",
            "number": "02-KH/ĐU",
            "title": "Kế hoạch thực hiện",
            "reporting_period": "month",
        },
    )
    assert response.status_code == 302
    program = fresh(draft_a)
    assert (program.kind, program.number, program.reporting_period) == ("plan", "02-KH/ĐU", "month")
    response = login(world.member_a).post(url, {"title": "x"})
    assert response.status_code == 403


def test_services_refusals_reach_the_page_as_messages(world, build, province_program, login):
    program = build.program(world.commune_a)
    client = login(world.clerk_a)
    response = client.post(reverse("programs:program-discuss", args=[program.pk]), follow=True)
    assert "tasks before putting it to discussion." in text(response)
    assert fresh(program).status == "draft"
    assert services.may_approve(world.head_a, program)


def test_an_adopted_program_links_to_progress_reviews_and_coverage(world, adopted_a, login):
    page = text(login(world.clerk_a).get(adopted_a.get_absolute_url()))
    task = adopted_a.tasks.get(order=1)
    assert reverse("programs:progress-report", args=[task.pk]) in page
    assert reverse("programs:progress-history", args=[task.pk]) in page
    assert reverse("programs:review-list", args=[adopted_a.pk]) in page
    coverage = f"{reverse('programs:coverage')}?plan={world.plan.pk}&amp;unit={world.commune_a.pk}"
    assert coverage in page


def test_a_large_subtree_takes_unit_codes(world, draft_a, login, monkeypatch):
    monkeypatch.setattr("trienkhai.programs.forms.UNIT_LIST_LIMIT", 1)
    client = login(world.clerk_a)
    url = reverse("programs:task-add", args=[draft_a.pk])
    response = client.get(url)
    assert 'list="unit-codes"' in text(response) and 'id="unit-codes"' in text(response)
    data = task_data(world, lead_unit="hl-a1", coordinating_units="HL-A")
    response = client.post(url, data)
    assert response.status_code == 302
    task = Task.objects.get(title=data["title"])
    assert task.lead_unit == world.cell_a and list(task.coordinating_units.all()) == [
        world.commune_a
    ]
    response = client.post(url, task_data(world, lead_unit="HL-B1"))
    assert response.status_code == 400
    assert "There is no unit with code HL-B1 in your scope." in text(response)
    response = client.post(url, task_data(world, lead_unit="HL-A1", coordinating_units="HL-B"))
    assert response.status_code == 400
    assert "Coordinating units must be this unit or units under it: HL-B." in text(response)
    edit = client.get(reverse("programs:task-edit", args=[task.pk]))
    assert edit.context["form"].initial["lead_unit"] == "HL-A1"


def test_the_program_page_shows_its_own_share_by_words_and_by_tasks_with_the_rule(
    world, build, draft_a, login
):
    """Issue 13: both shares, and the rule named (its figures from ``copying``)."""
    from django.utils import timezone

    from trienkhai.programs import copying

    tasks = list(draft_a.tasks.order_by("order"))
    source = build.task(build.program(world.commune_b, number="99-CTr/ĐU"))
    Task.objects.filter(pk=tasks[0].pk).update(copied_from=source, copy_score=97)
    ActionProgram.objects.filter(pk=draft_a.pk).update(
        own_share=0.4, copy_flagged=True, copy_checked_at=timezone.now()
    )
    response = login(world.clerk_a).get(draft_a.get_absolute_url())
    page = text(response)
    own = len(tasks) - 1
    assert (response.context["own_tasks"], response.context["task_count"]) == (own, len(tasks))
    assert "By words: 40 %" in page
    assert f"By tasks: {own} of its {len(tasks)} task" in page
    assert f"scores {round(copying.TASK_MATCH)}/100 or more" in page
    assert "this unit’s own earlier program" in page
