"""Mechanical fixes of refs.bib (bibfolio.check.fixes): each an edit of the text that leaves
every other byte as it was."""

from __future__ import annotations

import pytest

from bibfolio.check.fixes import applied, fixes, unified_diff
from bibfolio.load.bibtex import parse

# After al-folio's example bibliography (MIT, Copyright (c) 2025 Maruan Al-Shedivat).
ALFOLIO = """\
---
---
% a comment that stays
@article{PhysRev.47.777,
  abbr={PhysRev},
  title={Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?},
  author={Einstein*\u2020, A. and Podolsky*, B. and Rosen*, N.},
  journal={Phys. Rev.,},
  year={1935},
  altmetric={248277},
  dimensions={true},
  selected={true}
}

@book{einstein1956investigations,
  bibtex_show={true},
  title={Investigations on the Theory of the Brownian Movement for LLMs},
  author={Einstein, Albert},
  publisher={Courier Corporation,},
  preview={brownian-motion.gif}
}
"""

FIXED = """\
---
---
% a comment that stays
@article{PhysRev.47.777,
  title={Can Quantum-Mechanical Description of Physical Reality Be Considered Complete?},
  author={Einstein, A. and Podolsky, B. and Rosen, N.},
  equalcontrib={1, 2, 3},
  journal={Phys. Rev.,},
  year={1935},
  selected={true}
}

@book{einstein1956investigations,
  title={Investigations on the Theory of the Brownian Movement for {LLMs}},
  author={Einstein, Albert},
  publisher={Courier Corporation,},
}
"""


def fixed(text: str) -> str:
    return applied(text, fixes(parse(text, "refs.bib")))


def test_al_folio_entries_fixed_and_the_rest_kept() -> None:
    assert fixed(ALFOLIO) == FIXED
    assert fixed(FIXED) == FIXED, "a fixed file has nothing left to fix"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # fields that share a line
            "@misc{k, author = {Lu*, Miao and Li*, Bin}, title = {On LLMs}, abbr = {X}}\n",
            (
                "@misc{k, author = {Lu, Miao and Li, Bin}, equalcontrib = {1, 2}, "
                "title = {On {LLMs}}}\n"
            ),
        ),
        (  # Windows line ends kept; a mark that is no co-first one
            '@misc{k,\r\n  author = "Lu\\(^\\dagger\\), Miao",\r\n  preview = {a.gif}\r\n}\r\n',
            '@misc{k,\r\n  author = "Lu, Miao",\r\n}\r\n',
        ),
        (  # equalcontrib given already: only the marks go
            "@misc{k, author = {Lu*, M.}, equalcontrib = {1}}\n",
            "@misc{k, author = {Lu, M.}, equalcontrib = {1}}\n",
        ),
    ],
)
def test_each_fix_touches_only_what_it_fixes(before: str, after: str) -> None:
    assert fixed(before) == after


def test_values_not_written_as_one_literal_are_left_alone() -> None:
    source = '@string{t = "On LLMs"}\n@misc{k, title = t # " and RLHF", author = "Lu*, M." # ""}\n'
    assert fixed(source) == source


def test_the_diff_is_unified() -> None:
    diff = unified_diff(ALFOLIO, FIXED, "refs.bib")
    assert diff.startswith("--- refs.bib (now)\n+++ refs.bib (fixed)\n@@ ")
    assert "-  abbr={PhysRev},\n" in diff
    assert "+  equalcontrib={1, 2, 3},\n" in diff
