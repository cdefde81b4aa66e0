"""Read input files safely: regular files only, never more than a cap.

A FIFO, a device such as ``/dev/zero`` or a file that grows while it is read
must not make the checker read without end, so every file is opened without
blocking, checked with ``fstat`` and read up to its cap plus one byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

MB = 1024 * 1024
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileError(Exception):
    """A file that cannot be read; ``str()`` is the sentence for the user."""


class MissingFile(FileError):
    """No such file (or a symlink to nothing)."""


class FileTooBig(FileError):
    """A regular file over its cap."""

    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"{human_size(size)} is over the {human_size(cap)} limit")
        self.size = size
        self.cap = cap


def human_size(size: int) -> str:
    """``1.5 MB`` or ``19.5 KB``."""
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size / 1024:.1f} KB"


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: Path, cap: int) -> BinaryIO:
    """``path`` opened for reading, once it is known to be a regular file within ``cap``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise MissingFile("no such file") from None
    except OSError as error:
        raise FileError(f"cannot read the file: {error.strerror or type(error).__name__}") from None
    handle = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileError(f"{kind_of(info.st_mode)}, not a regular file")
        if info.st_size > cap:
            raise FileTooBig(info.st_size, cap)
    except BaseException:
        handle.close()
        raise
    return handle


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of the regular file ``path``; ``FileError`` with a sentence otherwise."""
    with open_regular(path, cap) as handle:
        try:
            data = handle.read(cap + 1)
        except OSError as error:
            raise FileError(f"cannot read the file: {error.strerror or error}") from None
    if len(data) > cap:  # it grew after fstat
        raise FileTooBig(len(data), cap)
    return data
