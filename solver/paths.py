"""Where the bundled grammar and spec library live: inside the wheel, or beside the package in a
source checkout (editable install)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    packaged = PACKAGE_DIR / "_data" / name
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / name


def grammar_path() -> Path:
    return data_dir("grammar") / "license.lark"


def specs_dir() -> Path:
    return data_dir("specs")


def display_path(path: str | Path) -> str:
    """A short, stable name for a spec file: relative to the library or the working directory."""
    p = Path(path).resolve()
    for base, prefix in ((specs_dir().resolve(), "specs"), (Path.cwd().resolve(), "")):
        try:
            rel = p.relative_to(base)
        except ValueError:
            continue
        return f"{prefix}/{rel.as_posix()}" if prefix else rel.as_posix()
    return str(path)
