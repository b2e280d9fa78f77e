"""A small, fast reader for the first (or the "事项") sheet of an .xlsx workbook: cell values as text.

openpyxl's read-only mode builds an object per cell and takes ~3 s for a 3,403-row catalogue; this
streams the sheet XML with the standard library and takes a fraction of that. Anything it does not
understand raises `XlsxReadError`; the caller then falls back to openpyxl.

Untrusted input: workbook parts never carry a DOCTYPE, so a part that does is refused before parsing
(no entity expansion is ever attempted).
"""

import io
import posixpath
import re
import zipfile
from datetime import date, timedelta

from defusedxml import ElementTree  # entity expansion and external references refused by the parser

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DATE_FORMAT_IDS = set(range(14, 23)) | {45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_LETTERS = re.compile(r"^([A-Z]+)")
MAX_PART_BYTES = 200 * 1024 * 1024  # refuse zip bombs


class XlsxReadError(Exception):
    pass


class XlsxUnsafeError(XlsxReadError):
    """A part declares a DOCTYPE or entities: never parsed, by any reader."""


def _read(zf, name):
    info = zf.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise XlsxReadError("part too large")
    data = zf.read(name)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise XlsxUnsafeError("DOCTYPE in a workbook part")
    return data


def _parse(data):
    return ElementTree.fromstring(data)


def _sheet_path(zf, preferred):
    workbook = _parse(_read(zf, "xl/workbook.xml"))
    rels = _parse(_read(zf, "xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PKG_REL}Relationship")}
    sheets = [(s.get("name"), s.get(f"{REL}id")) for s in workbook.iter(f"{MAIN}sheet")]
    if not sheets:
        raise XlsxReadError("no sheets")
    name, rel_id = next((s for s in sheets if s[0] == preferred), sheets[0])
    target = targets[rel_id]
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    pr = workbook.find(f"{MAIN}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in {"1", "true"}
    return path, date1904


def _shared_strings(zf):
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = _parse(_read(zf, "xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root.iter(f"{MAIN}si")]


def _date_styles(zf):
    if "xl/styles.xml" not in zf.namelist():
        return set()
    root = _parse(_read(zf, "xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter(f"{MAIN}numFmt")}
    date_ids = set(DATE_FORMAT_IDS) | {i for i, code in custom.items()
                                       if _DATE_CODE.search(re.sub(r'"[^"]*"|\[[^\]]*\]', "", code))}
    xfs = root.find(f"{MAIN}cellXfs")
    if xfs is None:
        return set()
    return {index for index, xf in enumerate(xfs.findall(f"{MAIN}xf")) if int(xf.get("numFmtId", 0)) in date_ids}


def _column(ref):
    match = _LETTERS.match(ref or "")
    if not match:
        raise XlsxReadError("cell without reference")
    number = 0
    for char in match.group(1):
        number = number * 26 + ord(char) - 64
    return number - 1


def _number_text(text, is_date, date1904):
    value = float(text)
    if is_date:
        base = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
        return (base + timedelta(days=int(value))).isoformat()
    return str(int(value)) if value.is_integer() else repr(value)


def read_rows(content, preferred_sheet="事项"):
    """Rows of cell texts (lists, trailing empties kept as ""), like openpyxl's values_only iteration."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        path, date1904 = _sheet_path(zf, preferred_sheet)
        shared = _shared_strings(zf)
        date_styles = _date_styles(zf)
        sheet = _read(zf, path)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError) as exc:
        raise XlsxReadError(str(exc)) from exc
    rows = []
    try:
        for _event, element in ElementTree.iterparse(io.BytesIO(sheet), events=("end",)):
            if element.tag != f"{MAIN}row":
                continue
            cells = {}
            for cell in element.iter(f"{MAIN}c"):
                kind = cell.get("t", "n")
                value = cell.find(f"{MAIN}v")
                text = value.text if value is not None and value.text is not None else ""
                if kind == "s":
                    text = shared[int(text)] if text else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(f"{MAIN}t"))
                elif kind == "b":
                    text = "是" if text == "1" else "否"
                elif kind == "d":
                    text = text[:10]
                elif kind == "n" and text:
                    text = _number_text(text, int(cell.get("s", 0)) in date_styles, date1904)
                cells[_column(cell.get("r"))] = text.strip() if isinstance(text, str) else str(text)
            row_number = int(element.get("r", len(rows) + 1))
            while len(rows) < row_number - 1:
                rows.append([])
            width = max(cells) + 1 if cells else 0
            rows.append([cells.get(i, "") for i in range(width)])
            element.clear()
    except (ElementTree.ParseError, ValueError, IndexError) as exc:
        raise XlsxReadError(str(exc)) from exc
    return rows

