"""The notifications' pages: the list, opening one (marks it read), "mark all read", the
preferences and the numbers. A notification is its recipient's alone and shown only while
they can open its object: anyone else's id, or one about an object out of reach now, is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from trienkhai.core import lists as core_lists
from trienkhai.core.access import Action

from . import kinds, numbers, services
from .forms import PreferencesForm
from .lists import NotificationFilter, NotificationTable
from .models import Notification


def attach_texts(records: list[Notification]) -> list[Notification]:
    """Each notification's text in the reader's language (no query)."""
    for record in records:
        kind = kinds.get(record.kind)
        record.text = kind.render(record.params) if kind else record.kind  # type: ignore[attr-defined]
    return records


class NotificationListView(core_lists.ScopedListView):
    model = Notification
    action = Action.VIEW
    filterset_class = NotificationFilter
    table_class = NotificationTable
    title = gettext_lazy("Notifications")
    template_name = "notifications/list.html"
    empty_text = gettext_lazy("No notifications.")
    count_text = ngettext_lazy("%(n)s notification", "%(n)s notifications", "n")

    def scoped(self):
        return services.mine(self.request.user)

    def rows(self, queryset):
        return queryset.select_related("unit")

    def decorate(self, records):
        return attach_texts(records)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["unread"] = services.unread_count(self.request.user)
        return kwargs


#: The newest unread notifications the bell lists; the rest are behind its link.
BELL_SHOWN = 5


class BellView(View):
    """The header's bell (HTMX, after the page loaded): the unread count and the newest
    unread notifications, each a button that opens it."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unread = services.mine(request.user).filter(read_at__isnull=True)
        latest = attach_texts(list(unread[: BELL_SHOWN + 1]))
        count = len(latest) if len(latest) <= BELL_SHOWN else unread.count()
        return render(
            request,
            "notifications/bell.html",
            {"unread": count, "latest": latest[:BELL_SHOWN]},
        )


class OpenView(View):
    """POST from the list or the bell: mark it read and go to the thing."""

    model = Notification
    action = Action.VIEW
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = services.mine(request.user).filter(pk=pk).first()
        if notification is None:
            raise Http404
        url = services.open_notification(user=request.user, notification=notification)
        if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
            url = reverse("notifications:list")
        return HttpResponseRedirect(url)


class MarkAllReadView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        kind = request.POST.get("kind", "")
        done = services.mark_all_read(user=request.user, kind=kind if kinds.get(kind) else "")
        messages.success(request, _("%(n)s notification(s) marked read.") % {"n": done})
        return HttpResponseRedirect(reverse("notifications:list"))


class PreferencesView(View):
    template_name = "notifications/preferences.html"

    def form(self, data=None) -> PreferencesForm:
        user = self.request.user
        delivery = services.delivery(user)
        chosen = services.preferences(user)
        initial: dict[str, Any] = {
            "language": delivery.language if delivery.pk else self.request.LANGUAGE_CODE,
            "quiet_from": delivery.quiet_from,
            "quiet_to": delivery.quiet_to,
            **{f"kind_{key}": channel for key, channel in chosen.items()},
        }
        return PreferencesForm(data, initial=initial, mandatory=services.mandatory_kinds(user))

    def render(self, form: PreferencesForm, status: int = 200) -> HttpResponse:
        return render(
            self.request,
            self.template_name,
            {"form": form, "has_email": bool(getattr(self.request.user, "email", ""))},
            status=status,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(self.form())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.set_preferences(
                user=request.user,
                channels=form.channels(),
                language=form.cleaned_data["language"],
                quiet_from=form.cleaned_data["quiet_from"],
                quiet_to=form.cleaned_data["quiet_to"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                name = field if field in form.fields else f"kind_{field}"
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
            return self.render(form, status=400)
        messages.success(request, _("Your choices are saved."))
        return HttpResponseRedirect(reverse("notifications:preferences"))


class NumbersView(View):
    """Notifications sent and read, by kind, in the user's subtree; obligations done after a
    reminder."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not services.may_see_numbers(user):
            raise Http404
        return render(
            request,
            "notifications/numbers.html",
            {"rows": numbers.by_kind(user), "reminded": numbers.done_after_reminder(user)},
        )
