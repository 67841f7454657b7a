"""``python -m liclogic``: the command line."""

from liclogic.cli.main import run

run()
