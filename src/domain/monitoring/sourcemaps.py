"""Source maps per release: uploaded once by the release's build (an endpoint or `manage.py upload_sourcemaps`), and
read to give each minified stack frame its original file, line, column and function, as Sentry does. The minified
position stays on the frame (`minified_*`). Parsed maps are kept in a small in-process cache."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from domain.shared.audit import AuditTrail
from domain.shared.clock import Clock
from domain.shared.errors import InvalidInput
from domain.shared.permissions import Permission
from domain.shared.principal import Principal
from domain.shared.uow import UnitOfWork

from .grouping import Frame
from .ports import SourceMapStore
from .sourcemap_parse import SourceMap, SourceMapError

MAX_MAP_BYTES = 10 * 1024 * 1024
MAX_FILES = 50
CACHE_SIZE = 32
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,199}$")


@dataclass(frozen=True)
class UploadedMap:
    name: str
    bytes: int
    sources: int


def map_name(filename: str) -> str:
    """The minified file a frame or an upload names: the last path segment, without query, fragment or `.map`."""
    last = filename.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    return last[: -len(".map")] if last.endswith(".map") else last


class SourceMaps:
    def __init__(self, store: SourceMapStore, audit: AuditTrail, uow: UnitOfWork, clock: Clock):
        self.store, self.audit, self.uow, self.clock = store, audit, uow, clock
        self._cache: OrderedDict[tuple[str, str], tuple[datetime, SourceMap]] = OrderedDict()
        self._lock = threading.Lock()

    def upload(self, actor: Principal, release: str, files: Sequence[tuple[str, str]]) -> list[UploadedMap]:
        """Store a release's maps (`files`: the minified file's name, or the map's, and the map's text). Needs
        `monitoring.manage`; audited. Every file is checked before any is stored."""
        actor.require(Permission.MONITORING_MANAGE)
        release = release.strip()
        if not release or len(release) > 100:
            raise InvalidInput("The release is 1 to 100 characters.", code="invalid_sourcemap")
        if not files or len(files) > MAX_FILES:
            raise InvalidInput(f"Upload 1 to {MAX_FILES} source maps at a time.", code="sourcemap_too_large")
        checked: list[tuple[str, str, UploadedMap]] = []
        for given, text in files:
            name = map_name(given)
            if not _NAME.match(name):
                raise InvalidInput(f"{given!r} is not a file name.", code="invalid_sourcemap")
            size = len(text.encode())
            if size > MAX_MAP_BYTES:
                raise InvalidInput(f"{name}: over {MAX_MAP_BYTES} bytes.", code="sourcemap_too_large")
            try:
                parsed = SourceMap.parse(text)
            except SourceMapError as exc:
                raise InvalidInput(f"{name}: {exc}.", code="invalid_sourcemap") from exc
            checked.append((name, text, UploadedMap(name, size, len(parsed.sources))))
        now = self.clock.now()
        with self.uow:
            for name, text, _ in checked:
                self.store.save(release, name, text, now, actor.user_id)
            detail = {"release": release, "files": [{"name": u.name, "bytes": u.bytes} for _, _, u in checked]}
            self.audit.record(actor, "monitoring.sourcemaps_uploaded", "release", release, detail)
            self.uow.commit()
        return [u for _, _, u in checked]

    def _map(self, release: str, name: str) -> SourceMap | None:
        found = self.store.load(release, name)
        if found is None:
            return None
        text, uploaded_at = found
        key = (release, name)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == uploaded_at:
                self._cache.move_to_end(key)
                return cached[1]
        try:
            parsed = SourceMap.parse(text)
        except SourceMapError:
            return None
        with self._lock:
            self._cache[key] = (uploaded_at, parsed)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return parsed

    def symbolicate(self, release: str, frames: Sequence[Frame]) -> tuple[Frame, ...]:
        """Each frame with a line and column in a file the release has a map for, given its original position;
        the rest (and frames already mapped) as they are."""
        if not release:
            return tuple(frames)
        maps: dict[str, SourceMap | None] = {}
        out = []
        for f in frames:
            if f.minified_filename or f.lineno is None or f.colno is None or not f.filename:
                out.append(f)
                continue
            name = map_name(f.filename)
            if name not in maps:
                maps[name] = self._map(release, name)
            parsed = maps[name]
            original = parsed.lookup(f.lineno, f.colno) if parsed else None
            if original is None:
                out.append(f)
                continue
            out.append(
                replace(
                    f,
                    filename=original.source,
                    function=original.function or f.function,
                    lineno=original.line,
                    colno=original.column,
                    context_line=original.context_line or f.context_line,
                    minified_filename=f.filename,
                    minified_function=f.function,
                    minified_lineno=f.lineno,
                    minified_colno=f.colno,
                )
            )
        return tuple(out)
