"""The pages: the bell and the list show the user's own notifications they can open now, with
filters and "mark all read"; opening one marks it read and goes to the thing; anyone else's id
is 404; the preferences page; the numbers; bad input answered without a server error."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from trienkhai.core import logins
from trienkhai.notifications import kinds
from trienkhai.notifications.models import Notification, Preference
from trienkhai.notifications.reminders import run
from trienkhai.units.models import RoleAssignment

from .conftest import DUE, at, of

pytestmark = pytest.mark.django_db
LIST = reverse("notifications:list")
BELL = reverse("notifications:bell")


@pytest.fixture
def reminded(cell):
    run(at(DUE - datetime.timedelta(days=1)))
    return cell


def test_the_bell_shows_the_unread_count(reminded, client):
    client.force_login(reminded.clerk_a1)
    page = client.get(reverse("home")).content.decode()
    assert f'hx-get="{BELL}"' in page  # the page has its place; HTMX brings it
    bell = client.get(BELL).content.decode()
    assert 'class="bell-count">2<' in bell  # the plan issued, the deadline tomorrow
    assert "Báo cáo kết quả" in bell


def test_no_bell_while_the_second_factor_is_pending(reminded, client):
    """The pages a pending sign-in may open carry no bell: its request would be redirected to
    the code page, which HTMX would load as a whole page, with the bell again, for ever."""
    client.force_login(reminded.clerk_a1)
    session = client.session
    session[logins.SESSION_KEY] = logins.ENROL
    session.save()
    page = client.get(reverse("two-factor")).content.decode()
    assert f'hx-get="{BELL}"' not in page
    assert client.get(BELL, headers={"HX-Request": "true"}).status_code == 204


def test_the_list_filters_by_kind_and_state(reminded, client):
    client.force_login(reminded.clerk_a1)
    page = client.get(LIST).content.decode()
    assert "05-KH/ĐU" in page and "31/03/2026" in page
    only = client.get(LIST, {"kind": "obligation_due"})
    assert [n.kind for n in only.context["page"].object_list] == ["obligation_due"]
    assert "Kế hoạch 05-KH/ĐU đã được ban hành" in page  # in the reader's language
    assert client.get(LIST, {"state": "read"}).context["page"].paginator.count == 0
    assert client.get(LIST, {"kind": "²"}).status_code == 400


def test_opening_marks_read_and_goes_to_the_thing(reminded, client):
    client.force_login(reminded.clerk_a1)
    notice = of(reminded.clerk_a1, "obligation_due").get()
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == notice.url
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.get(response.url).status_code == 200


def test_someone_elses_notification_is_404(reminded, client):
    notice = of(reminded.clerk_a1, "obligation_due").get()
    for user in (reminded.tree.clerk_b, reminded.head_a1):  # the sibling; even a colleague
        client.force_login(user)
        assert client.post(reverse("notifications:open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_what_the_user_can_no_longer_open_is_not_shown(reminded, client):
    """Roles change: the clerk moved off the cell no longer sees its notifications."""
    user = reminded.clerk_a1
    notice = of(user, "obligation_due").get()
    RoleAssignment.objects.filter(user=user).delete()
    client.force_login(user)
    assert client.get(LIST).context["page"].paginator.count == 0
    assert 'class="bell-count"' not in client.get(BELL).content.decode()
    assert client.post(reverse("notifications:open", args=[notice.pk])).status_code == 404


def test_mark_all_read(reminded, client):
    client.force_login(reminded.clerk_a1)
    response = client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not of(reminded.clerk_a1).filter(read_at__isnull=True).exists()
    assert of(reminded.head_a1).filter(read_at__isnull=True).count() == 2  # theirs stay


def test_the_list_costs_the_same_queries_for_few_or_many(
    reminded, client, django_assert_max_num_queries
):
    client.force_login(reminded.clerk_a1)
    client.get(LIST)
    with django_assert_max_num_queries(12):
        client.get(LIST)
    template = of(reminded.clerk_a1, "obligation_due").get()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=reminded.clerk_a1,
                kind=template.kind,
                unit=template.unit,
                target_type=template.target_type,
                target_id=template.target_id,
                url=template.url,
                params=template.params,
                dedupe_key=f"many{i}",
            )
            for i in range(60)
        ]
    )
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    assert page.context["page"].paginator.count == 62


def test_preferences_are_saved_and_a_mandatory_kind_offers_no_off(reminded, client):
    client.force_login(reminded.head_a1)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="kind_obligation_overdue" value="off"' not in page  # the head must receive it
    assert 'name="kind_obligation_due" value="off"' in page
    data = {"language": "en", "quiet_from": "21:00", "quiet_to": "06:30"}
    data |= {f"kind_{k}": "app" for k in ("plan_issued", "obligation_due", "obligation_overdue")}
    data |= {
        "kind_program_submitted": "email",
        "kind_program_approved": "off",
        "kind_revision_approved": "digest",
        "kind_program_copied": "app",
        "kind_progress_due": "digest",
        "kind_report_returned": "email",
        "kind_report_graded": "off",
        "kind_checkin_conflict": "app",
        "kind_report_copied": "app",
    }
    # the kinds of the other apps (inspections, outreach) keep their defaults
    data = {f"kind_{k.key}": k.default for k in kinds.all_kinds()} | data
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Preference.objects.get(user=reminded.head_a1, kind="program_approved").channel == "off"
    refused = client.post(
        reverse("notifications:preferences"), data | {"kind_obligation_overdue": "off"}
    )
    assert refused.status_code == 400
    half = client.post(reverse("notifications:preferences"), data | {"quiet_to": ""})
    assert half.status_code == 400
    assert client.post(reverse("notifications:preferences"), {"language": "²"}).status_code == 400


def test_the_numbers_count_sent_read_and_done_after_a_reminder(reminded, client):
    notice = of(reminded.clerk_a1, "obligation_due").get()
    Notification.objects.filter(pk=notice.pk).update(read_at=notice.created_at)
    from trienkhai.resolutions.models import Obligation

    Obligation.objects.filter(pk=reminded.obligation.pk).update(fulfilled_on=DUE)
    client.force_login(reminded.tree.head_a)
    page = client.get(reverse("notifications:numbers"))
    assert page.status_code == 200
    rows = {row.kind.key: row for row in page.context["rows"]}
    assert rows["obligation_due"].sent == 2 and rows["obligation_due"].read == 1
    reminded_rows = {row.model: row for row in page.context["reminded"]}
    reminded_row = reminded_rows["resolutions.Obligation"]
    assert (reminded_row.reminded, reminded_row.done_after) == (1, 1)
    client.force_login(reminded.tree.clerk_b)  # the sibling sees none of it
    sibling = client.get(reverse("notifications:numbers")).context
    assert sibling["rows"] == [] and all(row.reminded == 0 for row in sibling["reminded"])
    client.force_login(reminded.tree.nobody)
    assert client.get(reverse("notifications:numbers")).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, tree):
    for name in ("list", "preferences", "numbers", "bell"):
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and reverse("login") in response.url


def test_the_bell_costs_the_same_queries_for_few_or_many(
    reminded, client, django_assert_max_num_queries
):
    client.force_login(reminded.clerk_a1)
    client.get(BELL)
    with django_assert_max_num_queries(5):  # session, user, roles, the unread rows, their count
        client.get(BELL)
    template = of(reminded.clerk_a1, "obligation_due").get()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=reminded.clerk_a1,
                kind=template.kind,
                unit=template.unit,
                target_type=template.target_type,
                target_id=template.target_id,
                url=template.url,
                params=template.params,
                dedupe_key=f"bell{i}",
            )
            for i in range(30)
        ]
    )
    with django_assert_max_num_queries(5):
        bell = client.get(BELL).content.decode()
    assert 'class="bell-count">32<' in bell
