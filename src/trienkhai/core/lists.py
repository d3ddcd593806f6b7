"""The list layer: a list page is a declaration, not a view that parses GET by hand.

A list declares its model and the action it needs, a ``FilterSet`` (django-filter) and a
``Table`` (django-tables2). ``ScopedListView`` reads the rows through
``Model.objects.for_user(user, action)`` once, applies the filters, the sorting the table
allows and one page of numbered pagination, and answers an HTMX request with the table alone.

Query parameters are parsed in one place, the filter's form field: an id that is not a
number (``²``, ``abc``), negative, unknown or outside the user's scope is an invalid choice.
A list whose filters do not validate answers **400** with the errors on the form (in the
user's language) and no rows, never a 500 and never a row outside the scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import django_filters
import django_tables2 as tables
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.forms.widgets import Widget
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views import View
from django_stubs_ext import StrOrPromise
from django_tables2.rows import BoundRow

from . import access, textvi
from .access import Action
from .parsing import parse_id, parse_int
from .querysets import ScopedQuerySet

if TYPE_CHECKING:
    from .views import HtmxRequest

#: The largest page a client may ask for with ``?per_page=``.
MAX_PAGE_SIZE = 200
#: The most units the unit autocomplete offers at once.
LOOKUP_LIMIT = 20


NOT_A_CHOICE = _("Choose from the list: this choice is not one you may see.")


#: Control characters: no text holds them, and PostgreSQL refuses a NUL in a query.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def words(text: str | None) -> list[str]:
    """The folded words of a search box (no case, no diacritics, ``đ`` is ``d``); a control
    character (a NUL pasted or typed into the address) separates words."""
    return textvi.fold(CONTROL.sub(" ", textvi.normalize(text or "")[:100])).split()


def search[QS: QuerySet[Any, Any]](
    queryset: QS, q: str | None, field: str = "search_key", also: Sequence[str] = ()
) -> QS:
    """Rows whose ``field`` (a folded key) contains every word of ``q`` — each word in
    ``field`` or in one of the keys ``also`` names (a plan found by its issuer's name:
    ``also=("unit__search_key",)``)."""
    for word in words(q):
        found = Q(**{f"{field}__contains": word})
        for other in also:
            found |= Q(**{f"{other}__contains": word})
        queryset = queryset.filter(found)
    return queryset


def unit_model() -> Any:
    """``units.Unit``, looked up when used: core does not import the apps above it."""
    return apps.get_model("units", "Unit")


class SearchFilter(django_filters.CharFilter):  # type: ignore[misc]  # django-filter: no types
    """The search box: every word, folded, must be contained in ``field_name`` (a
    ``search_key`` column derived with ``textvi.fold``)."""

    def __init__(
        self, field_name: str = "search_key", also: Sequence[str] = (), **kwargs: Any
    ) -> None:
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 100)
        super().__init__(field_name=field_name, **kwargs)
        self.also = tuple(also)

    def filter(self, qs: QuerySet[Any, Any], value: str | None) -> QuerySet[Any, Any]:
        return search(qs, value, self.field_name, self.also)


class UnitWidget(Widget):
    """A unit chosen by name: a text box whose suggestions come from the unit lookup and a
    hidden input that carries the id. Never renders the units in scope as options."""

    template_name = "core/unit_widget.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        action: str = Action.VIEW,
        under: int | None = None,
    ) -> None:
        super().__init__({"placeholder": _("Type a unit name"), **(attrs or {})})
        self.action = action
        self.under = under
        self.queryset: QuerySet[Any, Any] | None = None

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-name" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        label = ""
        if value not in (None, "") and self.queryset is not None:
            try:
                unit = self.queryset.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                unit = None
            label = unit_label(unit) if unit else ""
        lookup = f"{reverse_lazy('unit-choices')}?action={self.action}"
        if self.under is not None:
            lookup += f"&under={self.under}"
        context["widget"].update(label=label, lookup=lookup)
        return context


def unit_label(unit: Any) -> str:
    return f"{unit.name} ({unit.code})"


class UnitChoiceField(forms.ModelChoiceField[Any]):
    default_error_messages = {
        "invalid_choice": _("Choose a unit from the list: this one is not in your scope."),
    }

    # Django's private accessors of ``queryset``, which the stubs do not declare.
    def _set_queryset(self, queryset: QuerySet[Any, Any] | None) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]  # private, not in the stubs
        if isinstance(self.widget, UnitWidget):
            self.widget.queryset = self._queryset  # type: ignore[attr-defined]  # private

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]  # private getter


class UnitFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]  # django-filter: no types
    """A unit of the user's scope for ``action``, chosen by name; the rows of the unit and of
    every unit under it (``within``), or only its own rows with ``subtree=False``."""

    field_class = UnitChoiceField

    def __init__(
        self,
        *,
        action: str = Action.VIEW,
        subtree: bool = True,
        lookup: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.action = action
        self.subtree = subtree
        self.lookup = lookup
        #: The unit (a ``units.Unit``) whose subtree the choices are narrowed to.
        self.under: Any = None
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("widget", UnitWidget(action=action))
        kwargs["queryset"] = self.units
        kwargs.setdefault("empty_label", None)
        super().__init__(**kwargs)

    def units(self, request: HttpRequest | None) -> ScopedQuerySet[Any]:
        units: ScopedQuerySet[Any] = unit_model().objects.for_user(
            getattr(request, "user", None), self.action
        )
        if self.under is not None:
            units = units.filter(path__prefix=self.under.path)
        return units

    def filter(self, qs: ScopedQuerySet[Any], value: Any) -> ScopedQuerySet[Any]:
        if value in (None, ""):
            return qs
        if self.lookup and self.subtree:  # a unit of the row other than its own (lead unit)
            return qs.filter(**{f"{self.lookup}__path__prefix": value.path})
        if self.lookup:
            return qs.filter(**{self.lookup: value})
        if self.subtree:
            return qs.within(value)
        return qs.filter(unit=value)


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]  # django-filter: no types
    """A row of another scoped model chosen by id (a plan, a program): the choices are read
    through ``for_user``, so a forged id is an invalid choice."""

    def __init__(
        self,
        *,
        model: str,
        action: str = Action.VIEW,
        narrow: Callable[[ScopedQuerySet[Any]], ScopedQuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.model_name = model
        self.action = action
        self.narrow = narrow
        kwargs["queryset"] = self.choices
        super().__init__(**kwargs)

    def choices(self, request: HttpRequest | None) -> ScopedQuerySet[Any]:
        model: Any = apps.get_model(self.model_name)
        queryset: ScopedQuerySet[Any] = model.objects.for_user(
            getattr(request, "user", None), self.action
        )
        return self.narrow(queryset) if self.narrow else queryset


class ListFilterSet(django_filters.FilterSet):  # type: ignore[misc]  # django-filter: no types
    """Base of the lists' filter sets: the request is always passed (for the scoped choices).

    ``under``: the unit a list is about (a unit's sessions); its unit filters then offer and
    accept only the units of that subtree."""

    def __init__(self, *args: Any, under: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in self.filters.values():
            if isinstance(item, django_filters.ModelChoiceFilter) and not isinstance(
                item, UnitFilter
            ):
                item.extra.setdefault("error_messages", {"invalid_choice": NOT_A_CHOICE})
            if isinstance(item, UnitFilter):
                item.under = under
                item.extra["widget"] = UnitWidget(
                    action=item.action, under=under.pk if under is not None else None
                )


def query_id(request: HttpRequest, name: str) -> int | None:
    """The id in the query parameter ``name`` for screens that are not lists (a detail page's
    ``?unit=``): a positive integer of ASCII digits, else None (``²``, ``-1``, ``abc``)."""
    return parse_id(request.GET.get(name, ""))


def page_size(request: HttpRequest) -> int:
    wanted = parse_int(request.GET.get("per_page", ""))
    if wanted is None:
        return settings.PAGE_SIZE
    return max(1, min(wanted, MAX_PAGE_SIZE))


def number_pages(request: HttpRequest, page: Any, param: str = "page") -> Any:
    """Give ``page`` what the numbered pager (``core/list_pager.html``) prints: ``param``,
    ``page_range`` (first, neighbours, last, ``…``) and the address of each page, which keeps
    every other query parameter (the filters, the sorting, another list's page). The page is
    typed ``Any``: the templates read the attributes set here, which ``Page`` does not declare."""

    def url(number: int | str) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.param = param
    page.page_range = list(
        page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    page.links = [
        (number, None if number == page.paginator.ELLIPSIS else url(number))
        for number in page.page_range
    ]
    page.previous_url = url(page.previous_page_number()) if page.has_previous() else None
    page.next_url = url(page.next_page_number()) if page.has_next() else None
    return page


def paged(
    request: HttpRequest,
    queryset: QuerySet[Any, Any] | list[Any],
    *,
    param: str = "page",
    per_page: int | None = None,
) -> Any:
    """One numbered page of ``queryset`` for a list inside a detail page (its own ``param``,
    so two lists on one page page separately); past the end is the last page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    return number_pages(request, paginator.get_page(request.GET.get(param)), param)


def table_page(
    request: HttpRequest,
    table: Any,
    *,
    param: str = "page",
    per_page: int | None = None,
    decorate: Callable[[list[Any]], list[Any]] | None = None,
) -> Any:
    """One numbered page of a declared ``Table`` inside a detail page, sorted as the table
    allows (``?<param>-sort=``, so two tables on one page sort separately).

    ``decorate(records)`` attaches what a page of rows needs in a bounded number of queries
    (as ``ScopedListView.decorate``). Returns the page: ``page.object_list`` the records,
    ``page.rows`` the table's rows, ``page.table`` the table; render it with
    ``core/table.html``."""
    table.prefix = "" if param == "page" else f"{param.removesuffix('page')}"
    sort = request.GET.getlist(table.prefixed_order_by_field)
    if sort:
        table.order_by = sort
    page = paged(request, table.data.data, param=param, per_page=per_page)
    page.object_list = list(page.object_list)
    if decorate is not None:
        page.object_list = decorate(page.object_list)
    page.rows = [BoundRow(record, table=table) for record in page.object_list]
    page.table = table
    table.paginator, table.page = page.paginator, page
    page.headers = [(column, sort_url(request, table, column, param)) for column in table.columns]
    return page


def sort_url(request: HttpRequest, table: Any, column: Any, param: str) -> str | None:
    """The address that sorts ``table`` by ``column`` (or the other way), back on page 1."""
    if not column.orderable:
        return None
    query = request.GET.copy()
    query[table.prefixed_order_by_field] = column.order_by_alias.next
    query.pop(param, None)
    return f"?{query.urlencode()}"


class ScopedListView[QS: ScopedQuerySet[Any]](View):
    """A list page: scoped rows, declared filters, sortable table, numbered pages, HTMX.

    Declare ``model``, ``action``, ``filterset_class``, ``table_class``, ``title``; override
    ``rows(queryset)`` to narrow or annotate the scoped rows (select_related, a parent
    object from the URL) and ``decorate(records)`` to attach what a page of rows needs in a
    bounded number of queries. The context has ``table``, ``filter``, ``page`` (a page of
    records, ``page.rows`` the table's rows) and ``title``. ``QS``: the queryset of the rows
    (``ScopedListView[PersonQuerySet]``), for the annotations of ``rows``.
    """

    #: The model, whose ``objects`` is a ``ScopedQuerySet`` (``Any``, as on
    #: ``core.views.ScopedObjectMixin``: each list names its own model).
    model: Any = None
    action: str = Action.VIEW
    filterset_class: type[ListFilterSet] = ListFilterSet
    table_class: type[Table] | None = None
    title: StrOrPromise | None = None
    template_name = "core/list.html"
    partial_template_name = "core/list_table.html"
    empty_text: StrOrPromise = _("Nothing to show.")
    empty_filtered_text: StrOrPromise = _("Nothing matches these filters.")
    #: ``ngettext_lazy("%(n)s plan", "%(n)s plans", "n")``: the count above the table.
    count_text = ngettext_lazy("%(n)s row", "%(n)s rows", "n")

    # Set by View.setup(); django-htmx's middleware adds ``htmx``.
    request: HtmxRequest

    def scoped(self) -> QS:
        queryset: QS = self.model.objects.for_user(self.request.user, self.action)
        return queryset

    def rows(self, queryset: QS) -> QS:
        return queryset

    def decorate(self, records: list[Any]) -> list[Any]:
        return records

    def get_table_kwargs(self) -> dict[str, Any]:
        return {}

    def get_filterset_kwargs(self) -> dict[str, Any]:
        return {}

    def filter_data(self) -> QueryDict:
        """The filters' data: the query string (a list may default a filter here)."""
        return self.request.GET

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return kwargs

    def get_template_names(self) -> str:
        if self.request.htmx and not self.request.htmx.boosted:
            return self.partial_template_name
        return self.template_name

    def setup_list(self) -> None:
        """Hook for views that read an object from the URL before the rows."""

    def get(self, request: HtmxRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_list()
        filterset = self.filterset = self.filterset_class(
            self.filter_data(),
            queryset=self.rows(self.scoped()),
            request=request,
            **self.get_filterset_kwargs(),
        )
        valid = filterset.is_valid()
        queryset = filterset.qs if valid else filterset.queryset.none()
        assert self.table_class is not None, "a list declares its table_class"
        # Not ``request=``: django-tables2 would then paginate the table itself from the
        # query string (``?per_page=-1`` a server error), a second time besides ours below.
        table = self.table_class(queryset, **self.get_table_kwargs())
        table.request, table.view = request, self
        sort = request.GET.getlist(table.order_by_field)
        if sort:
            table.order_by = sort
        paginator = Paginator(table.data.data, page_size(request))
        # Any: the pager's attributes are set on the page for the templates (number_pages).
        page: Any = paginator.get_page(request.GET.get(table.page_field))
        page.object_list = self.decorate(list(page.object_list))
        page.rows = [BoundRow(record, table=table) for record in page.object_list]
        number_pages(request, page, table.page_field)
        table.paginator, table.page = paginator, page
        filtered = any(value for key, value in request.GET.items() if key in filterset.form.fields)
        context = self.get_context_data(
            view=self,
            title=self.title,
            table=table,
            filter=filterset,
            form=filterset.form,
            page=page,
            page_range=page.page_range,
            empty_text=self.empty_filtered_text if filtered else self.empty_text,
            count_text=self.count_text % {"n": paginator.count},
        )
        return render(request, self.get_template_names(), context, status=200 if valid else 400)


class UnitChoicesView(View):
    """The unit autocomplete of list filters: up to 20 units the user may see (or act on,
    ``?action=``) whose folded name or code contains every typed word, as ``<option>``s."""

    def get(self, request: HttpRequest) -> HttpResponse:
        action = request.GET.get("action", Action.VIEW)
        if action not in access.actions():
            raise Http404
        units = unit_model().objects.none()
        if words(request.GET.get("q")):
            scoped = unit_model().objects.for_user(request.user, action)
            units = search(scoped, request.GET["q"])
            under = query_id(request, "under")
            if under is not None:
                top = scoped.filter(pk=under).first()
                units = units.filter(path__prefix=top.path) if top else units.none()
            units = units.order_by("sort_key", "id")[:LOOKUP_LIMIT]
        return render(request, "core/unit_choices.html", {"units": units})


class Table(tables.Table):  # type: ignore[misc]  # django-tables2: no types
    """Base of the lists' tables: the project's responsive table unless the table's own
    ``Meta.attrs`` says otherwise (django-tables2 does not inherit ``Meta`` by itself)."""

    class Meta:
        attrs = {"class": "responsive"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attrs.setdefault("class", Table.Meta.attrs["class"])


class DateColumn(tables.Column):  # type: ignore[misc]  # django-tables2: no types
    """A date (or a datetime, in local time) in the language's short format: ``07/12/2026``."""

    def __init__(self, *args: Any, with_time: bool = False, **kwargs: Any) -> None:
        self.with_time = with_time
        kwargs.setdefault("attrs", {"td": {"class": "num"}})
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        if self.with_time:
            return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        return date_format(value, "SHORT_DATE_FORMAT")


class NameColumn(tables.Column):  # type: ignore[misc]  # django-tables2: no types
    """A name sorted in Vietnamese order (the model's ``sort_key``), linked to its row."""

    def __init__(self, *args: Any, sort_key: str = "sort_key", **kwargs: Any) -> None:
        prefix = kwargs.get("accessor", "")
        prefix = str(prefix).rsplit("__", 1)[0] + "__" if "__" in str(prefix) else ""
        kwargs.setdefault("order_by", (f"{prefix}{sort_key}", f"{prefix}id"))
        kwargs.setdefault("linkify", True)
        super().__init__(*args, **kwargs)
