"""Where a word may be broken at the end of a line: only after a hyphen it already has.

reportlab breaks a word too long for its line anywhere, with no hyphen shown
("психологиялық-медициналық-пед" / "агогикалық"), unless it can hyphenate it; and it
hyphenates (here: breaks after a hyphen the word has, `embeddedHyphenation`) only words of
the letters it knows, whose Cyrillic is А–я alone, without ё, і or Kazakh ә ғ қ ң ө ұ ү һ.
`allow_cyrillic_words` adds the whole Cyrillic block to those letters, so a Kazakh or
Russian compound breaks as "психологиялық-" / "медициналық-педагогикалық"; the report
styles turn off breaking inside a word anywhere else (`splitLongWords=0`).
"""

from __future__ import annotations

import re
import threading

from reportlab.platypus import paragraph

CYRILLIC = "\u0400-\u052f"
"""Cyrillic and its supplement: Russian, Kazakh (ә ғ қ ң ө ұ ү һ і) and the other letters."""

_lock = threading.Lock()


def allow_cyrillic_words() -> None:
    """Let reportlab treat every Cyrillic letter as a letter of a word it may break at its
    own hyphen (once; a reportlab without those patterns is left as it is)."""
    with _lock:
        letters = getattr(paragraph, "_hy_letters", None)
        if not isinstance(letters, str) or CYRILLIC in letters:
            return
        if not hasattr(paragraph, "_hy_letters_pat") or not hasattr(paragraph, "_hy_shy"):
            return
        letters += CYRILLIC
        paragraph._hy_letters = letters
        paragraph._hy_letters_pat = re.compile(f"^[{letters}]+$")
        paragraph._hy_shy_letters_pat = re.compile(f"^[{paragraph._hy_shy}{letters}]+$")
