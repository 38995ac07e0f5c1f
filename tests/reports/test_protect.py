"""Exports protected with a password (reports.protect): PDF, XLSX, CSV in a zip."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import zipfile
import zlib
from pathlib import Path

import msoffcrypto
import pytest
import pyzipper
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook
from pypdf import PdfReader
from report_samples import KAZAKH_LOWER, KAZAKH_UPPER, progress_data, summary_data

from caseroom.reports.csv_export import write_term_summary_csv
from caseroom.reports.progress_report import write_progress_report
from caseroom.reports.protect import (
    encrypt_pdf,
    encrypt_xlsx,
    protect,
    protected_path,
    write_protected,
    zip_encrypted,
)
from caseroom.reports.spreadsheets import write_term_summary_xlsx

PASSWORD = "Қызылорда-2026"
CHILD = "Әлібек"
"""The child's first name in the sample progress report and identified summary."""


def _bytes(write: object, data: object, language: str = "kk") -> bytes:
    buffer = io.BytesIO()
    write(data, buffer, language=language)  # type: ignore[operator]
    return buffer.getvalue()


def readable_without_password(payload: bytes) -> list[bytes]:
    """Everything a person without the password can get at: the raw bytes, every
    deflate stream inside them (PDF streams), and every member of a zip that opens."""
    found = [payload]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", payload, re.DOTALL):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(match.group(1)))
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            for member in archive.namelist():
                # an encrypted member: RuntimeError, or NotImplementedError for AES
                with contextlib.suppress(RuntimeError, NotImplementedError):
                    found.append(archive.read(member))
    except zipfile.BadZipFile:
        pass
    return found


