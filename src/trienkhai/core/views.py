"""Generic views that apply scoping once, the home page and the audit log.

A screen is mostly a declaration on top of these: the model, the action it needs, a template.
A detail page outside the user's scope is a 404, never a 403, so that ids cannot be probed.
"""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView
from django_htmx.middleware import HtmxDetails
from django_tables2 import A

from . import home, lists, people
from .access import Action, may
from .models import AuditEvent, User
from .querysets import ScopedQuerySet


class HtmxRequest(HttpRequest):
    """A request as views see it: django-htmx's middleware (on every request) adds ``htmx``,
    what the page's HTMX asked for. Only for annotations (``request: HtmxRequest``)."""

    htmx: HtmxDetails


class ScopedObjectMixin:
    """Fetch the object through ``for_user(user, action)``: outside the scope it is a 404."""

    #: The model, whose ``objects`` is a ``ScopedQuerySet`` (typed ``Any``: the views name
    #: many models, with their own querysets, and Django's stubs type ``model`` per view).
    model: Any = None
    #: The action reading the object needs (outside its scope: 404).
    action = Action.VIEW
    #: The action a POST needs, when stronger than reading (declared so that the permission
    #: matrix can try each write with a role one step too weak); None: the same as ``action``.
    post_action: str | None = None
    # Set by View.setup(): the mixin is always used with a View.
    request: HttpRequest
    kwargs: Any

    def get_queryset(self) -> Any:
        """The model's ``ScopedQuerySet`` (of its own class: ``Any`` here) for the user."""
        return self.model.objects.for_user(self.request.user, self.action)


class ScopedDetailView(ScopedObjectMixin, DetailView[Any]):
    pass


class ServiceFormView(ScopedObjectMixin, View):
    """GET shows a form about a scoped object; POST hands the cleaned data to a service.

    Subclasses set ``form_class`` and ``template_name`` and implement ``perform(form)``,
    returning the object to redirect to. A ValidationError from the service becomes form
    errors (400); a PermissionDenied on an object the user can see is shown on the form (403).
    """

    form_class: Any = None
    template_name: Any = None
    success_message: Any = None
    title: Any = None
    object: Any

    def get_object(self) -> Any:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "obj": self.object}

    def get_form(self, data: Any = None) -> Any:
        return self.form_class(data=data, **self.get_form_kwargs())

    def context(self, form: Any) -> dict[str, Any]:
        return {"object": self.object, "form": form, "title": self.title}

    def may_post(self) -> bool:
        """Whether the user may save the form: a form is not shown to whom cannot save it.
        The object was read with ``action``; only a stronger ``post_action`` asks again."""
        if self.post_action in (None, self.action):
            return True
        return may(self.request.user, self.post_action, self.object)

    def refusal_message(self) -> Any:
        return _("You may not change this: your role here is to read it.")

    def refused(self) -> HttpResponse:
        """The 403 page a user who may see the object but not save the form gets on GET."""
        back = getattr(self.object, "get_absolute_url", None)
        return denied(self.request, self.refusal_message(), back() if back else None)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if not self.may_post():
            return self.refused()
        return render(request, self.template_name, self.context(self.get_form()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.object = self.get_object()
        form = self.get_form(data=request.POST)
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except PermissionDenied as exc:
                # The object is in scope (get_object found it) but this change reaches
                # outside it, e.g. moving one's own top unit: say so on the form.
                form.add_error(None, exc.args[0] if exc.args else _("Permission denied."))
                return render(request, self.template_name, self.context(form), status=403)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return redirect(self.get_success_url(result))
        return render(request, self.template_name, self.context(form), status=400)

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def get_success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())


def denied(request: HttpRequest, message: Any, back: str | None = None) -> HttpResponse:
    """A 403 page that says why, with the way back: what a user who may read an object but
    not change it gets instead of a form they could not save."""
    return render(request, "core/denied.html", {"message": message, "back": back}, status=403)


def apply_validation_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def unit_link(record: Any) -> str:
    return str(record.unit.get_absolute_url())


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any, Any] | list[Any],
    per_page: int | None = None,
    param: str = "page",
) -> Page[Any]:
    """One numbered page of ``queryset`` (``core.lists.paged``); a page number out of range
    gives the last page. ``param`` names the query parameter, so that two lists on one page
    page separately; ``core/pager.html`` prints the layer's numbered pager."""
    page: Page[Any] = lists.paged(request, queryset, param=param, per_page=per_page)
    return page


