"""Privacy exports as ZIP files under PRIVACY_FILES_DIR (shared by web and worker processes). A file is written
under a temporary name and renamed when complete, so a reader never sees half a ZIP. It is sealed as it is written
and opened chunk by chunk for its download (adapters.sealed_files)."""

from __future__ import annotations

import os
import secrets
import zipfile
from collections.abc import Iterator
from pathlib import Path

from adapters.sealed_files import FileKeys, open_write, plain_size, stream
from adapters.sealed_upkeep import settings_keys
from domain.privacy.ports import StoredFile


class ZipFileSink:
    def __init__(self, final: Path, keys: FileKeys):
        self.final, self.partial = final, final.with_suffix(".partial")
        self.out = open_write(self.partial, keys)
        self.zip = zipfile.ZipFile(self.out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)

    def write(self, name: str, chunks: Iterator[bytes]) -> None:
        with self.zip.open(name, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)

    def close(self) -> StoredFile:
        self.zip.close()
        self.out.close()
        os.replace(self.partial, self.final)
        return StoredFile(self.final.name, plain_size(self.final))


class LocalPrivacyFiles:
    def __init__(self, root: Path, keys: FileKeys | None = None):
        self.root, self.keys = Path(root), keys or settings_keys()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if path.parent != self.root.resolve() or not key.endswith(".zip"):
            raise ValueError("not a privacy export key")
        return path

    def sink(self, request_id: int) -> ZipFileSink:
        self.root.mkdir(parents=True, exist_ok=True)
        return ZipFileSink(self.root / f"privacy-{request_id}-{secrets.token_hex(8)}.zip", self.keys)

    def open(self, key: str) -> Iterator[bytes] | None:
        try:
            path = self._path(key)
        except ValueError:
            return None
        if not path.is_file():
            return None
        return stream(path, self.keys)

    def delete(self, key: str) -> None:
        try:
            self._path(key).unlink(missing_ok=True)
        except ValueError:
            return