def names_in(payload: bytes, name: str = CHILD) -> bool:
    """Whether `name` can be read (UTF-8, UTF-16LE or UTF-16BE) without a password."""
    needles = [name.encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
    return any(needle in blob for blob in readable_without_password(payload) for needle in needles)


def pdftotext_run(path: Path, password: str | None) -> subprocess.CompletedProcess[bytes]:
    command = ["pdftotext", "-enc", "UTF-8"]
    if password is not None:
        command += ["-upw", password]
    return subprocess.run([*command, str(path), "-"], capture_output=True, check=False)


# --- PDF ------------------------------------------------------------------------------


def test_encrypted_pdf_opens_only_with_the_password(tmp_path: Path, pdftotext: str) -> None:
    plain = _bytes(write_progress_report, progress_data())
    path = tmp_path / "report.pdf"
    path.write_bytes(encrypt_pdf(plain, PASSWORD))

    refused = pdftotext_run(path, None)
    assert refused.returncode != 0
    assert CHILD not in refused.stdout.decode("utf-8", "replace")
    assert pdftotext_run(path, "wrong password").returncode != 0

    opened = pdftotext_run(path, PASSWORD)
    assert opened.returncode == 0, opened.stderr
    text = opened.stdout.decode("utf-8")
    assert "Әлібек Ғалымжан Қуаныштұлы" in text
    assert KAZAKH_UPPER in text and KAZAKH_LOWER in text

    reader = PdfReader(path)
    assert reader.is_encrypted
    assert reader.decrypt(PASSWORD) > 0
    assert "/AESV3" in str(reader.trailer["/Encrypt"]["/CF"])  # AES-256
    assert len(reader.pages) == len(PdfReader(io.BytesIO(plain)).pages)


def test_encrypted_pdf_text_is_the_plain_texts(tmp_path: Path, pdftotext: str) -> None:
    plain = _bytes(write_progress_report, progress_data())
    plain_path, secret_path = tmp_path / "plain.pdf", tmp_path / "secret.pdf"
    plain_path.write_bytes(plain)
    secret_path.write_bytes(encrypt_pdf(plain, PASSWORD))
    assert pdftotext_run(secret_path, PASSWORD).stdout == pdftotext_run(plain_path, None).stdout


def test_encrypted_pdf_differs_each_time_but_reportlab_output_stays_invariant() -> None:
    first = _bytes(write_progress_report, progress_data())
    assert first == _bytes(write_progress_report, progress_data())
    assert encrypt_pdf(first, PASSWORD) != encrypt_pdf(first, PASSWORD)  # fresh keys and IVs


def test_no_name_readable_in_an_encrypted_pdf() -> None:
    plain = _bytes(write_progress_report, progress_data())
    assert not names_in(encrypt_pdf(plain, PASSWORD))
    assert not names_in(encrypt_pdf(plain, PASSWORD), "Қуаныштұлы")


# --- XLSX -----------------------------------------------------------------------------


def _decrypt_office(payload: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(payload))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def _cells(payload: bytes) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(io.BytesIO(payload))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_encrypted_xlsx_decrypts_to_the_same_workbook() -> None:
    plain = _bytes(write_term_summary_xlsx, summary_data(identified=True))
    secret = encrypt_xlsx(plain, PASSWORD)
    assert secret[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # the OLE container Excel expects
    office = msoffcrypto.OfficeFile(io.BytesIO(secret))
    assert office.is_encrypted()

    opened = _cells(_decrypt_office(secret, PASSWORD))
    assert opened == _cells(plain)
    numbers = [value for rows in opened.values() for row in rows for value in row]
    assert 23 in numbers and 120 in numbers  # children in all, individual sessions
    assert any(isinstance(value, str) and CHILD in value for value in numbers)


def test_encrypted_xlsx_refuses_a_wrong_password() -> None:
    secret = encrypt_xlsx(_bytes(write_term_summary_xlsx, summary_data(identified=True)), PASSWORD)
    with pytest.raises(InvalidKeyError):
        _decrypt_office(secret, "not the password")


def test_no_name_readable_in_an_encrypted_xlsx() -> None:
    plain = _bytes(write_term_summary_xlsx, summary_data(identified=True))
    assert names_in(plain)  # the search finds it where it can be read
    assert not names_in(encrypt_xlsx(plain, PASSWORD))


# --- CSV in an AES-256 zip ------------------------------------------------------------


def test_csv_goes_into_an_aes_zip_that_opens_with_the_password() -> None:
    plain = _bytes(write_term_summary_csv, summary_data(identified=True))
    secret = zip_encrypted(plain, "term-summary.csv", PASSWORD)
    with pyzipper.AESZipFile(io.BytesIO(secret)) as archive:
        assert archive.namelist() == ["term-summary.csv"]
        info = archive.getinfo("term-summary.csv")
        assert info.flag_bits & 0x1  # encrypted
        with pytest.raises(RuntimeError):
            archive.read("term-summary.csv")  # no password
        archive.setpassword(b"not the password")
        with pytest.raises(RuntimeError):
            archive.read("term-summary.csv")
        archive.setpassword(PASSWORD.encode("utf-8"))
        assert archive.read("term-summary.csv") == plain
    with zipfile.ZipFile(io.BytesIO(secret)) as archive:
        assert archive.getinfo("term-summary.csv").compress_type == 99  # WinZip AES


def test_no_name_readable_in_an_encrypted_csv_zip() -> None:
    plain = _bytes(write_term_summary_csv, summary_data(identified=True))
    assert names_in(plain)
    assert not names_in(zip_encrypted(plain, "s.csv", PASSWORD))


# --- writing the files ----------------------------------------------------------------


def test_protected_path_puts_only_csv_in_a_zip(tmp_path: Path) -> None:
    assert protected_path(tmp_path / "s.pdf", "pdf") == tmp_path / "s.pdf"
    assert protected_path(tmp_path / "s.xlsx", "xlsx") == tmp_path / "s.xlsx"
    assert protected_path(tmp_path / "s.csv", "csv") == tmp_path / "s.csv.zip"
    assert protected_path(tmp_path / "s.zip", "csv") == tmp_path / "s.zip"


def test_write_protected_writes_only_the_protected_file(tmp_path: Path) -> None:
    plain = _bytes(write_term_summary_csv, summary_data(identified=True))
    written = write_protected(tmp_path / "summary.csv", plain, "csv", PASSWORD)
    assert written == tmp_path / "summary.csv.zip"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["summary.csv.zip"]
    with pyzipper.AESZipFile(written) as archive:
        archive.setpassword(PASSWORD.encode("utf-8"))
        assert archive.read("summary.csv") == plain
    unprotected = write_protected(tmp_path / "plain.csv", plain, "csv", None)
    assert unprotected.read_bytes() == plain


def test_an_empty_password_or_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        protect(b"x", "pdf", "", member_name="x")
    with pytest.raises(ValueError, match="format"):
        protect(b"x", "docx", PASSWORD, member_name="x")
