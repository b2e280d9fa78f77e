"""The organisation app's Chinese catalogue is complete: no empty msgstr, no fuzzy entry."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n")[1:]:  # the first block is the header
        if "msgid " in block:
            yield block


def test_every_townships_message_is_translated():
    untranslated = [block for block in entries() if re.search(r'\nmsgstr(\[\d\])? ""(\n(?!")|$)', block)]
    assert not untranslated, untranslated


def test_no_townships_message_is_fuzzy():
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")
