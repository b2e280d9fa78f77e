"""Issue 13 item 7: the README names no file outside the repository; every file it links exists in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_no_machine_path():
    assert not re.findall(r"(?<![\w.])/(?:work|root|home|tmp|opt|srv)/\S*", README)


def test_every_file_the_readme_links_is_in_the_repository():
    targets = [t for t in re.findall(r"\]\(([^)#\s]+)", README) if not re.match(r"^[a-z]+://", t)]
    assert targets, "the README links no file at all"
    missing = [t for t in targets if not (ROOT / t).resolve().is_relative_to(ROOT) or not (ROOT / t).exists()]
    assert not missing, missing
