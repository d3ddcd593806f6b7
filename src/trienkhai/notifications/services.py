"""Sending notifications, reading them, and each person's choices.

``send(notices)`` is what the domain apps call from their services, inside their transaction:
the recipients are resolved in bulk (role assignments on the units concerned, one query per
thousand notices; the people named by the notice are checked against the object's scope),
their channel read from their preferences, and the rows inserted ignoring the unique dedupe
key: a notice sent twice (a rerun, two workers) is one row. Mails go after the commit
(``mail.deliver_due``, on the tasks framework).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.access import Action, AnyUser, may, role_model, roles_granting
from trienkhai.core.querysets import column_of
from trienkhai.units.models import Unit

from . import kinds
from .kinds import Kind, Notice
from .models import Channel, Delivery, MailState, Notification, Preference

BATCH = 1000
#: Rows of one INSERT statement (11 parameters each: within SQLite's 32,766 and PostgreSQL's
#: 65,535 parameters).
INSERT_ROWS = 500


def _chunks(items: Iterable[Notice], size: int) -> Iterable[list[Notice]]:
    chunk: list[Notice] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parents(units: set[Any]) -> dict[str, int]:
    """The ids of the units above ``units``, by path (one query)."""
    paths = {u.path[:-4] for u in units if len(u.path) > 4}
    if not paths:
        return {}
    return dict(Unit.objects.filter(path__in=paths).values_list("path", "pk"))


def _holders(unit_ids: set[int], roles: set[str]) -> dict[int, list[tuple[int, str]]]:
    """(user id, role) of the active users holding one of ``roles`` on each unit itself."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if not unit_ids or not roles:
        return found
    rows = (
        role_model()
        ._default_manager.filter(unit_id__in=unit_ids, role__in=roles, user__is_active=True)
        .values_list("unit_id", "user_id", "role")
    )
    for unit_id, user_id, role in rows:
        found[unit_id].append((user_id, role))
    return found


def can_open(user: AnyUser, kind: Kind, target_id: int) -> bool:
    model: Any = kind.target_model()
    return bool(model.objects.for_user(user, Action.VIEW).filter(pk=target_id).exists())


def _recipients(chunk: list[Notice]) -> list[tuple[Notice, int, bool]]:
    """(notice, user id, reached through a role that must receive it) of every recipient."""
    viewing = roles_granting(Action.VIEW)
    roles = {r for n in chunk for r in (*n.roles, *n.above) if r in viewing}
    parents = _parents({n.unit for n in chunk if n.above})
    unit_ids = {n.unit.pk for n in chunk if n.roles} | set(parents.values())
    holders = _holders(unit_ids, roles)
    found: list[tuple[Notice, int, bool]] = []
    for notice in chunk:
        actor = notice.actor_id
        reached: dict[int, bool] = {}
        for user_id, role in holders.get(notice.unit.pk, []):
            if role in notice.roles:
                reached[user_id] = reached.get(user_id, False) or (
                    role in notice.kind.mandatory_for
                )
        parent = parents.get(notice.unit.path[:-4])
        for user_id, role in holders.get(parent, []) if parent else []:
            if role in notice.above:
                reached[user_id] = reached.get(user_id, False) or (
                    role in notice.kind.mandatory_for
                )
        for user in notice.users:
            # Named, not reached through a role here: only if they can open the object.
            if (
                user is not None
                and user.pk not in reached
                and user.is_active
                and can_open(user, notice.kind, notice.target.pk)
            ):
                reached[user.pk] = False
        for user_id, mandatory in reached.items():
            if user_id != actor:
                found.append((notice, user_id, mandatory))
    return found


def channel_for(kind: Kind, chosen: str | None, mandatory: bool) -> str:
    channel = chosen or kind.default
    if channel == Channel.OFF and mandatory:
        return Channel.APP
    return channel


MAIL_OF: dict[str, str] = {Channel.EMAIL: MailState.DUE, Channel.DIGEST: MailState.DIGEST}


