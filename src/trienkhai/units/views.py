"""Screens of the organisation tree: the lazy tree, search, a unit, a person, and the forms
that change them. Reads go through ``for_user``; writes through ``units.services``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from trienkhai.core import lists as core_lists
from trienkhai.core import textvi
from trienkhai.core.access import Action, AnyUser, may
from trienkhai.core.querysets import ancestor_paths
from trienkhai.core.views import (
    HtmxRequest,
    ScopedDetailView,
    ScopedObjectMixin,
    ServiceActionView,
    ServiceFormView,
    paginate,
)

from . import forms, lists, services
from .models import Person, Position, RoleAssignment, Unit
from .querysets import PersonQuerySet, UnitQuerySet


def with_counts(
    units: Iterable[Unit], parent: Unit | None = None, user: AnyUser | None = None
) -> list[Unit]:
    """Attach ``people_count`` and ``member_count`` (current, whole subtree) to each unit.

    Children of one parent take one GROUP BY query; the handful of top-level units a user
    holds roles on take one aggregate query each.
    """
    units = list(units)
    if parent is not None:
        counts = Person.objects.counts_by_child(parent)
        for unit in units:
            unit.people_count, unit.member_count = counts.get(unit.path, (0, 0))
    else:
        for unit in units:
            totals = (
                Person.objects.current()
                .within(unit)
                .aggregate(people=Count("id"), members=Count("id", filter=Q(is_party_member=True)))
            )
            unit.people_count, unit.member_count = totals["people"], totals["members"]
    return units


def ancestors_in_scope(user: AnyUser, unit: Unit, include_self: bool = False) -> UnitQuerySet:
    """The units above ``unit`` that ``user`` may see, top first (for breadcrumbs)."""
    paths = ancestor_paths(unit.path, include_self=include_self)
    return Unit.objects.for_user(user, Action.VIEW).filter(path__in=paths).order_by("depth")


def children_of(unit: Unit) -> UnitQuerySet:
    return Unit.objects.filter(path__prefix=unit.path, depth=unit.depth + 1).order_by(
        "sort_key", "id"
    )


class TreeView(TemplateView):
    """The units the user holds a role on; each expands lazily (HTMX) one level at a time."""

    template_name = "units/tree.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may(request.user, Action.VIEW):
            return redirect("home")  # the page that explains having no role
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        roots = with_counts(Unit.objects.roots_for(user, Action.VIEW).order_by("sort_key"))
        return {**super().get_context_data(**kwargs), "roots": roots}


class ChildrenView(ScopedObjectMixin, View):
    """One page of a unit's children, as tree rows (the HTMX partial the tree expands with)."""

    model = Unit

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = self.get_queryset().filter(pk=pk).first()
        if unit is None:
            raise Http404
        page = paginate(request, children_of(unit))
        page.object_list = with_counts(page.object_list, parent=unit)
        return render(
            request,
            "units/tree.html#children",
            {"unit": unit, "page": page, "level": unit.depth},
        )


