"""Strict reading of what clients send: JSON without NaN or infinities, no NUL in any text, and path ids that fit
a bigint. PostgreSQL refuses NUL in text and overflows past bigint: both would otherwise be a 500 deep inside."""

from __future__ import annotations

import json
import re
from typing import Any

from django.http import HttpRequest
from django.urls import register_converter
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from domain.shared.errors import InvalidInput, Unprocessable
from domain.shared.pagination import MAX_ID

# a JSON \u0000 escape: an odd number of backslashes before u0000 (an even number is an escaped backslash)
_NUL_ESCAPE = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")


class TextHasNul(Unprocessable):
    code = "invalid_text"

    def __init__(self, where: str):
        super().__init__("Text may not contain NUL characters.", details={"in": where})


class NotFinite(Unprocessable):
    code = "invalid_number"

    def __init__(self, token: str):
        super().__init__("Numbers must be finite: NaN and infinities are not JSON.", details={"number": token[:20]})


def _no_constant(token: str) -> Any:
    raise NotFinite(token)


def _finite_float(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):  # 1e400
        raise NotFinite(token)
    return value


class TooDeep(InvalidInput):
    code = "bad_request"

    def __init__(self) -> None:
        super().__init__("The JSON body is nested too deeply to read.")


class NotAnObject(Unprocessable):
    """Every JSON body of this API is an object. Ninja's Schema reads a missing attribute of any other value (a list,
    a number, a string) as the field's default, so `[]` would pass as `{}`: refused here, for every operation."""

    def __init__(self) -> None:
        fields = [{"loc": ["body"], "msg": "must be a JSON object", "type": "dict_type"}]
        super().__init__("The JSON body must be an object.", details={"fields": fields})


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        body = request.body
        if _NUL_ESCAPE.search(body):
            raise TextHasNul("body")
        try:
            data = json.loads(body, parse_constant=_no_constant, parse_float=_finite_float)
        except RecursionError as exc:  # `[[[[…` a hundred thousand deep: a 400, as any unreadable body
            raise TooDeep() from exc
        if not isinstance(data, dict):
            raise NotAnObject()
        return data

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
                raise TextHasNul("query")
        return super().parse_querydict(data, list_fields, request)


class IdConverter:
    """`{id:name}` in a route: a positive whole number that fits a bigint; anything else is no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # Django reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")  # routes are turned into URL patterns later, when api.urls is read
