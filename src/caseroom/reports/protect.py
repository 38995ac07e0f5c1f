"""Exported files protected with a password: PDF, XLSX, and CSV inside a zip.

Exports that name children (the identified term summary, progress reports) are
encrypted when the database is, and on request otherwise. Each format uses its own
standard, so the usual programs open it after asking for the password:

- PDF: the standard security handler, AES-256 (PDF 2.0, revision 6), written by `pypdf`
  over the bytes reportlab made; reportlab's own output stays byte-for-byte invariant.
- XLSX: Office "agile" encryption (AES-256, SHA-512 key derivation) by `msoffcrypto`;
  the result is the OLE container Excel and LibreOffice ask a password for.
- CSV has no encryption of its own: the CSV goes alone into a zip archive with WinZip
  AES-256 (`pyzipper`), which 7-Zip, WinRAR and macOS/Linux tools open; the archive's
  name is the CSV's name with `.zip` after it (`protected_path`).

The password never reaches a log, an audit entry or an error message.
"""

from __future__ import annotations

import io
from pathlib import Path

PASSWORD_VARIABLE = "CASEROOM_EXPORT_PASSWORD"
"""The environment variable the command line reads an export password from."""

MIN_PASSWORD_LENGTH = 8
"""The shortest export password accepted (it may be guessed offline at leisure)."""

PROTECTED_FORMATS = ("pdf", "xlsx", "csv")


def protected_path(out: Path, file_format: str) -> Path:
    """Where a protected export of `file_format` asked for at `out` is written.

    PDF and XLSX keep their name; a CSV goes into `<name>.csv.zip` (unless `out` already
    ends in `.zip`)."""
    if file_format == "csv" and out.suffix.lower() != ".zip":
        return out.with_name(out.name + ".zip")
    return out


def encrypt_pdf(payload: bytes, password: str) -> bytes:
    """The PDF `payload` encrypted with AES-256 under `password` (as user and owner
    password: whoever has it may print and copy)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(payload)))
    writer.encrypt(user_password=password, owner_password=password, algorithm="AES-256")
    writer.pdf_header = "%PDF-1.7"  # AES-256 needs more than reportlab's 1.3 header says
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypt_xlsx(payload: bytes, password: str) -> bytes:
    """The XLSX workbook `payload` encrypted with Office agile encryption (AES-256)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(payload)).encrypt(password, out)
    return out.getvalue()


def zip_encrypted(payload: bytes, member_name: str, password: str) -> bytes:
    """A zip archive holding `payload` as `member_name`, encrypted with WinZip AES-256."""
    import pyzipper

    out = io.BytesIO()
    with pyzipper.AESZipFile(
        out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        archive.writestr(member_name, payload)
    return out.getvalue()


def protect(payload: bytes, file_format: str, password: str, *, member_name: str) -> bytes:
    """`payload` (a finished export of `file_format`) encrypted under `password`.

    `member_name` names the CSV inside its zip archive."""
    if not password:
        raise ValueError("an empty password protects nothing")
    if file_format == "pdf":
        return encrypt_pdf(payload, password)
    if file_format == "xlsx":
        return encrypt_xlsx(payload, password)
    if file_format == "csv":
        return zip_encrypted(payload, member_name, password)
    raise ValueError(f"no protection for the format {file_format!r}")


def write_protected(out: Path, payload: bytes, file_format: str, password: str | None) -> Path:
    """Write the export `payload` to `out` (encrypted when `password` is given), whole or
    not at all; returns the file written (see `protected_path`)."""
    from caseroom.reports.layout import write_bytes

    if password is None:
        write_bytes(out, payload)
        return out
    target = protected_path(out, file_format)
    member = out.name if target != out else out.with_suffix(".csv").name
    write_bytes(target, protect(payload, file_format, password, member_name=member))
    return target
