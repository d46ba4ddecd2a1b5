"""Safe, all-or-nothing extraction of tar and zip archives (used by `get_file(extract=True)`).

Every member is checked before anything reaches the target folder: absolute paths, `..`
components, links whose target lies outside the folder, and device files or FIFOs are refused
with a `ValueError` naming the member. Members are first written into a fresh temporary folder
inside the target (each write re-checks, on disk, that its parent folder still lies inside, so a
link planted by an earlier member cannot redirect a later one); after a final check of every
link in the finished tree, the entries are moved into place. A refused or broken archive leaves
the target folder exactly as it was.

    >>> extract_archive("flowers.tgz", "/data")  # doctest: +SKIP
    True
"""
import os
import shutil
import stat
import tarfile
import tempfile
import time
import zipfile

__all__ = ["extract_archive"]

_COPY_CHUNK = 1 << 20


def extract_archive(file_path, path=".", archive_format="auto"):
    """Extracts a tar (plain, gz, bz2, xz) or zip archive into `path`; False if neither matches.

    `archive_format` is 'auto' (['tar', 'zip']), 'tar', 'zip', a list of those, or None (no match).
    """
    if archive_format is None:
        return False
    if archive_format == "auto":
        archive_format = ["tar", "zip"]
    if isinstance(archive_format, str):
        archive_format = [archive_format]
    file_path, path = os.fspath(file_path), os.fspath(path)
    for kind in archive_format:
        if kind == "tar" and tarfile.is_tarfile(file_path):
            with tarfile.open(file_path) as archive:
                _extract_atomically(file_path, path, _tar_members(archive))
            return True
        if kind == "zip" and zipfile.is_zipfile(file_path):
            with zipfile.ZipFile(file_path) as archive:
                _extract_atomically(file_path, path, _zip_members(archive))
            return True
    return False


class _Refused(ValueError):
    pass


def _refuse(archive, name, why):
    raise _Refused(f"Refusing to extract {archive}: member {name!r} {why}. Nothing was extracted.")


def _tar_members(archive):
    """Yields (name, kind, payload, mode, mtime); kind: 'dir', 'file', 'symlink', 'hardlink', 'other'."""
    for m in archive:
        if m.isdir():
            yield m.name, "dir", None, m.mode, m.mtime
        elif m.isreg():
            yield m.name, "file", (lambda m=m: archive.extractfile(m)), m.mode, m.mtime
        elif m.issym():
            yield m.name, "symlink", m.linkname, m.mode, m.mtime
        elif m.islnk():
            yield m.name, "hardlink", m.linkname, m.mode, m.mtime
        else:
            kind = "a device file" if (m.ischr() or m.isblk()) else "a FIFO" if m.isfifo() else "a special file"
            yield m.name, "other", kind, m.mode, m.mtime


def _zip_members(archive):
    for info in archive.infolist():
        mode = info.external_attr >> 16  # Unix mode, when the zip was made on Unix; else 0
        kind_bits, perm = stat.S_IFMT(mode), stat.S_IMODE(mode)
        mtime = _zip_mtime(info)
        if info.is_dir():
            yield info.filename, "dir", None, 0o755, mtime
        elif kind_bits == stat.S_IFLNK:
            yield info.filename, "symlink", archive.read(info).decode("utf-8"), perm, mtime
        elif kind_bits in (stat.S_IFCHR, stat.S_IFBLK):
            yield info.filename, "other", "a device file", perm, mtime
        elif kind_bits in (stat.S_IFIFO, stat.S_IFSOCK):
            yield info.filename, "other", "a special file", perm, mtime
        else:
            yield info.filename, "file", (lambda info=info: archive.open(info)), perm or 0o644, mtime


def _zip_mtime(info):
    try:
        return time.mktime(info.date_time + (0, 0, -1))
    except (OverflowError, ValueError):
        return None


def _clean_name(archive, name):
    """The member's path relative to the target, or '' for the target itself; refuses escapes."""
    if not name or "\x00" in name:
        _refuse(archive, name, "has an empty or invalid name")
    unified = name.replace("\\", "/") if os.sep == "\\" else name
    if unified.startswith("/") or os.path.isabs(unified) or os.path.splitdrive(unified)[0]:
        _refuse(archive, name, "has an absolute path")
    parts = [p for p in unified.split("/") if p not in ("", ".")]
    if ".." in parts:
        _refuse(archive, name, "has a '..' component that would leave the target folder")
    return os.path.join(*parts) if parts else ""


