"""Vocabulary labels: every code has its own label, even where codes repeat across lists."""

from __future__ import annotations

from caseroom import vocab
from caseroom.vocab import ChildStatus, GoalStatus, ParentGoalStatus, label


def test_shared_codes_keep_their_own_labels() -> None:
    assert label(GoalStatus.ACTIVE) == "in progress"
    assert label(ChildStatus.ACTIVE) == "active"
    assert label(ParentGoalStatus.ACTIVE) == "working on it"
    assert label(vocab.CaregiverRelation.OTHER) == "other relative"
    assert label(vocab.BarrierKind.OTHER) == "other barrier"


def test_every_vocabulary_value_has_a_label() -> None:
    enums = [
        member
        for name in dir(vocab)
        if isinstance(getattr(vocab, name), type)
        and issubclass(getattr(vocab, name), vocab.StrEnum)
        and getattr(vocab, name) is not vocab.StrEnum
        for member in getattr(vocab, name)
    ]
    assert len(enums) > 80
    for member in enums:
        assert label(member)
