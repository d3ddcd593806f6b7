"""Admins read what changed in their subtree: by unit (with everything under it), by user and
by date; a clerk has no access to the log at all."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

from trienkhai.core.access import Role
from trienkhai.core.audit import written_at
from trienkhai.core.models import AuditEvent
from trienkhai.tooling.testing import make_user
from trienkhai.units import services

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AUDIT = reverse("audit")


def at(*args):
    return datetime.datetime(*args, tzinfo=HCM)


@pytest.fixture
def history(tree):
    """Four changes: two in commune A (one in its cell), one in commune B, one on the province,
    on four different days of February 2026 (Hanoi time)."""

    def change(user, unit, when, **fields):
        with written_at(when):
            services.update_unit(user=user, unit=unit, **fields)
        return AuditEvent.objects.latest("pk")

    return {
        "commune_a": change(tree.clerk_a, tree.commune_a, at(2026, 2, 1, 9), short_name="An Phú"),
        "cell_a": change(tree.head_a, tree.cell_a, at(2026, 2, 2, 23, 30), name="Chi bộ thôn Một"),
        "cell_b": change(tree.clerk_b, tree.cell_b, at(2026, 2, 3, 0, 30), short_name="KP1"),
        "province": change(tree.admin, tree.province, at(2026, 2, 4, 10), short_name="HL"),
    }


def listed(response, status=200):
    assert response.status_code == status
    return {event.object_repr for event in response.context["page"].object_list}


def form_errors(response):
    html = response.content.decode()
    return "\n".join(re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S))


def test_the_admin_sees_every_change_in_the_province(tree, history, login):
    response = login(tree.admin).get(AUDIT)

    assert listed(response) == {
        "Đảng ủy xã An Phú",
        "Chi bộ thôn Một",
        "Chi bộ khu phố 1",
        "Tỉnh ủy Hòa Lâm",
    }
    # newest first
    assert response.context["page"].object_list[0].object_repr == "Tỉnh ủy Hòa Lâm"


def test_filtering_by_unit_takes_the_whole_subtree(tree, history, login):
    client = login(tree.admin)

    assert listed(client.get(AUDIT, {"unit": tree.commune_a.pk})) == {
        "Đảng ủy xã An Phú",
        "Chi bộ thôn Một",
    }
    assert listed(client.get(AUDIT, {"unit": tree.cell_b.pk})) == {"Chi bộ khu phố 1"}


def test_filtering_by_user(tree, history, login):
    response = login(tree.admin).get(AUDIT, {"user": tree.clerk_b.pk})

    assert listed(response) == {"Chi bộ khu phố 1"}


def test_filtering_by_dates_uses_the_local_calendar_day(tree, history, login):
    client = login(tree.admin)

    # 23:30 on 2 February in Hanoi is still 2 February, though it is 16:30 UTC.
    assert listed(client.get(AUDIT, {"date_from": "02/02/2026", "date_to": "02/02/2026"})) == {
        "Chi bộ thôn Một"
    }
    # 00:30 on 3 February in Hanoi is 17:30 UTC on 2 February.
    assert listed(client.get(AUDIT, {"date_from": "03/02/2026"})) == {
        "Chi bộ khu phố 1",
        "Tỉnh ủy Hòa Lâm",
    }
    assert listed(client.get(AUDIT, {"date_to": "01/02/2026"})) == {"Đảng ủy xã An Phú"}


def test_filters_combine(tree, history, login):
    response = login(tree.admin).get(
        AUDIT, {"unit": tree.province.pk, "user": tree.head_a.pk, "date_from": "01/02/2026"}
    )

    assert listed(response) == {"Chi bộ thôn Một"}


def test_a_date_range_that_ends_before_it_starts_is_explained_not_a_crash(tree, history, login):
    response = login(tree.admin).get(AUDIT, {"date_from": "05/02/2026", "date_to": "01/02/2026"})

    assert listed(response, 400) == set()
    assert "Ngày kết thúc trước ngày bắt đầu." in form_errors(response)


def test_a_date_that_does_not_exist_is_explained_not_a_crash(tree, history, login):
    response = login(tree.admin).get(AUDIT, {"date_from": "30/02/2026"})

    assert listed(response, 400) == set()
    assert "Nhập một ngày hợp lệ." in form_errors(response)


@pytest.mark.parametrize("forged", ["outside", "²", "-1", "abc", "99999999999999999999"])
def test_a_unit_outside_the_scope_or_not_an_id_is_explained(tree, history, login, forged):
    admin_b = make_user("admin_b", Role.ADMIN, tree.commune_b)
    value = tree.commune_a.pk if forged == "outside" else forged

    response = login(admin_b).get(AUDIT, {"unit": value})

    assert listed(response, 400) == set()
    assert escape("Chọn một đơn vị trong danh sách") in form_errors(response)
    assert "An Phú" not in response.content.decode()


def test_an_admin_of_one_commune_sees_only_that_commune(tree, history, login):
    admin_b = make_user("admin_b", Role.ADMIN, tree.commune_b)

    assert listed(login(admin_b).get(AUDIT)) == {"Chi bộ khu phố 1"}


def test_a_user_of_another_commune_is_not_offered_as_a_filter(tree, history, login):
    admin_b = make_user("admin_b", Role.ADMIN, tree.commune_b)

    response = login(admin_b).get(AUDIT, {"user": tree.clerk_a.pk})

    assert listed(response, 400) == set()
    assert list(response.context["form"].fields["user"].queryset) == [tree.clerk_b]


@pytest.mark.parametrize("username", ["clerk_a", "head_a", "viewer_a", "nobody"])
def test_users_without_the_audit_right_get_404(username, tree, history, login):
    client = login(getattr(tree, username))

    assert client.get(AUDIT).status_code == 404
    assert client.get(reverse("audit-event", args=[history["commune_a"].pk])).status_code == 404


def test_a_superuser_reads_the_whole_log(tree, history, login):
    from trienkhai.core.models import User

    root = User.objects.create_superuser("root", password="x")

    assert len(listed(login(root).get(AUDIT))) == 4


def test_the_event_page_shows_before_and_after(tree, history, login):
    event = history["cell_a"]

    response = login(tree.admin).get(reverse("audit-event", args=[event.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    before = re.search(r'<td class="before">(.*?)</td>', html).group(1)
    after = re.search(r'<td class="after">(.*?)</td>', html).group(1)
    assert (before, after) == ("Chi bộ thôn 1", "Chi bộ thôn Một")
    assert "head_a" in html


def test_the_event_page_of_a_person_move_shows_both_units(tree, login):
    services.update_person(user=tree.admin, person=tree.person_a, unit=tree.cell_b)
    event = AuditEvent.objects.latest("pk")

    response = login(tree.admin).get(reverse("audit-event", args=[event.pk]))

    html = response.content.decode()
    assert "Chi bộ thôn 1 (HL-A1)" in html
    assert "Chi bộ khu phố 1 (HL-B1)" in html


def test_the_log_pages_through_many_events(tree, login):
    for i in range(60):
        services.update_unit(user=tree.clerk_a, unit=tree.cell_a, short_name=f"T{i}")
    client = login(tree.admin)

    cell = tree.cell_a.pk
    first = client.get(AUDIT, {"unit": cell})
    second = client.get(AUDIT, {"unit": cell, "page": 2})
    past_the_end = client.get(AUDIT, {"unit": cell, "page": 9})

    assert first.context["page"].paginator.count == 60
    assert len(first.context["page"].object_list) + len(second.context["page"].object_list) == 60
    assert f"unit={cell}&amp;page=2" in first.content.decode()  # the pager keeps the filter
    assert past_the_end.context["page"].number == 2  # past the last page: the last page


def test_the_event_page_names_counts_of_related_rows_in_vietnamese(tree, login):
    """A resolution's event records how many key points it has: a reverse relation, which has
    no label of its own (the page used to fail on it), named by the related model."""
    from trienkhai.resolutions import services as resolution_services

    resolution_services.register_resolution(
        user=tree.admin,
        unit=tree.province,
        kind="resolution",
        number="18-NQ/TW",
        title="Về một số vấn đề",
        issuing_body="Ban Chấp hành Trung ương",
        issued_on=datetime.date(2017, 10, 25),
        key_points=[("Điểm một", False), ("Điểm mới", True)],
    )
    event = AuditEvent.objects.latest("pk")

    response = login(tree.admin).get(reverse("audit-event", args=[event.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nội dung cốt lõi" in html
    assert "Key_points" not in html
