"""Two editions' questionnaires compared, question by question (matched by id).

Input: the previous and the current ``Questionnaire``. Output: a ``QuestionnaireDiff``: the
questions added, removed and changed (wording, type, options, items, scale), each change
with an English description for ``barorapport diff`` and the code of the reason printed
under a figure whose comparison across years it rules out (worded by the theme's
catalogue). ``Comparability`` answers, for one figure, whether it may be compared with the
previous edition, and if not why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..wording import say
from .questionnaire import Option, Question, Questionnaire

QUESTION_WIDE = "question"
"""The ``scope`` of a change that rules out every figure of the question."""


@dataclass(frozen=True)
class Change:
    """One difference in a question between two editions."""

    description: str
    """English, for ``barorapport diff``: ``option added: 3 "Direction"``."""
    reason: str
    """The wording catalogue's code of the footnote under a figure left uncompared
    (``compare.option.added``), worded in the publication's language with the previous
    edition's name."""
    scope: str = QUESTION_WIDE
    """``question`` when every figure of the question is affected, else the code of the one
    grid item affected (the items of a grid have each their own base)."""


@dataclass(frozen=True)
class QuestionChanges:
    question: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class QuestionnaireDiff:
    previous: str
    current: str
    added: tuple[Question, ...]
    removed: tuple[Question, ...]
    changed: tuple[QuestionChanges, ...]
    unchanged: tuple[str, ...] = field(default=())

    def changes_of(self, question_id: str) -> tuple[Change, ...]:
        for entry in self.changed:
            if entry.question == question_id:
                return entry.changes
        return ()


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


REASONS = {
    "option": {"added": "compare.option.added", "removed": "compare.option.removed",
               "relabelled": "compare.option.relabelled",
               "reordered": "compare.option.reordered"},
    "item": {"added": "compare.item.added", "removed": "compare.item.removed",
             "relabelled": "compare.item.relabelled"},
    "level": dict.fromkeys(("added", "removed", "relabelled", "reordered"), "compare.level"),
}
"""The wording catalogue's code of each footnote, by what changed (``theme/messages``)."""


def _choice_changes(old: list[Option], new: list[Option], what: str,
                    per_item: bool = False) -> list[Change]:
    """Options, items or scale levels added, removed or relabelled (matched by code)."""
    reasons = REASONS[what]
    old_labels = {choice.code: choice.label for choice in old}
    new_labels = {choice.code: choice.label for choice in new}
    changes = []
    for choice in new:
        if choice.code not in old_labels:
            changes.append(Change(f"{what} added: {choice.code} {_quoted(choice.label)}",
                                  reasons["added"], choice.code if per_item else QUESTION_WIDE))
    for choice in old:
        if choice.code not in new_labels:
            changes.append(Change(f"{what} removed: {choice.code} {_quoted(choice.label)}",
                                  reasons["removed"],
                                  choice.code if per_item else QUESTION_WIDE))
        elif new_labels[choice.code] != choice.label:
            changes.append(Change(
                f"{what} relabelled: {choice.code} {_quoted(choice.label)} -> "
                f"{_quoted(new_labels[choice.code])}",
                reasons["relabelled"], choice.code if per_item else QUESTION_WIDE))
    if not changes and not per_item and [c.code for c in old] != [c.code for c in new]:
        # The same choices in another order: the order a list is read in shifts answers
        # (primacy effects), so the figures are not compared either.
        changes.append(Change(f"{what}s reordered: {', '.join(c.code for c in new)}",
                              reasons["reordered"]))
    return changes


def _scale_changes(old_questionnaire: Questionnaire, old: Question,
                   new_questionnaire: Questionnaire, new: Question) -> list[Change]:
    old_scale = old_questionnaire.scale_of(old)
    new_scale = new_questionnaire.scale_of(new)
    prefix = f"scale {old_scale.id}" + (f" -> {new_scale.id}" if new_scale.id != old_scale.id
                                        else "")
    changes = [Change(f"{prefix}: {change.description}", change.reason)
               for change in _choice_changes(old_scale.levels, new_scale.levels, "level")]
    old_groups = {group.id: group for group in old_scale.groups}
    new_groups = {group.id: group for group in new_scale.groups}
    for group_id in sorted(old_groups.keys() | new_groups.keys()):
        before, after = old_groups.get(group_id), new_groups.get(group_id)
        if before == after:
            continue
        if before is None:
            text = f"group added: {group_id} {_quoted(after.label)}"
        elif after is None:
            text = f"group removed: {group_id} {_quoted(before.label)}"
        else:
            text = (f"group {group_id} changed: {_quoted(before.label)} "
                    f"[{', '.join(before.levels)}] -> {_quoted(after.label)} "
                    f"[{', '.join(after.levels)}]")
        changes.append(Change(f"{prefix}: {text}", "compare.scale_groups"))
    return changes


