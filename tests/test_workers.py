"""The many-license commands share work between this process and jobs - 1 workers
(``queries.workers.shared``): every task runs once, wherever it runs, and the answer is the
one a single process gives."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

from liclogic.lang.library import bundled_library
from liclogic.queries.matrix import matrix
from liclogic.queries.osd import osd_rows
from liclogic.queries.workers import shared


def test_every_task_runs_once_here_or_in_a_worker() -> None:
    tasks = [-i for i in range(25)]
    here: list[int] = []

    def local(task: int) -> int:
        here.append(task)
        return abs(task)

    with ProcessPoolExecutor(max_workers=1) as workers:
        got = list(shared(workers, 1, abs, local, tasks))
    assert sorted(got) == list(range(25))
    assert here, "this process took none of the tasks"
    assert len(here) <= len(tasks) - 2, "the tasks first handed to the worker ran here too"


def test_matrix_and_osd_with_two_processes_answer_as_one() -> None:
    lib = bundled_library()
    ids = ["Apache-2.0", "BSD-3-Clause", "CC-BY-4.0", "CC-BY-NC-4.0", "EPL-2.0",
           "GPL-2.0-only", "GPL-3.0-or-later", "LGPL-2.1-only", "MIT", "MPL-2.0"]
    assert matrix(lib, ids, jobs=2) == matrix(lib, ids, jobs=1)
    names = ids * 2  # osd --all shares out 16 licenses or more
    assert osd_rows(lib, names, jobs=2) == osd_rows(lib, names, jobs=1)


def test_workers_have_the_library_of_the_calling_process() -> None:
    """Workers decode the caller's library (``workers._shipped``), not the bundled one: a
    library with a license no spec file on disk defines answers alike with two processes."""
    from liclogic.lang.library import build_library
    from liclogic.lang.parse import parse_text
    from liclogic.testing.asserts import bundled_files

    text = ('license "LicenseRef-Only-Here" {\n  kind software\n'
            '  permit distribute cite "1"\n  require notice cite "2"\n}\n')
    lib = build_library([*bundled_files(), parse_text(text, "here.lic")])
    ids = ["LicenseRef-Only-Here", "MIT", "GPL-3.0-only", "Apache-2.0", "BSD-3-Clause",
           "MPL-2.0", "LGPL-2.1-only", "CC-BY-4.0"]
    assert matrix(lib, ids, jobs=2) == matrix(lib, ids, jobs=1)
    assert osd_rows(lib, ids * 2, jobs=2) == osd_rows(lib, ids * 2, jobs=1)
