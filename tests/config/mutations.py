"""Every field of a YAML file's model, and values that do not belong there.

``fields(model)`` walks a pydantic model (nested models, dataclasses, lists, mappings, unions)
and gives each field's path with the annotation found there; ``mutated(document, path,
value)`` is the document with that field set (missing parents made). The tests of
``test_bad_values`` write each into a copy of ``tests/projects/mini`` and run ``check``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, RootModel

KEY = object()
"""In a path: a mapping's first key (``x`` when the mapping is empty)."""


def members(annotation: Any) -> list[Any]:
    """The types a value may take at ``annotation`` (``Annotated`` and unions unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return members(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [member for argument in typing.get_args(annotation)
                for member in members(argument)]
    return [annotation]


def _inner(member: Any) -> list[tuple[Any, Any]]:
    """(step of the path, annotation) of what ``member`` holds: fields, items or values."""
    origin = typing.get_origin(member)
    if isinstance(member, type) and issubclass(member, RootModel):
        return [((), member.model_fields["root"].annotation)]
    if isinstance(member, type) and issubclass(member, BaseModel):
        return [((name,), field.annotation) for name, field in member.model_fields.items()]
    if isinstance(member, type) and dataclasses.is_dataclass(member):
        hints = typing.get_type_hints(member, include_extras=True)
        return [((field.name,), hints[field.name]) for field in dataclasses.fields(member)]
    if origin is list:
        return [((0,), typing.get_args(member)[0])]
    if origin is dict:
        return [((KEY,), typing.get_args(member)[1])]
    return []


def fields(annotation: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every field under ``annotation`` (itself included), as (path, annotation)."""
    yield path, annotation
    for member in members(annotation):
        for step, inner in _inner(member):
            yield from fields(inner, path + step)


def shapes(annotation: Any) -> set[str]:
    """What YAML can give at ``annotation``: ``text``, ``number``, ``bool``, ``date``,
    ``choice`` (a Literal), ``list``, ``mapping``, ``null``."""
    found = set()
    for member in members(annotation):
        origin = typing.get_origin(member)
        if member is type(None):
            found.add("null")
        elif origin is typing.Literal:
            found.add("choice")
        elif origin is list:
            found.add("list")
        elif origin is dict or (isinstance(member, type) and (
                issubclass(member, BaseModel) or dataclasses.is_dataclass(member))):
            found.add("list" if (isinstance(member, type) and issubclass(member, RootModel)
                                 and "list" in shapes(member.model_fields["root"].annotation))
                      else "mapping")
        elif member is bool:
            found.add("bool")
        elif member in (int, float):
            found.add("number")
        elif member is dt.date:
            found.add("date")
        elif member is str:
            found.add("text")
        else:
            found.add("other")
    return found


def wrong_values(annotation: Any) -> list[Any]:
    """Values of a type the field never takes (an error is certain): a list where no list
    goes, a mapping where no mapping goes, a text where only containers go."""
    kinds = shapes(annotation)
    values = []
    if "list" not in kinds:
        values.append([1, 2])
    if "mapping" not in kinds:
        values.append({"k": 1})
    if kinds <= {"list", "mapping", "null"} and "mapping" in kinds:
        values.append("x")
    return values


ODD_TEXTS = ["", " ", "../../../etc/passwd", "/etc/passwd", "a\u202eb\u200b", "x" * 5000,
             "{{ 7 * 7 }}", "#zzzzzz", "javascript:alert(1)//"]
ODD_NUMBERS = [0, -1, 1.5, 10**30, math.inf, -math.inf, math.nan, "1e999"]
ODD_OTHERS = [None, True, "x", 7, dt.date(1900, 1, 1), [], {}, [None], [""], {"": None}]


def odd_values(annotation: Any) -> list[Any]:
    """Values of the right type, or near it, that are odd: empty, negative, infinite, not a
    number, paths leaving the project, markup, control characters..."""
    kinds = shapes(annotation)
    values = list(ODD_OTHERS)
    if kinds & {"text", "choice"}:
        values += ODD_TEXTS
    if "number" in kinds:
        values += ODD_NUMBERS
    if "list" in kinds:
        values += [[value] for value in (*ODD_TEXTS[:4], *ODD_NUMBERS[:3])]
    return values


def concrete(document: Any, path: tuple) -> tuple:
    """``path`` with each ``KEY`` replaced by the mapping's first key in ``document``."""
    steps, node = [], document
    for step in path:
        if step is KEY:
            step = next(iter(node), "x") if isinstance(node, dict) and node else "x"
        steps.append(step)
        if isinstance(step, int):
            node = node[0] if isinstance(node, list) and node else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
    return tuple(steps)


def mutated(node: Any, path: tuple, value: Any) -> Any:
    """``node`` with the value at ``path`` (a concrete one) replaced by ``value``; missing
    parents are made (a mapping, or a list of one item)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if isinstance(step, int):
        items = list(node) if isinstance(node, list) and node else [None]
        items[0] = mutated(items[0], rest, value)
        return items
    mapping = dict(node) if isinstance(node, dict) else {}
    mapping[step] = mutated(mapping.get(step), rest, value)
    return mapping