class HomeView(View):
    """What awaits this person, most urgent first: the cards the apps declare
    (``core.home``); a clear explanation for a login with no role and nothing waiting."""

    def get(self, request: HttpRequest) -> HttpResponse:
        cards = home.cards(request.user, timezone.localdate())
        if not cards and not may(request.user, Action.VIEW):
            return render(request, "core/no_role.html", status=200)
        late = sum(item.urgency == home.Urgency.LATE for card in cards for item in card.items)
        greeting = people.plain_name(request.user)
        return render(
            request, "core/home.html", {"cards": cards, "late": late, "greeting": greeting}
        )


class AuditFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError(_("The end date is before the start date."))
        return data


def audit_actors(request: HttpRequest) -> QuerySet[User]:
    """The users who changed something in the requester's audit scope."""
    events = AuditEvent.objects.for_user(request.user, Action.AUDIT)
    users = User.objects.filter(pk__in=events.values("actor")).order_by("username")
    return people.users_with_people(users)


class ActorChoiceFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]  # django-filter: no types
    """The audit log's user filter, offering people by name, not logins."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return audit_actors(request)

    @property
    def field(self) -> Any:
        field = super().field
        field.label_from_instance = people.display_name
        return field


class AuditFilter(lists.ListFilterSet):
    unit = lists.UnitFilter(action=Action.AUDIT)
    user = ActorChoiceFilter(field_name="actor", label=_("User"), empty_label=_("All"))
    date_from = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label=_("From"), widget=DATE_INPUT
    )
    date_to = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label=_("To"), widget=DATE_INPUT
    )

    class Meta:
        form = AuditFilterForm


class AuditTable(lists.Table):
    at = lists.DateColumn(
        verbose_name=_("Time"), with_time=True, linkify=("audit-event", [A("pk")])
    )
    actor = tables.Column(verbose_name=_("User"), accessor="pk", orderable=False)
    verb = tables.Column(verbose_name=_("Action"))
    object_repr = tables.Column(verbose_name=_("Object"), orderable=False)
    unit = lists.NameColumn(
        verbose_name=_("Unit"), accessor="unit__organisation_name", linkify=unit_link
    )

    def render_actor(self, record: AuditEvent) -> str:
        """The person who acted ("Trần Thị Nga, Bí thư"), or who the event names when nobody
        was logged in (an anonymous check-in's device)."""
        if record.actor_id is not None:
            return people.display_name(record.actor)
        return record.actor_label or "—"


class AuditLogView(lists.ScopedListView[ScopedQuerySet[AuditEvent]]):
    """Admins browse what changed in their subtree, filtered by unit, user and date."""

    model = AuditEvent
    action = Action.AUDIT
    filterset_class = AuditFilter
    table_class = AuditTable
    title = _("Audit log")
    empty_text = _("No changes have been recorded yet.")
    empty_filtered_text = _("No changes match these filters.")

    def setup_list(self) -> None:
        user = self.request.user
        if not may(user, Action.AUDIT):
            raise Http404

    def rows(self, queryset: ScopedQuerySet[AuditEvent]) -> ScopedQuerySet[AuditEvent]:
        return people.with_people(queryset.select_related("unit"), "actor")


class AuditEventView(ScopedDetailView):
    model = AuditEvent
    action = Action.AUDIT
    template_name = "core/audit_detail.html"
    context_object_name = "event"

    def get_queryset(self) -> Any:
        return people.with_people(super().get_queryset().select_related("unit"), "actor")


class ServiceActionView(ScopedObjectMixin, View):
    """A POST-only button (close, reopen, end, revoke): the service's refusal is shown as a
    message on the page the user came back to, and nothing is written."""

    http_method_names = ["post"]
    success_message: Any = None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            obj = self.get_queryset().get(pk=kwargs["pk"])
        except self.model.DoesNotExist as exc:
            raise Http404 from exc
        try:
            target = self.perform(obj)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            target = obj
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(target.get_absolute_url())

    def perform(self, obj: Any) -> Any:
        raise NotImplementedError
