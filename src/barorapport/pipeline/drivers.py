"""The drivers of the one sequence of stages (``recipe.prepare``): how a stage is run.

- ``FailFast`` (``build``, ``serve``): the first error stops everything;
- ``Collect`` (``check``): each stage's error is kept, the stages that need its result are
  skipped, the others still run.

Both run the same ``prepare``: check and build cannot disagree on what is an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import BarorapportError, StrictError
from ..log import CountHandler


class FailFast:
    """The build's driver: run each stage; its error stops the build."""

    def __call__(self, name: str, step: Callable, /, *needs: Any, after: tuple = (),
                 **values: Any) -> Any:
        return step(*needs, **values)


class Collect:
    """check's driver: keep each stage's error and go on; a stage one of whose ``needs``
    (positional arguments) or ``after`` (stages it waits for) failed is skipped, and says
    so."""

    def __init__(self, progress: Callable[[str], None]):
        self.errors: list[str] = []
        self.progress = progress

    def __call__(self, name: str, step: Callable, /, *needs: Any, after: tuple = (),
                 **values: Any) -> Any:
        if any(need is None for need in (*needs, *after)):
            self.progress(f"{name}: skipped (an input above failed)")
            return None
        try:
            result = step(*needs, **values)
        except BarorapportError as error:
            self.errors.extend(str(error).splitlines())
            return None
        return True if result is None else result


def fail_if_strict(strict: bool, counter: CountHandler) -> None:
    if strict and counter.count:
        raise StrictError(f"--strict: {counter.count} warning(s); the previous outputs are "
                          "left as they were")
