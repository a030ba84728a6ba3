"""The backup file: one .tar.gz holding the database as JSON (`data.json`),
the media under `media/`, and `manifest.json` last, which names every other
member with its size and SHA-256.

Reading never trusts the file: it takes regular files only, with plain
relative names, streams each to a scratch folder while hashing it, and
accepts the archive only when the members and the manifest agree exactly.
Nothing is restored from an archive that fails any check."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "newsroom-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
CHUNK = 1024 * 1024
#: A manifest lists about 150 bytes a file: this is millions of files.
MAX_MANIFEST = 512 * 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or an archive that cannot be restored;
    the message is for the operator, in Chinese."""


@dataclass
class Manifest:
    created_at: str
    database: str
    migrations: dict[str, list[str]]
    counts: dict[str, int]
    files: dict[str, dict] = field(default_factory=dict)

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "created_at": self.created_at,
                "database": self.database,
                "migrations": self.migrations,
                "counts": self.counts,
                "files": self.files,
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        ).encode()

    @property
    def media_names(self) -> list[str]:
        return [name[len(MEDIA) :] for name in self.files if name.startswith(MEDIA)]


class _Hashing:
    """A file object that hashes what is read through it."""

    def __init__(self, source):
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.source.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


class Writer:
    """Adds members to a new archive, written beside `path` and moved into
    place only when complete, so no half-written file carries the name."""

    def __init__(self, path: Path, manifest: Manifest):
        self.path, self.manifest = Path(path), manifest
        self.partial = self.path.with_name(self.path.name + ".partial")
        self.tar = tarfile.open(self.partial, "w:gz")

    def add(self, name: str, source, size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o644
        hashing = _Hashing(source)
        self.tar.addfile(info, hashing)
        if hashing.size != size:
            raise BackupError(f"文件 {name} 在备份过程中发生了变化，请重新备份。")
        self.manifest.files[name] = {
            "size": size,
            "sha256": hashing.digest.hexdigest(),
        }

    def finish(self) -> None:
        data = self.manifest.as_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
        self.tar.addfile(info, _Bytes(data))
        self.tar.close()
        os.replace(self.partial, self.path)

    def abandon(self) -> None:
        self.tar.close()
        self.partial.unlink(missing_ok=True)


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size=-1):
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or ".." in path.parts
        or "\\" in name
        or "\x00" in name
        or str(path) != name
    ):
        raise BackupError(f"备份里有不安全的文件路径：{name!r}，已拒绝恢复。")
    if name not in (MANIFEST, DATA) and not name.startswith(MEDIA):
        raise BackupError(f"备份里有不属于 Newsroom 备份的文件：{name}，已拒绝恢复。")
    return name


def read(path: Path, scratch: Path) -> Manifest:
    """Unpack `path` into `scratch` and check it against its manifest;
    returns the manifest. Raises BackupError, in Chinese, for a file that
    is not a Newsroom backup or was damaged."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    found: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = _safe_name(member.name)
                if not member.isfile():
                    raise BackupError(
                        f"备份里的 {name} 不是普通文件（链接或目录），已拒绝恢复。"
                    )
                if name in found or (name == MANIFEST and manifest_bytes):
                    raise BackupError(f"备份里 {name} 出现了两次，已拒绝恢复。")
                source = tar.extractfile(member)
                if name == MANIFEST:
                    if member.size > MAX_MANIFEST:
                        raise BackupError(
                            "备份的清单大得不合理，不是 Newsroom 的备份。"
                        )
                    manifest_bytes = source.read()
                    continue
                target = scratch / name
                target.parent.mkdir(parents=True, exist_ok=True)
                hashing = _Hashing(source)
                with open(target, "wb") as out:
                    while chunk := hashing.read(CHUNK):
                        out.write(chunk)
                found[name] = {
                    "size": hashing.size,
                    "sha256": hashing.digest.hexdigest(),
                }
    except (tarfile.TarError, EOFError, OSError, UnicodeError) as error:
        raise BackupError(
            f"无法读取备份文件 {path.name}：它不是 Newsroom 的备份（.tar.gz），"
            f"或者文件不完整、已损坏（{error.__class__.__name__}）。"
        ) from None
    manifest = _parse_manifest(manifest_bytes)
    missing = sorted(set(manifest.files) - set(found))
    extra = sorted(set(found) - set(manifest.files))
    if missing:
        raise BackupError(f"备份不完整：缺少 {missing[0]} 等 {len(missing)} 个文件。")
    if extra:
        raise BackupError(f"备份里有清单之外的文件：{extra[0]}，已拒绝恢复。")
    for name, expected in manifest.files.items():
        if found[name] != expected:
            raise BackupError(
                f"备份已损坏：{name} 的大小或校验和与清单不符，已拒绝恢复。"
            )
    if DATA not in found:
        raise BackupError("备份里没有数据库内容（data.json），已拒绝恢复。")
    return manifest


def _parse_manifest(data: bytes | None) -> Manifest:
    if data is None:
        raise BackupError(
            "备份里没有清单（manifest.json）：这不是 Newsroom 的备份，或已损坏。"
        )
    try:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise BackupError("这不是 Newsroom 的备份文件（清单的格式名不符）。")
        if raw.get("version") != VERSION:
            raise BackupError(
                f"备份格式版本 {raw.get('version')!r} 与本程序（{VERSION}）不符，"
                "请用制作备份的 Newsroom 版本恢复。"
            )
        manifest = Manifest(
            created_at=str(raw["created_at"]),
            database=str(raw["database"]),
            migrations={k: list(v) for k, v in raw["migrations"].items()},
            counts={k: int(v) for k, v in raw["counts"].items()},
            files={k: dict(v) for k, v in raw["files"].items()},
        )
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BackupError("备份的清单（manifest.json）已损坏，无法读取。") from None
    for name in manifest.files:
        _safe_name(name)
    return manifest
