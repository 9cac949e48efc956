"""The package's public surface, and that importing it stays cheap."""

from __future__ import annotations

import subprocess
import sys

import atlas_access.gotemplate as gotemplate


def test_the_public_surface() -> None:
    assert sorted(gotemplate.__all__) == ["ESCAPE", "TabWriter", "Template", "TemplateError", "render", "tabulate"]
    assert issubclass(gotemplate.TemplateError, Exception)


def test_importing_loads_no_other_library() -> None:
    script = (
        "import sys, atlas_access; before = set(sys.modules); import atlas_access.gotemplate; "
        "new = set(sys.modules) - before - {'__future__'}; "
        "print(sorted(m for m in new if not m.startswith('atlas_access.gotemplate')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_render_with_added_functions() -> None:
    assert gotemplate.render("{{twice .}}", "ab", funcs={"twice": lambda s: s * 2}) == "abab"
