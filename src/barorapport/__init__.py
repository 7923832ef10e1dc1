"""barorapport: from a survey export to a styled PDF and a web edition, reproducibly."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("barorapport")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
