"""The roster: mark present / excused / absent for 20 to 2,000 people, saved as you go.

The page is rendered server-side in one pass: one query for the people (in Vietnamese roster
order), one for the marks already made, one aggregate for the counts; each row is the
``row`` partial. Each change POSTs one row (HTMX) and gets the row back, with the counts
swapped out of band. Without JavaScript the radio buttons post the whole form back.
"""

from __future__ import annotations

import html

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core.access import Action, may
from trienkhai.core.views import HtmxRequest, ScopedObjectMixin, paginate

from .. import eligibility, forms, services
from ..models import Attendance, CheckinConflict, StudySession

ROSTER_PAGE = 2000  # rows on one roster page; a larger audience is filtered by cell or paged

P, E, A = Attendance.Status.PRESENT, Attendance.Status.EXCUSED, Attendance.Status.ABSENT


def roster_counts(session: StudySession) -> dict:
    """Present / excused / absent (all marks) and the expected members not yet marked."""
    expected = eligibility.expected(session)
    counts = Attendance.objects.filter(session=session).aggregate(
        present=Count("id", filter=Q(status=P)),
        excused=Count("id", filter=Q(status=E)),
        absent=Count("id", filter=Q(status=A)),
        marked_expected=Count("id", filter=Q(person__in=expected.values("pk"))),
    )
    counts["expected"] = expected.count()
    counts["unmarked"] = counts["expected"] - counts["marked_expected"]
    return counts


ROW_FIELDS = ("id", "full_name", "member_code", "exempt_from_activity", "unit__short_name",
              "unit__name")  # fmt: skip
BY_PHONE = services.PHONE_METHODS
CELLS = '<td>{name}{badge}</td><td class="muted">{code}</td><td class="muted">{unit}</td>'
RADIO = (
    '<td class="mk"><input type="radio" name="s{pk}" value="{value}" aria-label="{label}" '
    'tabindex="-1"{checked}{disabled}></td>'
)


class RowMaker:
    """Turns a person and their mark into what the ``row`` partial prints.

    The partial holds the row (its id, its mark, the order of its cells); the cells are
    assembled here with the labels translated once per page and every value escaped once,
    so a row costs the template four lookups instead of fifty and 2,000 rows render in well
    under 300 ms. The row number is a CSS counter, so an updated row needs no number.
    """

    def __init__(self, can_mark: bool, pin_url: str = ""):
        self.can_mark = can_mark
        #: With a mark allowed, a member code links to the page that issues their PIN.
        self.pin_url = pin_url if can_mark else ""
        self.disabled = "" if can_mark else " disabled"
        self.labels = [
            (P, escape(_("Present"))),
            (E, escape(_("Excused"))),
            (A, escape(_("Absent"))),
        ]
        self.exempt = format_html(' <span class="badge">{}</span>', _("exempt"))
        self.by_phone = format_html('<span class="badge">{}</span>', _("QR"))

    def __call__(self, values, mark="", method="") -> dict:
        pk, name, code, exempt, short_name, unit_name = values
        code = html.escape(code or "", quote=False)
        if code and self.pin_url:
            code = f'<a href="{self.pin_url.replace("/0/", f"/{pk}/", 1)}">{code}</a>'
        cells = CELLS.format(
            name=html.escape(name, quote=False),
            badge=self.exempt if exempt else "",
            code=code,
            unit=html.escape(short_name or unit_name, quote=False),
        )
        marks = "".join(
            RADIO.format(
                pk=pk,
                value=value,
                label=label,
                checked=" checked" if mark == value else "",
                disabled=self.disabled,
            )
            for value, label in self.labels
        )
        via = self.by_phone if method in BY_PHONE else ""
        # Safe: ints, fixed choices, and text escaped just above.
        return {
            "pk": SafeString(pk),
            "mark": SafeString(mark or "none"),
            "cells": SafeString(cells),
            "marks": SafeString(f"{marks}<td>{via}</td>"),
        }


