"""QR check-in: the screen in the hall, the page a member's phone opens from the code, the
hall's kiosk, the PINs and the clerk's decision on a conflict.

The code on the screen is the URL ``/study/checkin/<session>/<token>/``; the token changes
every ``qr.WINDOW`` seconds (an HMAC of the session and the time window). The screen fetches
a fresh code when the window turns. On the phone, a member confirms with their login (a big
"I am present" button) or types their member code **and their PIN** (``study/checkin.py``).
A code photographed and sent away, or shown yesterday, is refused with a clear message and
HTTP 400; so is a session outside its check-in window. Too many attempts answer 429. The page
never shows another person's name: after a PIN check-in, the member's initials.
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from trienkhai.core import textvi
from trienkhai.core.access import Action, may
from trienkhai.core.views import ScopedDetailView, ScopedObjectMixin
from trienkhai.units.models import Person

from .. import checkin, qr, services
from ..models import Attendance, CheckinConflict, StudySession


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
            "closed": services.window_error(session, timezone.now()),
        }


def initials(name: str) -> str:
    """ "Nguyễn Văn An" → "N.V.A.": what a shared screen may show of who checked in."""
    return "".join(f"{word[0].upper()}." for word in name.split() if word)


def _person_by_code(code: str) -> Person | None:
    """The current member with this code, their unit and PIN in one query."""
    if not code:
        return None
    return (
        Person.objects.current()
        .select_related("unit", "checkin_pin")
        .filter(member_code=code, is_party_member=True)
        .first()
    )


class CheckInBase(View):
    """What the phone page and the kiosk share: the device, the limits, the PIN proof."""

    template_name = "study/checkin.html"
    kiosk = False

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.device, self.new_device = checkin.device_id(request)
        self.address = checkin.address(request)

    def render(self, context: dict, status: int = 200) -> HttpResponse:
        context.setdefault("kiosk", self.kiosk)
        response = render(self.request, self.template_name, context, status=status)
        if self.new_device:
            checkin.remember_device(response, self.device)
        return response

    def refuse(self, message: str, session=None, status: int = 400, **extra) -> HttpResponse:
        code = self.request.POST.get("member_code", "")[:32]
        return self.render(
            {"error": message, "session": session, "code": code, **extra}, status=status
        )

    def too_many(self, session, minutes: int = 1) -> HttpResponse:
        message = _("Too many attempts: wait %(n)d minute(s) and try again.") % {"n": minutes}
        return self.refuse(message, session, status=429, form=True)

    def over_limits(self, session) -> HttpResponse | None:
        """One attempt counted per device (per account for a logged-in member: the account is
        who checks in) and, without a login, per address."""
        user = self.request.user
        anonymous = not user.is_authenticated or self.kiosk
        per_device = checkin.limit("kiosk_per_minute" if self.kiosk else "device_per_minute")
        key = f"dev:{self.device}" if anonymous else f"user:{user.pk}"
        if not checkin.allow(key, per_device):
            return self.too_many(session)
        per_address = checkin.limit("address_per_minute")
        if anonymous and not checkin.allow(f"ip:{self.address}", per_address):
            return self.too_many(session)
        return None

    def prove_with_pin(self, session) -> Person | HttpResponse:
        """The member code and PIN typed on the page: the person, or the refusal. Wrong PINs
        count against the device (for this session) and against the member whose code was
        typed (whatever the device): past the limit, locked for some minutes."""
        device_key = f"{session.pk}:{self.device}"
        locked = checkin.locked_for(f"dev:{device_key}")
        if locked:
            return self.too_many(session, locked)
        code = textvi.normalize(self.request.POST.get("member_code", "")).upper()[:32]
        pin = self.request.POST.get("pin", "").strip()[:16]
        if not code or not pin:
            return self.refuse(_("Type your member code and your PIN."), session, form=True)
        person = _person_by_code(code)
        member_key = f"{session.pk}:p{person.pk}" if person is not None else None
        if member_key and checkin.locked_for(f"member:{member_key}"):
            return self.too_many(session, checkin.locked_for(f"member:{member_key}"))
        digest = getattr(getattr(person, "checkin_pin", None), "digest", None)
        if person is None or not checkin.pin_matches(person.pk, pin, digest):
            # A kiosk serves the whole hall: more typing mistakes before it locks.
            most = checkin.limit("wrong_pins_kiosk" if self.kiosk else "wrong_pins_device")
            device_locked = checkin.wrong_pin(f"dev:{device_key}", most)
            if member_key:
                checkin.wrong_pin(f"member:{member_key}", checkin.limit("wrong_pins_member"))
            if device_locked:
                return self.too_many(session, checkin.limit("lock_minutes"))
            # The same answer for an unknown code and a wrong PIN: codes cannot be probed.
            message = _(
                "The member code or the PIN is wrong. No PIN yet? It is on your “My study” "
                "page, or the clerk can print one."
            )
            return self.refuse(message, session, form=True)
        return person

    def checked_in(self, session, person: Person, *, user=None, token: str = "") -> HttpResponse:
        method = (
            Attendance.Method.KIOSK
            if self.kiosk
            else Attendance.Method.QR
            if user is not None
            else Attendance.Method.PIN
        )
        try:
            outcome = services.check_in(
                session=session,
                person=person,
                method=method,
                user=user,
                token=token,
                device=self.device,
                address=self.address,
                kiosk=self.kiosk,
            )
        except ValidationError as exc:
            if user is None and not session.checkin_open():
                return self.refuse(" ".join(exc.messages), session)
            if user is None and any(e.code == "audience" for e in exc.error_list):
                # Do not tell whoever typed the code whose code it was.
                return self.refuse(
                    _("This member is not on the list of this session."), session, form=True
                )
            return self.refuse(" ".join(exc.messages), session, form=self.kiosk)
        return self.render(
            {
                "session": session,
                "done": outcome,
                # Only a logged-in member sees a name, their own; a PIN shows initials.
                "who": person.full_name if user is not None else initials(person.full_name),
                "form": self.kiosk,
            }
        )


class CheckInView(CheckInBase):
    """Reachable without a login (``login_not_required`` in urls.py): the rotating token is
    the capability to reach the session, the login or the PIN proves who checks in. The
    session is looked up only after the token proved valid, so ids cannot be probed."""

    def session(self, pk, token):
        if not qr.is_valid(pk, token):
            return None
        return StudySession.objects.select_related("unit").filter(pk=pk).first()

    def linked_person(self):
        user = self.request.user
        if not user.is_authenticated:
            return None
        return Person.objects.current().select_related("unit").filter(user=user).first()

    def expired(self):
        return self.refuse(
            _(
                "This code is no longer valid: it changes every 30 seconds. "
                "Scan the code on the screen in the hall again."
            )
        )

    def closed(self, session) -> HttpResponse | None:
        if session.status == StudySession.Status.CANCELLED:
            return self.refuse(_("The session was cancelled."), session)
        message = services.window_error(session, timezone.now())
        return self.refuse(message, session) if message else None

    def get(self, request, pk, token):
        session = self.session(pk, token)
        if session is None:
            return self.expired()
        refused = self.closed(session)
        if refused:
            return refused
        return self.render({"session": session, "person": self.linked_person(), "form": True})

    def post(self, request, pk, token):
        session = self.session(pk, token)
        if session is None:
            return self.expired()
        refused = self.closed(session) or self.over_limits(session)
        if refused:
            return refused
        person = self.linked_person()
        if person is not None and not request.POST.get("member_code"):
            return self.checked_in(session, person, user=request.user, token=token)
        proven = self.prove_with_pin(session)
        if isinstance(proven, HttpResponse):
            return proven
        return self.checked_in(session, proven, token=token)


class KioskView(CheckInBase):
    """The hall's tablet: a clerk turned this device into the session's kiosk
    (``KioskSwitchView``); members check in on it one after another with their member code
    and PIN. No login is needed once it is on. A device that is not a kiosk of the session:
    404 (a clerk who may turn it on sees the switch)."""

    template_name = "study/kiosk.html"
    kiosk = True

    def session(self, pk):
        return (
            StudySession.objects.select_related("unit")
            .filter(pk=pk, kiosks__device=self.device)
            .first()
        )

    def get(self, request, pk):
        session = self.session(pk)
        if session is None:
            candidate = StudySession.objects.select_related("unit").filter(pk=pk).first()
            user = request.user
            if candidate is None or not may(user, Action.CHANGE, candidate.unit):
                raise Http404
            return self.render({"session": candidate, "switch": True})
        return self.render({"session": session, "form": True})

    def post(self, request, pk):
        session = self.session(pk)
        if session is None:
            raise Http404
        refused = self.over_limits(session)
        if refused:
            return refused
        proven = self.prove_with_pin(session)
        if isinstance(proven, HttpResponse):
            return proven
        return self.checked_in(session, proven)


class KioskSwitchView(ScopedObjectMixin, View):
    """A clerk, logged in on the hall's tablet, turns it into the session's kiosk (``on``)
    or back."""

    model = StudySession
    action = Action.CHANGE
    post_action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request, pk):
        session = self.get_queryset().filter(pk=pk).first()
        if session is None:
            raise Http404
        device, new = checkin.device_id(request)
        on = request.POST.get("off") != "1"
        try:
            services.set_kiosk(user=request.user, session=session, device=device, on=on)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            response = redirect(session.get_absolute_url())
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            if on:
                messages.success(
                    request,
                    _(
                        "This device is now the session's kiosk. You may log out: members "
                        "check in here with their member code and PIN."
                    ),
                )
                response = redirect("study:kiosk", session.pk)
            else:
                messages.success(request, _("This device is no longer a kiosk."))
                response = redirect(session.get_absolute_url())
        if new:
            checkin.remember_device(response, device)
        return response


class PinShownOnce:
    def shown(self, request, person, pin: str, back: str):
        return render(request, "study/pin.html", {"person": person, "pin": pin, "back": back})


class MyPinView(PinShownOnce, View):
    """The member issues their own check-in PIN (the old one stops working); it is shown
    once."""

    def person(self):
        person = (
            Person.objects.current().select_related("unit").filter(user=self.request.user).first()
        )
        if person is None:
            raise Http404
        return person

    def get(self, request):
        person = self.person()
        return render(request, "study/pin.html", {"person": person, "mine": True})

    def post(self, request):
        person = self.person()
        try:
            pin = services.issue_pin(user=request.user, person=person)
        except ValidationError as exc:
            return render(
                request,
                "study/pin.html",
                {"person": person, "mine": True, "error": " ".join(exc.messages)},
                status=400,
            )
        return self.shown(request, person, pin, reverse("study:home"))


class PersonPinView(PinShownOnce, ScopedObjectMixin, View):
    """A clerk issues a member's PIN to print it for them (shown once)."""

    model = Person
    action = Action.CHANGE
    post_action = Action.CHANGE

    def person(self, pk):
        person = self.get_queryset().current().select_related("unit").filter(pk=pk).first()
        if person is None:
            raise Http404
        return person

    def get(self, request, pk):
        return render(request, "study/pin.html", {"person": self.person(pk)})

    def post(self, request, pk):
        person = self.person(pk)
        try:
            pin = services.issue_pin(user=request.user, person=person)
        except ValidationError as exc:
            return render(
                request,
                "study/pin.html",
                {"person": person, "error": " ".join(exc.messages)},
                status=400,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        back = request.POST.get("back", "")
        if not back.startswith("/study/sessions/"):
            back = person.get_absolute_url()
        return self.shown(request, person, pin, back)


class ConflictResolveView(ScopedObjectMixin, View):
    """A check-in that met a clerk's mark (the page a notification points to): the clerk
    accepts it (the member is present) or keeps the mark, with a reason; back to the roster."""

    model = CheckinConflict
    action = Action.VIEW
    post_action = Action.CHANGE

    def get_object(self, pk):
        conflict = (
            self.get_queryset()
            .select_related("session__unit", "person__unit", "resolved_by", "attendance")
            .filter(pk=pk)
            .first()
        )
        if conflict is None:
            raise Http404
        return conflict

    def get(self, request, pk):
        conflict = self.get_object(pk)
        return render(
            request,
            "study/conflict.html",
            {"c": conflict, "can_mark": may(request.user, Action.CHANGE, conflict.unit)},
        )

    def post(self, request, pk):
        conflict = self.get_object(pk)
        if not may(request.user, self.post_action, conflict.unit):
            return self.refuse(conflict, _("You may not mark attendance at this session."), 403)
        decision = request.POST.get("decision")
        if decision not in ("accept", "keep"):
            return self.refuse(conflict, _("Choose to accept the check-in or keep the mark."))
        try:
            services.resolve_conflict(
                user=request.user,
                conflict=conflict,
                accept=decision == "accept",
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            return self.refuse(conflict, " ".join(exc.messages))
        except PermissionDenied as exc:
            raise Http404 from exc
        if decision == "accept":
            messages.success(request, _("Check-in accepted: the member is marked present."))
        else:
            messages.success(request, _("The mark is kept; the check-in is set aside."))
        return redirect("study:roster", conflict.session_id)

    def refuse(self, conflict, message: str, status: int = 400) -> HttpResponse:
        return render(
            self.request,
            "study/conflict.html",
            {"c": conflict, "error": message, "can_mark": status != 403},
            status=status,
        )
