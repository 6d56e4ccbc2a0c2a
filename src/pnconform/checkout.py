"""The checkout that holds the suite: its folder, and the pytest arguments that run it.

The suite (features/, steps/, conftest.py) is not part of the installed package: `pnconform run`
and `pnconform plan` run it from the checkout they are started in.
"""

from __future__ import annotations

from pathlib import Path


def project_root() -> Path | None:
    """The checkout holding features/ and steps/ (the suite is not part of the installed package)."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "features").is_dir() and (folder / "steps").is_dir() and (folder / "conftest.py").is_file():
            return folder
    return None


def suite_args(root: Path, target: str, targets_file: Path) -> list[str]:
    """The pytest arguments that run the checkout's suite against one target (run, plan)."""
    return [
        str(root / "steps"),
        f"--rootdir={root}",
        "-c",
        str(root / "pyproject.toml"),
        "--target",
        target,
        "--targets",
        str(targets_file.resolve()),
    ]
