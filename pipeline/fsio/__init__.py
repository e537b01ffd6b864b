"""Atomic, change-aware file writing, and confined reading.

A build that is interrupted must never leave a half-written catalog or page, and
a rebuild must not touch files whose content did not change (editors, rsync and
make all key on modification times). Every writer in the package goes through
:func:`write_bytes_atomic`.

The bytes go to a file with no name (Linux ``O_TMPFILE``), which is given a
temporary name only once it is complete and then renamed over the target. A
process killed while writing leaves nothing behind; killed in the instant
between naming and renaming, it leaves one complete hidden file
(``.<name>.<random>.tmp``) that the next command sweeps away
(:mod:`pipeline.lock`). Where ``O_TMPFILE`` is not supported the temporary file
is named from the start, and the sweep is what removes a half-written one.

A full disk, a quota or a read-only file system stops the command with one line
naming the file (:class:`WriteError` with ``fatal`` set): nothing else could be
written either. A folder that only this user may not write to fails only what
goes there.

Testing hook: ``HANDOUT_TEST_KILL_AT=<stage>:<n>`` makes the process kill
itself with SIGKILL at the n-th atomic write's ``write`` stage (half of the
bytes written), ``rename`` stage (complete and named, not yet renamed) or
``done`` stage (renamed), so tests can interrupt a real build at chosen points.
The variable is taken out of the environment when this module is first
imported, so the worker processes a build starts never see it: only the
command itself is killed. Unset (always, outside tests) it does nothing.

The package holds two modules: :mod:`pipeline.fsio.write` (atomic writes, the
testing hook) and :mod:`pipeline.fsio.read` (confined reads, the folder check);
every name is imported from here.
"""

from __future__ import annotations

from pipeline.fsio.read import (
    FileIdentity,
    FileRead,
    check_folder_inside,
    decode_utf8,
    read_confined,
    read_current,
    read_record,
    read_text_utf8,
)
from pipeline.fsio.write import (
    KILL_AT_VARIABLE,
    KILL_STAGES,
    TEMPORARY_NAME,
    WRITE_ROOT_VARIABLE,
    WriteError,
    raise_if_fatal,
    write_bytes_atomic,
    write_text_atomic,
    writes_confined_to,
)

__all__ = [
    "KILL_AT_VARIABLE",
    "KILL_STAGES",
    "TEMPORARY_NAME",
    "WRITE_ROOT_VARIABLE",
    "FileIdentity",
    "FileRead",
    "WriteError",
    "check_folder_inside",
    "decode_utf8",
    "raise_if_fatal",
    "read_confined",
    "read_current",
    "read_record",
    "read_text_utf8",
    "write_bytes_atomic",
    "write_text_atomic",
    "writes_confined_to",
]
