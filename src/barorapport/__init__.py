"""barorapport: from a survey export to a styled PDF and a web edition, reproducibly."""

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata is imported only when the version is asked for: it costs a tenth
    # of a second, which a command that never prints the version should not pay.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("barorapport")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'barorapport' has no attribute {name!r}")
