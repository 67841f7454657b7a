"""Every bound liclogic puts on untrusted input, in one place (docs/security.md lists them),
and the bounded way to read a file that every reader goes through (spec files here,
``liclogic.inputs.read`` for SBOMs, CSV, model cards, workflows and policies).

A file is opened without following it into a device or a pipe: anything but a regular file
(``/dev/zero``, a FIFO, a socket) is refused before a byte is read, and a file larger than
``max_input_bytes()`` is refused without reading it whole. Text must be UTF-8.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from liclogic.errors import LiclogicError

# ------------------------------------------------------------------ the bounds

DEFAULT_MAX_INPUT_BYTES = 64 << 20  # one input file (and a gzip file's content)
MAX_INPUT_BYTES_ENV = "LICLOGIC_MAX_INPUT_BYTES"
# a spec file: parsing takes ~100 bytes of memory and ~5 µs per byte of dense spec, and the
# bundled library is 0.6 MB in all: 4 MiB leaves room and bounds a parse to about 0.5 GB
DEFAULT_MAX_SPEC_BYTES = 4 << 20
MAX_SPEC_BYTES_ENV = "LICLOGIC_MAX_SPEC_BYTES"
MAX_NESTING = 100  # JSON arrays / objects, YAML collections, inside one another
MAX_YAML_NODES = 200_000  # YAML nodes once aliases are expanded (billion laughs)
MAX_EXPR_DEPTH = 100  # a spec condition's parentheses and not / and / or, inside one another
MAX_BASED_ON = 64  # licenses in one based_on chain
MAX_REUSE_FILES = 50_000  # files of one REUSE project (each is read for its SPDX headers)
MAX_EXPRESSION_CHARS = 2_000  # an SPDX license expression (command line, SBOM, workflow)
MAX_ALTERNATIVES = 256  # an expression's choices once multiplied out ((A OR B) AND (C OR D) …)
MAX_INT = 10**18  # integer literals in specs and on the command line (and their defaults)
MAX_INT_DIGITS = 19  # a literal longer than this is refused before it is converted
DEFAULT_TIMEOUT_MS = 60_000  # a whole command (--timeout); each solver call at most:
SOLVER_CALL_MS = 10_000
MAX_OPEN_READINGS = 24  # open readings reported one by one (engine/readings.py)
MAX_ENUMERATED_READINGS = 8  # where assignments are listed (the reference evaluator's loops)


def max_input_bytes() -> int:
    """The largest input file read: $LICLOGIC_MAX_INPUT_BYTES (a byte count; K, M, G
    suffixes), else 64 MiB. A value that is not a size is an error, not a silent default."""
    return size_from_env(MAX_INPUT_BYTES_ENV, DEFAULT_MAX_INPUT_BYTES)


def max_spec_bytes() -> int:
    """The largest spec file read: $LICLOGIC_MAX_SPEC_BYTES, else 4 MiB."""
    return size_from_env(MAX_SPEC_BYTES_ENV, DEFAULT_MAX_SPEC_BYTES)


def size_from_env(env: str, default: int) -> int:
    raw = os.environ.get(env)
    if not raw:
        return default
    text = raw.strip().upper().removesuffix("B")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    digits = text[:-1] if scale > 1 else text
    if not digits.isdigit() or len(digits) > 12 or int(digits) == 0:
        raise LiclogicError(f"{env}={raw[:40]!r} is not a size",
                            hint="a number of bytes, e.g. 64M or 1048576")
    return int(digits) * scale


def too_large(what: str, size: int | None, limit: int, env: str = MAX_INPUT_BYTES_ENV
              ) -> LiclogicError:
    got = f" ({size:,} bytes)" if size is not None else ""
    return LiclogicError(f"{what} is larger than {limit:,} bytes{got}",
                         hint=f"raise the limit with {env}=…, e.g. "
                              f"{env}={max(limit * 2, 1 << 20) >> 20}M")


# ------------------------------------------------------------------ reading a file


def read_bytes(path: str | Path, limit: int | None = None,
               env: str = MAX_INPUT_BYTES_ENV, head: bool = False) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (default ``max_input_bytes()``;
    ``env`` names the variable that raises it); a ``LiclogicError`` for anything else:
    missing, unreadable, not a regular file, too large. ``head``: a larger file is not
    refused, its first ``limit`` bytes are read (a GGUF model's metadata, not its weights)."""
    limit = max_input_bytes() if limit is None else limit
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise LiclogicError(f"no such file: {name}") from None
    except IsADirectoryError:
        raise LiclogicError(f"{name} is a directory, not a file") from None
    except OSError as exc:
        raise LiclogicError(f"cannot read {name}: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise LiclogicError(f"{name} is a directory, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise LiclogicError(f"{name} is not a regular file ({_kind(st.st_mode)})",
                                hint="liclogic reads regular files only")
        if st.st_size > limit and not head:
            raise too_large(name, st.st_size, limit, env)
        chunks, total = [], 0
        while True:  # the file may grow after fstat: never read past the limit
            chunk = os.read(fd, min(1 << 20, limit + (0 if head else 1) - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(name, None, limit, env)
        return b"".join(chunks)
    except OSError as exc:
        raise LiclogicError(f"cannot read {name}: {exc.strerror}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a plain file"


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark dropped, line ends read as \\n, as Python's text files
    read them); an error names the byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise LiclogicError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start}, "
                            f"line {line})") from None


def read_text(path: str | Path, limit: int | None = None,
              env: str = MAX_INPUT_BYTES_ENV) -> str:
    """``read_bytes`` decoded as UTF-8."""
    return decode_text(read_bytes(path, limit, env), str(path))


def read_spec_text(path: str | Path) -> str:
    """A spec file: ``read_text`` within ``max_spec_bytes()``."""
    return read_text(path, max_spec_bytes(), MAX_SPEC_BYTES_ENV)


def check_text(value: str, where: str) -> str:
    """A string decoded from escapes (JSON's \\ud800, YAML's) may hold a lone surrogate,
    which is no character and cannot be printed: refused here, where it is read."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise LiclogicError(f"{where}: the text holds an invalid character "
                            f"(U+{ord(value[exc.start]):04X}, a lone surrogate)") from None
    return value


# ------------------------------------------------------------------ the deadline


class DeadlineExceeded(Exception):
    """The command's time is up; whoever asked answers ``unknown``, naming what is left."""

    def __init__(self, what: str = "") -> None:
        super().__init__(what or "the deadline passed")
        self.what = what


@dataclass(eq=False)
class Deadline:
    """The time a command may take (``--timeout``), on the monotonic clock: created once, then
    every solver call is given at most what is left, and long loops check it."""

    seconds: float = DEFAULT_TIMEOUT_MS / 1000
    start: float = field(default_factory=time.monotonic)
    expired_once: bool = False  # something answered unknown because of it

    @property
    def at(self) -> float:
        return self.start + self.seconds

    def remaining_ms(self) -> int:
        return max(0, int((self.at - time.monotonic()) * 1000))

    def passed(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, what: str = "") -> None:
        """Raise ``DeadlineExceeded`` when the time is up."""
        if time.monotonic() >= self.at:
            self.expired_once = True
            raise DeadlineExceeded(what)

    def describe(self) -> str:
        return f"{self.seconds * 1000:,.0f} ms"


NO_DEADLINE = Deadline(seconds=float(sys.maxsize))
