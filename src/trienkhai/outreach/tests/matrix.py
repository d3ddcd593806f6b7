"""The outreach pages in the permission matrix (``core/tests/matrix.py``): each object of
commune A's subtree, built through the services; the public page is open to anonymous
visitors (``outreach/tests/test_views_public.py`` says what it shows)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from trienkhai.core.tests.matrix import issued_plan_of_commune_a, resolution_of_commune_a
from trienkhai.outreach import services
from trienkhai.outreach.models import Activity, Answer, PublicPage, Question
from trienkhai.tooling.testing import Tree

from .conftest import D, png_bytes


def activity_of_commune_a(tree: Tree) -> Activity:
    return services.record_activity(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=issued_plan_of_commune_a(tree),
        channel="meeting",
        held_on=D(2026, 2, 1),
        title="Hội nghị với nhân dân thôn 1",
        reach=120,
        audience_unit=tree.cell_a,
        audience_size=300,
    )


def draft_page_of_commune_a(tree: Tree) -> PublicPage:
    return services.create_page(
        user=tree.clerk_a,
        unit=tree.commune_a,
        resolution=resolution_of_commune_a(tree),
        content="Nội dung cốt lõi bằng lời dễ hiểu.",
    )


def published_page_of_commune_a(tree: Tree) -> PublicPage:
    return services.publish_page(user=tree.head_a, page=draft_page_of_commune_a(tree))


def question_of_commune_a(tree: Tree) -> Question:
    return services.ask(page=published_page_of_commune_a(tree), text="Nghị quyết áp dụng khi nào?")


def draft_answer_of_commune_a(tree: Tree) -> Answer:
    return services.answer_question(
        user=tree.clerk_a, question=question_of_commune_a(tree), text="Từ năm 2026."
    )


def activity_with_evidence(tree: Tree) -> Activity:
    return services.record_activity(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=issued_plan_of_commune_a(tree),
        channel="leaflets",
        held_on=D(2026, 2, 2),
        title="Phát tờ rơi",
        reach=500,
        evidence=SimpleUploadedFile("anh.png", png_bytes()),
    )


def flagged_activity_with_evidence(tree: Tree) -> Activity:
    return services.record_activity(
        user=tree.clerk_a,
        unit=tree.commune_a,
        plan=issued_plan_of_commune_a(tree),
        channel="meeting",
        held_on=D(2026, 2, 3),
        title="Hội nghị ghi nhầm",
        reach=900,
        audience_size=300,
        evidence=SimpleUploadedFile("anh.png", png_bytes(7)),
    )


def question_with_an_answer_to_merge(tree: Tree) -> Question:
    question = question_of_commune_a(tree)
    other = services.ask(page=question.page, text="Ai được hỗ trợ chuyển đổi số?")
    answer = services.answer_question(user=tree.clerk_a, question=other, text="Mọi hộ dân.")
    services.approve_answer(user=tree.head_a, answer=answer)
    return question


BY_MODEL = {
    Activity: activity_of_commune_a,
    PublicPage: draft_page_of_commune_a,
    Question: question_of_commune_a,
    Answer: draft_answer_of_commune_a,
}
BY_NAME = {
    "outreach:activity-add": lambda tree: tree.commune_a,
    "outreach:page-add": lambda tree: tree.commune_a,
    "outreach:page-withdraw": published_page_of_commune_a,
    "outreach:activity-evidence": activity_with_evidence,
    # Corrected and withdrawn: the activity with a file and a data warning (reach above its
    # population), so that a stray write would change the file's row and its warning too.
    "outreach:activity-edit": activity_with_evidence,
    "outreach:activity-delete": flagged_activity_with_evidence,
    "outreach:question-merge": question_with_an_answer_to_merge,
}
OPEN_TO_ANONYMOUS = {"outreach:public", "outreach:public-document"}
