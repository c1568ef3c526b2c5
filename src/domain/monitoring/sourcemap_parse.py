"""Source map v3 (the format every bundler writes): the Base64 VLQ `mappings` decoded into per-line segments, and a
lookup from a minified (line, column) to the original file, line, column and name. Pure: no I/O, no dependency."""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

# a function's definition in TypeScript or JavaScript: `function load(`, `load(a) {`, `const load = (` / `= async (`
_DEFINITION = re.compile(
    r"(?:function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*(?::[^=]*)?=>|[A-Za-z_$][\w$]*\s*=>)"
    r"|^\s*(?:(?:public|private|protected|static|async|override)\s+)*([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::[^{]*)?\{)"
)
_KEYWORDS = {"if", "for", "while", "switch", "catch", "return", "function", "with"}
_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


class SourceMapError(ValueError):
    """The text is not a source map this parser reads (not JSON, not version 3, a broken mapping)."""


def decode_vlq(segment: str) -> list[int]:
    """One segment's numbers: each is 5-bit groups, least significant first, continuation bit 32, sign in bit 0."""
    values: list[int] = []
    value = shift = 0
    for char in segment:
        digit = _B64.get(char)
        if digit is None:
            raise SourceMapError(f"not a Base64 VLQ digit: {char!r}")
        value += (digit & 31) << shift
        if digit & 32:
            shift += 5
            if shift > 60:
                raise SourceMapError("a VLQ number is too long")
            continue
        values.append(-(value >> 1) if value & 1 else value >> 1)
        value = shift = 0
    if shift:
        raise SourceMapError("a VLQ number is cut short")
    return values


@dataclass(frozen=True)
class Original:
    source: str
    line: int  # 1-based, as stack traces count
    column: int  # 1-based
    name: str | None
    function: str | None = None  # the enclosing function, read from the embedded source when the map has it
    context_line: str = ""


class SourceMap:
    """A parsed map: for each generated line, its segments' columns (sorted) and what they point to."""

    def __init__(
        self,
        sources: list[str],
        names: list[str],
        lines: list[tuple[list[int], list[tuple[int, ...]]]],
        contents: list[list[str] | None] | None = None,
    ):
        self.sources, self.names, self._lines = sources, names, lines
        self.contents = contents or [None] * len(sources)

    @classmethod
    def parse(cls, text: str | bytes) -> SourceMap:
        try:
            raw = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise SourceMapError("not JSON") from exc
        if not isinstance(raw, dict) or raw.get("version") != 3 or not isinstance(raw.get("mappings"), str):
            raise SourceMapError("not a version 3 source map with mappings (index maps with sections are not read)")
        root = raw.get("sourceRoot") or ""
        sources = [f"{root}{s}" if root and not str(s).startswith(root) else str(s) for s in raw.get("sources", [])]
        names = [str(n) for n in raw.get("names", [])]
        lines: list[tuple[list[int], list[tuple[int, ...]]]] = []
        src = src_line = src_col = name = 0
        for line in raw["mappings"].split(";"):
            col = 0
            cols: list[int] = []
            targets: list[tuple[int, ...]] = []
            for segment in filter(None, line.split(",")):
                v = decode_vlq(segment)
                if len(v) not in (1, 4, 5):
                    raise SourceMapError(f"a segment has {len(v)} fields")
                col += v[0]
                if len(v) == 1:
                    continue  # a generated column mapped to nothing
                src, src_line, src_col = src + v[1], src_line + v[2], src_col + v[3]
                if len(v) == 5:
                    name += v[4]
                cols.append(col)
                targets.append((src, src_line, src_col, name) if len(v) == 5 else (src, src_line, src_col))
            order = sorted(range(len(cols)), key=cols.__getitem__)
            lines.append(([cols[i] for i in order], [targets[i] for i in order]))
        raw_contents = raw.get("sourcesContent") or []
        contents = [
            c.split("\n") if isinstance(c, str) else None
            for c in (raw_contents[i] if i < len(raw_contents) else None for i in range(len(sources)))
        ]
        return cls(sources, names, lines, contents)

    def lookup(self, line: int, column: int) -> Original | None:
        """The original of a 1-based line and column (the nearest segment at or before the column), or None."""
        if line < 1 or line > len(self._lines):
            return None
        cols, targets = self._lines[line - 1]
        i = bisect.bisect_right(cols, max(column - 1, 0)) - 1
        if i < 0:
            return None
        target = targets[i]
        if not 0 <= target[0] < len(self.sources):
            return None
        name = self.names[target[3]] if len(target) == 4 and 0 <= target[3] < len(self.names) else None
        text = self.contents[target[0]]
        if text is None or not 0 <= target[1] < len(text):
            return Original(self.sources[target[0]], target[1] + 1, target[2] + 1, name)
        return Original(
            self.sources[target[0]],
            target[1] + 1,
            target[2] + 1,
            name,
            enclosing_function(text, target[1]),
            text[target[1]].strip()[:300],
        )


def enclosing_function(lines: list[str], index: int) -> str | None:
    """The nearest function definition at or above a 0-based line of the original source (a reading of the text,
    not a parse: good for the usual shapes of TypeScript and JavaScript)."""
    for i in range(index, max(index - 200, -1), -1):
        m = _DEFINITION.search(lines[i])
        if m:
            found = next(g for g in m.groups() if g)
            if found not in _KEYWORDS:
                return found
    return None
