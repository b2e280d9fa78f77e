"""`.env.example` documents every environment variable that settings.py reads (STYLE: settings)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = r"(?:os\.environ\.get|os\.getenv|env_str|env_bool|env_list|env_int|env_decimal)\(\s*\"([A-Z][A-Z0-9_]*)\""


def variables_read_by_settings():
    names = set()
    for path in (ROOT / "enforcement").glob("settings*.py"):
        names |= set(re.findall(READERS, path.read_text(encoding="utf-8")))
    return names


def documented_variables():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_every_setting_variable_is_documented_in_env_example():
    missing = sorted(variables_read_by_settings() - documented_variables())
    assert not missing, f"Document these in .env.example: {missing}"


def test_env_example_documents_no_unknown_variable():
    unknown = sorted(documented_variables() - variables_read_by_settings())
    assert not unknown, f".env.example lists variables settings.py does not read: {unknown}"
