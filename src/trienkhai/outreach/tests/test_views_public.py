"""The public page: without a login, only what the head approved, light, cacheable, its FAQ
searchable without tone marks, its question form protected without a third party."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from trienkhai.outreach import services, spam
from trienkhai.outreach.models import Question

from .conftest import published_page

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def ask_data(page, text="Nghị quyết này có ảnh hưởng gì đến học sinh?", **extra):
    return {
        "text": text,
        "contact": "",
        "website": "",
        "stamp": spam.stamp(page.slug, now=time.time() - 10),
        **extra,
    }


def answered(world, page, question, answer):
    q = services.ask(page=page, text=question)
    a = services.answer_question(
        user=world.tree.clerk_a, question=q, text=answer, key_points=[world.kp1]
    )
    return services.approve_answer(user=world.tree.head_a, answer=a)


def test_an_anonymous_visitor_reads_the_approved_content_and_answers_only(world, client):
    page = published_page(world)
    answered(world, page, "Chuyển đổi số là gì?", "Là đưa công việc lên môi trường số.")
    services.update_page(user=world.tree.clerk_a, page=page, content="BẢN NHÁP CHƯA DUYỆT")
    pending = services.ask(page=page, text="Câu hỏi chưa trả lời về đất đai")
    services.answer_question(user=world.tree.clerk_a, question=pending, text="TRẢ LỜI CHƯA DUYỆT")

    response = client.get(page.get_public_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Khoa học, công nghệ và chuyển đổi số là đột phá." in html
    assert "BẢN NHÁP CHƯA DUYỆT" not in html and "TRẢ LỜI CHƯA DUYỆT" not in html
    assert "Câu hỏi chưa trả lời" not in html
    assert "Là đưa công việc lên môi trường số." in html
    assert "Thể chế là điểm nghẽn" in html  # a key point
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "<script" not in html and len(response.content) < 20_000


def test_an_unpublished_or_withdrawn_page_is_not_found(world, client):
    page = published_page(world)
    services.withdraw_page(user=world.tree.head_a, page=page)
    assert client.get(page.get_public_url()).status_code == 404
    assert client.get(reverse("outreach:public", args=["khong-co"])).status_code == 404


def test_the_faq_is_searched_without_tone_marks(world, client):
    page = published_page(world)
    answered(world, page, "Hộ nông dân có được hỗ trợ thiết bị số không?", "Có, theo đề án của xã.")
    answered(world, page, "Ai chịu trách nhiệm thực hiện?", "Người đứng đầu cấp ủy.")

    html = client.get(page.get_public_url(), {"q": "ho tro thiet bi"}).content.decode()

    assert "Có, theo đề án của xã." in html and "Người đứng đầu cấp ủy." not in html
    assert services.answers_above(page).count() == 0


def test_a_question_from_the_public_is_stored_with_only_its_text_and_contact(world, client):
    page = published_page(world)

    response = client.post(page.get_public_url(), ask_data(page, contact="0912 345 678"))

    assert response.status_code == 302 and "sent=1" in response.url
    question = Question.objects.get()
    assert (question.text, question.contact, question.asked_by) == (
        "Nghị quyết này có ảnh hưởng gì đến học sinh?",
        "0912 345 678",
        None,
    )
    assert question.unit == world.tree.commune_a


def test_a_repeat_of_an_answered_question_points_to_the_answer(world, client):
    page = published_page(world)
    answer = answered(world, page, "Chuyển đổi số có bắt buộc không?", "Không bắt buộc.")

    response = client.post(
        page.get_public_url(), ask_data(page, text="chuyen doi so co bat buoc khong")
    )

    assert response.url.endswith(f"?answered={answer.pk}#answer-{answer.pk}")
    assert Question.objects.filter(state=Question.State.MERGED, answer=answer).count() == 1
    assert f'id="answer-{answer.pk}" class="hit"' in client.get(response.url).content.decode()


def test_a_member_asks_logged_in_and_the_question_is_theirs(world, client):
    page = published_page(world)
    client.force_login(world.tree.nobody)

    client.post(page.get_public_url(), ask_data(page))

    assert Question.objects.get().asked_by == world.tree.nobody


@pytest.mark.parametrize(
    "change, status",
    [
        ({"website": "http://spam.example"}, 302),  # the honeypot: thanked, nothing kept
        ({"stamp": "forged"}, 400),
        ({"text": ""}, 400),
        ({"text": "x" * 1001}, 400),
        ({"text": "²"}, 302),  # a character, not a number here: stored as typed
        ({"contact": "y" * 201}, 400),
    ],
)
def test_bad_or_robotic_questions_store_nothing(world, client, change, status):
    page = published_page(world)

    response = client.post(page.get_public_url(), ask_data(page, **change))

    assert response.status_code == status
    expected = 1 if change.get("text") == "²" else 0
    assert Question.objects.count() == expected


def test_a_form_sent_too_fast_or_for_another_page_is_refused(world, client):
    page = published_page(world)
    fresh = spam.stamp(page.slug)
    other = spam.stamp("another-page", now=time.time() - 10)

    assert client.post(page.get_public_url(), ask_data(page, stamp=fresh)).status_code == 400
    assert client.post(page.get_public_url(), ask_data(page, stamp=other)).status_code == 400
    assert not Question.objects.exists()


def test_a_burst_of_submissions_from_one_address_is_bounded(world, client):
    page = published_page(world)
    statuses = [
        client.post(
            page.get_public_url(), ask_data(page, text=f"Câu hỏi số {n} về nghị quyết")
        ).status_code
        for n in range(12)
    ]

    assert statuses[:5] == [302] * 5
    assert set(statuses[5:]) == {429}
    assert Question.objects.count() == 5


def test_the_pages_ceiling_bounds_a_flood_from_many_addresses(world, client, settings):
    settings.TRIENKHAI_ASK_LIMITS = {"address": 5, "page": 8}
    page = published_page(world)
    for n in range(12):
        client.post(
            page.get_public_url(),
            ask_data(page, text=f"Câu hỏi {n}"),
            REMOTE_ADDR=f"10.0.0.{n}",
        )
    assert Question.objects.count() == 8


def test_the_public_page_costs_the_same_queries_for_few_answers_or_many(
    world, client, django_assert_max_num_queries
):
    page = published_page(world)
    topics = ["đất đai", "học nghề", "điện thoại", "đường sá", "y tế", "trường học", "nước sạch"]
    for n in range(20):
        topic = f"{topics[n % 7]} {topics[(n * 3 + 1) % 7]} đợt {n}"
        answered(world, page, f"Xin hỏi về {topic}?", f"Trả lời số {n}.")

    with django_assert_max_num_queries(8):
        response = client.get(page.get_public_url())

    assert response.content.decode().count("<article") == 20