class SearchView(TemplateView):
    """Units and people by name or code, insensitive to case and diacritics."""

    template_name = "units/search.html"
    request: HtmxRequest

    def get_template_names(self) -> list[str]:
        if self.request.htmx:
            return ["units/search.html#results"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        q = textvi.normalize(self.request.GET.get("q", ""))[:100]
        searched = bool(core_lists.words(q))
        context = {**super().get_context_data(**kwargs), "q": q, "searched": searched}
        if not searched:
            return context
        units = core_lists.search(Unit.objects.for_user(user, Action.VIEW), q)
        people = core_lists.search(
            Person.objects.for_user(user, Action.VIEW).select_related("unit"), q
        )
        context["units"] = units.order_by("sort_key")[:20]
        context["page"] = core_lists.table_page(
            self.request, lists.PersonTable(people.roster_order()), decorate=lists.with_unit_parents
        )
        return context


class UnitListView(core_lists.ScopedListView[UnitQuerySet]):
    """Every unit the user may see, by name (Vietnamese order), code, kind, level, status."""

    model = Unit
    filterset_class = lists.UnitFilter
    table_class = lists.UnitTable
    title = _("Units")
    empty_text = _("There are no units yet.")

    def rows(self, queryset: UnitQuerySet) -> UnitQuerySet:
        return queryset.order_by("sort_key", "id")


class PersonListView(core_lists.ScopedListView[PersonQuerySet]):
    """Every person the user may see, in roster order, with their unit."""

    model = Person
    filterset_class = lists.PersonFilter
    table_class = lists.PersonTable
    title = _("People")
    empty_text = _("There are no people yet.")

    def rows(self, queryset: PersonQuerySet) -> PersonQuerySet:
        return queryset.select_related("unit").roster_order()

    def decorate(self, records: list[Any]) -> list[Any]:
        return lists.with_unit_parents(records)


class UnitLookupView(View):
    """Options for the unit-code autocomplete of forms (units the user may change)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        q = request.GET.get("q", "")
        units = Unit.objects.none()
        if core_lists.words(q):
            units = core_lists.search(Unit.objects.for_user(request.user, Action.CHANGE), q)
            units = units.order_by("sort_key")[:20]
        return render(request, "units/unit_lookup.html", {"units": units})


class PersonLookupView(View):
    """Options for the person autocomplete: member code (or #id) and name with unit."""

    def get(self, request: HttpRequest) -> HttpResponse:
        q = request.GET.get("q", "")
        people = Person.objects.none()
        if core_lists.words(q):
            people = core_lists.search(Person.objects.for_user(request.user, Action.VIEW), q)
            people = people.current().select_related("unit").roster_order()[:20]
        return render(request, "units/person_lookup.html", {"people": people})


class UnitDetailView(ScopedDetailView):
    """A unit: its head and positions, its people in roster order, its sub-units."""

    model = Unit
    template_name = "units/unit_detail.html"
    context_object_name = "unit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        unit = self.object
        user = self.request.user
        show_left = self.request.GET.get("left") == "1"
        people = Person.objects.filter(unit=unit).roster_order()
        if not show_left:
            people = people.current()
        children = core_lists.table_page(
            self.request,
            lists.SubUnitTable(children_of(unit)),
            param="units_page",
            decorate=lambda units: with_counts(units, parent=unit),
        )
        return {
            **super().get_context_data(**kwargs),
            "ancestors": ancestors_in_scope(user, unit),
            "positions": Position.objects.filter(unit=unit, ended_on__isnull=True)
            .select_related("person")
            .order_by("-is_head", "title", "person__sort_key"),
            "people": core_lists.table_page(
                self.request, lists.UnitPeopleTable(people), param="people_page"
            ),
            "show_left": show_left,
            "children": children,
            "can_change": may(user, Action.CHANGE, unit),
            "can_manage_roles": may(user, Action.MANAGE_ROLES, unit),
        }


class PersonDetailView(ScopedDetailView):
    model = Person
    template_name = "units/person_detail.html"
    context_object_name = "person"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("unit", "user")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        person = self.object
        unit = person.unit
        return {
            **super().get_context_data(**kwargs),
            "ancestors": ancestors_in_scope(self.request.user, unit, include_self=True),
            "can_create_login": person.user_id is None
            and may(self.request.user, Action.MANAGE_ROLES, unit),
            # Only positions in units the user may see: a person who moved keeps the titles
            # held elsewhere, and those belong to the other subtree (rule 2).
            "positions": Position.objects.for_user(self.request.user, Action.VIEW)
            .filter(person=person)
            .select_related("unit")
            .order_by("-started_on"),
            "can_change": may(self.request.user, Action.CHANGE, unit),
        }


class UnitCreateView(ServiceFormView):
    model = Unit
    action = Action.CHANGE
    form_class = forms.UnitForm
    template_name = "units/form.html"
    title = _("New sub-unit")
    success_message = _("The unit was created.")

    def perform(self, form: forms.UnitForm) -> Unit:
        return services.create_unit(user=self.request.user, parent=self.object, **form.cleaned_data)


class UnitEditView(UnitCreateView):
    title = _("Edit unit")
    success_message = _("The unit was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "edit": True}

    def perform(self, form: forms.UnitForm) -> Unit:
        return services.update_unit(user=self.request.user, unit=self.object, **form.cleaned_data)


class UnitMoveView(ServiceFormView):
    model = Unit
    action = Action.CHANGE
    form_class = forms.MoveUnitForm
    template_name = "units/form.html"
    title = _("Move unit")
    success_message = _("The unit was moved.")

    def perform(self, form: forms.MoveUnitForm) -> Unit:
        return services.move_unit(
            user=self.request.user, unit=self.object, new_parent=form.cleaned_data["new_parent"]
        )


class UnitCloseView(ServiceFormView):
    model = Unit
    action = Action.CHANGE
    form_class = forms.CloseUnitForm
    template_name = "units/form.html"
    title = _("Close unit")
    success_message = _("The unit was closed.")

    def perform(self, form: forms.CloseUnitForm) -> Unit:
        return services.close_unit(user=self.request.user, unit=self.object, **form.cleaned_data)


class UnitReopenView(ServiceActionView):
    model = Unit
    action = Action.CHANGE
    success_message = _("The unit was reopened.")

    def perform(self, obj: Unit) -> Unit:
        return services.reopen_unit(user=self.request.user, unit=obj)


class PersonCreateView(ServiceFormView):
    model = Unit
    action = Action.CHANGE
    form_class = forms.PersonForm
    template_name = "units/form.html"
    title = _("New person")
    success_message = _("The person was added.")

    def perform(self, form: forms.PersonForm) -> Person:
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        return services.create_person(user=self.request.user, unit=unit, **data)


class PersonEditView(ServiceFormView):
    model = Person
    action = Action.CHANGE
    form_class = forms.PersonForm
    template_name = "units/form.html"
    title = _("Edit person")
    success_message = _("The person was saved.")

    def perform(self, form: forms.PersonForm) -> Person:
        return services.update_person(
            user=self.request.user, person=self.object, **form.cleaned_data
        )


class LoginCreateView(ServiceFormView):
    """An admin gives a person a login; roles are then granted on the roles page."""

    model = Person
    action = Action.MANAGE_ROLES
    form_class = forms.LoginCreateForm
    template_name = "units/form.html"
    title = _("Create a login")
    success_message = _("The login was created. Now give it a role on the roles page.")

    def perform(self, form: forms.LoginCreateForm) -> Any:
        services.create_login(
            user=self.request.user,
            person=self.object,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
        )
        return self.object


class PositionCreateView(ServiceFormView):
    model = Unit
    action = Action.CHANGE
    form_class = forms.PositionForm
    template_name = "units/form.html"
    title = _("New position")
    success_message = _("The position was saved.")

    def perform(self, form: forms.PositionForm) -> Position:
        return services.set_position(user=self.request.user, unit=self.object, **form.cleaned_data)


class PositionEndView(ServiceActionView):
    model = Position
    action = Action.CHANGE
    success_message = _("The position was ended.")

    def perform(self, obj: Position) -> Position:
        return services.end_position(user=self.request.user, position=obj)


class RolesView(ServiceFormView):
    """The roles held on a unit and under it; admins grant new ones here."""

    model = Unit
    action = Action.MANAGE_ROLES
    form_class = forms.RoleForm
    template_name = "units/roles.html"
    title = _("Roles")
    success_message = _("The role was granted.")

    def context(self, form: Any) -> dict[str, Any]:
        assignments = (
            RoleAssignment.objects.within(self.object)
            .select_related("user", "unit")
            .order_by("unit__path", "user__username", "role")
        )
        table = lists.RoleTable(assignments)  # paged by table_page, not by django-tables2
        table.request = self.request
        return {**super().context(form), "page": core_lists.table_page(self.request, table)}

    def perform(self, form: forms.RoleForm) -> None:
        services.grant_role(
            user=self.request.user,
            target_user=form.cleaned_data["username"],
            unit=self.object,
            role=form.cleaned_data["role"],
        )

    def get_success_url(self, result: Any) -> str:
        return reverse("units:roles", args=[self.object.pk])


class RoleRevokeView(ServiceActionView):
    model = RoleAssignment
    action = Action.MANAGE_ROLES
    success_message = _("The role was revoked.")

    def perform(self, obj: RoleAssignment) -> RoleAssignment:
        services.revoke_role(user=self.request.user, assignment=obj)
        return obj
