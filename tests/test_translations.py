"""Every Chinese catalogue in the repository is complete and compiled (STYLE: no empty msgstr, no fuzzy)."""

import ast
import gettext
import shutil
import subprocess
from pathlib import Path

from django.utils import translation

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "node_modules", "staticfiles", "media", ".git"}
CATALOGUES = sorted(
    path for path in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django*.po")  # django.po and djangojs.po
    if not SKIP_DIRS & set(path.relative_to(ROOT).parts)
)


def parse_po(path):
    """The entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr (list) and flags."""
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not used
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "line": number}
        if line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += value
            else:
                entry[field] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr["):
                field = ("msgstr", int(keyword[7:-1]))
                entry["msgstr"][field[1]] = value
            elif keyword == "msgstr":
                field = ("msgstr", 0)
                entry["msgstr"][0] = value
            else:
                field = keyword
                entry[field] = value
    finish()
    return entries


def test_there_are_catalogues():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_catalogue_has_no_empty_or_fuzzy_entry(po):
    problems = []
    for entry in parse_po(po):
        if entry["msgid"] == "":
            continue  # the header
        where = f"{po.relative_to(ROOT)}:{entry['line']} {entry['msgid'][:70]!r}"
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {where}")
        if not entry["msgstr"] or any(not text.strip() for text in entry["msgstr"].values()):
            problems.append(f"untranslated: {where}")
    assert not problems, f"{len(problems)} catalogue problems (fill them in Chinese):\n" + "\n".join(problems)


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_catalogue_placeholders_match_and_msgfmt_accepts_it(po):
    """A msgstr that drops or renames a %(name)s placeholder breaks compilemessages (and so `make run`)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: `make test` installs Debian's gettext package"
    result = subprocess.run([msgfmt, "--check-format", "-o", "/dev/null", str(po)],  # noqa: S603
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_catalogue_is_compiled_and_up_to_date(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `make messages`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo.relative_to(ROOT)} is older than its .po: `make messages`"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    translated = [entry for entry in parse_po(po) if entry["msgid"] and entry["msgstr"].get(0)]
    for entry in translated[:50]:
        if "msgid_plural" not in entry and "msgctxt" not in entry:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0]


def test_the_site_speaks_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"
        assert translation.gettext("Audit log") == "审计日志"
