"""Open answers: theme coding, the quotations (testimonies) the publication uses, and the
privacy gate every quotation passes before it is published."""

from .privacy import check_privacy, scan, testimony_excerpts
from .testimonies import Testimony, load_testimonies, verify_testimonies
from .themes import ThemeRules, load_themes, match_themes

__all__ = ["Testimony", "ThemeRules", "check_privacy", "load_testimonies", "load_themes",
           "match_themes", "scan", "testimony_excerpts", "verify_testimonies"]
