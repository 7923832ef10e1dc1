"""Stage 4: figures, charts and testimonies in, chapters as HTML out."""

from .chapters import RenderedChapter, render_chapters, render_layout
from .environment import make_environment

__all__ = ["RenderedChapter", "make_environment", "render_chapters", "render_layout"]
