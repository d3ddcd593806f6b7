"""The outreach screens of the public side: pages, questions and answers as the staff see
them, and the public page, open without a login."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from trienkhai.core import lists, textvi
from trienkhai.core.access import Action, may
from trienkhai.core.logins import client_ip
from trienkhai.core.parsing import parse_id
from trienkhai.core.querysets import ScopedQuerySet
from trienkhai.core.views import ScopedDetailView, apply_validation_error
from trienkhai.resolutions.views.common import download
from trienkhai.units.models import Unit

from .. import forms, services, spam
from .. import lists as outreach_lists
from ..models import Answer, PublicPage, Question
from .common import GuardedActionView, GuardedFormView

#: The most answers the public page shows (the FAQ search narrows them).
FAQ_SHOWN = 50
#: How long a shared cache or the phone may keep the public page (seconds).
PUBLIC_MAX_AGE = 60


# --- public pages, seen by the staff -------------------------------------------------------------


class PageListView(lists.ScopedListView[ScopedQuerySet[PublicPage]]):
    model = PublicPage
    filterset_class = outreach_lists.PageFilter
    table_class = outreach_lists.PageTable
    title = gettext_lazy("Public pages")
    template_name = "outreach/page_list.html"
    count_text = ngettext_lazy("%(n)s page", "%(n)s pages", "n")
    empty_text = gettext_lazy("No public page yet.")

    def rows(self, queryset: ScopedQuerySet[PublicPage]) -> ScopedQuerySet[PublicPage]:
        return queryset.select_related("unit", "resolution")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        units = list(Unit.objects.roots_for(self.request.user, Action.CHANGE)[:10])
        return {**kwargs, "record_units": units}


class PageAddView(GuardedFormView):
    model = Unit
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.PageForm
    template_name = "outreach/page_form.html"
    title = gettext_lazy("Publish a resolution to the public")
    success_message = gettext_lazy("The draft is saved; the head publishes it.")

    def perform(self, form: Any) -> PublicPage:
        data = form.cleaned_data
        return services.create_page(
            user=self.request.user,
            unit=self.object,
            resolution=data["resolution"],
            content=data["content"],
        )


class PageEditView(GuardedFormView):
    model = PublicPage
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.PageForm
    template_name = "outreach/page_form.html"
    title = gettext_lazy("Core content in plain language")
    success_message = gettext_lazy("The draft is saved; the head publishes it.")

    def perform(self, form: Any) -> PublicPage:
        return services.update_page(
            user=self.request.user, page=self.object, content=form.cleaned_data["content"]
        )


class PageDetailView(ScopedDetailView):
    """The page as its staff see it: the draft and what is published, the questions waiting,
    the answers (drafts for the head to approve), the answers of the level above to reuse."""

    model = PublicPage
    template_name = "outreach/page_detail.html"
    context_object_name = "page"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "resolution")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page: PublicPage = self.object
        user = self.request.user
        questions = page.questions.order_by("-asked_at")
        context.update(
            waiting=list(questions.filter(state=Question.State.NEW)[:50]),
            counts=questions.aggregate(
                asked=Count("pk"),
                waiting=Count("pk", filter=Q(state=Question.State.NEW)),
                answered=Count(
                    "pk", filter=Q(state__in=[Question.State.ANSWERED, Question.State.MERGED])
                ),
            ),
            answers=list(
                page.answers.select_related("reused_from__unit").prefetch_related("key_points")
            ),
            above=list(services.answers_above(page)[:50]),
            can_change=may(user, Action.CHANGE, page.unit),
            can_approve=may(user, Action.APPROVE, page.unit),
        )
        return context


class PagePublishView(GuardedActionView):
    model = PublicPage
    post_action = Action.APPROVE
    success_message = gettext_lazy("The page is published as approved.")

    def perform(self, obj: PublicPage) -> PublicPage:
        return services.publish_page(user=self.request.user, page=obj)


class PageWithdrawView(GuardedActionView):
    model = PublicPage
    post_action = Action.APPROVE
    success_message = gettext_lazy("The page is no longer public.")

    def perform(self, obj: PublicPage) -> PublicPage:
        return services.withdraw_page(user=self.request.user, page=obj)


class PageReuseView(GuardedFormView):
    """The published answers of the level above for the same resolution, to copy here."""

    model = PublicPage
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.ReuseForm
    template_name = "outreach/page_reuse.html"
    title = gettext_lazy("Reuse an answer of the level above")
    success_message = gettext_lazy("The answer is copied here; the head approves it.")

    def context(self, form: Any) -> dict[str, Any]:
        return {**super().context(form), "above": list(services.answers_above(self.object)[:50])}

    def perform(self, form: Any) -> PublicPage:
        services.reuse_answer(
            user=self.request.user, page=self.object, source=form.cleaned_data["answer"]
        )
        return self.object


# --- questions and answers -----------------------------------------------------------------------


class QuestionDetailView(GuardedFormView):
    """A question waiting for an answer: the staff draft the answer here."""

    model = Question
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.AnswerForm
    template_name = "outreach/question_detail.html"
    title = gettext_lazy("Answer a question")
    success_message = gettext_lazy("The answer is saved; the head approves it before publication.")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("page__resolution", "page__unit", "answer")

    def context(self, form: Any) -> dict[str, Any]:
        question: Question = self.object
        published = question.page.answers.filter(state=Answer.State.PUBLISHED)
        return {
            **super().context(form),
            "question": question,
            "published": list(published[:50]),
            "open": question.state == Question.State.NEW,
        }

    def perform(self, form: Any) -> Question:
        data = form.cleaned_data
        services.answer_question(
            user=self.request.user,
            question=self.object,
            text=data["text"],
            published_question=data["question"],
            key_points=data["key_points"],
        )
        return self.object.page


class QuestionMergeView(GuardedFormView):
    """Point a question to an answer already published on the page."""

    model = Question
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.MergeForm
    template_name = "outreach/question_merge.html"
    title = gettext_lazy("Merge with a published answer")
    success_message = gettext_lazy("The question is merged with the published answer.")

    def perform(self, form: Any) -> Any:
        question: Question = self.object
        services.merge_question(
            user=self.request.user, question=question, answer=form.cleaned_data["answer"]
        )
        return question.page


class QuestionDismissView(GuardedActionView):
    model = Question
    post_action = Action.CHANGE
    success_message = gettext_lazy("The question is set aside.")

    def perform(self, obj: Question) -> Any:
        services.dismiss_question(user=self.request.user, question=obj)
        return obj.page


class AnswerEditView(GuardedFormView):
    """Rework a draft answer before the head approves it."""

    model = Answer
    action = Action.VIEW
    post_action = Action.CHANGE
    form_class = forms.AnswerForm
    template_name = "outreach/answer_form.html"
    title = gettext_lazy("Rework the answer")
    success_message = gettext_lazy("The answer is saved; the head approves it before publication.")

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("page__resolution")

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        answer = services.update_answer(
            user=self.request.user,
            answer=self.object,
            question=data["question"],
            text=data["text"],
            key_points=data["key_points"],
        )
        return answer


class AnswerApproveView(GuardedActionView):
    model = Answer
    post_action = Action.APPROVE
    success_message = gettext_lazy("The answer is published.")

    def perform(self, obj: Answer) -> Any:
        services.approve_answer(user=self.request.user, answer=obj)
        return obj.page


# --- the public page (no login) ------------------------------------------------------------------


def faq(page: PublicPage, query: str) -> list[Answer]:
    """The page's published answers holding every word of ``query``, tone marks optional."""
    answers = page.answers.filter(state=Answer.State.PUBLISHED).prefetch_related("key_points")
    for word in textvi.fold(query).split()[:10]:
        answers = answers.filter(search_key__contains=word)
    return list(answers.order_by("-published_at", "-id")[:FAQ_SHOWN])


