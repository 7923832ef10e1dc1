"""serve's driver: a web edition's chapters rendered again from what the last whole build
prepared, when only chapter templates were edited."""

from __future__ import annotations

from dataclasses import replace

from ..config.project import Edition
from ..config.report import Report
from ..publish.web import web_pages
from .recipe import words_of
from .stages import render_chapter, warn_images_without_alt, warn_unused_testimonies
from .values import Prepared


def render_again(prepared: Prepared, edition: Edition, report: Report, changed: set[str]
                 ) -> Prepared:
    """``prepared`` (a web edition's) with the chapters whose ids are ``changed`` rendered
    again, and the web pages: what ``serve`` does when only chapter templates were edited.

    Each chapter renders from the numbering it started from; the chapters after the last
    changed one render again too until the numbering they start from is the one they had,
    so that every page is the one a whole build would give."""
    with words_of(report, edition):
        return _render_again(prepared, edition, report, changed)


def _render_again(prepared: Prepared, edition: Edition, report: Report, changed: set[str]
                  ) -> Prepared:
    numbering, before = prepared.context["_numbering"], prepared.marks
    chapters, marks = list(prepared.chapters), list(before)
    order = [chapter.id for chapter in report.chapters]
    first, last = min(map(order.index, changed)), max(map(order.index, changed))
    numbering.restore(before[first])
    for index in range(first, len(order)):
        if index > last and numbering.mark()[:2] == before[index][:2]:
            numbering.restore(before[-1])  # the chapters after it start where they did
            break
        chapters[index] = render_chapter(prepared.environment, report.chapters[index],
                                         prepared.context)
        marks[index + 1] = numbering.mark()
    pages = web_pages(prepared.environment, report, prepared.context, chapters)
    warn_images_without_alt(pages)
    warn_unused_testimonies(edition, prepared.context, prepared.testimonies)
    return replace(prepared, chapters=chapters, pages=pages, marks=tuple(marks))
