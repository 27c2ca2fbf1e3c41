"""Model specs: a trained model folder, ``baseline:NAME``, or ``finetune[:CONFIG]`` (cross-validation)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .baselines import BASELINES, make_baseline
from .datasets import SpecError

__all__ = ["ModelSpec", "parse_model_spec"]


@dataclass(frozen=True)
class ModelSpec:
    """A parsed ``--models`` entry.

    Attributes:
        spec: As given.
        kind: ``folder``, ``baseline`` or ``finetune``.
        value: The folder, the baseline's name, or the config file (None: ``--cv-config``).
    """

    spec: str
    kind: str
    value: str | None

    @property
    def name(self) -> str:
        """The name shown in tables."""
        if self.kind == "finetune":
            return f"finetune:{self.value}" if self.value else "finetune"
        return self.spec

    def build(self, device: str | None = None):
        """A fresh model object: a loaded :class:`PipelineModel` or an unfitted baseline."""
        if self.kind == "baseline":
            return make_baseline(self.value)
        if self.kind == "folder":
            from .models import PipelineModel

            return PipelineModel(self.value, name=self.spec, device=device)
        raise SpecError(f"model spec {self.spec!r}: finetune trains a model per fold; it only works with data-cv")


def parse_model_spec(spec: str) -> ModelSpec:
    """Parse one ``--models`` entry.

    Args:
        spec: ``models/default`` (a folder holding ``stance_model.json``),
            ``baseline:majority|tfidf|rules``, ``finetune`` or ``finetune:CONFIG.yaml``.

    Returns:
        The :class:`ModelSpec`.

    Raises:
        SpecError: naming the spec, for an unknown baseline, a missing folder or config.

    Example:
        >>> parse_model_spec("baseline:tfidf").value
        'tfidf'
    """
    head, _, rest = spec.partition(":")
    if head == "baseline":
        if rest not in BASELINES:
            raise SpecError(f"model spec {spec!r}: unknown baseline {rest!r}; known: {', '.join(BASELINES)}")
        return ModelSpec(spec, "baseline", rest)
    if head == "finetune":
        if rest and not Path(rest).is_file():
            raise SpecError(f"model spec {spec!r}: config file not found: {rest}")
        return ModelSpec(spec, "finetune", rest or None)
    from .models import is_model_folder

    if not Path(spec).is_dir():
        raise SpecError(f"model spec {spec!r}: no such model folder (train one with `python train.py`, or use baseline:NAME)")
    if not is_model_folder(spec):
        raise SpecError(f"model spec {spec!r}: not a model folder (it has no stance_model.json)")
    return ModelSpec(spec, "folder", spec)
