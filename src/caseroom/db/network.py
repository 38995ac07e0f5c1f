"""Is a file on a network share? SQLite's WAL and file locks are not safe there.

SQLite's own documentation warns that WAL needs shared memory on one host and that the
file locks of network file systems are often broken, so two computers writing one file
on a share can corrupt it. caseroom opens such a file read-only (see `db.lock`).

Each platform is asked the cheap way: Windows by UNC form or the drive type, Linux by
the file-system type in /proc/mounts, macOS by statfs's MNT_LOCAL flag. When the answer
cannot be found, the path counts as local: this check must never lock a person out of a
file on their own disk.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

NETWORK_FS_TYPES: frozenset[str] = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "davfs",
        "coda",
        "ocfs2",
        "gfs2",
        "virtiofs",
        "vboxsf",
        "prl_fs",
    }
)
"""File-system types (as /proc/mounts names them) that live on another computer or share
one disk between computers."""

NETWORK_FUSE_TYPES: frozenset[str] = frozenset(
    {"sshfs", "rclone", "davfs2", "glusterfs", "s3fs", "gcsfuse", "smbnetfs", "curlftpfs"}
)
"""FUSE subtypes (`fuse.<name>`) that reach a network store."""

_DRIVE_REMOTE = 4  # GetDriveTypeW
_MNT_LOCAL = 0x00001000  # macOS <sys/mount.h>


@dataclass(frozen=True, slots=True)
class Mount:
    """One line of /proc/mounts: where a file system is mounted and its type."""

    point: str
    fs_type: str


def is_network_path(path: Path | str) -> bool:
    """Whether `path` (a file that may not exist yet) lies on a network file system."""
    try:
        if sys.platform == "win32":
            return _windows_is_network(str(path))
        target = _existing_ancestor(Path(path))
        if sys.platform.startswith("linux"):
            with open("/proc/mounts", encoding="utf-8", errors="replace") as stream:
                return is_network_fs_type(mount_for(str(target), parse_mounts(stream.read())))
        if sys.platform == "darwin":
            return _macos_is_network(target)
    except OSError:
        return False
    return False


# --- Linux ---------------------------------------------------------------------------------


def parse_mounts(text: str) -> list[Mount]:
    """The mounts listed in /proc/mounts (or /etc/mtab) text, octal escapes decoded."""
    mounts: list[Mount] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(point=_unescape(fields[1]), fs_type=fields[2]))
    return mounts


def _unescape(field: str) -> str:
    r"""/proc/mounts writes space, tab, newline and backslash as \040, \011, \012, \134."""
    out: list[str] = []
    index = 0
    while index < len(field):
        chunk = field[index + 1 : index + 4]
        if field[index] == "\\" and len(chunk) == 3 and all(c in "01234567" for c in chunk):
            out.append(chr(int(chunk, 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def mount_for(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds the absolute `path`: the longest matching mount point (the
    last one listed wins when a point is mounted over)."""
    best: Mount | None = None
    best_length = -1
    candidate = PurePosixPath(path)
    for mount in mounts:
        point = PurePosixPath(mount.point)
        if (candidate == point or point in candidate.parents) and len(mount.point) >= best_length:
            best, best_length = mount, len(mount.point)
    return best


def is_network_fs_type(mount: Mount | None) -> bool:
    """Whether a mount's file-system type is a network (or shared-disk) one."""
    if mount is None:
        return False
    fs_type = mount.fs_type.lower()
    if fs_type.startswith("fuse."):
        return fs_type.removeprefix("fuse.") in NETWORK_FUSE_TYPES
    return fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "smb"))


def _existing_ancestor(path: Path) -> Path:
    """The nearest existing folder or file at or above `path`, with links resolved."""
    current = Path(os.path.abspath(path))
    while not current.exists() and current.parent != current:
        current = current.parent
    return current.resolve()


# --- Windows -------------------------------------------------------------------------------


def is_unc_path(path: str) -> bool:
    r"""Whether a Windows path is a UNC share (\\server\share\... or //server/share/...),
    not counting the local device forms \\?\C:\ and \\.\."""
    pure = PureWindowsPath(path)
    drive = pure.drive
    if not drive.startswith(("\\\\", "//")):
        return False
    if drive[2:4] in ("?\\", ".\\", "?/", "./"):
        return drive[4:].upper().startswith("UNC")
    return True


def _windows_is_network(path: str) -> bool:
    if is_unc_path(path):
        return True
    drive = PureWindowsPath(os.path.abspath(path)).drive
    if not drive:
        return False
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return int(windll.kernel32.GetDriveTypeW(drive + "\\")) == _DRIVE_REMOTE


# --- macOS ---------------------------------------------------------------------------------


class _StatFs(ctypes.Structure):
    """`struct statfs` of macOS (64-bit inode layout, the only one on current systems)."""

    _fields_ = [
        ("f_bsize", ctypes.c_uint32),
        ("f_iosize", ctypes.c_int32),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_fsid", ctypes.c_int32 * 2),
        ("f_owner", ctypes.c_uint32),
        ("f_type", ctypes.c_uint32),
        ("f_flags", ctypes.c_uint32),
        ("f_fssubtype", ctypes.c_uint32),
        ("f_fstypename", ctypes.c_char * 16),
        ("f_mntonname", ctypes.c_char * 1024),
        ("f_mntfromname", ctypes.c_char * 1024),
        ("f_reserved", ctypes.c_uint32 * 8),
    ]


def _macos_is_network(path: Path) -> bool:
    library = ctypes.util.find_library("c")
    if library is None:
        return False
    libc = ctypes.CDLL(library, use_errno=True)
    try:  # Intel Macs: the 64-bit-inode layout lives under this name; Apple silicon: statfs
        statfs = libc["statfs$INODE64"]
    except AttributeError:
        statfs = libc.statfs
    statfs.argtypes = [ctypes.c_char_p, ctypes.POINTER(_StatFs)]
    result = _StatFs()
    if statfs(os.fsencode(path), ctypes.byref(result)) != 0:
        return False
    return not result.f_flags & _MNT_LOCAL
