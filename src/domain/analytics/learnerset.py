"""Sets of learners as bitmaps (bit n = learner id n): exact distinct counts that combine across days.

A union of two days' sets is the learners active on either day, with no error (unlike summing daily counts, or
HyperLogLog's ~1-2%). A day's set is stored zlib-compressed: a day with 10,000 active learners out of 1,000,000
ids takes about 20 KB; unions and counts run on Python's big integers in microseconds."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator


class LearnerSet:
    __slots__ = ("_bits", "_blob")

    def __init__(self, bits: int = 0):
        self._bits: int | None = bits
        self._blob: bytes | None = None

    @property
    def bits(self) -> int:
        """Decompressed on first use: a day summary carries several sets and an answer may need one."""
        if self._bits is None:
            assert self._blob is not None
            self._bits = int.from_bytes(zlib.decompress(self._blob), "little")
            self._blob = None
        return self._bits

    @staticmethod
    def of(ids: Iterable[int]) -> LearnerSet:
        ids = list(ids)
        if not ids:
            return LearnerSet()
        buf = bytearray(max(ids) // 8 + 1)
        for i in ids:
            buf[i >> 3] |= 1 << (i & 7)
        return LearnerSet(int.from_bytes(buf, "little"))

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __bool__(self) -> bool:
        return self.bits != 0

    def __or__(self, other: LearnerSet) -> LearnerSet:
        return LearnerSet(self.bits | other.bits)

    def __and__(self, other: LearnerSet) -> LearnerSet:
        return LearnerSet(self.bits & other.bits)

    def __sub__(self, other: LearnerSet) -> LearnerSet:
        return LearnerSet(self.bits & ~other.bits)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LearnerSet) and self.bits == other.bits

    def __hash__(self) -> int:
        return hash(self.bits)

    def __contains__(self, learner: int) -> bool:
        return bool(self.bits >> learner & 1)

    def __iter__(self) -> Iterator[int]:
        raw = self.bits.to_bytes((self.bits.bit_length() + 7) // 8, "little")
        for index, byte in enumerate(raw):
            while byte:
                low = byte & -byte
                yield index * 8 + low.bit_length() - 1
                byte ^= low

    def __repr__(self) -> str:
        return f"LearnerSet({sorted(self)!r})" if len(self) < 20 else f"LearnerSet(<{len(self)} learners>)"

    def dump(self) -> bytes:
        return zlib.compress(self.bits.to_bytes((self.bits.bit_length() + 7) // 8, "little"), 1)

    @staticmethod
    def load(blob: bytes | None) -> LearnerSet:
        found = LearnerSet()
        if blob:
            found._bits, found._blob = None, blob
        return found


def union(sets: Iterable[LearnerSet]) -> LearnerSet:
    bits = 0
    for s in sets:
        bits |= s.bits
    return LearnerSet(bits)


def rolling_unions(sets: list[LearnerSet], window: int) -> list[LearnerSet]:
    """For each i, the union of sets[max(0, i-window+1) .. i], in O(n) unions (van Herk / Gil-Werman): within
    blocks of `window`, prefix unions forwards and suffix unions backwards; a window is one suffix | one prefix."""
    n = len(sets)
    if n == 0:
        return []
    prefix: list[int] = [0] * n
    suffix: list[int] = [0] * n
    for i in range(n):
        prefix[i] = sets[i].bits | (prefix[i - 1] if i % window else 0)
    for i in range(n - 1, -1, -1):
        suffix[i] = sets[i].bits | (suffix[i + 1] if (i + 1) % window and i + 1 < n else 0)
    out = []
    for i in range(n):
        lo = i - window + 1
        if lo <= 0:
            out.append(LearnerSet(prefix[i]) if i < window else LearnerSet(suffix[0] | prefix[i]))
        else:
            out.append(LearnerSet(suffix[lo] | prefix[i]) if lo % window else LearnerSet(prefix[i]))
    return out
