"""YAML files in, validated models out, every problem reported with its file, line and column.

PyYAML's marks are kept beside the loaded values (``Located`` containers), so that a
pydantic error at ``questions[3].type`` becomes ``questionnaire.yaml:14:11: ...``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ..errors import ConfigError
from ..paths import display_path

Model = TypeVar("Model", bound=BaseModel)


class StrictModel(BaseModel):
    """Base of every configuration model: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocatedDict(dict):
    """A mapping that remembers where each of its keys stands in the YAML file."""

    marks: dict[Any, tuple[int, int]]
    mark: tuple[int, int]


class LocatedList(list):
    """A sequence that remembers where each of its items stands in the YAML file."""

    marks: list[tuple[int, int]]
    mark: tuple[int, int]


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _LocatingLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry the marks of their children."""


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    result = LocatedDict()
    result.marks, result.mark = {}, _position(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            line, column = _position(key_node)
            raise ConfigError(f"{loader.name}:{line}:{column}: duplicate key {key!r}")
        result[key] = loader.construct_object(value_node, deep=True)
        result.marks[key] = _position(value_node)
    return result


def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.marks, result.mark = [_position(child) for child in node.value], _position(node)
    return result


def _construct_timestamp(loader: _LocatingLoader, node: yaml.ScalarNode):
    """A date or time as PyYAML reads it; an impossible one (``2024-02-30``) is an error with
    its place, not a crash."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        line, column = _position(node)
        raise ConfigError(f"{loader.name}:{line}:{column}: {node.value!r} is not a date that "
                          f"exists ({error}); expected YYYY-MM-DD") from None


_LocatingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LocatingLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
)


def load_yaml(path: Path) -> Any:
    """Load a YAML file, keeping the position of every mapping key and list item."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{shown}: file not found") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{shown}: not UTF-8 text (byte {error.start})") from None
    loader = _LocatingLoader(text)
    loader.name = shown
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise ConfigError(f"{where}: {error.problem}") from None
    except yaml.reader.ReaderError as error:  # a control character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise ConfigError(f"{shown}:{line}:{column}: character U+{error.character:04X} is "
                          "not allowed in a YAML file (a control character)") from None
    finally:
        loader.dispose()


def locate(data: Any, loc: tuple[Any, ...]) -> tuple[int, int] | None:
    """The line and column of the value at ``loc`` (a pydantic error location) in ``data``."""
    position = getattr(data, "mark", None)
    for key in loc:
        marks = getattr(data, "marks", None)
        if isinstance(data, LocatedDict) and key in data:
            position, data = marks[key], data[key]
        elif isinstance(data, LocatedList) and isinstance(key, int) and key < len(data):
            position, data = marks[key], data[key]
        else:
            break
    return position


def where(path: Path, data: Any, loc: tuple[Any, ...]) -> str:
    """``file:line:column`` for the value at ``loc``, or just ``file`` when unknown. A
    file whose whole content is a text or a number, or empty, is placed at its start."""
    position = locate(data, loc)
    if position is None and not isinstance(data, LocatedDict | LocatedList):
        position = _document_start(path)
    shown = display_path(path)
    return f"{shown}:{position[0]}:{position[1]}" if position else shown


def _document_start(path: Path) -> tuple[int, int] | None:
    """Where a YAML file's only value starts (after comments), 1:1 for an empty file."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return _position(node) if node is not None else (1, 1)


_SHAPES = {str: "a text", int: "a number", float: "a number", bool: "true or false",
           list: "a list", LocatedList: "a list", dict: "a mapping", LocatedDict: "a mapping",
           type(None): "nothing", dt.date: "a date", dt.datetime: "a date and time"}
"""What a YAML value is, in a user's words."""


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"] if not str(part).startswith("function-"))
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        return f"unknown key '{error['loc'][-1]}'"
    if error["type"] == "missing":
        return f"'{loc}' is required"
    if "input" in error and error["type"].startswith(("literal", "enum")):
        return f"{loc}: {error['input']!r}: {message}"
    if error["type"] in ("model_type", "dataclass_type", "dict_type"):
        shape = _SHAPES.get(type(error.get("input")), "a value")
        message = f"expected a mapping (key: value lines), not {shape}"
    elif error["type"] in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        message = "expected a date (YYYY-MM-DD)"
    return f"{loc}: {message}" if loc else message


def validate(model: type[Model] | TypeAdapter, data: Any, path: Path,
             context: dict | None = None) -> Any:
    """Validate ``data`` loaded from ``path`` against ``model``; report every problem at once."""
    if data is None:
        data = {}
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data, context=context)
        return model.model_validate(data, context=context)
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            loc = tuple(part for part in detail["loc"] if not str(part).startswith("function-"))
            if detail["type"] == "missing":
                loc = loc[:-1]  # point at the mapping that lacks the key
            problems.append(f"{where(path, data, loc)}: {_describe(detail)}")
        raise ConfigError("\n".join(problems)) from None
