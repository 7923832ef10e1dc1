"""The Jinja environment of the publication's templates, and template errors for editors.

Templates are looked up in the project's ``templates/`` first, then in the built-in theme
(``barorapport/theme/templates``), file by file: a project overrides any layout or partial by
putting its own at the same relative path (see ``barorapport.theme``).

Autoescape is on for ``.html.j2`` templates (``select_autoescape`` does not match ``.j2`` by
default) and undefined names are errors (``StrictUndefined``). Every error names the
template's file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..errors import BarorapportError, TemplateError
from ..formatting import FILTERS
from ..paths import display_path
from ..theme import TEMPLATES_DIR as THEME_TEMPLATES
from .outline import OUTLINE_FILTERS


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """The environment of a project whose own templates are in ``templates_dir`` (which may
    not exist: the theme's are used alone)."""
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(templates_dir),
                                    jinja2.FileSystemLoader(THEME_TEMPLATES)]),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "xml.j2"),
            default_for_string=True,
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    environment.filters.update(OUTLINE_FILTERS)
    # The wording catalogue, for the sentences the theme's templates print.
    environment.globals["say"] = _say
    return environment


def _say(code: str, **values) -> Markup:
    """A message for a template: its text escaped, the values filled in escaped too unless
    they are markup already (a template's ``{% set %}`` block), so that a sentence can hold
    a ``<span>`` or an ``<i lang="en">`` the template gives it."""
    from ..wording import message

    return Markup(escape(message(code))).format(**values)


def project_templates(environment: jinja2.Environment) -> Path:
    """The project's ``templates/`` folder of an environment made by ``make_environment``."""
    return Path(environment.loader.loaders[0].searchpath[0])


def _template_frame(traceback, templates_dir: Path) -> tuple[str, int] | None:
    """The innermost traceback frame that runs a template: its file and line."""
    found = None
    roots = (str(templates_dir.resolve()), str(THEME_TEMPLATES.resolve()))
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.startswith(roots) or filename.endswith(".j2"):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def template_error(error: Exception, templates_dir: Path, name: str) -> TemplateError:
    """A ``TemplateError`` saying where in which template ``error`` happened."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        filename = error.filename or str(templates_dir / (error.name or name))
        return TemplateError(f"{display_path(Path(filename))}:{error.lineno}: {error.message}")
    frame = _template_frame(sys.exc_info()[2] or error.__traceback__, templates_dir)
    if isinstance(error, jinja2.TemplateNotFound):
        if frame is not None and error.name != name:  # a partial or layout a template names
            return TemplateError(f"{display_path(Path(frame[0]))}:{frame[1]}: "
                                 f"{_not_found(error.name)}")
        return TemplateError(f"{display_path(templates_dir / error.name)}: template not found "
                             "(neither in the project nor in the built-in theme)")
    filename, line = frame if frame else (str(templates_dir / name), None)
    where = display_path(Path(filename)) + (f":{line}" if line else "")
    message = error.message if isinstance(error, jinja2.TemplateError) and error.message \
        else str(error)
    if not isinstance(error, jinja2.TemplateError | BarorapportError):
        message = f"{type(error).__name__}: {message}"
    return TemplateError(f"{where}: {message}")


def _not_found(name: str) -> str:
    return (f"template '{name}' not found (neither in the project's templates/ nor in the "
            "built-in theme)")


def missing_templates(environment: jinja2.Environment, parsed: jinja2.nodes.Template,
                      filename: str) -> list[str]:
    """``file:line: template '...' not found`` for each template ``parsed`` includes,
    imports or extends by a literal name that neither the project nor the theme holds:
    every one at once, before anything is rendered."""
    from jinja2 import nodes

    problems = []
    for node in parsed.find_all((nodes.Include, nodes.Import, nodes.FromImport,
                                 nodes.Extends)):
        if not isinstance(node.template, nodes.Const) or getattr(node, "ignore_missing", False):
            continue
        names = node.template.value
        names = [names] if isinstance(names, str) else list(names) \
            if isinstance(names, list | tuple) else []
        if names and not any(_exists(environment, name) for name in names):
            problems.append(f"{display_path(Path(filename))}:{node.lineno}: "
                            f"{_not_found(names[0])}")
    return problems


def _exists(environment: jinja2.Environment, name: str) -> bool:
    try:
        environment.loader.get_source(environment, name)
    except jinja2.TemplateNotFound:
        return False
    return True
