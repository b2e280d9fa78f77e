"""Reading a catalogue file into rows of cell texts: .xlsx (fast stdlib reader, openpyxl fallback) or
.csv in UTF-8 (with or without BOM) or GBK. Whole-file problems raise ImportFileError."""

import csv
import io
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

from enforcement.core.spreadsheets import FORMULA_PREFIXES

from . import fileformat as ff
from . import xlsx


def max_import_bytes():
    return int(getattr(settings, "CATALOG_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


class ImportFileError(Exception):
    """The file as a whole cannot be read (empty, too large, wrong format, damaged, no header)."""


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return ff.YES if value else ff.NO
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _decode_csv(content):
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")  # a superset of GBK and GB2312
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The CSV file's encoding was not recognised: save it as UTF-8 or GBK.")) from exc


def _file_kind(content, filename):
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith(".csv") or name.endswith(".txt"):
        return "csv"
    if name.endswith(".xls"):
        raise ImportFileError(_("Old .xls workbooks are not supported: save the file as .xlsx or .csv."))
    if content[:2] == b"PK":
        return "xlsx"
    raise ImportFileError(_("Only .xlsx and .csv files can be imported."))


def _read_with_openpyxl(content):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook["事项"] if "事项" in workbook.sheetnames else workbook.worksheets[0]
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:  # openpyxl raises assorted errors (zip, XML, KeyError) for broken files
        raise ImportFileError(_("The Excel file cannot be read: it is damaged or not an .xlsx workbook.")) from exc
    return rows


def _delimiter(text):
    """Comma, tab or semicolon: whichever splits the header line into the most known column names."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    known = set(ff.HEADERS)
    return max((",", "\t", ";"), key=lambda d: sum(part.strip().strip('"') in known for part in header.split(d)))


def _unescape(cell):
    """Our exports write formula-like text with a leading apostrophe (core.spreadsheets): read it back as it was."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:2] in FORMULA_PREFIXES and cell[1:2]:
        return cell[1:]
    return cell


def read_table(content, filename):
    """Return a list of rows (lists of cell texts), first row the header. Raises ImportFileError."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    limit = max_import_bytes()
    if len(content) > limit:
        raise ImportFileError(_("The file is %(size).1f MB; at most %(limit).0f MB can be imported at once.") % {
            "size": len(content) / 1024 / 1024, "limit": limit / 1024 / 1024})
    kind = _file_kind(content, filename)
    if kind == "xlsx":
        try:
            rows = xlsx.read_rows(content)
        except xlsx.XlsxUnsafeError as exc:
            raise ImportFileError(_(
                "The Excel file cannot be read: it is damaged or not an .xlsx workbook.")) from exc
        except xlsx.XlsxReadError:
            rows = _read_with_openpyxl(content)  # the careful reader decides, and names the problem
    else:
        text = _decode_csv(content)
        if "\x00" in text:
            raise ImportFileError(_("The CSV file contains binary data: is it really a CSV file?"))
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text))]
    rows = [[_unescape(cell) for cell in row] for row in rows if any(cell for cell in row)] if rows else []
    if not rows:
        raise ImportFileError(_("The file is empty."))
    return rows
