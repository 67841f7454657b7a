"""The engine: what a license means at a scenario, twice.

``evaluate`` is the reference evaluator — plain Python deciding one concrete scenario from the
syntax tree, the executable specification; ``encoding`` and ``compile`` are its Z3 twin;
``solve`` runs queries with explicit settings (``settings``) and replays every witness through
the evaluator; ``explain`` turns models into readable witnesses; ``context`` narrows the
scenarios a query ranges over; ``result`` is what every check returns.
"""
