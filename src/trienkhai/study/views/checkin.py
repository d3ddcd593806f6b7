"""QR check-in: the screen in the hall, and the page a member's phone opens from the code.

The code on the screen is the URL ``/study/checkin/<session>/<token>/``; the token changes
every ``qr.WINDOW`` seconds (an HMAC of the session and the time window). The screen fetches
a fresh code when the window turns. On the phone, a member confirms with their login (a big
"I am present" button) or types their member code. A code photographed and sent away, or
shown yesterday, is refused with a clear message and HTTP 400.
"""

from __future__ import annotations

import hashlib

import segno
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core import textvi
from trienkhai.core.access import Action
from trienkhai.core.views import ScopedDetailView
from trienkhai.units.models import Person

from .. import qr, services
from ..models import Attendance, StudySession


def device_id(request) -> str:
    """A pseudonymous id of the phone that checked in without a login, for the audit log:
    the first 16 hex digits of SHA-256 over its address and browser (no cookie is set)."""
    seen = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


def checkin_url(request, session_pk: int) -> str:
    return request.build_absolute_uri(
        reverse("study:checkin", args=[session_pk, qr.token_for(session_pk)])
    )


class QRScreenView(ScopedDetailView):
    """A full-screen page for the hall. The code part re-renders when the window turns
    (HTMX, ``hx-trigger="load delay:<seconds left>s"``), with the number present so far."""

    model = StudySession
    action = Action.CHANGE
    template_name = "study/qr.html"
    context_object_name = "session"

    def get_template_names(self):
        if self.request.htmx:
            return ["study/qr.html#code"]
        return [self.template_name]

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "plan")

    def get_context_data(self, **kwargs):
        session = self.object
        url = checkin_url(self.request, session.pk)
        counts = Attendance.objects.filter(session=session).aggregate(
            present=Count("id", filter=Q(status=Attendance.Status.PRESENT)),
            by_phone=Count(
                "id",
                filter=Q(status=Attendance.Status.PRESENT) & ~Q(method=Attendance.Method.ROSTER),
            ),
        )
        return {
            **super().get_context_data(**kwargs),
            "url": url,
            "svg": segno.make(url, error="m").svg_inline(scale=10, border=3, omitsize=True),
            "seconds_left": qr.seconds_left(),
            "window": qr.WINDOW,
            "counts": counts,
        }


class CheckInView(View):
    """Reachable without a login (``login_not_required`` in urls.py): the rotating token is
    the capability. The session is looked up only after the token proved valid, so ids
    cannot be probed."""

    template_name = "study/checkin.html"

    def session(self, pk, token):
        if not qr.is_valid(pk, token):
            return None
        return StudySession.objects.select_related("unit").filter(pk=pk).first()

    def linked_person(self):
        user = self.request.user
        if not user.is_authenticated:
            return None
        return Person.objects.current().select_related("unit").filter(user=user).first()

    def refuse(self, message: str, session=None, status: int = 400):
        code = self.request.POST.get("member_code", "")[:32]
        return render(
            self.request,
            self.template_name,
            {"error": message, "session": session, "person": self.linked_person(), "code": code},
            status=status,
        )

    def expired(self):
        return self.refuse(
            _(
                "This code is no longer valid: it changes every 30 seconds. "
                "Scan the code on the screen in the hall again."
            )
        )

    def get(self, request, pk, token):
        session = self.session(pk, token)
        if session is None:
            return self.expired()
        if session.status == StudySession.Status.CANCELLED:
            return self.refuse(_("The session was cancelled."), session)
        return render(
            request, self.template_name, {"session": session, "person": self.linked_person()}
        )

    def post(self, request, pk, token):
        session = self.session(pk, token)
        if session is None:
            return self.expired()
        person = self.linked_person()
        user = request.user if person is not None else None
        code = textvi.normalize(request.POST.get("member_code", "")).upper()[:32]
        if person is None or code:
            if not code:
                return self.refuse(_("Type your member code."), session)
            person = Person.objects.current().select_related("unit").filter(member_code=code)
            person = person.first()
            user = None
            if person is None:
                return self.refuse(_("No member has this code."), session)
        try:
            attendance = services.check_in(
                session=session, token=token, person=person, user=user, device=device_id(request)
            )
        except ValidationError as exc:
            if user is None:
                # Typed codes: do not tell a stranger whose code it was.
                message = _("This member is not on the list of this session.")
                if not qr.is_valid(session.pk, token):
                    message = " ".join(exc.messages)
                return self.refuse(message, session)
            return self.refuse(" ".join(exc.messages), session)
        return render(
            request,
            self.template_name,
            {"session": session, "done": attendance, "checked_in": person},
        )