def question_changes(old_questionnaire: Questionnaire, old: Question,
                     new_questionnaire: Questionnaire, new: Question) -> list[Change]:
    """What changed in a question between two editions (nothing: an empty list)."""
    changes = []
    if old.text != new.text:
        changes.append(Change(f"wording: {_quoted(old.text)} -> {_quoted(new.text)}",
                              "compare.wording"))
    if old.type != new.type:
        changes.append(Change(f"type: {old.type} -> {new.type}", "compare.type"))
        return changes  # options, items and scales of different types do not compare
    changes += _choice_changes(old.options, new.options, "option")
    if new.type == "grid":
        changes += _choice_changes(old.items, new.items, "item", per_item=True)
        changes += _scale_changes(old_questionnaire, old, new_questionnaire, new)
    return changes


def compare_questionnaires(previous: Questionnaire, current: Questionnaire,
                           previous_name: str = "previous",
                           current_name: str = "current") -> QuestionnaireDiff:
    """Questions matched by id: added, removed, changed, in questionnaire order."""
    old_by_id = {question.id: question for question in previous.questions}
    new_ids = {question.id for question in current.questions}
    changed, unchanged = [], []
    for question in current.questions:
        if question.id not in old_by_id:
            continue
        changes = question_changes(previous, old_by_id[question.id], current, question)
        if changes:
            changed.append(QuestionChanges(question.id, tuple(changes)))
        else:
            unchanged.append(question.id)
    return QuestionnaireDiff(
        previous=previous_name, current=current_name,
        added=tuple(q for q in current.questions if q.id not in old_by_id),
        removed=tuple(q for q in previous.questions if q.id not in new_ids),
        changed=tuple(changed), unchanged=tuple(unchanged))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def format_diff(diff: QuestionnaireDiff) -> str:
    """The diff as plain text, one question per line and one change per indented line."""
    lines = [f"Questionnaire {diff.previous} -> {diff.current}: "
             f"{_count(len(diff.added), 'question')} added, {len(diff.removed)} removed, "
             f"{len(diff.changed)} changed, {len(diff.unchanged)} unchanged."]
    if diff.added:
        lines += ["", "Added:"]
        lines += [f"  {q.id} ({q.type}) {_quoted(q.text)}" for q in diff.added]
    if diff.removed:
        lines += ["", "Removed:"]
        lines += [f"  {q.id} ({q.type}) {_quoted(q.text)}" for q in diff.removed]
    if diff.changed:
        lines += ["", "Changed:"]
        for entry in diff.changed:
            lines.append(f"  {entry.question}")
            lines += [f"    {change.description}" for change in entry.changes]
    if not (diff.added or diff.removed or diff.changed):
        lines += ["", "Every question is unchanged: all figures compare."]
    return "\n".join(lines)


@dataclass(frozen=True)
class Comparability:
    """Whether each figure of the current edition compares with the previous edition's.

    ``themes`` hold, per open question id, each theme id's rules (any value that compares
    by equality) in the previous and the current edition.
    """

    diff: QuestionnaireDiff
    previous_themes: dict = field(default_factory=dict)
    current_themes: dict = field(default_factory=dict)

    def reason(self, question: str, item: str | None = None, option: str | None = None,
               measure: str | None = None) -> str | None:
        """Why the figure is not compared with the previous edition; None when it is."""
        if any(q.id == question for q in self.diff.added):
            return say("compare.question_added", previous=self.diff.previous)
        for change in self.diff.changes_of(question):
            if change.scope in (QUESTION_WIDE, item):
                return say(change.reason, previous=self.diff.previous)
        if measure == "theme" and option is not None:
            before = self.previous_themes.get(question, {}).get(option)
            after = self.current_themes.get(question, {}).get(option)
            if before is None:
                return say("compare.theme_added", previous=self.diff.previous)
            if before != after:
                return say("compare.theme_changed", previous=self.diff.previous)
        return None
