"""Replace a folder only once its new contents are complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_directory(dest: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a fresh sibling folder, then swap it into ``dest``.

    If ``fill`` raises, ``dest`` is left exactly as it was and the temporary folder is
    removed. The swap is two renames on one file system; the old folder is deleted last.
    """
    dest = Path(dest).absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    try:
        fill(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.chmod(tmp, 0o755)
    old = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=dest.parent))
        old.rmdir()
        os.rename(dest, old)
    try:
        os.rename(tmp, dest)
    except BaseException:
        if old is not None:
            os.rename(old, dest)  # put the previous folder back
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class UnsafeTarget(ValueError):
    """The folder to replace holds something that is not ours to delete."""


def check_target(dest: Path, *, root: Path, sources: list[Path], looks_like: str) -> None:
    """Refuse to replace a folder that is, holds or sits inside the project's sources (or
    is, or holds, the project root), or that holds files which are not an earlier output
    (recognised by the ``looks_like`` file)."""
    dest = Path(dest).resolve()
    for keep in [root, *sources]:
        keep = keep.resolve()
        if dest == keep or dest in keep.parents:
            raise UnsafeTarget(f"{dest} holds {keep}; choose an output folder of its own")
    for source in sources:
        if source.resolve() in dest.parents:
            raise UnsafeTarget(f"{dest} is inside {source.resolve()}; choose an output folder "
                               "outside the project's sources")
    if dest.is_file():
        raise UnsafeTarget(f"{dest} is a file, not a folder")
    if dest.is_dir() and any(dest.iterdir()) and not (dest / looks_like).exists():
        raise UnsafeTarget(f"{dest} is not empty and does not look like an earlier output "
                           f"(no {looks_like}); empty it or choose another folder")
