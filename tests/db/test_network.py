"""`is_network_path`: network shares are told apart from local disks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from caseroom.db import network
from caseroom.db.network import (
    Mount,
    is_network_fs_type,
    is_network_path,
    is_unc_path,
    mount_for,
    parse_mounts,
)

PROC_MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077 0 0
tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1617848k,mode=755 0 0
//fileserver/school /mnt/school cifs rw,relatime,vers=3.1.1,cache=strict,username=room 0 0
fileserver:/export/home /home/shared nfs4 rw,relatime,vers=4.2,rsize=1048576 0 0
aigerim@laptop:/data /home/dana/remote fuse.sshfs rw,nosuid,nodev,relatime,user_id=1000 0 0
/dev/sdb1 /media/dana/USB\040STICK vfat rw,nosuid,nodev,relatime,uid=1000 0 0
/dev/sdc1 /home/shared/local ext4 rw,relatime 0 0
portal /run/user/1000/doc fuse.portal rw,nosuid,nodev,relatime,user_id=1000 0 0
"""


@pytest.fixture
def mounts() -> list[Mount]:
    """The fixture /proc/mounts, parsed."""
    return parse_mounts(PROC_MOUNTS)


def network_for(path: str, mounts: list[Mount]) -> bool:
    """The Linux decision for one path."""
    return is_network_fs_type(mount_for(path, mounts))


def test_parsing_reads_every_line_and_decodes_escapes(mounts: list[Mount]) -> None:
    assert len(mounts) == 11
    assert Mount("/media/dana/USB STICK", "vfat") in mounts
    assert Mount("/mnt/school", "cifs") in mounts


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/school/caseroom.sqlite3", True),  # cifs
        ("/mnt/school", True),
        ("/home/shared/room3/caseroom.sqlite3", True),  # nfs4
        ("/home/dana/remote/caseroom.sqlite3", True),  # fuse.sshfs
        ("/home/dana/caseroom.sqlite3", False),  # ext4 root
        ("/media/dana/USB STICK/caseroom.sqlite3", False),  # a USB stick is local
        ("/home/shared/local/caseroom.sqlite3", False),  # local disk mounted inside the share
        ("/mnt/schoolwork/caseroom.sqlite3", False),  # a name that only starts like a mount
        ("/run/user/1000/doc/x.sqlite3", False),  # a local FUSE file system
    ],
)
def test_linux_mount_decision(path: str, expected: bool, mounts: list[Mount]) -> None:
    assert network_for(path, mounts) is expected


def test_a_later_mount_over_the_same_point_wins() -> None:
    mounts = parse_mounts("/dev/sda1 /data ext4 rw 0 0\nserver:/d /data nfs rw 0 0\n")

    assert network_for("/data/caseroom.sqlite3", mounts) is True


@pytest.mark.parametrize(
    ("fs_type", "expected"),
    [("smb3", True), ("nfs", True), ("9p", True), ("fuse.rclone", True), ("btrfs", False),
     ("fuse.ntfs-3g", False), ("NFS4", True), ("ext4", False)],
)  # fmt: skip
def test_file_system_types(fs_type: str, expected: bool) -> None:
    assert is_network_fs_type(Mount("/x", fs_type)) is expected


def test_no_mount_found_counts_as_local() -> None:
    assert is_network_fs_type(None) is False
    assert mount_for("/a/b", []) is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (r"\\fileserver\school\caseroom.sqlite3", True),
        ("//fileserver/school/caseroom.sqlite3", True),
        (r"\\?\UNC\fileserver\school\caseroom.sqlite3", True),
        (r"\\?\C:\Users\Dana\caseroom.sqlite3", False),
        (r"\\.\C:\caseroom.sqlite3", False),
        (r"C:\Users\Dana\caseroom.sqlite3", False),
        ("caseroom.sqlite3", False),
    ],
)
def test_windows_unc_paths(path: str, expected: bool) -> None:
    assert is_unc_path(path) is expected


def test_a_local_temporary_folder_is_not_a_share(tmp_path: Path) -> None:
    assert is_network_path(tmp_path / "not-yet" / "caseroom.sqlite3") is False


def test_the_real_check_uses_the_mount_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux the path's mount point decides; a share mounted at tmp_path is one."""
    monkeypatch.setattr(sys, "platform", "linux")
    text = f"/dev/sda1 / ext4 rw 0 0\nsrv:/x {tmp_path} nfs rw 0 0\n"
    real_open = open

    def fake_open(file: object, *args: object, **kwargs: object) -> object:
        if file == "/proc/mounts":
            import io

            return io.StringIO(text)
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(network, "open", fake_open, raising=False)
    assert is_network_path(tmp_path / "caseroom.sqlite3") is True
    assert is_network_path(tmp_path.parent / "elsewhere.sqlite3") is False
