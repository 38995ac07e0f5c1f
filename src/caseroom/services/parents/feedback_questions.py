"""The questions of a support group's feedback slip: a data file, read and checked.

The built-in questions are `resources/feedback/questions.json` (format in the README
there); a centre may replace them with a file of its own (`load_feedback_questions`).
At most five questions, each a 1–5 scale or yes/no, every text in English, Russian and
Kazakh, plus the prompt of a free comment. A file that does not fit is refused with
`FeedbackFileError` naming it and the first problem found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import _, current_language
from caseroom.paths import resource_path
from caseroom.services.common import Problems, checked_text

FORMAT = 1
MAX_QUESTIONS = 5
SCALE_LOW, SCALE_HIGH = 1, 5
LANGUAGES = ("en", "ru", "kk")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
TEXT_MAX = 1000
"""The longest text of a question, a title or an instruction, in characters."""
VERSION_MAX = 32
"""The longest version a file may give (it is stored with each slip)."""


class FeedbackFileError(UserError):
    """A feedback questions file could not be read or does not fit the format."""


class QuestionKind(StrEnum):
    """How a feedback question is answered."""

    SCALE = "scale"
    """1 (not at all) to 5 (very much)."""
    YES_NO = "yes_no"
    """Yes (stored as 1) or no (0)."""


def _pick(texts: Mapping[str, str], language: str | None) -> str:
    return texts.get(language or current_language()) or texts.get("en") or ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its stable id, how it is answered and its text per language."""

    id: str
    kind: QuestionKind
    texts: Mapping[str, str]

    def text(self, language: str | None = None) -> str:
        """The question in `language` (default: the current one)."""
        return _pick(self.texts, language)

    def values(self) -> tuple[int, ...]:
        """The values an answer may take."""
        if self.kind is QuestionKind.YES_NO:
            return (1, 0)
        return tuple(range(SCALE_LOW, SCALE_HIGH + 1))


@dataclass(frozen=True, slots=True)
class FeedbackQuestions:
    """The whole form: title, instructions, questions, the scale's ends and the comment."""

    id: str
    version: str
    titles: Mapping[str, str]
    instruction_texts: Mapping[str, str]
    low_texts: Mapping[str, str]
    high_texts: Mapping[str, str]
    questions: tuple[Question, ...]
    comment_texts: Mapping[str, str]

    def title(self, language: str | None = None) -> str:
        """The form's title in `language`."""
        return _pick(self.titles, language)

    def instructions(self, language: str | None = None) -> str:
        """The sentence under the title in `language` ("" if none)."""
        return _pick(self.instruction_texts, language)

    def low(self, language: str | None = None) -> str:
        """What 1 means on the scale."""
        return _pick(self.low_texts, language)

    def high(self, language: str | None = None) -> str:
        """What 5 means on the scale."""
        return _pick(self.high_texts, language)

    def comment(self, language: str | None = None) -> str:
        """The prompt of the free comment."""
        return _pick(self.comment_texts, language)

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if the form has it."""
        return next((q for q in self.questions if q.id == question_id), None)


def _texts(doc: Mapping[str, Any], key: str, *, required: bool = True) -> dict[str, str]:
    value = doc.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or any(
        not isinstance(value.get(code), str) or not value[code].strip() for code in LANGUAGES
    ):
        raise ValueError(_("“{field}” must give a text in en, ru and kk").format(field=key))
    return {code: _checked(value[code], TEXT_MAX) for code in LANGUAGES}


def _checked(value: str, limit: int) -> str:
    """`value` stripped, if it follows the one rule for stored text; `ValueError` if not."""
    problems = Problems()
    text = checked_text(problems, "text", value, limit=limit, multiline=True)
    if problems:
        raise ValueError(problems.found["text"])
    assert text is not None  # an empty text was refused by the caller
    return text


def _question(doc: Any, seen: set[str]) -> Question:
    if not isinstance(doc, dict):
        raise ValueError(_("Each question must be an object with an id, a kind and a text"))
    ident = doc.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise ValueError(_("A question id must be a short code of small Latin letters"))
    if ident in seen:
        raise ValueError(_("The question id “{id}” is used twice").format(id=ident))
    seen.add(ident)
    if doc.get("kind") not in set(QuestionKind):
        raise ValueError(
            _("The question “{id}” must be of kind “scale” or “yes_no”").format(id=ident)
        )
    return Question(ident, QuestionKind(doc["kind"]), _texts(doc, "text"))


def parse_feedback_questions(doc: Any) -> FeedbackQuestions:
    """The form described by a decoded JSON document (`ValueError` if it does not fit)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(_("“format” must be {number}").format(number=FORMAT))
    ident = doc.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise ValueError(_("“id” must be a short code of small Latin letters"))
    items = doc.get("questions")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_QUESTIONS:
        raise ValueError(
            _("“questions” must list from 1 to {limit} questions").format(limit=MAX_QUESTIONS)
        )
    seen: set[str] = set()
    questions = tuple(_question(item, seen) for item in items)
    scale = doc.get("scale")
    if not isinstance(scale, dict):
        raise ValueError(_("“{field}” must give a text in en, ru and kk").format(field="scale"))
    return FeedbackQuestions(
        id=ident,
        version=_version(doc.get("version", "1")),
        titles=_texts(doc, "title"),
        instruction_texts=_texts(doc, "instructions", required=False),
        low_texts=_texts(scale, "low"),
        high_texts=_texts(scale, "high"),
        questions=questions,
        comment_texts=_texts(doc, "comment"),
    )


def _version(value: Any) -> str:
    """The file's version as stored with each slip: one line of at most `VERSION_MAX`."""
    problems = Problems()
    text = checked_text(problems, "version", str(value), limit=VERSION_MAX)
    if problems or text is None:
        raise ValueError(_("“version” must be a short text on one line"))
    return text


def read_feedback_file(path: Path) -> FeedbackQuestions:
    """Read and check one questions file (`FeedbackFileError` naming it if it is not valid)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        return parse_feedback_questions(doc)
    except FileNotFoundError:
        raise FeedbackFileError(
            _("The feedback questions file {file} was not found").format(file=path)
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError) as error:
        raise FeedbackFileError(
            _("The feedback questions file {file} cannot be used: {problem}").format(
                file=path.name, problem=error
            )
        ) from None


def feedback_file() -> Path:
    """The built-in questions file."""
    return resource_path("feedback", "questions.json")


@cache
def builtin_feedback_questions() -> FeedbackQuestions:
    """The questions shipped with caseroom (read once, then cached)."""
    return read_feedback_file(feedback_file())


def load_feedback_questions(path: Path | None = None) -> FeedbackQuestions:
    """A centre's own questions file when `path` is given, else the built-in one."""
    return builtin_feedback_questions() if path is None else read_feedback_file(path)
