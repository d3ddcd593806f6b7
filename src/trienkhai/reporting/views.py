"""A unit's dashboard for a plan, and the rows behind the numbers no other screen lists.

``/reporting/plans/<pk>/?unit=<pk>&as_of=dd/mm/yyyy``: the plan is read through
``visible_plans`` and the unit chosen as on the plan's page (``progress_unit``: a unit outside
the user's scope, a sibling's, is a 404). The numbers come from the rollup engine, cached, and
are always shown with the time they were computed.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views import View
from django_stubs_ext import StrOrPromise

from trienkhai.core.access import Action
from trienkhai.core.lists import number_pages
from trienkhai.core.querysets import ancestor_paths
from trienkhai.programs.progress import attainment, effective_rule
from trienkhai.resolutions.models import Plan
from trienkhai.resolutions.rollup import attach_heads, overdue_under
from trienkhai.resolutions.scope import progress_unit, visible_plans
from trienkhai.resolutions.views.common import attach_parents
from trienkhai.units.models import Unit
from trienkhai.units.views import ancestors_in_scope

from . import charts, rows
from .engine import CACHE_SECONDS, rollup
from .forms import AsOfForm, DashboardForm
from .indicators import (
    CATALOGUE,
    GROUPS,
    HEADLINES,
    HIGH,
    LOW,
    PERCENT,
    PROGRESS_BY_RULE,
    Indicator,
    denominator_rows,
)
from .numbers import Value

#: The action-program requirement's kind (the programs chart's overdue segment).
AP = "action_program"

#: Units of the table and overdue obligations shown at a time.
UNITS_PER_PAGE = 50
OVERDUE_PER_PAGE = 20
DEFAULT_RANK = ("obligations.all.on_time", "study.attended", "programs.units_issued")


_n = charts.number


@dataclass
class Cell:
    """One indicator of one unit, formatted: numerator (a link to its rows), denominator,
    percentage, and a class marking a laggard."""

    num: str
    den: str
    pct: str
    url: str | None
    cls: str
    value: Value
    den_url: str | None = None

    @property
    def html(self) -> str:
        """The cell's content, built here rather than by the template: the table of units
        below has thousands of cells. Every part is a formatted number, a fixed class or a
        URL of integers and fixed keys; only ``&`` needs escaping."""
        cls = f' class="{self.cls}"' if self.cls else ""
        if self.url:
            out = f'<a{cls} href="{self.url.replace("&", "&amp;")}">{self.num}</a>'
        elif cls:
            out = f"<span{cls}>{self.num}</span>"
        else:
            out = self.num
        if self.den and self.den_url and self.value.denominator:
            out += f'<small>/<a href="{self.den_url.replace("&", "&amp;")}">{self.den}</a></small>'
        elif self.den:
            out += f"<small>/{self.den}</small>"
        if self.pct:
            out += f"<i>{self.pct}</i>"
        return mark_safe(out)  # numbers and URLs built from integers (see above)


class Links:
    """Where the rows behind an indicator are listed, for a unit: the study numbers' rows
    page or this app's rows page (relative to the dashboard: the table has thousands of
    links), both at the same date."""

    def __init__(self, plan: Plan, as_of):
        self.plan = plan
        self.as_of = quote(as_of.strftime("%d/%m/%Y"), safe="")
        self.base = "rows/"  # reporting:rows, beside the dashboard's own URL
        # The study pages list issued plans only.
        self.study = plan.is_issued
        self._study_urls: dict[int, str] = {}
        self._params: dict[str, str] = {}  # indicator key → its encoded parameters

    def study_url(self, unit) -> str:
        if unit.pk not in self._study_urls:
            self._study_urls[unit.pk] = reverse("study:unit-numbers-rows", args=[unit.pk])
        return self._study_urls[unit.pk]

    def url(
        self, indicator: Indicator, unit, denominator: bool = False, own: bool = False
    ) -> str | None:
        """The rows behind the indicator's numerator (or, with ``denominator``, behind its
        denominator) for ``unit``'s subtree — or, with ``own``, for the unit itself (the
        table's "directly at this unit" row; this app's rows pages only)."""
        found = denominator_rows(indicator) if denominator else indicator.rows
        if found is None or (own and found[0] != "reporting"):
            return None
        where, params = found
        cache_key = f"{indicator.key}/den" if denominator else indicator.key
        encoded = self._params.get(cache_key)
        if encoded is None:
            encoded = self._params[cache_key] = urlencode(params)
        if where == "study":
            if not self.study:
                return None
            return f"{self.study_url(unit)}?plan={self.plan.pk}&as_of={self.as_of}&{encoded}"
        if where == "inspections":
            page = reverse("inspections:numbers-rows", args=[unit.pk])
            return f"{page}?plan={self.plan.pk}&as_of={self.as_of}&{encoded}"
        own_param = "&own=1" if own else ""
        return f"{self.base}?unit={unit.pk}&as_of={self.as_of}&{encoded}{own_param}"

    def rows(self, where: str, unit, day=None, **params) -> str | None:
        """Any list of rows behind a number of the charts: ``where`` is "study" or
        "reporting", ``params`` its parameters, at ``day`` (the dashboard's date by default)."""
        as_of = quote(day.strftime("%d/%m/%Y"), safe="") if day is not None else self.as_of
        encoded = urlencode(params)
        if where == "study":
            if not self.study:
                return None
            return f"{self.study_url(unit)}?plan={self.plan.pk}&as_of={as_of}&{encoded}"
        return f"{self.base}?unit={unit.pk}&as_of={as_of}&{encoded}"


def link_charts(attendance, programs_chart, timeline, links: Links, unit) -> None:
    """Every number of the charts opens its rows (issue 12): an attendance bar's members who
    studied, who are eligible and who have not studied yet; each segment of a programs bar
    (the overdue obligations, the programs of a status) and its issued count; each date of the
    timeline's due, done and on-time obligations."""
    for bar in attendance["bars"] if attendance else ():
        node = bar.node.unit
        bar.url = links.rows("study", node, what="attended")
        bar.den_url = links.rows("study", node, what="eligible")
        bar.missing_url = links.rows("study", node, what="not_attended")
        bar.missing = charts.missing(bar.value)
    for row in programs_chart["rows"] if programs_chart else ():
        node = row.node.unit
        row.linked = [
            (
                key,
                cls,
                n,
                width,
                links.rows("reporting", node, what="obligations", kind=AP, status="overdue")
                if key == "overdue"
                else links.rows("reporting", node, what="programs", status=key),
            )
            for key, cls, n, width in row.segments
        ]
        row.issued_url = links.rows("reporting", node, what="obligations", kind=AP, status="done")
    if timeline:
        timeline["linked"] = [
            (
                point,
                {
                    measure: links.rows(
                        "reporting", unit, day=point.day, what="obligations", kind="all",
                        status=measure,
                    )
                    for measure in ("due", "done", "on_time")
                },
            )
            for point in timeline["points"]
        ]  # fmt: skip


def cell(
    indicator: Indicator, value: Value, url, reference: Value | None = None, den_url=None
) -> Cell:
    """Format one value. A laggard: a count that should be low and is not zero, or a rate
    below the reference (the unit above's) when higher is better."""
    if isinstance(value.numerator, float):
        num = _n(value.numerator, 2)
    else:
        num = _n(value.numerator)
    den = "" if value.denominator is None else _n(value.denominator)
    pct = charts.share(value) if indicator.format == PERCENT else ""
    cls = ""
    if indicator.better == LOW and value.numerator:
        cls = "bad"
    elif (
        indicator.better == HIGH
        and indicator.format == PERCENT
        and reference is not None
        and value.ratio is not None
        and reference.ratio is not None
        and value.ratio < reference.ratio
    ):
        cls = "warn"
    return Cell(num, den, pct, url if value.numerator else None, cls, value, den_url)


def sorted_nodes(nodes, sort: str, direction: str):
    """The units below in the order asked for: by name, or by an indicator — its rate for a
    rate, else its count — with the units that have nothing to count last either way."""
    reverse = direction == "desc"
    if sort not in CATALOGUE:
        return sorted(nodes, key=lambda n: n.unit.sort_key, reverse=reverse)
    indicator = CATALOGUE[sort]

    def measure(node):
        value = indicator.value(node.numbers)
        return value.ratio if indicator.format == PERCENT else value.numerator

    keyed = [(measure(n), n) for n in nodes]
    known = [(m, n) for m, n in keyed if m is not None]
    known.sort(key=lambda pair: (pair[0], pair[1].unit.sort_key), reverse=reverse)
    return [n for _m, n in known] + [n for m, n in keyed if m is None]


#: A unit counting fewer than this (members, obligations) is ranked after the others: six
#: units at 1/1 are not the six best of a province.
RANK_MIN_SIZE = 5


def ranking(result, key: str, links: Links) -> list[dict]:
    """Units below, best first by ``key`` — among units of ``RANK_MIN_SIZE`` or more, then the
    smaller ones (marked), each by its rate, then the larger first, then the name; units with
    nothing to count at the end."""
    indicator = CATALOGUE[key]
    entries = []
    for node in result.children:
        value = indicator.value(node.numbers)
        entries.append({"node": node, "value": value, "url": links.url(indicator, node.unit)})
    scored = [e for e in entries if e["value"].ratio is not None]
    unscored = [e for e in entries if e["value"].ratio is None]
    sign = -1 if indicator.better == HIGH else 1
    for e in scored:
        e["small"] = e["value"].denominator < RANK_MIN_SIZE
    scored.sort(
        key=lambda e: (
            e["small"],
            sign * e["value"].ratio,
            -e["value"].denominator,
            e["node"].unit.sort_key,
        )
    )
    for position, e in enumerate(scored, start=1):
        e["position"] = position
        e["cell"] = cell(indicator, e["value"], e["url"])
        e["pct"] = charts.share(e["value"])
        e["width"] = min(e["value"].percent, 100.0)
    ranked = [e for e in scored if not e["small"]]
    last = len(ranked)
    for e in scored:
        e["laggard"] = not e["small"] and last > 2 and e["position"] > last - max(1, last // 4)
    return scored + unscored


def export_url(plan) -> str | None:
    """The exports' page, once the exports app mounts it (``reporting:export``)."""
    try:
        return reverse("reporting:export", args=[plan.pk])
    except NoReverseMatch:
        return None


class PlanScopeMixin:
    """The plan (through ``visible_plans``) and the unit (``progress_unit``)."""

    model = Plan  # for the permission matrix: the URL's pk is a plan's

    def plan_and_unit(self, request, pk):
        plan = visible_plans(request.user).select_related("unit").filter(pk=pk).first()
        if plan is None:
            raise Http404
        return plan, progress_unit(request, plan)

    def crumbs(self, request, plan, unit):
        return ancestors_in_scope(request.user, unit).filter(path__prefix=plan.unit.path)


class DashboardView(PlanScopeMixin, View):
    template_name = "reporting/dashboard.html"

    def get(self, request, pk):
        plan, unit = self.plan_and_unit(request, pk)
        form = DashboardForm(request.GET)
        base = {
            "plan": plan,
            "unit": unit,
            "form": form,
            "crumbs": self.crumbs(request, plan, unit),
        }
        if not form.is_valid():
            return render(request, self.template_name, {**base, "invalid": True}, status=400)
        data = form.cleaned_data
        as_of = data["as_of"]
        result = rollup(plan, unit, as_of, refresh=request.GET.get("refresh") == "1")
        links = Links(plan, as_of)

        @functools.cache
        def drawn() -> dict[str, Any]:
            """The charts, with the rows behind each of their numbers: computed once, only
            when the numbers part is drawn (not when it comes from the cache)."""
            attendance = result.applies(CATALOGUE["study.attended"]) and charts.attendance(
                result, result.targets.get("attendance")
            )
            programs = result.applies(CATALOGUE["programs.due"]) and charts.programs(result)
            timeline = charts.timeline(result)
            link_charts(attendance, programs, timeline, links, unit)
            return {"attendance": attendance, "programs_chart": programs, "timeline": timeline}

        group = data["group"]
        columns = result.indicators(group or None)

        def units_page():
            nodes = sorted_nodes(result.children, data["sort"], data["dir"] or "asc")
            page = Paginator(nodes, UNITS_PER_PAGE).get_page(request.GET.get("units_page"))
            number_pages(request, page, "units_page")
            page.object_list = self.table(result, page.object_list, columns, links)
            return page

        overdue = overdue_under(plan, unit, as_of)
        # The rollup already counted them (the same rule): no second count over the plan's
        # obligations, which costs 0.2 s at the root of the country.
        known = result.value("obligations.all.overdue").numerator
        overdue_page = CountedPaginator(overdue, OVERDUE_PER_PAGE, known).get_page(
            request.GET.get("late_page")
        )
        number_pages(request, overdue_page, "late_page")
        overdue_page.object_list = attach_parents(
            request.user, attach_heads(overdue_page.object_list)
        )
        for obligation in overdue_page.object_list:
            obligation.days_overdue = (as_of - obligation.due_on).days
        rank = data["rank"] or next(
            (k for k in DEFAULT_RANK if result.applies(CATALOGUE[k])), DEFAULT_RANK[0]
        )
        # What the numbers part of the page shows is computed only when it is drawn: the
        # template keeps it drawn in the cache (``{% cache %}`` keyed by the rollup's time of
        # computation — for live figures, of the figures and units shown —, the query string
        # and the language), and a cached rollup's dashboard is then served without
        # formatting its thousands of cells again (issue 14).
        context = {
            **base,
            "result": result,
            "as_of": as_of,
            "as_of_text": as_of.strftime("%d/%m/%Y"),
            "is_today": as_of == timezone.localdate(),
            "computed_at": timezone.localtime(result.computed_at),
            "drawn_key": f"live-{result.version}"
            if result.live
            else result.computed_at.isoformat(),
            "fragment_seconds": CACHE_SECONDS,
            "headlines": SimpleLazyObject(lambda: self.headlines(result, links)),
            "groups": GROUPS.items(),
            "group": group,
            "column_groups": SimpleLazyObject(lambda: self.column_groups(columns)),
            "columns": columns,
            "units_page": SimpleLazyObject(units_page),
            "own_row": SimpleLazyObject(lambda: self.own_row(result, columns, links) or ""),
            "sort": data["sort"],
            "dir": data["dir"] or "asc",
            "rank_key": rank,
            "rank_choices": SimpleLazyObject(
                lambda: [i for i in result.indicators() if i.format == PERCENT]
            ),
            "ranking": SimpleLazyObject(lambda: ranking(result, rank, links)),
            "rank_min_size": RANK_MIN_SIZE,
            "attendance": SimpleLazyObject(lambda: drawn()["attendance"]),
            "programs_chart": SimpleLazyObject(lambda: drawn()["programs_chart"]),
            "timeline": SimpleLazyObject(lambda: drawn()["timeline"]),
            "overdue": overdue_page,
            "export_url": export_url(plan),
        }
        return render(request, self.template_name, context)

    def headlines(self, result, links):
        out = []
        rule = effective_rule(result.unit)
        for key in HEADLINES:
            if key == "programs.progress":
                key = PROGRESS_BY_RULE[rule]
            indicator = CATALOGUE[key]
            if result.applies(indicator):
                value = result.value(key)
                url = links.url(indicator, result.unit)
                den_url = links.url(indicator, result.unit, denominator=True)
                out.append((indicator, cell(indicator, value, url, den_url=den_url)))
        return out

    def column_groups(self, columns: Iterable[Indicator]) -> list[tuple[StrOrPromise, int]]:
        spans: list[list[Any]] = []
        for indicator in columns:
            if spans and spans[-1][0] == indicator.group:
                spans[-1][1] += 1
            else:
                spans.append([indicator.group, 1])
        return [(GROUPS[g], n) for g, n in spans]

    def table(self, result, nodes, columns, links):
        """A row per unit of the page: its cells by key and, drawn, in column order."""
        reference = {i.key: result.value(i.key) for i in columns}
        table = []
        for node in nodes:
            cells = {
                i.key: cell(
                    i,
                    i.value(node.numbers),
                    links.url(i, node.unit),
                    reference[i.key],
                    links.url(i, node.unit, denominator=True),
                )
                for i in columns
            }
            html = "".join(f'<td class="num">{c.html}</td>' for c in cells.values())
            table.append({"node": node, "cells": cells, "html": mark_safe(html)})
        return table

    def own_row(self, result, columns, links):
        """The rows on the unit itself (a commune's own obligations), when it has any."""
        own = result.own
        if not (own.tally().owed or own.study.members or own.programs.written):
            return None
        unit = result.unit
        cells = [
            cell(
                i,
                i.value(own),
                links.url(i, unit, own=True),
                den_url=links.url(i, unit, denominator=True, own=True),
            )
            for i in columns
        ]
        return mark_safe("".join(f'<td class="num">{c.html}</td>' for c in cells))


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (counted already, by the rollup)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # ``count`` is a cached_property


class RowsView(PlanScopeMixin, View):
    """The rows behind a number: ``?what=obligations&kind=<kind|all>&status=<measure>``,
    ``?what=programs|tasks|milestones|reviews&status=…``, paginated, at ``as_of``."""

    template_name = "reporting/rows.html"

    def get(self, request, pk):
        plan, unit = self.plan_and_unit(request, pk)
        form = AsOfForm(request.GET)
        base = {
            "plan": plan,
            "unit": unit,
            "form": form,
            "crumbs": self.crumbs(request, plan, unit),
        }
        if not form.is_valid():
            return render(request, self.template_name, {**base, "invalid": True}, status=400)
        day = form.cleaned_data["as_of"]
        # Without parameters: every obligation owed (the widest list behind the numbers).
        what = request.GET.get("what") or "obligations"
        status = request.GET.get("status") or ("owed" if what == "obligations" else "")
        try:
            if what == "obligations":
                kind = request.GET.get("kind", "all")
                title, queryset = rows.obligations(request.user, plan, unit, day, kind, status)
            elif what in rows.LISTS:
                title, queryset = rows.LISTS[what](request.user, plan, unit, day, status)
            else:
                raise rows.BadRows
        except rows.BadRows as exc:
            raise Http404 from exc
        own = request.GET.get("own") == "1"
        if own:  # the rows on the unit itself, not its subtree (the "directly at" row)
            queryset = queryset.filter(**{rows.OWN_FIELD[what]: unit})
        page = Paginator(queryset, UNITS_PER_PAGE).get_page(request.GET.get("page"))
        number_pages(request, page, "page")
        if what == "obligations":
            page.object_list = attach_parents(request.user, attach_heads(page.object_list))
        elif what == "tasks":
            for task in page.object_list:
                task.attainment = (
                    100 * attainment(task.latest_value, task.baseline, task.target)
                    if task.measurable
                    else None
                )
        context = {
            **base,
            "what": what,
            "own": own,
            "title": title,
            "page": page,
            "as_of": day,
            "back": f"{reverse('reporting:dashboard', args=[plan.pk])}?"
            + urlencode({"unit": unit.pk, "as_of": day.strftime("%d/%m/%Y")}),
        }
        return render(request, self.template_name, context)


class DashboardIndexView(View):
    """The menu's "Dashboard": the dashboard of the latest plan addressed to the user's top
    unit (issued by it or above), for that unit — one click from anywhere. With no such plan, a
    page that says so and where plans are listed."""

    def get(self, request):
        unit = Unit.objects.roots_for(request.user, Action.VIEW).order_by("path").first()
        plan = None
        if unit is not None:
            plan = (
                visible_plans(request.user)
                .filter(
                    status=Plan.Status.ISSUED,
                    unit__path__in=ancestor_paths(unit.path, include_self=True),
                )
                .order_by("-issued_on", "-id")
                .first()
            )
        if plan is None:
            return render(request, "reporting/no_plan.html", status=200)
        url = reverse("reporting:dashboard", args=[plan.pk])
        return redirect(f"{url}?{urlencode({'unit': unit.pk})}")
