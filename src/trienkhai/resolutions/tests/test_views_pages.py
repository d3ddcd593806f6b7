"""Every screen renders for a user in scope and shows what it should; the clerk of the sibling
commune gets 404 on commune A's pages and sees nothing of its subtree in lists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trienkhai.resolutions import services
from trienkhai.resolutions.models import Plan

from .test_views_support import (  # noqa: F401 (english, media_in_tmp: autouse fixtures)
    PDF,
    build_world,
    docx_bytes,
    english,
    media_in_tmp,
    pdf_upload,
)


@pytest.fixture
def world(tree):
    return build_world(tree)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_every_page_renders_for_the_clerk_of_commune_a(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    obligation = world.plan.obligations.get(unit=tree.commune_a)
    urls = [
        reverse("resolutions:resolution-list"),
        reverse("resolutions:resolution-add"),
        reverse("resolutions:resolution-detail", args=[world.resolution.pk]),
        reverse("resolutions:resolution-document", args=[world.resolution.pk]),
        reverse("resolutions:resolution-edit", args=[world.resolution_a.pk]),
        reverse("resolutions:plan-list"),
        reverse("resolutions:plan-add"),
        reverse("resolutions:plan-add") + f"?parent={world.plan.pk}",
        reverse("resolutions:plan-detail", args=[world.plan.pk]),
        reverse("resolutions:plan-detail", args=[world.plan_a.pk]),
        reverse(
            "resolutions:plan-edit",
            args=[
                services.create_plan(
                    user=tree.clerk_a,
                    unit=tree.commune_a,
                    number="09-KH/ĐU",
                    title="Nháp",
                    issued_on=world.plan_a.issued_on,
                ).pk
            ],
        ),
        reverse("resolutions:obligation-list", args=[world.plan.pk]),
        reverse("resolutions:requirement-detail", args=[world.study.pk]),
        reverse("resolutions:inbox", args=[tree.commune_a.pk]),
        reverse("resolutions:obligation-detail", args=[obligation.pk]),
        reverse("units:unit-detail", args=[tree.commune_a.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_resolution_list_shows_documents_from_above_and_of_ones_own_units(world, client):
    client.force_login(world.tree.clerk_a)
    html = page(client, reverse("resolutions:resolution-list"))
    assert "18-NQ/TW" in html  # registered by the province
    assert "05-NQ/ĐU" in html  # registered by commune A


def results(client, url, q, **params):
    """The search results alone (the partial HTMX swaps in)."""
    response = client.get(url, {"q": q, **params}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_resolution_list_searches_without_diacritics(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:resolution-list")
    html = results(client, url, "kinh te an phu")
    assert "05-NQ/ĐU" in html and "18-NQ/TW" not in html
    html = results(client, url, "18-nq")
    assert "18-NQ/TW" in html and "05-NQ/ĐU" not in html
    html = results(client, url, "khong co dau")
    assert 'class="empty"' in html


def test_the_resolution_search_answers_htmx_with_the_results_only(world, client):
    client.force_login(world.tree.clerk_a)
    response = client.get(
        reverse("resolutions:resolution-list"),
        {"q": "to chuc bo may"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"') and "18-NQ/TW" in html
    assert "<html" not in html


def test_an_empty_resolution_list_says_so(tree, client):
    client.force_login(tree.clerk_a)
    html = page(client, reverse("resolutions:resolution-list"))
    assert 'class="empty"' in html


def test_a_resolution_page_marks_new_points_and_lists_the_plans(world, client):
    client.force_login(world.tree.clerk_a)
    html = page(client, reverse("resolutions:resolution-detail", args=[world.resolution.pk]))
    assert '<li class="new">' in html and "Bỏ cấp huyện" in html
    assert html.count('<li class="new">') == 1
    assert "12-KH/TU" in html and "05-KH/ĐU" in html
    assert reverse("resolutions:resolution-document", args=[world.resolution.pk]) in html
    assert "/media/" not in html


def test_the_official_pdf_is_streamed_to_users_who_may_see_it(world, client):
    client.force_login(world.tree.clerk_b)  # a province document is addressed to commune B
    response = client.get(reverse("resolutions:resolution-document", args=[world.resolution.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "18-NQ-TW.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_a_document_without_a_pdf_has_no_download(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:resolution-document", args=[world.resolution_a.pk])
    assert client.get(url).status_code == 404


def test_the_plan_list_shows_own_plans_and_issued_plans_from_above(world, client):
    tree = world.tree
    services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="30-KH/TU",
        title="Dự thảo của tỉnh",
        issued_on=world.plan.issued_on,
    )
    client.force_login(tree.clerk_a)
    html = page(client, reverse("resolutions:plan-list"))
    assert "12-KH/TU" in html and "05-KH/ĐU" in html
    assert "30-KH/TU" not in html  # a draft of the level above is addressed to nobody yet
    html = results(client, reverse("resolutions:plan-list"), "", status="draft")
    assert "12-KH/TU" not in html


def test_the_plan_list_searches_without_diacritics(world, client):
    client.force_login(world.tree.clerk_a)
    html = results(client, reverse("resolutions:plan-list"), "xa an phu")
    assert "05-KH/ĐU" in html and "1 plan" in html


def test_a_plan_below_is_found_by_its_issuers_name(world, client):
    """The title of the commune's plan does not say "Đảng ủy": its issuer's name does."""
    client.force_login(world.tree.clerk_a)
    html = results(client, reverse("resolutions:plan-list"), "dang uy an phu")
    assert "05-KH/ĐU" in html and "1 plan" in html
    assert "1 plan" in results(client, reverse("resolutions:plan-list"), "dang uy ke hoach an")


def test_an_empty_plan_list_says_so(tree, client):
    client.force_login(tree.clerk_a)
    assert 'class="empty"' in page(client, reverse("resolutions:plan-list"))


def test_a_draft_of_the_level_above_is_a_404_below(world, client):
    tree = world.tree
    draft = services.create_plan(
        user=tree.admin,
        unit=tree.province,
        number="30-KH/TU",
        title="Dự thảo",
        issued_on=world.plan.issued_on,
    )
    client.force_login(tree.clerk_a)
    page(client, reverse("resolutions:plan-detail", args=[draft.pk]), status=404)


def test_the_plan_page_shows_progress_for_the_users_own_unit(world, client):
    client.force_login(world.tree.clerk_a)
    html = page(client, reverse("resolutions:plan-detail", args=[world.plan.pk]))
    assert "Progress under Đảng ủy xã An Phú" in html
    assert "Chi bộ thôn 1" in html  # the drill-down row of cell A1
    assert "Chi bộ khu phố 1" not in html  # cell B1 is in the other subtree
    assert "1/1 (100.0%)" in html  # cell A1's session, done on time
    assert "New plan implementing this one" in html


def test_the_plan_page_of_the_province_admin_drills_down(world, client):
    tree = world.tree
    client.force_login(tree.admin)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    html = page(client, url)
    assert "Progress under Tỉnh ủy Hòa Lâm" in html
    assert (
        f'href="?unit={tree.commune_a.pk}"' in html and f'href="?unit={tree.commune_b.pk}"' in html
    )
    # cell B1 never held its session: it is among the laggards, with its head's name or "not set"
    assert "Chi bộ khu phố 1" in html and "Overdue" in html
    html = page(client, url + f"?unit={tree.commune_b.pk}")
    assert "Progress under Đảng ủy phường Bình Minh" in html
    assert "Chi bộ thôn 1" not in html


def test_each_number_of_the_plan_page_opens_the_rows_behind_it(world, client):
    tree = world.tree
    client.force_login(tree.admin)
    html = page(client, reverse("resolutions:plan-detail", args=[world.plan.pk]))
    link = (
        reverse("resolutions:obligation-list", args=[world.plan.pk])
        + f"?unit={tree.province.pk}&amp;requirement={world.study.pk}&amp;status=overdue"
    )
    assert link in html
    rows = page(client, link.replace("&amp;", "&"))
    assert "Chi bộ khu phố 1" in rows and "Chi bộ thôn 1" not in rows


def test_the_head_of_a_unit_above_the_plan_sees_who_is_late_with_their_head(world, client):
    from trienkhai.units.models import Person, Position

    tree = world.tree
    head = Person.objects.create(unit=tree.cell_b, full_name="Trần Văn Cường")
    Position.objects.create(unit=tree.cell_b, person=head, title="Bí thư", is_head=True)
    client.force_login(tree.admin)
    html = page(client, reverse("resolutions:plan-detail", args=[world.plan.pk]))
    assert "Trần Văn Cường" in html


def test_a_unit_outside_the_users_scope_is_a_404_on_the_plan_page(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    page(client, url + f"?unit={tree.commune_b.pk}", status=404)
    page(client, url + f"?unit={tree.province.pk}", status=404)
    page(client, url + "?unit=abc", status=404)
    page(client, url + "?unit=²", status=404)  # "²".isdigit() is true: it used to be a 500
    obligations = reverse("resolutions:obligation-list", args=[world.plan.pk])
    page(client, obligations + "?unit=²", status=404)
    page(client, obligations + "?requirement=²", status=400)
    page(client, obligations + "?status=nonsense", status=400)
    page(client, reverse("resolutions:plan-add") + "?parent=²&unit=²")
    page(client, reverse("resolutions:resolution-add") + "?unit=²")
    page(client, reverse("resolutions:plan-list") + "?unit=²", status=400)


def test_the_plan_page_shows_versions_with_what_changed_and_why(world, client):
    tree = world.tree
    services.update_plan(
        user=tree.head_a,
        plan=world.plan_a,
        title="Kế hoạch thực hiện (sửa đổi)",
        reason="Điều chỉnh theo chỉ đạo mới",
    )
    client.force_login(tree.viewer_a)
    html = page(client, reverse("resolutions:plan-detail", args=[world.plan_a.pk]))
    assert "Version 2" in html and "Điều chỉnh theo chỉ đạo mới" in html
    assert "Kế hoạch thực hiện của xã An Phú" in html  # before
    assert "Kế hoạch thực hiện (sửa đổi)" in html  # after


def test_the_issue_button_is_only_for_the_head(world, client):
    tree = world.tree
    draft = services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="09-KH/ĐU",
        title="Nháp",
        issued_on=world.plan_a.issued_on,
    )
    url = reverse("resolutions:plan-detail", args=[draft.pk])
    issue = reverse("resolutions:plan-issue", args=[draft.pk])
    client.force_login(tree.clerk_a)
    html = page(client, url)
    assert issue not in html and "Edit the draft" in html
    client.force_login(tree.head_a)
    html = page(client, url)
    assert issue in html and "data-confirm=" in html


def test_the_clerk_cannot_issue_and_the_head_can(world, client):
    tree = world.tree
    draft = services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="09-KH/ĐU",
        title="Nháp",
        issued_on=world.plan_a.issued_on,
        parent=world.plan,
    )
    url = reverse("resolutions:plan-issue", args=[draft.pk])
    client.force_login(tree.clerk_a)
    assert client.post(url).status_code == 404
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.DRAFT
    client.force_login(tree.head_a)
    response = client.post(url)
    assert response.status_code == 302 and response.url == draft.get_absolute_url()
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.ISSUED
    assert draft.obligations.filter(unit=tree.cell_a).exists()


def test_issuing_a_plan_without_requirements_is_refused_with_a_message(world, client):
    tree = world.tree
    draft = services.create_plan(
        user=tree.clerk_a,
        unit=tree.commune_a,
        number="09-KH/ĐU",
        title="Nháp",
        issued_on=world.plan_a.issued_on,
    )
    client.force_login(tree.head_a)
    response = client.post(reverse("resolutions:plan-issue", args=[draft.pk]), follow=True)
    assert "at least one requirement" in response.content.decode()
    assert Plan.objects.get(pk=draft.pk).status == Plan.Status.DRAFT


def test_the_obligation_list_keeps_to_the_users_subtree(world, client):
    tree = world.tree
    client.force_login(tree.clerk_b)
    html = page(client, reverse("resolutions:obligation-list", args=[world.plan.pk]))
    assert "Chi bộ khu phố 1" in html
    assert "Chi bộ thôn 1" not in html and "An Phú" not in html
    url = reverse("resolutions:obligation-list", args=[world.plan.pk])
    page(client, url + f"?unit={tree.commune_a.pk}", status=404)
    page(client, url + f"?unit={tree.cell_a.pk}", status=404)


def test_the_obligation_list_filters_by_requirement_and_status(world, client):
    tree = world.tree
    client.force_login(tree.admin)
    url = reverse("resolutions:obligation-list", args=[world.plan.pk])
    html = page(client, url + f"?requirement={world.report.pk}")
    assert "Đảng bộ xã An Phú" in html and "Chi bộ thôn 1" not in html
    html = page(client, url + f"?requirement={world.study.pk}&status=on_time")
    assert "Chi bộ thôn 1" in html and "Chi bộ khu phố 1" not in html
    html = page(client, url + f"?requirement={world.study_a.pk}", status=400)  # not of this plan
    assert 'class="empty"' in html


def test_a_requirement_page_lists_its_obligations(world, client):
    client.force_login(world.tree.clerk_b)
    html = page(client, reverse("resolutions:requirement-detail", args=[world.study.pk]))
    assert "Tổ chức hội nghị học tập" in html and "Chi bộ khu phố 1" in html
    assert "Chi bộ thôn 1" not in html
    page(client, reverse("resolutions:requirement-detail", args=[world.study_a.pk]), status=404)


def test_the_inbox_lists_what_the_unit_owes_most_urgent_first(world, client):
    tree = world.tree
    client.force_login(tree.clerk_b)
    html = page(client, reverse("resolutions:inbox", args=[tree.cell_b.pk]))
    assert "Tổ chức hội nghị học tập" in html and "Overdue" in html
    assert "12-KH/TU" in html
    client.force_login(tree.clerk_a)
    html = page(client, reverse("resolutions:inbox", args=[tree.commune_a.pk]))
    assert "Báo cáo kết quả" in html and "Overdue" in html  # due 30/06/2026, nothing uploaded
    html = page(client, reverse("resolutions:inbox", args=[tree.cell_a.pk]))
    # cell A1 owes two sessions (the province's and the commune's plan), both done on time
    assert html.count("Done on time") == 2 and "05-KH/ĐU" in html


def test_the_inbox_shows_negative_days_for_what_is_overdue(world, client):
    import datetime

    from django.utils import timezone

    tree = world.tree
    client.force_login(tree.clerk_b)
    html = page(client, reverse("resolutions:inbox", args=[tree.cell_b.pk]))
    days = (timezone.localdate() - datetime.date(2026, 3, 31)).days
    assert f">-{days}<" in html


def test_the_inbox_is_a_declared_table_sorted_by_its_columns(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    url = reverse("resolutions:inbox", args=[tree.commune_a.pk])
    default = client.get(url).context["page"]
    assert all(hasattr(o, "days_left") for o in default.object_list)
    by_due = client.get(url, {"sort": "-due_on"}).context["page"]
    dues = [o.due_on for o in by_due.object_list]
    assert dues == sorted(dues, reverse=True) and by_due.table.order_by == ("-due_on",)
    for bad in ("²", "abc", "-1", "9" * 30, "requirement", "-pk"):
        page(client, url + f"?sort={bad}&page={bad}")


def test_an_empty_inbox_says_so(tree, client):
    client.force_login(tree.clerk_a)
    html = page(client, reverse("resolutions:inbox", args=[tree.cell_a.pk]))
    assert html.count('class="empty"') == 2


def test_the_unit_page_links_to_its_inbox(tree, client):
    client.force_login(tree.viewer_a)
    html = page(client, reverse("units:unit-detail", args=[tree.cell_a.pk]))
    assert reverse("resolutions:inbox", args=[tree.cell_a.pk]) in html


def test_the_navigation_links_to_the_plans(tree, client):
    client.force_login(tree.viewer_a)
    html = page(client, reverse("units:tree"))
    assert reverse("resolutions:plan-list") in html


@pytest.mark.parametrize("name", ["obligation-detail", "obligation-document"])
def test_obligation_pages_are_a_404_in_the_other_subtree(world, client, name):
    tree = world.tree
    obligation = world.plan.obligations.get(unit=tree.commune_a)
    document = services.upload_report(user=tree.clerk_a, obligation=obligation, upload=pdf_upload())
    target = obligation if name == "obligation-detail" else document
    url = reverse(f"resolutions:{name}", args=[target.pk])
    client.force_login(tree.clerk_b)
    assert client.get(url).status_code == 404
    client.force_login(tree.viewer_a)  # a role on cell A1 only: the commune is above it
    assert client.get(url).status_code == 404
    client.force_login(tree.clerk_a)
    assert client.get(url).status_code == 200


def test_the_obligation_page_offers_the_upload_only_for_a_results_report(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    report = world.plan.obligations.get(unit=tree.commune_a)
    study = world.plan.obligations.get(unit=tree.cell_a)
    assert 'type="file"' in page(client, reverse("resolutions:obligation-detail", args=[report.pk]))
    html = page(client, reverse("resolutions:obligation-detail", args=[study.pk]))
    assert 'type="file"' not in html and "HN" in html  # the evidence
    response = client.post(
        reverse("resolutions:obligation-detail", args=[study.pk]), {"file": pdf_upload()}
    )
    assert response.status_code == 404


def test_a_viewer_sees_the_obligation_but_cannot_upload(world, client):
    from trienkhai.tooling.testing import make_user

    tree = world.tree
    viewer = make_user("viewer_commune_a", "viewer", tree.commune_a)
    report = world.plan.obligations.get(unit=tree.commune_a)
    url = reverse("resolutions:obligation-detail", args=[report.pk])
    client.force_login(viewer)
    assert 'type="file"' not in page(client, url)
    assert client.post(url, {"file": pdf_upload()}).status_code == 403
    assert not report.documents.exists()


def test_uploading_the_results_report_marks_it_done_and_lists_it(world, client):
    tree = world.tree
    report = world.plan.obligations.get(unit=tree.commune_a)
    url = reverse("resolutions:obligation-detail", args=[report.pk])
    client.force_login(tree.clerk_a)
    content = docx_bytes()
    upload = pdf_upload("bao-cao.docx", content)
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    html = page(client, url)
    document = report.documents.get()
    assert "bao-cao.docx" in html and "Done late" in html  # due 30/06/2026
    download = client.get(reverse("resolutions:obligation-document", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == content


def test_the_laggards_are_a_declared_table_sorted_and_paged_by_their_own_parameters(world, client):
    """The plan page's "late and overdue" is the obligations' table: ``late_sort`` sorts it
    and ``late_page`` pages it, without touching the other lists of the page."""
    client.force_login(world.tree.admin)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    late = client.get(url).context["late"]
    assert late.paginator.count >= 2  # the world's cells are overdue
    by_unit = client.get(url, {"late_sort": "unit"}).context["late"]
    assert by_unit.table.order_by == ("unit",)
    keys = [o.unit.sort_key for o in by_unit.object_list]
    assert keys == sorted(keys)
    html = page(client, url + "?late_sort=-unit")
    assert "late_sort=unit" in html  # the header sorts the other way next


@pytest.mark.parametrize("bad", ["²", "abc", "-1", "0", "9" * 30])
def test_bad_page_or_sort_values_on_the_plan_page_are_never_a_500(world, client, bad):
    client.force_login(world.tree.admin)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    for name in ("late_page", "late_sort", "units_page", "plans_page", "docs_page"):
        page(client, url + f"?{name}={bad}")


def test_the_sibling_gets_404_for_the_laggards_of_commune_a(world, client):
    client.force_login(world.tree.clerk_b)
    url = reverse("resolutions:plan-detail", args=[world.plan_a.pk])
    page(client, url + "?late_page=2&late_sort=unit", status=404)


def test_the_plans_of_a_resolution_are_the_plans_table_sorted_by_their_own_parameter(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:resolution-detail", args=[world.resolution.pk])
    numbers = [p.number for p in client.get(url).context["plans"].object_list]
    assert "12-KH/TU" in numbers and "05-KH/ĐU" in numbers
    by_number = client.get(url, {"plans_sort": "number"}).context["plans"]
    assert [p.number for p in by_number.object_list] == sorted(numbers)
    backwards = client.get(url, {"plans_sort": "-number"}).context["plans"]
    assert [p.number for p in backwards.object_list] == sorted(numbers, reverse=True)
    for bad in ("²", "abc", "-1", "9" * 30):
        page(client, url + f"?plans_sort={bad}&plans_page={bad}&points_page={bad}")
    # the sibling commune's clerk sees none of commune A's plans here
    client.force_login(world.tree.clerk_b)
    numbers_b = [p.number for p in client.get(url).context["plans"].object_list]
    assert "05-KH/ĐU" not in numbers_b


def test_the_plans_addressed_to_a_unit_are_the_plans_table(world, client):
    tree = world.tree
    client.force_login(tree.clerk_a)
    url = reverse("resolutions:inbox", args=[tree.cell_a.pk])
    numbers = [p.number for p in client.get(url).context["plans"].object_list]
    assert sorted(numbers) == ["05-KH/ĐU", "12-KH/TU"]
    by_number = client.get(url, {"plans_sort": "-number"}).context["plans"]
    assert [p.number for p in by_number.object_list] == ["12-KH/TU", "05-KH/ĐU"]
    # the obligations above keep their own page and order
    assert client.get(url, {"plans_sort": "-number"}).context["page"].number == 1
    for bad in ("²", "abc", "-1", "9" * 30):
        page(client, url + f"?plans_sort={bad}&plans_page={bad}&page={bad}")
    client.force_login(tree.clerk_b)
    page(client, url + "?plans_sort=number", status=404)


def test_the_plans_below_a_plan_are_a_table_that_does_not_repeat_the_plan(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("resolutions:plan-detail", args=[world.plan.pk])
    response = client.get(url, {"plans_sort": "-number"})
    below = response.context["below"]
    assert [p.number for p in below.object_list] == ["05-KH/ĐU"]
    assert below.table.order_by == ("-number",)
    assert "implements 12-KH/TU" not in response.content.decode()
    client.force_login(world.tree.clerk_b)  # commune B sees the plan, not commune A's below it
    assert "05-KH/ĐU" not in [p.number for p in client.get(url).context["below"].object_list]
