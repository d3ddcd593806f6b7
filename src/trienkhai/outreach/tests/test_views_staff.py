"""The staff's screens: recording an activity through the form, lists scoped to the user's
subtree with a bounded number of queries, the head's approval."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from trienkhai.core.models import DataFlag
from trienkhai.outreach import services
from trienkhai.outreach.models import Activity, Answer

from .conftest import D, activity, png_bytes, published_page

pytestmark = pytest.mark.usefixtures("media")


def form_data(world, **extra):
    data = {
        "plan": world.plan.pk,
        "channel": "meeting",
        "held_on": "03/02/2026",
        "title": "Hội nghị tuyên truyền tại thôn 1",
        "key_points": [world.kp1.pk],
        "reach": "150",
        "audience_label": "Nhân dân thôn 1",
        "audience_size": "120",
        "opinions": "12",
        "opinion_themes": "đất đai, hỗ trợ thiết bị",
    }
    data.update(extra)
    return data


def test_the_clerk_records_an_activity_with_a_photo_and_sees_its_warning(world, client):
    client.force_login(world.tree.clerk_a)
    url = reverse("outreach:activity-add", args=[world.tree.commune_a.pk])
    photo = SimpleUploadedFile("hoi-nghi.png", png_bytes(), content_type="image/png")

    response = client.post(url, {**form_data(world), "evidence": photo})

    done = Activity.objects.get()
    assert response.status_code == 302 and response.url == done.get_absolute_url()
    assert done.evidence_name == "hoi-nghi.png" and done.opinions == 12
    page = client.get(done.get_absolute_url()).content.decode()
    assert "Cảnh báo số liệu" in page  # reach 150 above a population of 120
    assert DataFlag.objects.get().rule == "reach_above_population"
    evidence = client.get(reverse("outreach:activity-evidence", args=[done.pk]))
    assert evidence.status_code == 200 and evidence["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "field, value",
    [
        ("reach", "-5"),
        ("reach", "²"),
        ("audience_size", "1e9"),
        ("held_on", "31/02/2026"),
        ("title", ""),
    ],
)
def test_bad_input_in_the_form_is_an_error_on_the_form(world, client, field, value):
    client.force_login(world.tree.clerk_a)
    url = reverse("outreach:activity-add", args=[world.tree.commune_a.pk])

    response = client.post(url, form_data(world, **{field: value}))

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_an_oversized_evidence_file_is_an_error_on_the_form(world, client, settings):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(world.tree.clerk_a)
    big = SimpleUploadedFile("to.png", png_bytes() + b"\0" * (1024 * 1024 + 10))
    url = reverse("outreach:activity-add", args=[world.tree.commune_a.pk])

    response = client.post(url, {**form_data(world), "evidence": big})

    assert response.status_code == 400 and "quá lớn" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_units_activities_and_questions_are_invisible_to_its_sibling(world, client):
    tree = world.tree
    done = activity(world)
    page = published_page(world)
    question = services.ask(page=page, text="Câu hỏi nội bộ chưa công bố")
    client.force_login(tree.clerk_b)

    assert done.title not in client.get(reverse("outreach:index")).content.decode()
    assert client.get(done.get_absolute_url()).status_code == 404
    assert client.get(reverse("outreach:activity-evidence", args=[done.pk])).status_code == 404
    assert client.get(page.get_absolute_url()).status_code == 404
    assert client.get(reverse("outreach:question-detail", args=[question.pk])).status_code == 404
    # the public page shows none of it: the question has no approved answer
    assert "Câu hỏi nội bộ" not in client.get(page.get_public_url()).content.decode()


def test_the_activity_list_costs_the_same_queries_for_few_rows_or_many(
    world, client, django_assert_max_num_queries
):
    for n in range(15):
        activity(world, title=f"Bài viết số {n}", held_on=D(2026, 2, 1 + n % 20), channel="press")
    client.force_login(world.tree.clerk_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("outreach:index"))

    assert response.status_code == 200 and "Bài viết số 14" in response.content.decode()


def test_the_head_approves_an_answer_from_the_pages_screen(world, client):
    page = published_page(world)
    question = services.ask(page=page, text="Khi nào áp dụng?")
    answer = services.answer_question(user=world.tree.clerk_a, question=question, text="Năm 2026.")
    client.force_login(world.tree.clerk_a)
    approve = reverse("outreach:answer-approve", args=[answer.pk])
    assert approve not in client.get(page.get_absolute_url()).content.decode()
    client.force_login(world.tree.head_a)
    assert approve in client.get(page.get_absolute_url()).content.decode()

    client.post(approve)

    answer.refresh_from_db()
    assert answer.state == Answer.State.PUBLISHED


def test_the_home_page_shows_questions_to_the_staff_and_answers_to_the_head(world, client):
    page = published_page(world)
    question = services.ask(page=page, text="Câu hỏi chờ trả lời trên trang chủ")
    client.force_login(world.tree.clerk_a)
    assert "Câu hỏi chờ trả lời trên trang chủ" in client.get(reverse("home")).content.decode()
    client.force_login(world.tree.clerk_b)
    assert "Câu hỏi chờ trả lời trên trang chủ" not in client.get(reverse("home")).content.decode()

    services.answer_question(user=world.tree.clerk_a, question=question, text="Đáp")
    client.force_login(world.tree.head_a)
    html = client.get(reverse("home")).content.decode()
    assert "Câu trả lời chờ bạn duyệt" in html


def test_a_member_finds_the_public_pages_of_their_units_on_the_home_page(world, client):
    page = published_page(world)
    tree = world.tree
    tree.person_a.user = tree.nobody  # a member of cell A, under commune A
    tree.person_a.save()
    client.force_login(tree.nobody)

    html = client.get(reverse("home")).content.decode()

    assert page.get_public_url() in html
    tree.person_b.user = tree.clerk_b  # cell B's member does not see commune A's page
    tree.person_b.save()
    client.force_login(tree.clerk_b)
    assert page.get_public_url() not in client.get(reverse("home")).content.decode()


def test_the_staff_rework_a_draft_answer_but_not_a_published_one(world, client):
    page = published_page(world)
    question = services.ask(page=page, text="Khi nào áp dụng?")
    answer = services.answer_question(user=world.tree.clerk_a, question=question, text="Sớm.")
    client.force_login(world.tree.clerk_a)
    url = reverse("outreach:answer-edit", args=[answer.pk])

    response = client.post(url, {"question": "Khi nào áp dụng?", "text": "Từ 01/01/2026."})

    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.text == "Từ 01/01/2026."
    services.approve_answer(user=world.tree.head_a, answer=answer)
    response = client.post(url, {"question": "Khi nào?", "text": "Khác"})
    assert response.status_code == 400
    answer.refresh_from_db()
    assert answer.text == "Từ 01/01/2026."


def test_the_list_filters_activities_by_channel_and_period(world, client):
    activity(world, channel="press", held_on=D(2026, 2, 3), title="Bài báo tháng hai")
    activity(world, channel="press", held_on=D(2026, 3, 3), title="Bài báo tháng ba")
    activity(world, channel="radio", held_on=D(2026, 3, 4), title="Phát thanh tháng ba")
    client.force_login(world.tree.clerk_a)
    query = {"channel": "press", "held_from": "01/03/2026", "held_to": "31/03/2026"}

    html = client.get(reverse("outreach:index"), query).content.decode()

    assert "Bài báo tháng ba" in html
    assert "Bài báo tháng hai" not in html and "Phát thanh tháng ba" not in html
    assert client.get(reverse("outreach:index"), {"plan": "²"}).status_code == 400


def test_the_pages_screen_costs_the_same_queries_for_few_rows_or_many(
    world, client, django_assert_max_num_queries
):
    page = published_page(world)
    for n in range(12):
        q = services.ask(page=page, text=f"Câu hỏi {n} về nghị quyết và đời sống?")
        if n % 2:
            services.answer_question(user=world.tree.clerk_a, question=q, text=f"Đáp {n}")
    client.force_login(world.tree.head_a)

    with django_assert_max_num_queries(14):
        response = client.get(page.get_absolute_url())

    assert response.status_code == 200
