"""README.zh-CN.md is kept in step with README.md: both list the same commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"```sh\n(.*?)```", re.S)


def commands(markdown: str) -> set[str]:
    """The commands of every ``sh`` code block, without their comments and spacing."""
    found = set()
    for block in _BLOCK.findall(markdown):
        for line in block.splitlines():
            command = " ".join(line.split("#", 1)[0].split()) if not line.lstrip().startswith("#") else ""
            if command:
                found.add(command)
    return found


def test_the_chinese_readme_lists_the_commands_the_english_one_does() -> None:
    english = commands((ROOT / "README.md").read_text(encoding="utf-8"))
    chinese = commands((ROOT / "README.zh-CN.md").read_text(encoding="utf-8"))
    assert english, "README.md lists no command"
    missing, extra = sorted(english - chinese), sorted(chinese - english)
    assert chinese == english, f"only in README.md: {missing}; only in README.zh-CN.md: {extra}"
