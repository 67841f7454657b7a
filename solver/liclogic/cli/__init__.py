"""The ``liclogic`` command line."""

from liclogic.cli.main import main

__all__ = ["main"]
