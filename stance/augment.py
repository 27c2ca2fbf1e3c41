"""Training-data augmentation for stance: the same claim against a reversed target.

A stance model trained on (target, claim) pairs from a few dozen articles learns the claim's
verbs ("demands", "warned") rather than what the claim says about the target, so calls *for*
something come out *against* it. Pairing every labelled claim with the target reversed
("The budget should be passed" -> "The budget should not be passed"; "Sanctions on Russia" ->
"Opposition to sanctions on Russia") and the label flipped (favor <-> against; none stays
none) gives the model pairs that differ only in the target, so the target has to be read.
Only training splits are augmented; dev and test stay as labelled.
"""

from __future__ import annotations

import re

from datasets import Dataset, concatenate_datasets

from .schema import STANCE_LABELS

__all__ = ["AUGMENTATIONS", "augment_stance", "reverse_target"]

AUGMENTATIONS = ("flip_targets",)

# "should", "must", "will" ... take a "not" after them: the proposition reversed.
_AUXILIARIES = r"\b(should|must|will|would|can|could|is|are|was|were|has|have|does|do)"
_AUXILIARY = re.compile(_AUXILIARIES + r"\b(?!\s+not\b)", re.I)
_NEGATED = re.compile(_AUXILIARIES + r"\s+not\s+", re.I)
_OPPOSITION = "Opposition to "
_NOT_TRUE = "It is not true that "


def reverse_target(target: str) -> str:
    """A target that means the opposite: favoring one is opposing the other.

    Args:
        target: A stance target, a proposition ("NATO should stop expanding") or an entity or
            policy ("NATO expansion eastward").

    Returns:
        The proposition with its first auxiliary negated (or un-negated), "It is not true
        that <clause>", or "Opposition to <target>" (and back again).

    Example:
        >>> reverse_target("The budget should be passed"), reverse_target("Sanctions on Russia")
        ('The budget should not be passed', 'Opposition to Sanctions on Russia')
        >>> reverse_target(reverse_target("Sanctions on Russia"))
        'Sanctions on Russia'
    """
    for prefix in (_OPPOSITION, _NOT_TRUE):
        if target.startswith(prefix):
            return target[len(prefix) :]
    if _NEGATED.search(target):
        return _NEGATED.sub(lambda m: m.group(1) + " ", target, count=1)
    if _AUXILIARY.search(target):
        return _AUXILIARY.sub(lambda m: m.group(1) + " not", target, count=1)
    words = target.split()
    if len(words) > 2 and words[0][:1].isupper() and re.fullmatch(r"[a-z]+s", words[1]):  # "Russia intends to ..."
        return _NOT_TRUE + target
    # The encoder is uncased, so "Opposition to Sanctions on Russia" reads as it should.
    return _OPPOSITION + target


def augment_stance(train: Dataset, augmentations) -> Dataset:
    """The stance training split with the configured augmentations added.

    Args:
        train: Rows with ``target``, ``text`` and ``label`` (an index into ``STANCE_LABELS``).
        augmentations: Names from :data:`AUGMENTATIONS` (empty: ``train`` unchanged).

    Returns:
        ``train`` followed by the new rows.
    """
    if "flip_targets" not in augmentations or len(train) == 0:
        return train
    favor, against = STANCE_LABELS.index("favor"), STANCE_LABELS.index("against")
    swap = {favor: against, against: favor}

    def flip(batch):
        return {
            **batch,
            "target": [reverse_target(t) for t in batch["target"]],
            "label": [swap.get(label, label) for label in batch["label"]],
        }

    return concatenate_datasets([train, train.map(flip, batched=True)])