@method_decorator(csrf_exempt, name="dispatch")
class PublicPageView(View):
    """A published resolution for everyone: the approved plain-language content, the key
    points, the documents, the answered questions (searchable) and the question form. Small
    HTML, one small stylesheet, no script; cacheable for a minute when nobody is logged in."""

    def get_page(self, slug: str) -> PublicPage:
        page = (
            PublicPage.objects.filter(slug=slug, published_at__isnull=False)
            .select_related("unit", "resolution")
            .first()
        )
        if page is None:
            raise Http404
        return page

    def render_page(
        self, request: HttpRequest, page: PublicPage, form: Any, status: int = 200, **extra: Any
    ) -> HttpResponse:
        query = str(request.GET.get("q", ""))[:100]
        context = {
            "page": page,
            "resolution": page.resolution,
            "key_points": list(page.resolution.key_points.all()),
            "answers": faq(page, query),
            "query": query,
            "form": form,
            "stamp": spam.stamp(page.slug),
            "sent": "sent" in request.GET,
            "answered": parse_id(request.GET.get("answered")),
            **extra,
        }
        response = render(request, "outreach/public_page.html", context, status=status)
        plain = set(request.GET) <= {"q"}
        if (
            request.method == "GET"
            and status == 200
            and plain
            and not request.user.is_authenticated
        ):
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        page = self.get_page(slug)
        return self.render_page(request, page, forms.QuestionForm())

    def post(self, request: HttpRequest, slug: str) -> HttpResponseBase:
        """Anonymous questions carry no CSRF token (the page is cached for everyone): the
        signed stamp binds the form to this page and time. A logged-in member's question is
        sent with their token, checked here, since it is stored under their name."""
        page = self.get_page(slug)
        if request.user.is_authenticated:
            refused = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
                request, self.post, (), {}
            )
            if refused is not None:
                return refused
        form = forms.QuestionForm(data=request.POST)
        if not form.is_valid():
            return self.render_page(request, page, form, status=400)
        data = form.cleaned_data
        if data["website"]:  # the honeypot: a bot is thanked, nothing is kept
            return redirect(f"{page.get_public_url()}?sent=1")
        if not spam.stamp_ok(data["stamp"], page.slug):
            form.add_error(
                None, _("The form has expired or was sent too fast: please send it again.")
            )
            return self.render_page(request, page, form, status=400)
        if not spam.allow(client_ip(request), page.slug):
            form.add_error(
                None, _("Too many questions from here just now: please try again later.")
            )
            return self.render_page(request, page, form, status=429)
        try:
            question = services.ask(
                page=page, text=data["text"], contact=data["contact"], user=request.user
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.render_page(request, page, form, status=400)
        if question.answer_id is not None:  # asked before: pointed to the answer
            url = page.get_public_url()
            return redirect(f"{url}?answered={question.answer_id}#answer-{question.answer_id}")
        return redirect(f"{page.get_public_url()}?sent=1")


class PublicDocumentView(View):
    """The resolution's official PDF, from its published page."""

    def get(self, request: HttpRequest, slug: str) -> FileResponse:
        page = PublicPageView().get_page(slug)
        resolution = page.resolution
        return download(resolution.document, f"{resolution.number}.pdf", "pdf")
