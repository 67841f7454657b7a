"""``liclogic serve``: a local web application on the engine — a JSON API that mirrors the
command line (``questions``, ``app``), the explorer's pages and the spec playground
(``playground``). Starlette and uvicorn come with the ``serve`` extra; nothing here is
imported unless the command runs."""
