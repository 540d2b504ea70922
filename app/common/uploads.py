"""Checking uploaded files by their content, not only their name (pure, no Flask)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath


class UploadProblem(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TYPE_NOT_ALLOWED = "type_not_allowed"
    EXTENSION_MISMATCH = "extension_mismatch"


class RejectedUpload(ValueError):
    def __init__(self, problem: UploadProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


#: kind → (extensions, content type)
KINDS = {
    "pdf": ((".pdf",), "application/pdf"),
    "png": ((".png",), "image/png"),
    "jpg": ((".jpg", ".jpeg"), "image/jpeg"),
    "ico": ((".ico",), "image/vnd.microsoft.icon"),
    "docx": (
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ((".odt",), "application/vnd.oasis.opendocument.text"),
    "ods": ((".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
    "md": ((".md", ".markdown", ".txt"), "text/markdown"),
}


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    kind: str
    content_type: str
    size: int
    sha256: str


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return {KINDS["odt"][1]: "odt", KINDS["ods"][1]: "ods"}.get(mimetype)
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return "docx"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _is_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def detect_kind(data: bytes) -> str | None:
    """The kind of file the bytes really are, or None when it is none we accept."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x00\x00\x01\x00"):
        return "ico"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_text(data):
        return "md"
    return None


def safe_filename(filename: str) -> str:
    """Keep the base name only, without path parts or control characters."""
    name = PurePath(filename.replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"/\\|?*')
    return name.strip(" .")[:200] or "file"


def check_upload(filename: str, data: bytes, allowed: set[str], max_bytes: int) -> CheckedFile:
    """Accept the file only when its content is an allowed kind matching its extension."""
    if not data:
        raise RejectedUpload(UploadProblem.EMPTY)
    if len(data) > max_bytes:
        raise RejectedUpload(UploadProblem.TOO_LARGE)
    kind = detect_kind(data)
    if kind is None or kind not in allowed:
        raise RejectedUpload(UploadProblem.TYPE_NOT_ALLOWED)
    extensions, content_type = KINDS[kind]
    name = safe_filename(filename)
    if not name.lower().endswith(extensions):
        raise RejectedUpload(UploadProblem.EXTENSION_MISMATCH)
    return CheckedFile(name, kind, content_type, len(data), hashlib.sha256(data).hexdigest())
