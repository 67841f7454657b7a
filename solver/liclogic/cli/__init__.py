"""The ``liclogic`` command line (``liclogic.cli.main:main``): the group in ``main``, the
commands by family in ``questions``, ``specs`` and ``audits``, the options they share in
``options``, cached answers and printing in ``answer``, terminal output in ``report`` and
``report_inputs``. A new command goes in the family module it belongs to (or a new one) and is
added to the group in ``main``."""
