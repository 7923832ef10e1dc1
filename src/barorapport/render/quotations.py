"""Quotations that follow one another with nothing between them: a reader loses the thread
after a few, so a figure, a lead-in or a sentence of the editor's should come between.

Input: a rendered chapter's HTML. Output: the runs of more than ``MOST_IN_A_ROW``
quotations (``partials/testimony.html.j2`` blocks) with only blank space between them, each
as its length and the ids of its first and last quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MOST_IN_A_ROW = 3
"""More quotations than this in a row, with no figure, lead-in or text between, is a run a
check warns about."""
_QUOTATION = re.compile(r'<figure class="testimony"[^>]*\bdata-testimony="([^"]*)"[^>]*>'
                        r".*?</figure>", re.S)


@dataclass(frozen=True)
class Run:
    count: int
    first: str
    last: str


def long_runs(markup: str, most: int = MOST_IN_A_ROW) -> list[Run]:
    """The runs of more than ``most`` quotations in a row in ``markup``."""
    runs: list[list[str]] = []
    end = None
    for match in _QUOTATION.finditer(str(markup)):
        between = markup[end:match.start()] if end is not None else None
        if between is not None and not between.strip():
            runs[-1].append(match[1])
        else:
            runs.append([match[1]])
        end = match.end()
    return [Run(len(ids), ids[0], ids[-1]) for ids in runs if len(ids) > most]
