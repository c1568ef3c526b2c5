"""Privacy exports as ZIP files under PRIVACY_FILES_DIR (shared by web and worker processes). A file is written
under a temporary name and renamed when complete, so a reader never sees half a ZIP."""

from __future__ import annotations

import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path

from domain.privacy.ports import StoredFile

CHUNK = 64 * 1024


class ZipFileSink:
    def __init__(self, final: Path):
        self.final, self.partial = final, final.with_suffix(".partial")
        self.zip = zipfile.ZipFile(self.partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, name: str, chunks: Iterator[bytes]) -> None:
        with self.zip.open(name, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)

    def close(self) -> StoredFile:
        self.zip.close()
        os.replace(self.partial, self.final)
        return StoredFile(self.final.name, self.final.stat().st_size)


class LocalPrivacyFiles:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if path.parent != self.root.resolve() or not key.endswith(".zip"):
            raise ValueError("not a privacy export key")
        return path

    def sink(self, request_id: int) -> ZipFileSink:
        self.root.mkdir(parents=True, exist_ok=True)
        return ZipFileSink(self.root / f"privacy-{request_id}-{secrets.token_hex(8)}.zip")

    def open(self, key: str) -> Iterator[bytes] | None:
        try:
            path = self._path(key)
        except ValueError:
            return None
        if not path.is_file():
            return None
        return _read(path)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except ValueError:
            return


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk
