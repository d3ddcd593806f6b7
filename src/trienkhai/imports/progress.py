"""How far a running import has got, for the progress bar.

The import writes in one transaction, so its progress cannot be a row of the database (no
other connection would see it before the end, and on SQLite the write lock is the import's).
It is a small JSON file beside the kept uploads, ``MEDIA_ROOT/imports/progress/<id>.json``,
replaced atomically; any process (the worker, the web page's poll) reads it. An import whose
file has not moved for :data:`STALLED` was killed with its process: it can be started again
(its transaction left nothing behind).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from django.conf import settings

STALLED = 120.0  # seconds without news


def _path(batch_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{int(batch_id)}.json"


def write(batch_id: int, phase: str, done: int, total: int) -> None:
    path = _path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": max(total, 1)}))
    os.replace(tmp, path)


def read(batch_id: int) -> dict[str, Any]:
    try:
        data = json.loads(_path(batch_id).read_text())
    except (OSError, ValueError):
        return {"phase": "", "done": 0, "total": 1, "percent": 0}
    done, total = int(data.get("done", 0)), max(int(data.get("total", 1)), 1)
    data["percent"] = min(100, done * 100 // total)
    return data


def stalled(batch_id: int) -> bool:
    try:
        return time.time() - _path(batch_id).stat().st_mtime > STALLED
    except OSError:
        return True
