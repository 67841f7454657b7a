"""``fmt --write`` never loses what the user has (liclogic/lang/rewrite.py): through a symlink
the target is rewritten and the link kept; hard links, owner, group and mode survive; a file
changed after it was read is not overwritten; an unwritable folder or a full disk is an
error that leaves the file as it was."""

from __future__ import annotations

import errno
import os
import stat

import pytest
from click.testing import CliRunner
from liclogic.cli.main import main
from liclogic.errors import LiclogicError
from liclogic.lang import rewrite as rewrite_module
from liclogic.lang.rewrite import rewrite

UNFORMATTED = 'license "LicenseRef-F" {\nkind software\n   permit any   cite "1"\n}\n'
FORMATTED = 'license "LicenseRef-F" {\n  kind software\n\n  permit any cite "1"\n}\n'


def fmt_write(path) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["fmt", "--write", str(path)])
    return r.exit_code, r.output


@pytest.fixture
def spec(tmp_path):
    p = tmp_path / "f.lic"
    p.write_text(UNFORMATTED, encoding="utf-8")
    return p


def test_the_formatted_text_is_what_fmt_prints(spec):
    assert CliRunner().invoke(main, ["fmt", str(spec)]).output == FORMATTED


def test_through_a_symlink_the_target_is_formatted_and_the_link_kept(tmp_path, spec):
    link = tmp_path / "link.lic"
    link.symlink_to(spec)
    assert fmt_write(link)[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(spec)
    assert spec.read_text(encoding="utf-8") == FORMATTED


def test_hard_links_stay_one_file(tmp_path, spec):
    other = tmp_path / "other.lic"
    os.link(spec, other)
    inode = spec.stat().st_ino
    assert fmt_write(spec)[0] == 0
    assert spec.stat().st_ino == inode and spec.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == FORMATTED


def test_mode_owner_and_group_are_kept(spec):
    os.chmod(spec, 0o640)
    if os.geteuid() == 0:  # as root the test can give the file to someone else
        os.chown(spec, 65534, 65534)
    before = spec.stat()
    assert fmt_write(spec)[0] == 0
    after = spec.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert spec.read_text(encoding="utf-8") == FORMATTED
    assert sorted(p.name for p in spec.parent.iterdir()) == ["f.lic"]  # no temporary left


def test_an_edit_made_after_the_read_is_not_overwritten(spec, monkeypatch):
    """The user appends a line while fmt is working: the append survives, fmt says so."""
    real = rewrite_module._unchanged

    def edited_meanwhile(path, target, old):
        with open(target, "a", encoding="utf-8") as fh:
            fh.write("# added by the user\n")
        return real(path, target, old)

    monkeypatch.setattr(rewrite_module, "_unchanged", edited_meanwhile)
    code, out = fmt_write(spec)
    assert code == 2 and "changed while it was being formatted" in out
    assert spec.read_text(encoding="utf-8") == UNFORMATTED + "# added by the user\n"


def test_an_edit_is_not_overwritten_in_place_either(tmp_path, spec):
    os.link(spec, tmp_path / "other.lic")
    spec.write_text(UNFORMATTED + "# newer\n", encoding="utf-8")
    with pytest.raises(LiclogicError, match="changed while"):
        rewrite(spec, FORMATTED, UNFORMATTED)
    assert spec.read_text(encoding="utf-8") == UNFORMATTED + "# newer\n"


def test_a_folder_that_cannot_be_written_is_an_error_not_a_traceback(spec, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(rewrite_module.tempfile, "mkstemp", refused)
    code, out = fmt_write(spec)
    assert code == 2 and "cannot write" in out and "not writable" in out
    assert "Traceback" not in out
    assert spec.read_text(encoding="utf-8") == UNFORMATTED


@pytest.mark.parametrize("links", [1, 2])
def test_a_full_disk_leaves_the_file_as_it_was(tmp_path, spec, monkeypatch, links):
    if links == 2:
        os.link(spec, tmp_path / "other.lic")

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rewrite_module.os, "write", full)
    code, out = fmt_write(spec)
    assert code == 2 and "the disk is full" in out and "Traceback" not in out
    assert spec.read_text(encoding="utf-8") == UNFORMATTED
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["f.lic"] + (["other.lic"] if links == 2 else []))


def test_a_failed_in_place_write_puts_the_old_text_back(tmp_path, spec, monkeypatch):
    os.link(spec, tmp_path / "other.lic")
    calls = []
    real = os.write

    def fails_once(fd, data):
        calls.append(len(data))
        if len(calls) == 2:  # the temporary copy is written; writing the file itself fails
            raise OSError(errno.EIO, "Input/output error")
        return real(fd, data)

    monkeypatch.setattr(rewrite_module.os, "write", fails_once)
    with pytest.raises(LiclogicError, match="cannot write"):
        rewrite(spec, FORMATTED, UNFORMATTED)
    assert len(calls) == 3  # the copy, the failed write, the old text put back
    assert spec.read_text(encoding="utf-8") == UNFORMATTED
