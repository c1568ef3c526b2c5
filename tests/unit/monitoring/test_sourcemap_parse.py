"""The source map reader: Base64 VLQ, segments per generated line, and the lookup of a minified position."""

from __future__ import annotations

import json

import pytest

from domain.monitoring.sourcemap_parse import SourceMap, SourceMapError, decode_vlq, enclosing_function
from domain.monitoring.sourcemaps import map_name


def test_vlq_numbers_are_signed_and_span_several_digits() -> None:
    assert decode_vlq("AAAA") == [0, 0, 0, 0]
    assert decode_vlq("D") == [-1]
    assert decode_vlq("gB") == [16]
    assert decode_vlq("AAgBC") == [0, 0, 16, 1]
    assert decode_vlq("2HwBA") == [123, 24, 0]
    for broken in ("g", "A*", "gggggggggggggB"):
        with pytest.raises(SourceMapError):
            decode_vlq(broken)


SOURCE = "export function loadLesson(id: number) {\n  const lesson = lessons[id];\n  return lesson.title;\n}\n"
# app.js (one line): `function a(b){const c=d[b];return c.title}`, mapped by hand
MAP = {
    "version": 3,
    "file": "app.js",
    "sources": ["src/lesson.ts"],
    "sourcesContent": [SOURCE],
    "names": ["loadLesson", "lesson", "title"],
    # col 0 -> 1:0; col 9 -> 1:16 (loadLesson); col 14 -> 2:2; col 28 -> 3:2; col 37 -> 3:16 (title)
    "mappings": "AAAA,SAAgBA,KACd,cACA,SAAcC",
}


def test_a_minified_position_finds_its_original_line_column_and_function() -> None:
    m = SourceMap.parse(json.dumps(MAP))
    found = m.lookup(1, 30)  # inside `return c.title`
    assert found is not None
    assert (found.source, found.line, found.column) == ("src/lesson.ts", 3, 3)
    assert found.function == "loadLesson"
    assert found.context_line == "return lesson.title;"
    assert m.lookup(1, 10) is not None and m.lookup(1, 10).name == "loadLesson"  # type: ignore[union-attr]
    assert m.lookup(2, 1) is None and m.lookup(0, 1) is None


def test_what_is_not_a_version_3_map_is_refused() -> None:
    for text in ("nope", json.dumps({"version": 2, "mappings": ""}), json.dumps([1]), json.dumps({"version": 3})):
        with pytest.raises(SourceMapError):
            SourceMap.parse(text)


def test_the_enclosing_function_is_read_from_the_usual_shapes() -> None:
    lines = [
        "const onClick = async (e: Event) => {",
        "  if (x) {",
        "    run();",
        "class A {",
        "  private async load(id: number): Promise<void> {",
        "    return 1;",
    ]
    assert enclosing_function(lines, 2) == "onClick"
    assert enclosing_function(lines, 5) == "load"


def test_a_frame_names_its_map_by_the_minified_file() -> None:
    assert map_name("https://learn.example.com/static/app.3f9a.js?v=2#x") == "app.3f9a.js"
    assert map_name("app.3f9a.js.map") == "app.3f9a.js"
