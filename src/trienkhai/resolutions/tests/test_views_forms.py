"""The forms of resolutions and plans: what good input does, and what bad input gets back (the
form again, 400, a clear message in the user's language, and nothing saved)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.resolutions import services
from trienkhai.resolutions.forms import MAX_REQUIREMENTS
from trienkhai.resolutions.models import KeyPoint, Plan, PlanVersion, Requirement, Resolution

from .test_views_support import (  # noqa: F401 (english, media_in_tmp: autouse fixtures)
    PDF,
    build_world,
    database,
    english,
    error_messages,
    management,
    media_in_tmp,
    pdf_upload,
    plan_data,
    row,
)


@pytest.fixture
def world(tree):
    return build_world(tree)


D = datetime.date


def resolution_data(**overrides):
    data = {
        "unit": "HL-A",
        "kind": "resolution",
        "number": "07 - nq/đu",
        "title": "Về  chuyển đổi số",
        "issuing_body": "Đảng ủy xã An Phú",
        "issued_on": "02/03/2026",
        "term": "",
        "summary": "Tóm tắt.",
        "key_points": "Điểm thứ nhất\n\n* Điểm mới thứ hai\n  Điểm thứ ba  ",
    }
    return {**data, **overrides}


# --- resolutions -----------------------------------------------------------------------------


def test_registering_a_document_parses_the_number_and_the_key_points(tree, client):
    client.force_login(tree.clerk_a)
    response = client.post(
        reverse("resolutions:resolution-add"), {**resolution_data(), "document": pdf_upload()}
    )
    resolution = Resolution.objects.get()
    assert response.status_code == 302 and response.url == resolution.get_absolute_url()
    assert resolution.number == "07-NQ/ĐU" and resolution.unit == tree.commune_a
    assert resolution.title == "Về chuyển đổi số"
    assert resolution.issued_on == D(2026, 3, 2)
    assert [(p.text, p.is_new) for p in resolution.key_points.all()] == [
        ("Điểm thứ nhất", False),
        ("Điểm mới thứ hai", True),
        ("Điểm thứ ba", False),
    ]
    assert resolution.document.read() == PDF


def test_the_register_form_starts_with_the_users_unit_and_explains_new_points(tree, client):
    client.force_login(tree.clerk_a)
    html = client.get(reverse("resolutions:resolution-add")).content.decode()
    assert 'value="HL-A"' in html
    assert "Start a line with * to mark a new point" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_a_viewer_cannot_register_documents(tree, client):
    client.force_login(tree.viewer_a)
    assert client.get(reverse("resolutions:resolution-add")).status_code == 404


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"number": "NQ 18"}, "is not a document number like"),
        ({"number": "18-KH/TW"}, "has the type NQ"),
        ({"issued_on": "31/02/2026"}, ""),
        ({"title": ""}, ""),
        ({"unit": "HL-B"}, "There is no unit with code"),
        ({"document": "not-a-pdf"}, "is not a PDF document"),
    ],
)
def test_bad_input_to_the_register_form_is_refused_and_nothing_is_saved(
    tree, client, overrides, message
):
    client.force_login(tree.clerk_a)
    before = database()
    data = resolution_data(**overrides)
    if data.get("document") == "not-a-pdf":
        data["document"] = pdf_upload("nghi-quyet.pdf", b"<html>not a pdf</html>")
    response = client.post(reverse("resolutions:resolution-add"), data)
    assert response.status_code == 400
    assert message in error_messages(response)
    assert database() == before


def test_editing_a_document_shows_the_key_points_as_lines_and_keeps_the_pdf(world, client):
    tree = world.tree
    client.force_login(tree.admin)
    url = reverse("resolutions:resolution-edit", args=[world.resolution.pk])
    html = client.get(url).content.decode()
    assert "Sắp xếp tổ chức bộ máy\n* Bỏ cấp huyện" in html
    data = resolution_data(number="18-NQ/TW", key_points="* Một điểm mới")
    del data["unit"]
    response = client.post(url, data)
    assert response.status_code == 302
    resolution = Resolution.objects.get(pk=world.resolution.pk)
    assert resolution.title == "Về chuyển đổi số" and resolution.document
    assert list(KeyPoint.objects.filter(resolution=resolution).values_list("text", "is_new")) == [
        ("Một điểm mới", True)
    ]


def test_a_document_of_the_level_above_cannot_be_edited_below(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:resolution-edit", args=[world.resolution.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, resolution_data()).status_code == 404


def test_replacing_the_pdf_with_a_file_that_is_not_a_pdf_is_refused(world, client):
    client.force_login(world.tree.admin)
    before = database()
    data = resolution_data(number="18-NQ/TW", document=pdf_upload("x.pdf", b"MZ\x90\x00"))
    del data["unit"]
    response = client.post(reverse("resolutions:resolution-edit", args=[world.resolution.pk]), data)
    assert response.status_code == 400
    assert "is not a PDF document" in error_messages(response)
    assert database() == before


# --- drafting a plan -------------------------------------------------------------------------


def test_drafting_a_plan_with_requirements(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    data = plan_data(
        "HL-A",
        row(0, title="Học tập ở chi bộ", due_on="15/03/2026"),
        row(
            1,
            kind="attendance",
            title="Dự học từ 95 %",
            target_kinds=["party_cell", "party_committee"],
            target_levels=["grassroots"],
            target_value="95",
        ),
        resolutions=[str(world.resolution.pk), str(world.resolution_a.pk)],
    )
    response = client.post(reverse("resolutions:plan-add"), data)
    plan = Plan.objects.get(number="07-KH/ĐU")
    assert response.status_code == 302 and response.url == plan.get_absolute_url()
    assert plan.status == Plan.Status.DRAFT and plan.unit == tree.commune_a
    assert plan.issued_on == D(2026, 1, 15) and plan.parent is None
    assert set(plan.resolutions.all()) == {world.resolution, world.resolution_a}
    first, second = plan.requirements.order_by("order")
    assert (first.title, first.due_on, first.target_kinds) == (
        "Học tập ở chi bộ",
        D(2026, 3, 15),
        ["party_cell"],
    )
    assert second.target_levels == ["grassroots"] and second.target_value == 95


def test_a_blank_row_left_at_the_end_is_ignored(world, client):
    client.force_login(world.tree.clerk_a)
    blank = row(1, kind="", title="", target_kinds=[], due_on="")
    response = client.post(
        reverse("resolutions:plan-add"),
        plan_data("HL-A", row(0), blank, **management("req", 2, 0)),
    )
    assert response.status_code == 302
    assert Plan.objects.get(number="07-KH/ĐU").requirements.count() == 1


def test_a_removed_row_is_not_saved(world, client):
    client.force_login(world.tree.clerk_a)
    response = client.post(
        reverse("resolutions:plan-add"),
        plan_data("HL-A", row(0), row(1, title="Bỏ đi", DELETE="on")),
    )
    assert response.status_code == 302
    assert list(
        Plan.objects.get(number="07-KH/ĐU").requirements.values_list("title", flat=True)
    ) == ["Tổ chức hội nghị học tập"]


def test_choosing_the_plan_above_fills_in_its_requirements(world, client):
    client.force_login(world.tree.clerk_a)
    html = client.get(reverse("resolutions:plan-add"), {"parent": world.plan.pk}).content.decode()
    assert f'name="req-0-parent_requirement" value="{world.study.pk}"' in html
    assert f'name="req-1-parent_requirement" value="{world.report.pk}"' in html
    assert 'name="req-INITIAL_FORMS" value="2"' in html
    assert "Báo cáo kết quả" in html and 'value="30/06/2026"' in html
    assert f'<option value="{world.plan.pk}" selected>' in html
    assert 'value="HL-A"' in html  # the clerk's unit, below the province


def test_the_requirements_partial_answers_htmx(world, client):
    client.force_login(world.tree.clerk_a)
    response = client.get(
        reverse("resolutions:plan-add"),
        {"partial": "requirements", "parent": world.plan.pk},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="requirements">')
    assert f'value="{world.study.pk}"' in html and "<html" not in html


def test_a_plan_the_user_cannot_see_does_not_fill_anything_in(world, client):
    tree = world.tree
    client.force_login(tree.clerk_b)
    html = client.get(reverse("resolutions:plan-add"), {"parent": world.plan_a.pk}).content.decode()
    assert 'parent_requirement" value="' + str(world.study_a.pk) not in html
    assert "Hội nghị học tập ở chi bộ" not in html


def test_a_plan_implementing_the_plan_above_keeps_the_links_of_its_rows(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    data = plan_data(
        "HL-A",
        row(0, parent_requirement=str(world.study.pk), due_on="20/03/2026"),
        parent=str(world.plan.pk),
        **management("req", 1, 1),
    )
    response = client.post(reverse("resolutions:plan-add"), data)
    assert response.status_code == 302
    plan = Plan.objects.get(number="07-KH/ĐU")
    assert plan.parent == world.plan
    assert plan.requirements.get().parent_requirement == world.study
    assert set(plan.resolutions.all()) == {world.resolution}  # those of the plan above


def test_the_new_plan_button_preselects_the_plan(world, client):
    client.force_login(world.tree.clerk_a)
    html = client.get(reverse("resolutions:plan-detail", args=[world.plan.pk])).content.decode()
    assert f"{reverse('resolutions:plan-add')}?parent={world.plan.pk}" in html


def bad_plan_posts(world):
    """(name, data, message): each must come back 400 with the message, nothing saved."""
    w = world
    parent = {"parent": str(w.plan.pk), **management("req", 1, 1)}
    return [
        ("malformed number", plan_data("HL-A", row(0), number="KH 7"), "is not a document number"),
        ("wrong type", plan_data("HL-A", row(0), number="7-NQ/ĐU"), "has the type KH"),
        (
            "deadline before the plan's date",
            plan_data("HL-A", row(0, due_on="01/01/2026")),
            "Before the plan&#x27;s date (15/01/2026).",
        ),
        (
            "deadline after the plan above",
            plan_data(
                "HL-A", row(0, parent_requirement=str(w.study.pk), due_on="30/04/2026"), **parent
            ),
            "Later than the deadline of the plan above (31/03/2026).",
        ),
        ("no kind of unit", plan_data("HL-A", row(0, target_kinds=[])), "This field is required"),
        ("attendance without a target", plan_data("HL-A", row(0, kind="attendance")), "95"),
        (
            "forged parent requirement",
            plan_data("HL-A", row(0, parent_requirement=str(w.study_a.pk)), **parent),
            "not in the plan above",
        ),
        (
            "parent requirement without a parent plan",
            plan_data("HL-A", row(0, parent_requirement=str(w.study.pk))),
            "not in the plan above",
        ),
        (
            "parent requirement that is not a number",
            plan_data("HL-A", row(0, parent_requirement="1 OR 1=1"), **parent),
            "not in the plan above",
        ),
        (
            "forged row id",
            plan_data("HL-A", row(0, id=str(w.study.pk))),
            "does not belong to the plan",
        ),
        (
            "forged resolution",
            plan_data("HL-A", row(0), resolutions=["999999"]),
            "Select a valid choice",
        ),
        (
            "forged parent plan",
            plan_data("HL-A", row(0), parent="999999"),
            "Select a valid choice",
        ),
        (
            "a plan of the same unit as parent",
            plan_data("HL-A", row(0), parent=str(w.plan_a.pk)),
            "only implement a plan of a unit above",
        ),
        ("a unit outside the scope", plan_data("HL-B", row(0)), "There is no unit with code"),
        ("a bad date", plan_data("HL-A", row(0), issued_on="32/01/2026"), ""),
        (
            "a number already used",
            plan_data("HL-A", row(0), number="05-KH/ĐU"),
            "already has a plan with this number",
        ),
    ]


@pytest.mark.parametrize("case", range(16))
def test_bad_input_to_the_plan_form_is_refused_and_nothing_is_saved(world, client, case):
    cases = bad_plan_posts(world)
    assert len(cases) == 16
    name, data, message = cases[case]
    client.force_login(world.tree.clerk_a)
    before = database()
    response = client.post(reverse("resolutions:plan-add"), data)
    assert response.status_code == 400, name
    assert message in error_messages(response), name
    assert database() == before, name


def test_a_forged_resolution_of_the_other_subtree_is_an_invalid_choice(world, client):
    tree = world.tree
    other = services.register_resolution(
        user=tree.clerk_b,
        unit=tree.commune_b,
        kind="resolution",
        number="03-NQ/ĐU",
        title="Của phường Bình Minh",
        issuing_body="Đảng ủy phường",
        issued_on=D(2025, 1, 1),
    )
    client.force_login(tree.clerk_a)
    before = database()
    response = client.post(
        reverse("resolutions:plan-add"), plan_data("HL-A", row(0), resolutions=[str(other.pk)])
    )
    assert response.status_code == 400
    assert "Select a valid choice" in error_messages(response)
    assert database() == before


def test_the_refused_form_keeps_the_rows_and_their_links(world, client):
    client.force_login(world.tree.clerk_a)
    data = plan_data(
        "HL-A",
        row(0, parent_requirement=str(world.study.pk), due_on="30/04/2026"),
        parent=str(world.plan.pk),
        **management("req", 1, 1),
    )
    html = client.post(reverse("resolutions:plan-add"), data).content.decode()
    assert f'name="req-0-parent_requirement" value="{world.study.pk}"' in html
    assert 'value="30/04/2026"' in html and "Carries out" in html


# --- editing a plan --------------------------------------------------------------------------


@pytest.fixture
def draft(world):
    return services.create_plan(
        user=world.tree.clerk_a,
        unit=world.tree.commune_a,
        number="09-KH/ĐU",
        title="Nháp",
        issued_on=D(2026, 2, 1),
        parent=world.plan,
    )


def edit_data(plan, *rows, **overrides):
    data = {
        "number": plan.number,
        "title": plan.title,
        "issued_on": plan.issued_on.strftime("%d/%m/%Y"),
        **management("req", len(rows), len(rows)),
    }
    for r in rows:
        data.update(r)
    data.update(overrides)
    return data


def test_editing_a_draft_shows_its_rows_and_saves_changes(world, draft, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:plan-edit", args=[draft.pk])
    study, report = draft.requirements.order_by("order")
    html = client.get(url).content.decode()
    assert f'name="req-0-id" value="{study.pk}"' in html
    assert f'name="req-1-parent_requirement" value="{world.report.pk}"' in html
    assert "reason" not in html
    response = client.post(
        url,
        edit_data(
            draft,
            row(0, id=str(study.pk), parent_requirement=str(world.study.pk), title="Đổi tên"),
            row(1, id=str(report.pk), DELETE="on"),
            title="Nháp đã sửa",
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Nháp đã sửa" and draft.status == Plan.Status.DRAFT
    assert list(draft.requirements.values_list("pk", "title")) == [(study.pk, "Đổi tên")]


def test_a_row_of_another_plan_cannot_be_slipped_into_the_edit(world, draft, client):
    client.force_login(world.tree.clerk_a)
    before = database()
    response = client.post(
        reverse("resolutions:plan-edit", args=[draft.pk]),
        edit_data(draft, row(0, id=str(world.study_a.pk))),
    )
    assert response.status_code == 400
    assert "does not belong to the plan" in error_messages(response)
    assert database() == before


def test_the_clerk_cannot_revise_an_issued_plan(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:plan-edit", args=[world.plan_a.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == world.plan_a.get_absolute_url()
    assert "Only the head" in response.content.decode()
    before = database()
    response = client.post(url, edit_data(world.plan_a, row(0), reason="x"))
    assert response.status_code == 302
    assert database() == before


def test_the_sibling_commune_cannot_open_the_edit_form(world, draft, client):
    client.force_login(world.tree.clerk_b)
    assert client.get(reverse("resolutions:plan-edit", args=[draft.pk])).status_code == 404


def test_revising_an_issued_plan_needs_a_reason(world, client):
    tree = world.tree
    client.force_login(tree.head_a)
    url = reverse("resolutions:plan-edit", args=[world.plan_a.pk])
    html = client.get(url).content.decode()
    assert 'name="reason"' in html and "version 2" in html
    requirement = world.study_a
    rows = row(
        0,
        id=str(requirement.pk),
        parent_requirement=str(world.study.pk),
        title=requirement.title,
        due_on="10/03/2026",
    )
    before = database()
    response = client.post(url, edit_data(world.plan_a, rows, reason="  "))
    assert response.status_code == 400
    assert "This field is required" in error_messages(response)
    assert database() == before

    response = client.post(
        url,
        edit_data(
            world.plan_a, rows, reason="Lùi lịch cho kịp", resolutions=[str(world.resolution.pk)]
        ),
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get(plan=world.plan_a, number=2)
    assert version.reason == "Lùi lịch cho kịp"
    assert version.changes == [
        {
            "what": f"{requirement.title}: Due by",
            "before": "15/03/2026",
            "after": "10/03/2026",
        }
    ]
    assert Requirement.objects.get(pk=requirement.pk).due_on == D(2026, 3, 10)


def test_saving_an_issued_plan_unchanged_makes_no_version(world, client):
    client.force_login(world.tree.head_a)
    requirement = world.study_a
    rows = row(
        0,
        id=str(requirement.pk),
        parent_requirement=str(world.study.pk),
        title=requirement.title,
        due_on="15/03/2026",
    )
    response = client.post(
        reverse("resolutions:plan-edit", args=[world.plan_a.pk]),
        edit_data(
            world.plan_a, rows, reason="Không đổi gì", resolutions=[str(world.resolution.pk)]
        ),
        follow=True,
    )
    assert "no new version" in response.content.decode()
    assert PlanVersion.objects.filter(plan=world.plan_a).count() == 1


def test_the_register_form_shows_every_problem_at_once(tree, client):
    client.force_login(tree.clerk_a)
    before = database()
    data = resolution_data(number="KL 21", document=pdf_upload("x.pdf", b"<html></html>"))
    response = client.post(reverse("resolutions:resolution-add"), data)
    assert response.status_code == 400
    errors = error_messages(response)
    assert "is not a document number like" in errors and "is not a PDF document" in errors
    assert database() == before


def test_a_forged_total_of_forms_is_refused_before_the_forms_are_built(world, client):
    """``req-TOTAL_FORMS=1100`` once built 1,100 forms (seconds, 4 MB back); now the formset
    builds at most ``MAX_REQUIREMENTS`` and says so, and nothing is written."""
    client.force_login(world.tree.clerk_a)
    plans = Plan.objects.count()
    data = plan_data("HL-A", row(0), **management("req", 1100, 0))

    response = client.post(reverse("resolutions:plan-add"), data)

    assert response.status_code == 400
    assert len(response.context["formset"].forms) <= MAX_REQUIREMENTS
    assert "A plan has at most 100 requirements." in response.content.decode()
    assert Plan.objects.count() == plans
