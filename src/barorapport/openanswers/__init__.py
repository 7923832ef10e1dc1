"""Open answers: theme coding and the quotations (testimonies) the publication uses."""

from .testimonies import Testimony, load_testimonies, verify_testimonies
from .themes import ThemeRules, load_themes, match_themes

__all__ = ["Testimony", "ThemeRules", "load_testimonies", "load_themes", "match_themes",
           "verify_testimonies"]
