"""BibTeX/LaTeX field text -> plain Unicode text, for display and comparison."""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

_FORMATTING = re.compile(
    r"\\(?:textit|textbf|textsc|texttt|textrm|textsf|emph|mathrm|mathit|mathbf|"
    r"sc|it|bf|em|rm|sf|tt|url|href\{[^{}]*\})\b\s*"
)
_BRACES = re.compile(r"[{}]")
# Escaped special characters, kept aside (in private-use code points) while braces
# and commands are processed: \$ \& \% \# \_ \{ \} print as the character itself.
_ESCAPED = re.compile(r"\\([$&%#_{}])")
_KEPT = {char: chr(0xE000 + index) for index, char in enumerate("$&%#_{}")}
_RESTORE = str.maketrans({code: char for char, code in _KEPT.items()})
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 15)  # names, venues and words recur across entries
def latex_to_text(value: str) -> str:
    """``{Frank-Wolfe} via M{\\"u}ller \\& {\\sc RL}`` -> ``Frank-Wolfe via Müller & RL``.

    Accents and symbols are decoded (latexcodec), formatting commands and
    protective braces dropped, whitespace collapsed. Commands it does not know
    stay as written, never interpreted.
    """
    if "\\" in value:
        value = _ESCAPED.sub(lambda m: _KEPT[m.group(1)], value)
    if "\\" in value or "$" in value or "--" in value or "~" in value:
        import latexcodec  # noqa: F401, PLC0415 - registers "ulatex"; loaded only when needed

        value = codecs.decode(value, "ulatex")  # type: ignore[call-overload]
        value = _FORMATTING.sub("", value)
    if "{" in value or "}" in value:
        value = _BRACES.sub("", value)
    return _SPACE.sub(" ", value.translate(_RESTORE)).strip()


_NOT_WORD = re.compile(r"[^0-9a-z ]+")


@lru_cache(maxsize=1 << 15)
def fold(value: str) -> str:
    """Lower-case ASCII letters, digits and single spaces: for comparing names and titles."""
    ascii_only = (
        unicodedata.normalize("NFKD", latex_to_text(value)).encode("ascii", "ignore").decode()
    )
    return " ".join(_NOT_WORD.sub("", ascii_only.lower()).split())


# Characters that look like ASCII punctuation, and the ASCII meant: in a key, a DOI
# or a page range they break links and citations (BIB301).
LOOKALIKES = {
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2044": "/",
    "\u2215": "/",
    "\u00a0": " ",
    "\u200b": "",
    "\ufeff": "",
    "\uff0f": "/",
}
LOOKALIKE = re.compile(f"[{''.join(LOOKALIKES)}]")
