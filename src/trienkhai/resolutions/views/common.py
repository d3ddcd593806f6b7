"""Pieces the resolution and plan screens share: parents of units, downloads, forms with
files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from trienkhai.core.access import Action, AnyUser
from trienkhai.core.views import ServiceFormView
from trienkhai.units.models import Unit

from ..models import Obligation

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def attach_parents(user: AnyUser, obligations: Iterable[Obligation]) -> list[Obligation]:
    """Give each obligation of a page the unit above its unit (``.parent_unit``, when the
    user may see it), in one query: many cells share a name like "Chi bộ thôn 1"."""
    obligations = list(obligations)
    paths = {o.unit.path[: -Unit.steplen] for o in obligations if o.unit.depth > 1}
    parents: dict[str, Unit] = {}
    if paths:
        parents = {
            u.path: u for u in Unit.objects.for_user(user, Action.VIEW).filter(path__in=paths)
        }
    for o in obligations:
        o.parent_unit = parents.get(o.unit.path[: -Unit.steplen])
    return obligations


def download(field_file: FieldFile, filename: str, kind: str) -> FileResponse:
    """Stream a stored document to a user who may see it; PDFs open in the browser, Word
    documents download. The file never has a public URL."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    suffix = f".{kind}"
    name = PurePath(filename.replace("/", "-").replace("\\", "-")).name or "document"
    if not name.lower().endswith(suffix):
        name += suffix
    return FileResponse(
        handle,
        as_attachment=kind != "pdf",
        filename=name,
        content_type=CONTENT_TYPES.get(kind, "application/octet-stream"),
    )


class FileServiceFormView(ServiceFormView):
    """A ``ServiceFormView`` whose form takes uploaded files."""

    def get_form(self, data: Any = None) -> Any:
        files = self.request.FILES if data is not None else None
        return self.form_class(data=data, files=files, **self.get_form_kwargs())