class RosterView(ScopedObjectMixin, View):
    """GET: the roster. POST: one row (``person``, ``status``) or, with ``all_present``,
    every expected member not marked excused or absent is present."""

    #: What a POST needs on the object's unit (reading needs only ``action``).
    post_action = Action.CHANGE

    model = StudySession
    request: HtmxRequest
    action = Action.VIEW

    def get_object(self, pk):
        session = self.get_queryset().select_related("unit", "plan").filter(pk=pk).first()
        if session is None:
            raise Http404
        return session

    def may_mark(self, session) -> bool:
        return session.status != StudySession.Status.CANCELLED and may(
            self.request.user, Action.CHANGE, session.unit
        )

    # --- reading --------------------------------------------------------------------------

    def people(self, session, filters):
        """The rows of the roster and the cell it is filtered by; no rows if the filters do
        not validate (a unit id outside the audience or the user's scope)."""
        if not filters.is_valid():
            return eligibility.expected(session).none().values_list(*ROW_FIELDS), None
        data = filters.cleaned_data
        if data.get("everyone"):
            people = eligibility.audience(session).filter(is_party_member=True)
        else:
            people = eligibility.expected(session)
        cell = data.get("unit")
        if cell is not None:
            people = people.within(cell)
        for word in (data.get("q") or "").split():
            people = people.filter(search_key__contains=word)
        if data.get("pending"):
            people = people.filter(~eligibility.studied(session.plan))
        return people.roster_order().values_list(*ROW_FIELDS), cell

    def context(self, session, filters):
        request = self.request
        people, cell = self.people(session, filters)
        page = paginate(request, people, per_page=ROSTER_PAGE)
        marks = {
            person_id: (status, method)
            for person_id, status, method in Attendance.objects.filter(session=session).values_list(
                "person_id", "status", "method"
            )
        }
        make_row = RowMaker(self.may_mark(session), self.pin_url(session))
        rows = [make_row(values, *marks.get(values[0], ("", ""))) for values in page.object_list]
        return {
            "session": session,
            "filters": filters,
            "choose_cell": session.include_subtree,
            "cell": cell,
            "page": page,
            "rows": rows,
            "counts": roster_counts(session),
            "is_makeup": session.makeup_for_id is not None,
            "can_mark": make_row.can_mark,
            "closed": session.checkin_closed(),
            "conflicts": list(
                CheckinConflict.objects.filter(
                    session=session, status=CheckinConflict.Status.OPEN
                ).select_related("person", "person__unit")
            ),
        }

    def pin_url(self, session) -> str:
        """The PIN page of person 0 (the row puts its id), coming back to this roster."""
        back = reverse("study:roster", args=[session.pk])
        return reverse("study:person-pin", args=[0]) + "?back=" + back

    def get(self, request, pk):
        session = self.get_object(pk)
        params = request.GET.copy()
        if session.makeup_for_id and "filtered" not in params:
            params["pending"] = "on"  # a make-up session is for those who have not studied
        filters = forms.RosterFilterForm(params, session=session, user=request.user)
        context = self.context(session, filters)
        template = "study/roster.html"
        if request.htmx and request.htmx.target == "roster-table":
            template = "study/roster.html#table"
        # Filters that do not validate (a unit id that is not a choice) answer 400, as a list.
        return render(request, template, context, status=400 if filters.errors else 200)

    # --- writing --------------------------------------------------------------------------

    def post(self, request, pk):
        session = self.get_object(pk)
        if session.status == StudySession.Status.CANCELLED:
            return self.refuse(_("The session was cancelled."))
        if not may(request.user, self.post_action, session.unit):
            # Refused before anything is parsed: a viewer learns nothing from the form errors.
            return self.refuse(_("You may not mark attendance at this session."), status=403)
        if "all_present" in request.POST:
            if session.makeup_for_id:
                message = _("A make-up session is marked one by one: most studied already.")
                return self.refuse(message)
            return self.all_present(session)
        form = forms.MarkForm(request.POST)
        if not form.is_valid():
            return self.refuse(_("Choose a person and a status."))
        person = (
            eligibility.audience(session)
            .filter(pk=form.cleaned_data["person"], is_party_member=True)
            .select_related("unit")
            .first()
        )
        if person is None:
            # Non-members are counted (on the session page), not marked one by one.
            return self.refuse(_("This person is not a party member of this session's audience."))
        try:
            attendance = services.mark_attendance(
                user=request.user,
                session=session,
                person=person,
                status=form.cleaned_data["status"],
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            return self.refuse(" ".join(exc.messages))
        except PermissionDenied:
            return self.refuse(_("You may not mark attendance at this session."), status=403)
        if not request.htmx:
            return redirect(reverse("study:roster", args=[session.pk]) + f"#r{person.pk}")
        values = (
            person.pk,
            person.full_name,
            person.member_code,
            person.exempt_from_activity,
            person.unit.short_name,
            person.unit.name,
        )
        row = RowMaker(True, self.pin_url(session))(values, attendance.status, attendance.method)
        return render(
            request,
            "study/roster.html#marked",
            {"r": row, "session": session, "counts": roster_counts(session)},
        )

    def all_present(self, session):
        request = self.request
        marks = Attendance.objects.filter(session=session, status__in=[E, A]).values_list(
            "person_id", "status"
        )
        absent = [pk for pk, status in marks if status == A]
        excused = [pk for pk, status in marks if status == E]
        try:
            written = services.mark_all_present_except(
                user=request.user,
                session=session,
                absent=absent,
                excused=excused,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except PermissionDenied:
            return self.refuse(_("You may not mark attendance at this session."), status=403)
        else:
            messages.success(
                request,
                _("%(n)d rows written: everyone expected is present except those marked.")
                % {"n": written},
            )
        return redirect("study:roster", session.pk)

    def refuse(self, message: str, status: int = 400):
        if not self.request.htmx:
            return render(self.request, "study/message.html", {"message": message}, status=status)
        response = HttpResponse(escape(message), status=status)
        response["HX-Retarget"] = "#roster-error"
        response["HX-Reswap"] = "innerHTML"
        return response
