"""Files encrypted at rest (bulk uploads and exports, privacy exports), streamed in 64 KiB chunks.

Envelope encryption with AES-256-GCM (`cryptography`): each file has its own random data key, kept in the file's
header wrapped (AES-GCM) under the newest key of FILES_ENCRYPTION_KEYS. The layout:

    header   b"USEF" | version (1) | key id (8: SHA-256 of the wrapping key, cut) | nonce (12) | wrapped data key (48)
    chunks   nonce (12) | ciphertext and tag (plain length + 16), plain length 64 KiB except the last (0..64 KiB)

Each chunk's associated data is its index (8 bytes) and a final flag (1 byte): a chunk moved, a file cut short
(even on a chunk boundary) or a byte changed fails to open. Chunks have a fixed stride, so a reader can seek (an XLSX
upload is a zip, read from its end). A file that does not start with the magic is a plain file from before
encryption: it is read as it is, and `manage.py rotate_file_keys` seals it. Rotating re-wraps the 48-byte data key
under the newest key in place; the chunks are not rewritten."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC, VERSION = b"USEF", 1
CHUNK, NONCE, TAG = 64 * 1024, 12, 16
HEADER = len(MAGIC) + 1 + 8 + NONCE + 32 + TAG  # 73 bytes
STRIDE = NONCE + CHUNK + TAG


class SealedFileError(ValueError):
    """The file is damaged, cut short, reordered, or sealed under a key this process does not hold."""


def derived_files_key(secret_key: str) -> bytes:
    """A development key derived from SECRET_KEY, for one purpose only (sealing files)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"user-support files at rest").derive(
        secret_key.encode()
    )


def new_files_key() -> str:
    """A fresh FILES_ENCRYPTION_KEYS entry (64 hex characters)."""
    return secrets.token_hex(32)


class FileKeys:
    """The keys files are wrapped under, newest first: the first wraps new files, every one opens."""

    def __init__(self, keys: Sequence[bytes]):
        if not keys or any(len(k) != 32 for k in keys):
            raise ValueError("FILES_ENCRYPTION_KEYS needs at least one key of 32 bytes (64 hex characters)")
        self.keys = {hashlib.sha256(k).digest()[:8]: AESGCM(k) for k in keys}
        self.newest_id = hashlib.sha256(keys[0]).digest()[:8]

    @classmethod
    def from_settings(cls, configured: Sequence[str], secret_key: str) -> FileKeys:
        keys = [bytes.fromhex(k.strip()) for k in configured if k.strip()]
        return cls(keys or [derived_files_key(secret_key)])

    def wrap(self, data_key: bytes) -> bytes:
        prefix = MAGIC + bytes([VERSION]) + self.newest_id
        nonce = secrets.token_bytes(NONCE)
        return prefix + nonce + self.keys[self.newest_id].encrypt(nonce, data_key, prefix)

    def unwrap(self, header: bytes) -> AESGCM:
        return AESGCM(self.data_key(header))

    def data_key(self, header: bytes) -> bytes:
        """The file's data key, from its header."""
        if len(header) != HEADER or not header.startswith(MAGIC) or header[4] != VERSION:
            raise SealedFileError("not a sealed file of a known version")
        prefix, key_id, nonce = header[:13], header[5:13], header[13:25]
        wrapper = self.keys.get(key_id)
        if wrapper is None:
            raise SealedFileError("sealed under a key FILES_ENCRYPTION_KEYS no longer holds")
        try:
            return wrapper.decrypt(nonce, header[25:], prefix)
        except InvalidTag as exc:
            raise SealedFileError("the file's header was tampered with") from exc


def _aad(index: int, final: bool) -> bytes:
    return struct.pack(">QB", index, final)


