"""clients/typescript/openapi.json, which the TypeScript client's types come from, is the API's current document."""

from __future__ import annotations

import difflib
import json
import re
import typing
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from ninja.operation import Operation
from pydantic import BaseModel, WithJsonSchema

from entrypoints.api import api
from entrypoints.cli.management.commands.openapi import openapi_document
from tests.support.live import ROOT

COMMITTED = ROOT / "clients" / "typescript" / "openapi.json"


def test_the_committed_document_is_the_apis() -> None:
    committed, current = COMMITTED.read_text(encoding="utf-8"), openapi_document()
    if committed != current:
        diff = difflib.unified_diff(committed.splitlines(), current.splitlines(), "committed", "current", lineterm="")
        shown = "\n".join(list(diff)[:40])
        pytest.fail(
            f"{COMMITTED.relative_to(ROOT)} is stale: run `make client` and commit it with src/schema.d.ts\n{shown}"
        )


def test_the_command_writes_the_served_document_with_sorted_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("openapi", output=str(tmp_path / "openapi.json"))
    written = (tmp_path / "openapi.json").read_text(encoding="utf-8")
    assert json.loads(written) == Client().get("/api/openapi.json").json()
    assert written == json.dumps(json.loads(written), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    call_command("openapi")
    assert capsys.readouterr().out == written


def generated_summary(operation_id: str) -> str:
    """What django-ninja writes when a view gives no summary: its function name in title case ("Login Mfa")."""
    return " ".join(word.capitalize() for word in re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower().split("_"))


def test_every_operation_has_a_written_summary_and_description() -> None:
    document = json.loads(openapi_document())
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) > 100
    problems = []
    for op in operations:
        summary, description = op.get("summary", ""), op.get("description", "")
        if not summary or summary == generated_summary(op["operationId"]) or len(summary) > 80:
            problems.append(f"{op['operationId']}: summary {summary!r} (write one: summary= on the decorator)")
        if len(description) < 40:
            problems.append(f"{op['operationId']}: description {description!r} (the view's docstring)")
    assert not problems, "\n".join(problems)
    assert "as modules land" not in document["info"]["description"]


def nested_types(annotation: Any) -> Iterator[type]:
    """The classes an annotation names, through Optional, unions, lists, dicts and Annotated."""
    if typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            yield from nested_types(argument)
    elif isinstance(annotation, type):
        yield annotation


def hand_written(annotation: Any) -> bool:
    """Whether an annotation (through Optional and unions) carries a schema written by hand (WithJsonSchema)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(m, WithJsonSchema) for m in annotation.__metadata__)
    return any(hand_written(argument) for argument in typing.get_args(annotation))


def schema_classes() -> dict[str, set[type]]:
    """Every model and enum an operation's parameters, body or responses reach, by the name pydantic gives its
    component (its class name). The operations' own wrappers (ninja's BodyParams, NinjaResponseSchema...) are
    flattened into the operation, so only what they reach is counted."""
    found: dict[str, set[type]] = {}

    def visit(model: type[BaseModel]) -> None:
        for info in model.model_fields.values():
            for cls in nested_types(info.annotation):
                if issubclass(cls, Enum | BaseModel) and cls not in found.get(cls.__name__, set()):
                    found.setdefault(cls.__name__, set()).add(cls)
                    if issubclass(cls, BaseModel):
                        visit(cls)

    for operation in operations():
        for model in [*operation.models, *operation.response_models.values()]:
            if isinstance(model, type) and issubclass(model, BaseModel):
                visit(model)
    return found


def operations() -> Iterator[Operation]:
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            yield from view.operations


def test_every_component_name_belongs_to_one_python_class() -> None:
    """ninja merges each operation's definitions into one `components.schemas`: two classes of one name (say two
    `Status` enums) overwrite each other there, and every reference to the name gets the last one's values."""
    clashes = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in schema_classes().items()
        if len(classes) > 1
    }
    assert not clashes, f"rename one of each (the component name is the class name): {clashes}"
    components = json.loads(openapi_document())["components"]["schemas"]
    assert not [name for name in components if "__" in name], "pydantic qualified a clashing name with its module"


def enum_values(schema: Any, components: dict[str, Any]) -> Iterator[list[Any]]:
    """The value lists of the enums a property's schema names: by reference to a component, or inline."""
    if isinstance(schema, dict):
        if "enum" in schema:
            yield schema["enum"]
        if "$ref" in schema:
            yield from enum_values(components.get(schema["$ref"].rsplit("/", 1)[-1], {}), components)
        for key, value in schema.items():
            if key != "enum":
                yield from enum_values(value, components)
    elif isinstance(schema, list):
        for value in schema:
            yield from enum_values(value, components)


def test_every_enum_property_carries_its_python_enums_values() -> None:
    components = json.loads(openapi_document())["components"]["schemas"]
    problems = []
    for name, classes in sorted(schema_classes().items()):
        for model in classes:
            if not issubclass(model, BaseModel) or name not in components:
                continue
            properties = components[name].get("properties", {})
            for field_name, info in model.model_fields.items():
                expected = sorted(
                    [member.value for member in cls] for cls in nested_types(info.annotation) if issubclass(cls, Enum)
                )
                if (
                    not expected
                    or any(isinstance(m, WithJsonSchema) for m in info.metadata)
                    or hand_written(info.annotation)
                ):
                    continue  # a schema written by hand (a narrowed enum, as StaffRole) says its own values
                key = info.serialization_alias or info.alias or field_name
                actual = sorted(enum_values(properties.get(key, {}), components))
                if actual != expected:
                    problems.append(f"{model.__module__}.{model.__qualname__}.{field_name}: {actual} != {expected}")
    assert not problems, "\n".join(problems)
