"""``python -m liclogic``: the command line."""

from liclogic.cli.main import main

main()
