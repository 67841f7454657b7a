"""The ``liclogic`` command line (``liclogic.cli.main:main``): the commands in ``main``, the
options they share in ``options``, cached answers and printing in ``answer``, terminal
output in ``report`` and ``report_inputs``."""