COLUMNS = (
    "recipient",
    "kind",
    "unit",
    "target_type",
    "target_id",
    "url",
    "params",
    "occasion",
    "dedupe_key",
    "created_at",
    "mail",
)


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """``INSERT … ON CONFLICT (recipient, dedupe_key) DO NOTHING`` of plain tuples, many at a
    time (SQLite ≥ 3.24 and PostgreSQL): what ``bulk_create(ignore_conflicts=True)`` writes,
    without building a model instance per row (a province's day is ~100,000 rows)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table = qn(Notification._meta.db_table)
    columns = ", ".join(qn(column_of(Notification, name)) for name in COLUMNS)
    conflict = ", ".join(qn(column_of(Notification, n)) for n in ("recipient", "dedupe_key"))
    one = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_ROWS):
            part = rows[start : start + INSERT_ROWS]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(part))} "
                f"ON CONFLICT ({conflict}) DO NOTHING",
                [value for row in part for value in row],
            )


def send(notices: Iterable[Notice], *, now: datetime.datetime | None = None) -> int:
    """Notify the recipients of each notice (see the module's docstring); returns how many
    rows were offered to the database (the dedupe key drops those already there)."""
    now = now or timezone.now()
    created_at = connection.ops.adapt_datetimefield_value(now)
    offered = 0
    mail_due = False
    for chunk in _chunks(notices, BATCH):
        recipients = _recipients(chunk)
        if not recipients:
            continue
        user_ids = {user_id for _n, user_id, _m in recipients}
        kind_keys = {n.kind.key for n in chunk}
        chosen = {
            (user_id, kind): channel
            for user_id, kind, channel in Preference.objects.filter(
                user_id__in=user_ids, kind__in=kind_keys
            ).values_list("user_id", "kind", "channel")
        }
        emails = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email"))
        rows = []
        for notice, user_id, mandatory in recipients:
            channel = channel_for(notice.kind, chosen.get((user_id, notice.kind.key)), mandatory)
            if channel == Channel.OFF:
                continue
            mail = MAIL_OF.get(channel, MailState.NONE) if emails.get(user_id) else MailState.NONE
            mail_due = mail_due or mail == MailState.DUE
            rows.append(
                (
                    user_id,
                    notice.kind.key,
                    notice.unit.pk,
                    notice.kind.model.lower(),
                    notice.target.pk,
                    notice.url,
                    json.dumps(notice.params, ensure_ascii=False, cls=DjangoJSONEncoder),
                    notice.occasion,
                    notice.dedupe_key(),
                    created_at,
                    mail,
                )
            )
        _insert(rows)
        offered += len(rows)
    if mail_due:
        from .tasks import deliver

        transaction.on_commit(lambda: deliver.enqueue())
    return offered


def notify(
    kind: Kind,
    *,
    target: Any,
    unit: Any,
    url: str,
    params: dict[str, Any] | None = None,
    occasion: str = "",
    roles: Iterable[str] = (),
    above: Iterable[str] = (),
    users: Iterable[Any] = (),
    actor: Any = None,
) -> int:
    """One event's notice (a program submitted, a report graded): ``send`` of one."""
    notice = Notice(
        kind,
        target=target,
        unit=unit,
        url=url,
        params=params or {},
        occasion=occasion,
        roles=tuple(roles),
        above=tuple(above),
        users=tuple(users),
        actor_id=getattr(actor, "pk", None),
    )
    return send([notice])


# --- reading ---------------------------------------------------------------------------------


def visible(queryset: QuerySet[Notification], user: AnyUser) -> QuerySet[Notification]:
    """Of ``queryset``, the notifications whose object ``user`` can open now (roles change):
    one EXISTS per kind of object, probed by the object's id."""
    q: Any = Q(pk__in=[])
    for label, model in kinds.target_models().items():
        scoped: Any = model._default_manager
        reachable = scoped.for_user(user, Action.VIEW).filter(pk=OuterRef("target_id"))
        q |= Q(target_type=label) & Exists(reachable)
    return queryset.filter(q)


def visible_to_recipients(queryset: QuerySet[Notification]) -> QuerySet[Notification]:
    """``visible`` for the notifications of many recipients at once, each checked against its
    own recipient: the same rule, one EXISTS per kind of object through ``for_holder`` (the
    recipient's role assignments joined in SQL instead of their paths read into Python), so
    the query does not depend on who the recipients are and one query answers for a batch of
    any size. The inactive see nothing, as with ``for_user``; superusers are left out (their
    ``for_user`` reads no roles): ask ``visible`` for each of them."""
    q: Any = Q(pk__in=[])
    for label, model in kinds.target_models().items():
        scoped: Any = model._default_manager
        reachable = scoped.for_holder(OuterRef("recipient_id"), Action.VIEW).filter(
            pk=OuterRef("target_id")
        )
        q |= Q(target_type=label) & Exists(reachable)
    return queryset.filter(q, recipient__is_active=True, recipient__is_superuser=False)


def mine(user: AnyUser) -> QuerySet[Notification]:
    """The user's notifications they can open now, newest first."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return visible(Notification.objects.filter(recipient_id=user.pk), user)


def may_see_numbers(user: AnyUser) -> bool:
    """The numbers page: anyone holding a role (they see their subtree's)."""
    return may(user, Action.VIEW)


def unread_count(user: AnyUser) -> int:
    return mine(user).filter(read_at__isnull=True).count()


def open_notification(*, user: AnyUser, notification: Notification) -> str:
    """Mark it read (the first time) and say where it leads."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
    return notification.url


def mark_all_read(*, user: AnyUser, kind: str = "") -> int:
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.update(read_at=timezone.now())


# --- choices ---------------------------------------------------------------------------------


def mandatory_kinds(user: AnyUser) -> set[str]:
    """The kinds this user must receive through a role they hold."""
    held = set(role_model()._default_manager.filter(user_id=user.pk).values_list("role", flat=True))
    return {k.key for k in kinds.all_kinds() if k.mandatory_for & held}


def preferences(user: Any) -> dict[str, str]:
    """The channel of every kind for ``user`` (their choice, or the kind's default)."""
    chosen = dict(Preference.objects.filter(user_id=user.pk).values_list("kind", "channel"))
    return {k.key: chosen.get(k.key, k.default) for k in kinds.all_kinds()}


def delivery(user: Any) -> Delivery:
    found = Delivery.objects.filter(user_id=user.pk).first()
    return found or Delivery(user_id=user.pk)


@transaction.atomic
def set_preferences(
    *,
    user: Any,
    channels: dict[str, str],
    language: str,
    quiet_from: datetime.time | None,
    quiet_to: datetime.time | None,
) -> None:
    """A person's own choices (no role needed: they concern only them). A mandatory kind
    cannot be turned off; quiet hours need both ends."""
    if not user.is_authenticated:
        raise ValidationError(_("Log in first."))
    must = mandatory_kinds(user)
    errors = {}
    for key, channel in channels.items():
        if kinds.get(key) is None or channel not in Channel.values:
            errors[key] = _("Choose one of the options.")
        elif channel == Channel.OFF and key in must:
            errors[key] = _("Your role must receive this kind: it cannot be turned off.")
    if (quiet_from is None) != (quiet_to is None):
        errors["quiet_to"] = _("Give both ends of the quiet hours, or neither.")
    if errors:
        raise ValidationError(errors)
    for key, channel in channels.items():
        Preference.objects.update_or_create(
            user_id=user.pk, kind=key, defaults={"channel": channel}
        )
    Delivery.objects.update_or_create(
        user_id=user.pk,
        defaults={"language": language, "quiet_from": quiet_from, "quiet_to": quiet_to},
    )
