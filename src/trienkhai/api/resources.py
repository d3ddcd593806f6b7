"""A resource of the API is a declaration: the model, its output schema, the UI list's filter
set (same parameter names), the queryset (``for_user`` by default) and the keyset column.

``register(router, resource)`` adds ``GET /<name>/`` (cursor-paged, filtered) and
``GET /<name>/{id}/``. Adding a resource is one ``Resource(...)`` in ``api/v1.py``'s list
(and its entry in ``ROUTES`` of ``api/tests/test_matrix.py``).

Pages are keyset pages in tree order: ``ORDER BY unit path, id LIMIT n+1`` after the last
(path, id) seen (units: their own path), read through the unit path index and each unit's
rows by the index on ``unit``, so a page costs the same however deep it lies in a 5.6 M list;
``next`` is an opaque cursor (base64 of the last key), ``null`` on the last page.
"""

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Model, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema
from pydantic import create_model

from trienkhai.core.access import Action
from trienkhai.core.parsing import parse_id

from .problems import PROBLEMS, BadInput

MAX_ID = 2**63 - 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass
class Resource:
    name: str  # the URL segment: "units"
    model: type[Model]
    schema: type[Schema]
    tag: str
    filterset: Any = None  # a ``core.lists.ListFilterSet`` class
    action: str = Action.VIEW
    #: The scoped rows (default ``model.objects.for_user(user, action)``).
    queryset: Callable[[Any], QuerySet[Any]] | None = None
    #: Narrow or annotate the scoped rows (select_related; an ``as_of`` status).
    rows: Callable[[QuerySet[Any], Any], QuerySet[Any]] | None = None
    #: Extra keyword arguments of the filter set (the plans a session filter offers).
    filterset_kwargs: Callable[[HttpRequest], dict[str, Any]] | None = None
    #: Query parameters of the resource's own besides the filters (``as_of``).
    extra_params: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    detail_schema: type[Schema] | None = None
    detail: Callable[[Any, Any], Any] | None = None  # (object, request) → what to serialise
    summary: str = ""

    def scoped(self, request: HttpRequest) -> QuerySet[Any]:
        if self.queryset is not None:
            return self.queryset(request.user)
        manager: Any = self.model._default_manager
        return manager.for_user(request.user, self.action)


def encode_cursor(path: str, pk: int | None) -> str:
    raw = path if pk is None else f"{path}.{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _path(text: str) -> str | None:
    """A materialised path ("00010003"): capitals and digits, or empty (a row's own path)."""
    ok = len(text) <= 255 and all(c.isascii() and (c.isdigit() or c.isupper()) for c in text)
    return text if ok else None


def decode_cursor(cursor: str, with_id: bool) -> tuple[str, int | None]:
    """(path, id) from a cursor this API gave; anything else is a 400 problem."""
    try:
        raw: str | None = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = None
    path: str | None = None
    pk: int | None = None
    if raw is not None and with_id and raw.count(".") == 1:
        text, number = raw.split(".")
        path, pk = _path(text), parse_id(number)
    elif raw is not None and not with_id:
        path = _path(raw) or None
    if path is None or (with_id and pk is None):
        raise BadInput(_("This cursor is not one this list gave."), {"cursor": [_("Not valid.")]})
    return path, pk


def keyset(queryset: QuerySet[Any]) -> str:
    """The path a list is ordered by: the rows' unit path (``path_lookup``), then the id; a
    unit's own path for units. Tree order, and the order of the indexes ``for_user`` reads:
    the units of the scope by their path index, the rows of each by the index on ``unit``
    (which ends with the id), so a page costs the same at the start and deep in the list."""
    return str(getattr(queryset, "path_lookup", "unit__path"))


def page_of(queryset: QuerySet[Any], cursor: str | None, limit: int) -> tuple[list, Any]:
    """One keyset page: the rows after ``cursor`` and the cursor of the next page."""
    path = keyset(queryset)
    with_id = path != "path"  # a unit's path is unique; other rows share their unit's
    rows = queryset.annotate(keyset_path=F(path)).order_by(path, *(["id"] if with_id else []))
    if cursor:
        after, pk = decode_cursor(cursor, with_id)
        if with_id:
            rows = rows.filter(**{f"{path}__gte": after}).filter(
                Q(**{f"{path}__gt": after}) | Q(id__gt=pk)
            )
        else:
            rows = rows.filter(path__gt=after)
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    if not (more and found):
        return found, None
    last = found[-1]
    return found, encode_cursor(last.keyset_path, last.pk if with_id else None)


def page_schema(name: str, item: type[Schema]) -> type[Schema]:
    items: Any = list[item]  # type: ignore[valid-type]  # a class made at run time
    page: type[Schema] = create_model(
        f"{name}Page", __base__=Schema, items=(items, ...), next=(str | None, None)
    )
    return page


def filter_params(resource: Resource) -> type[Schema]:
    """The query parameters of a list: the UI list's filters by name, the cursor, the limit."""
    fields: dict[str, Any] = {
        "cursor": (str | None, None),
        "limit": (int, Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)),
    }
    if resource.filterset is not None:
        for name in resource.filterset.base_filters:
            fields[name] = (str | None, None)
    fields.update(resource.extra_params)
    params: type[Schema] = create_model(
        f"{resource.schema.__name__}Filters", __base__=Schema, **fields
    )
    return params


def filtered(resource: Resource, request: HttpRequest, queryset: QuerySet[Any], params: Any):
    if resource.filterset is None:
        return queryset
    names = resource.filterset.base_filters
    data = {k: v for k, v in params.dict().items() if k in names and v not in (None, "")}
    kwargs = resource.filterset_kwargs(request) if resource.filterset_kwargs else {}
    filterset = resource.filterset(data, queryset=queryset, request=request, **kwargs)
    if not filterset.is_valid():
        errors = {k: [str(m) for m in v] for k, v in filterset.errors.items()}
        raise BadInput(_("Some filters are not valid."), errors)
    return filterset.qs


def one(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def register(router: Router, resource: Resource) -> None:
    """``GET /<name>/`` and ``GET /<name>/{id}/`` for one resource."""
    Params: Any = filter_params(resource)
    Page = page_schema(resource.schema.__name__, resource.schema)
    rows = resource.rows or (lambda qs, params: qs)

    def list_rows(request: HttpRequest, params: Query[Params]):
        queryset = rows(resource.scoped(request), params)
        queryset = filtered(resource, request, queryset, params)
        items, nxt = page_of(queryset, params.cursor, params.limit)
        return {"items": items, "next": nxt}

    router.add_api_operation(
        f"/{resource.name}/",
        ["GET"],
        list_rows,
        response={200: Page, **PROBLEMS},
        tags=[resource.tag],
        summary=resource.summary or f"List {resource.name}",
        operation_id=f"list_{resource.name.replace('-', '_')}",
    )

    detail_schema = resource.detail_schema or resource.schema

    def get_one(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
        obj = one(rows(resource.scoped(request), None), id)
        return resource.detail(obj, request) if resource.detail else obj

    router.add_api_operation(
        f"/{resource.name}/{{id}}/",
        ["GET"],
        get_one,
        response={200: detail_schema, **PROBLEMS},
        tags=[resource.tag],
        summary=f"One of {resource.name}, by id",
        operation_id=f"get_{resource.name.replace('-', '_')}",
    )