def _inside(path, root):
    return path == root or path.startswith(root + os.sep)


def _extract_atomically(archive, dest, members):
    os.makedirs(dest, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".extract-", suffix=".tmp", dir=dest)
    try:
        root = os.path.realpath(tmp)
        links = []
        for name, kind, payload, mode, mtime in members:
            rel = _clean_name(archive, name)
            if kind == "other":
                _refuse(archive, name, f"is {payload}")
            if not rel:
                if kind == "dir":
                    continue
                _refuse(archive, name, "has no file name")
            target = os.path.join(root, rel)
            parent = os.path.dirname(target)
            os.makedirs(parent, exist_ok=True)
            if not _inside(os.path.realpath(parent), root):
                _refuse(archive, name, "would be written through a link outside the target folder")
            if kind == "dir":
                if not os.path.isdir(target):
                    _remove(target)
                    os.mkdir(target, 0o755)
                if not _inside(os.path.realpath(target), root):
                    _refuse(archive, name, "would be written through a link outside the target folder")
                continue
            _remove(target)
            if kind == "symlink":
                _check_link(archive, name, root, parent, payload)
                os.symlink(payload, target)
                links.append((name, target))
            elif kind == "hardlink":
                try:
                    source = os.path.realpath(os.path.join(root, _clean_name(archive, payload)))
                except _Refused:
                    source = None
                if source is None or not _inside(source, root) or not os.path.isfile(source):
                    _refuse(archive, name, f"is a hard link to {payload!r}, which is not a file inside the archive")
                shutil.copy2(source, target)
            else:
                _write_file(target, payload, mode, mtime)
        # A later member may have changed what an earlier link resolves to: check the final tree.
        for name, target in links:
            if not _inside(os.path.realpath(target), root):
                _refuse(archive, name, f"is a link to {os.readlink(target)!r}, outside the target folder")
        dest_root = os.path.realpath(dest)
        _check_merge(archive, root, dest_root)
        _merge(root, dest_root)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _check_link(archive, name, root, parent, link):
    if not link or os.path.isabs(link) or os.path.splitdrive(link)[0]:
        _refuse(archive, name, f"is a link to the absolute path {link!r}")
    if not _inside(os.path.realpath(os.path.join(parent, link)), root):
        _refuse(archive, name, f"is a link to {link!r}, outside the target folder")


def _remove(path):
    """Clears the way for a member that replaces an earlier one of the same name (never follows links)."""
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)


def _write_file(target, opener, mode, mtime):
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    # No setuid/setgid/sticky bits and no group/other write, whatever the archive says.
    fd = os.open(target, flags, (mode & 0o755) | 0o600)
    with os.fdopen(fd, "wb") as out, opener() as src:
        shutil.copyfileobj(src, out, _COPY_CHUNK)
    if mtime is not None:
        try:
            os.utime(target, (mtime, mtime))
        except (OverflowError, OSError):
            pass


def _real_dir(path):
    return os.path.isdir(path) and not os.path.islink(path)


def _check_merge(archive, src_dir, dest_dir):
    """Refuses, before anything moves, to replace a folder by a file or anything by a folder."""
    for entry in os.listdir(src_dir):
        src, dst = os.path.join(src_dir, entry), os.path.join(dest_dir, entry)
        if not os.path.lexists(dst):
            continue
        if _real_dir(src) and _real_dir(dst):
            _check_merge(archive, src, dst)
        elif _real_dir(src) or _real_dir(dst):
            what = "folder" if _real_dir(src) else "file"
            raise ValueError(f"Cannot extract {archive}: it holds a {what} named {entry!r}, but {dst} "
                             "already exists and is not one. Nothing was extracted.")


def _merge(src_dir, dest_dir):
    """Moves src_dir's entries into dest_dir: folders are merged, files replaced (by rename)."""
    for entry in os.listdir(src_dir):
        src, dst = os.path.join(src_dir, entry), os.path.join(dest_dir, entry)
        if _real_dir(src) and _real_dir(dst):
            _merge(src, dst)
        else:
            os.replace(src, dst)