class SealedWriter(io.RawIOBase):
    """Write-only, not seekable (zipfile then writes data descriptors): chunks leave as soon as they are full."""

    def __init__(self, out: BinaryIO, keys: FileKeys):
        data_key = AESGCM.generate_key(bit_length=256)
        self.out, self.aead, self.buffer, self.index = out, AESGCM(data_key), bytearray(), 0
        out.write(keys.wrap(data_key))

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.buffer += data
        start = 0
        with memoryview(self.buffer) as view:
            while len(view) - start > CHUNK:  # the last chunk is held back: it must carry the final flag
                self._seal(view[start : start + CHUNK], final=False)
                start += CHUNK
        del self.buffer[:start]
        return len(data)

    def _seal(self, plain: bytes | memoryview, final: bool) -> None:
        nonce = secrets.token_bytes(NONCE)
        self.out.write(nonce)
        self.out.write(self.aead.encrypt(nonce, plain, _aad(self.index, final)))
        self.index += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self.buffer), final=True)
            self.buffer.clear()
            self.out.close()
        super().close()


class SealedReader(io.RawIOBase):
    """Read-only and seekable over a sealed file: a chunk is opened when a read reaches it."""

    def __init__(self, source: BinaryIO, keys: FileKeys):
        self.source = source
        self.aead = keys.unwrap(source.read(HEADER))
        body = source.seek(0, os.SEEK_END) - HEADER
        self.chunks = max(1, -(-body // STRIDE))
        last = body - (self.chunks - 1) * STRIDE - NONCE - TAG
        if not 0 <= last <= CHUNK:
            raise SealedFileError("the sealed file was cut short")
        self.size, self.pos, self.cached = (self.chunks - 1) * CHUNK + last, 0, (-1, b"")
        self._chunk(self.chunks - 1)  # the final flag proves nothing was cut off at a chunk boundary

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self.pos, os.SEEK_END: self.size}[whence]
        self.pos = max(0, base + offset)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def _chunk(self, index: int) -> bytes:
        if self.cached[0] != index:
            self.source.seek(HEADER + index * STRIDE)
            sealed = self.source.read(STRIDE)
            try:
                plain = self.aead.decrypt(sealed[:NONCE], sealed[NONCE:], _aad(index, index == self.chunks - 1))
            except InvalidTag as exc:
                raise SealedFileError("a chunk of the sealed file was changed, moved or cut") from exc
            self.cached = (index, plain)
        return self.cached[1]

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.pos >= self.size:
            return 0
        index, skip = divmod(self.pos, CHUNK)
        piece = self._chunk(index)[skip : skip + len(target)]
        target[: len(piece)] = piece
        self.pos += len(piece)
        return len(piece)

    def close(self) -> None:
        if not self.closed:
            self.source.close()
        super().close()


def is_sealed(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def open_write(path: Path, keys: FileKeys) -> BinaryIO:
    """A new file at `path`, sealed as it is written (close it to seal the last chunk)."""
    raw = cast(io.RawIOBase, SealedWriter(path.open("wb"), keys))
    return cast(BinaryIO, io.BufferedWriter(raw, CHUNK))


def open_read(path: Path, keys: FileKeys) -> BinaryIO:
    """The file's plain bytes, seekable: decrypted chunk by chunk, or as it is if it was stored before sealing."""
    source = path.open("rb")
    try:
        sealed = source.read(len(MAGIC)) == MAGIC
        source.seek(0)
        return cast(BinaryIO, io.BufferedReader(SealedReader(source, keys), CHUNK)) if sealed else source
    except BaseException:
        source.close()
        raise


def stream(path: Path, keys: FileKeys) -> Iterator[bytes]:
    """The file's plain bytes in chunks of at most 64 KiB, for a streaming response."""
    with open_read(path, keys) as f:
        while chunk := f.read(CHUNK):
            yield chunk


def plain_size(path: Path) -> int:
    """The plain length of a sealed file from its length alone (of a plain one, its length)."""
    size = path.stat().st_size
    if not is_sealed(path):
        return size
    body = size - HEADER
    chunks = max(1, -(-body // STRIDE))
    return body - chunks * (NONCE + TAG)
