"""liclogic: a formal license logic."""

from liclogic.version import __version__

__all__ = ["__version__"]
