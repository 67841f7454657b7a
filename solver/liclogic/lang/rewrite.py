"""Writing a formatted spec back (``liclogic fmt --write``) without ever losing what the user
has: the file is replaced only if it still holds exactly the text that was formatted (an
edit made meanwhile — an editor's save, an append — is refused, not overwritten), through a
symlink the target is rewritten and the link kept, and the file keeps its owner, group,
mode and hard links.

A file with one link is replaced atomically: a temporary file in the same directory, flushed
to disk, given the original's mode and owner, renamed over it. A file with several hard
links (or whose owner cannot be given to a new file) is rewritten in place, which keeps the
inode: the new text is first written to a temporary file (so a full disk fails before the
original is touched), then into the original, and the old text is put back if that fails.
Every failure is a ``LiclogicError`` saying what was (not) written.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from liclogic.errors import LiclogicError
from liclogic.limits import read_spec_text


def write_output(path: Path, text: str | bytes) -> None:
    """Write what a command produced (``--output FILE``, ``--annotate FILE``): a new file is
    created atomically (a temporary file in the same folder, renamed into place); an existing
    one is replaced as ``rewrite`` replaces it (symlink, mode, owner and hard links kept), with
    no check of its old content — it is the output asked for. A FIFO, a device or a folder is
    refused: nothing is written there."""
    path = Path(path)
    if os.path.lexists(path):
        rewrite(path, text, None)
        return
    umask = os.umask(0)
    os.umask(umask)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    _swap(path, path, data, lambda tmp: os.chmod(tmp, 0o666 & ~umask))


def rewrite(path: Path, new: str | bytes, old: str | None) -> None:
    """Replace the content of ``path``, which was read as ``old``, with ``new`` (text, or
    bytes as they are; ``old`` None: whatever it holds now)."""
    path = Path(path)
    target = Path(os.path.realpath(path))  # through a symlink: the link itself stays
    try:
        st = os.stat(target)
    except OSError as exc:
        raise _error(path, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise LiclogicError(f"{path} is not a regular file: nothing was written")
    data = new if isinstance(new, bytes) else new.encode("utf-8")
    if st.st_nlink > 1 or not _can_give(st):
        _in_place(path, target, data, old)
    else:
        _by_rename(path, target, data, old, st)


def _can_give(st: os.stat_result) -> bool:
    """Can a new file be given the original's owner and group?"""
    return os.geteuid() == 0 or (st.st_uid == os.geteuid() and
                                 (st.st_gid == os.getegid() or st.st_gid in os.getgroups()))


def _unchanged(path: Path, target: Path, old: str | None) -> None:
    if old is not None and read_spec_text(target) != old:
        raise LiclogicError(f"{path} changed while it was being formatted; nothing was "
                            "written", hint="run liclogic fmt again on the new text")


def _temp(target: Path, data: bytes) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        _write_all(fd, data)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return tmp


def _by_rename(path: Path, target: Path, data: bytes, old: str | None,
               st: os.stat_result) -> None:
    def prepare(tmp: str) -> None:  # the original's mode and owner; its text unchanged
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if (st.st_uid, st.st_gid) != (os.stat(tmp).st_uid, os.stat(tmp).st_gid):
            os.chown(tmp, st.st_uid, st.st_gid)
        _unchanged(path, target, old)

    _swap(path, target, data, prepare)


def _swap(path: Path, target: Path, data: bytes, prepare: Callable[[str], None]) -> None:
    """``data`` into a temporary file beside ``target``, made ready by ``prepare``, then
    renamed over ``target`` (atomic); the temporary file never outlives a failure."""
    tmp = None
    try:
        tmp = _temp(target, data)
        prepare(tmp)
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _in_place(path: Path, target: Path, data: bytes, old: str | None) -> None:
    try:
        Path(_temp(target, data)).unlink()  # room for the new text, before touching the file
    except OSError as exc:
        raise _error(path, exc) from None
    _unchanged(path, target, old)
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        try:
            _write_all(fd, data)
        except OSError as exc:
            try:  # put the old text back: the file is never left half-written
                if old is None:
                    raise
                _write_all(fd, old.encode("utf-8"))
            except OSError:
                raise LiclogicError(f"writing {path} failed ({exc.strerror}) and its old "
                                    "text could not be put back", hint="restore it from "
                                    "version control") from None
            raise _error(path, exc) from None
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _error(path: Path, exc: OSError) -> LiclogicError:
    hint = {errno.ENOSPC: "the disk is full",
            getattr(errno, "EDQUOT", -1): "the disk quota is exceeded",
            errno.EACCES: "the file or its folder is not writable",
            errno.EPERM: "the file or its folder is not writable",
            errno.EROFS: "the file system is read-only"}.get(exc.errno or 0)
    return LiclogicError(f"cannot write {path}: {exc.strerror or exc}; it was not changed",
                         hint=hint)
