"""The one-query figures of benchmarks/run.py: `liclogic compat MIT GPL-3.0-only` as a whole
process (answer cached, a new question with the library cached, nothing cached), from this
checkout (its modules compiled to bytecode first, as an ordinary run leaves them) and from the
wheel built from it, installed as `pip install liclogic` installs it.

The wheel: built from this tree (`pip wheel --no-deps`, whose build hook ships the pre-built
library), installed into a virtual environment of its own (pip compiles its modules to
bytecode, as it does for every user). The environment finds the other dependencies where this
one has them (a path file naming this environment's site-packages, after its own): nothing is
downloaded for it, and the checkout's editable install is not seen (a path file's folder has
its own path files ignored).
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import site
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.process import ROOT, run_process, timed, tool


def one_query(n: int) -> dict:
    """`liclogic compat MIT GPL-3.0-only` as a whole process, next to the peers' verify:
    answered from the on-disk cache; a question not asked before with the library (parsed
    specs, per-license profiles) cached by an earlier run of another question (a fresh copy
    of that cache each run); no cache. Each from this checkout and from the wheel built from
    it, installed as `pip install liclogic` installs it (``installed_wheel``: compiled to
    bytecode, the pre-built library shipped). Wall and CPU seconds (user + system of the
    process tree), as benchmarks/latency.py measures them: on a shared machine CPU is the
    steadier."""
    checkout = {"liclogic": tool("liclogic") or "liclogic"}
    # the checkout as it is after an ordinary run: its modules compiled to bytecode (this
    # machine's environment sets PYTHONDONTWRITEBYTECODE, under which no run writes any)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "solver")],
                   check=False, capture_output=True)
    try:
        with installed_wheel() as wheel:
            return _one_query(n, {**checkout, "liclogic wheel": wheel})
    except WheelUnavailable as e:  # e.g. no network for the build backend: say so, go on
        print(f"one_query: the wheel is not measured: {e}", file=sys.stderr)
        return _one_query(n, checkout)


class WheelUnavailable(Exception):
    """The wheel could not be built or installed here; the reason in pip's own words."""


def _one_query(n: int, installs: dict[str, str]) -> dict:
    question = ["compat", "MIT", "GPL-3.0-only"]
    made: list[str] = []

    def temp(prefix: str) -> str:
        made.append(tempfile.mkdtemp(prefix=f"liclogic-bench-{prefix}-"))
        return made[-1]

    def fresh_copy(library_only: str) -> Callable[[], dict[str, str]]:
        def copy() -> dict[str, str]:
            d = temp("run")
            shutil.copytree(library_only, d, dirs_exist_ok=True)
            return {"LICLOGIC_CACHE_DIR": d}
        return copy

    cmds: dict[str, tuple[list[str], Callable[[], dict[str, str]]]] = {}
    for name, exe in installs.items():
        cache, library_only = temp("cache"), temp("library")
        run_process([exe, *question], {"LICLOGIC_CACHE_DIR": cache})  # the answer, cached
        run_process([exe, "compat", "Apache-2.0", "MIT"], {"LICLOGIC_CACHE_DIR": library_only})
        cmds[f"{name} (cached answer)"] = (
            [exe, *question], lambda cache=cache: {"LICLOGIC_CACHE_DIR": cache})
        cmds[f"{name} (new question, library cached)"] = ([exe, *question],
                                                          fresh_copy(library_only))
        cmds[f"{name} (no cache)"] = ([exe, *question], lambda: {"LICLOGIC_NO_CACHE": "1"})
    if tool("flict"):
        cmds["flict verify"] = (
            [tool("flict"), "verify", "-il", "MIT", "-ol", "GPL-3.0-only"], dict)
    if tool("licomp-toolkit"):
        cmds["licomp-toolkit verify"] = (
            [tool("licomp-toolkit"), "verify", "-il", "MIT", "-ol", "GPL-3.0-only"], dict)
    time.sleep(2.5)  # past the racy window of files just written (cache.RACY_SECONDS)
    runs: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(n):  # interleaved, so load changes hit every command alike
        for name, (cmd, env) in cmds.items():
            wall, used = timed(cmd, env())
            runs[name].append(wall)
            cpu[name].append(used)
    for d in made:
        shutil.rmtree(d, ignore_errors=True)
    return {name: {"median_s": statistics.median(r), "runs": r,
                   "cpu_median_s": statistics.median(cpu[name]), "cpu_runs": cpu[name]}
            for name, r in runs.items()}


@contextlib.contextmanager
def installed_wheel() -> Iterator[str]:
    work = Path(tempfile.mkdtemp(prefix="liclogic-bench-wheel-"))
    try:
        yield install(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        lines = [ln.strip() for ln in done.stderr.splitlines() if ln.strip()]
        errors = list(dict.fromkeys(ln for ln in lines if ln.startswith("ERROR:")))
        raise WheelUnavailable(f"{what} failed (exit {done.returncode}): "
                               + (" / ".join(errors[:3] or lines[-2:]) or "no message"))


def install(work: Path) -> str:
    """Build the wheel and install it into a new environment under ``work``; its executable.
    The build backend comes from the package index (pip's build isolation) unless it is
    installed here already, so that a machine without network can still build."""
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    _run([*pip, "wheel", "--no-deps", "-q", *isolation, "-w", str(work / "dist"), str(ROOT)],
         "pip wheel (the build backend, hatchling, comes from the package index)")
    (wheel,) = (work / "dist").glob("liclogic-*.whl")
    env = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(env)], "python -m venv")
    python = env / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                              "get_paths()['purelib'])"], capture_output=True, text=True,
                             check=True).stdout.strip()
    here = {*site.getsitepackages(), sysconfig.get_paths()["purelib"]}
    (Path(purelib) / "_liclogic_bench_deps.pth").write_text(
        "".join(f"{p}\n" for p in sorted(here)))
    _run([*pip, "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheel)], "pip install of the wheel")
    exe = env / "bin" / "liclogic"
    probe = subprocess.run([str(python), "-c", "import liclogic, liclogic.lang.prebuilt as p; "
                            "print(liclogic.__file__, p.PREBUILT.is_file())"],
                           capture_output=True, text=True, check=True).stdout.split()
    if not probe[0].startswith(str(env)) or probe[1] != "True":
        raise RuntimeError(f"the wheel's install is not the one run: {probe}")
    return str(exe)
