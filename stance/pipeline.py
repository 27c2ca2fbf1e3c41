"""Prediction: article text in, claims with speaker and stance out."""

from __future__ import annotations

import math
import os
import threading
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import torch

from .encoding import decode_spans, encode_claim, encode_speaker, encode_stance, last_words, stance_context, truncated_units
from .errors import InputError, InputTypeError, ModelFolderError
from .calibration import apply_label_offset, apply_secondary_none_offset, apply_temperature
from .packing import pack_linear_weights
from .precision import native_bfloat16
from .model_folder import MANIFEST, load_task_model, load_task_tokenizer, read_manifest, replace_folder, write_manifest
from .schema import STANCE_LABELS
from .segment import is_page_furniture, segment
from .speakers import resolve_speakers
from .tasks import TASKS

__all__ = ["BACKENDS", "DEFAULT_MODEL", "Claim", "StancePipeline", "TruncationWarning", "load_pipeline", "predict", "token_budget_batches"]

DEFAULT_MODEL = "models/default"
#: ``torch``: the PyTorch models (float32 or bfloat16); ``onnx``: ONNX Runtime, float32;
#: ``onnx-int8``: ONNX Runtime with int8 weights (needs ``pip install 'stance[onnx]'``).
BACKENDS = ("torch", "onnx", "onnx-int8")
#: Default ``max_batch_tokens``: the padded size (inputs x longest input) of one forward pass.
MAX_BATCH_TOKENS = 4096
#: What one forward pass costs beyond its tokens, counted in tokens (:func:`token_budget_batches`):
#: on the project's 2-core CPU a forward pass of the default model costs about 4 ms before its
#: first token, and each token about 0.09 ms. Seed article with packed weights, median of 12
#: (docs/BENCHMARKS.md, session 9): 0 (fewest padded tokens) 0.393 s, 24: 0.244 s, 48: 0.238 s,
#: 96: 0.236 s, 160: 0.240 s; stance pairs/s 332, 850, 864, 846, 828.
CALL_TOKENS = 48
#: Default ``batch_size``: at most this many inputs in one forward pass.
BATCH_SIZE = 64


class TruncationWarning(UserWarning):
    """A unit was longer than the model's input and was cut; its labels use only its start."""


@dataclass
class Claim:
    """One claim unit of an article, or any unit with ``keep_non_claims=True``.

    Attributes:
        unit: Index of the unit in the article.
        start, end: Character offsets into the article.
        text: The unit, ``article[start:end]``.
        claim: Whether the unit is a claim (``claim_score >= 0.5``).
        claim_score: Probability that the unit is a claim.
        speaker: The source's fullest name in the article (None for non-claims).
        mention: The words of the unit that name the speaker, or None.
        cue: The attribution verb or phrase, or None.
        stances: Target -> ``favor`` / ``against`` / ``none``.
        stance_scores: Target -> label -> probability (empty for non-claims).
        article_id: Identifier written by :meth:`to_dict`.
        relatedness: Target -> probability that the unit is about the target at all, claim or
            not (:mod:`stance.relatedness`); empty unless predicted with ``relatedness=True``.
        stance_scores_alone: For each target on which the claim's side lost to another target
            (the folder's ``stance_secondary_none_offset``), its scores as the pair scored
            alone; :func:`stance.summarize` aggregates these, as its thresholds were chosen on
            pairs scored alone. Empty when no target lost.
    """

    unit: int
    start: int
    end: int
    text: str
    claim: bool
    claim_score: float
    speaker: str | None = None
    mention: str | None = None
    cue: str | None = None
    stances: dict[str, str] = field(default_factory=dict)
    stance_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    article_id: str = "article"
    relatedness: dict[str, float] = field(default_factory=dict)
    stance_scores_alone: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The unit in the labelled-data format of ``data/labelled`` (see data/README.md).

        Returns:
            A dict with exactly the format's fields, so predictions can be corrected by hand
            and trained on. A file of them validates when it holds every unit
            (``keep_non_claims=True``).

        Example:
            >>> claim.to_dict()["speaker"]  # doctest: +SKIP
            'Vladimir Putin'
        """
        return {
            "article_id": self.article_id,
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "claim": self.claim,
            "speaker": self.speaker if self.claim else None,
            "mention": self.mention if self.claim else None,
            "cue": self.cue if self.claim else None,
            "stances": {t: (label if self.claim else "none") for t, label in self.stances.items()},
        }

    def as_dict(self) -> dict:
        """Every attribute, scores included, as plain data (for JSON output)."""
        return asdict(self)


def token_budget_batches(
    lengths: Sequence[int], max_tokens: int = MAX_BATCH_TOKENS, max_inputs: int | None = None, call_tokens: float | None = None
) -> list[list[int]]:
    """Group inputs into batches by a token budget, at the least cost, longest inputs first.

    Inputs are sorted by length (longest first, ties in input order) and cut into runs whose
    padded size, inputs x the run's longest input, stays within ``max_tokens``. Of all such cuts,
    the one chosen costs least, counting each batch as its padded size plus ``call_tokens``: on a
    CPU a padded token costs as much as a real one and each forward pass has a fixed cost, so a
    short input goes with longer ones when its padding costs less than a pass of its own.
    An input longer than the budget gets a batch alone.

    Args:
        lengths: The length in tokens of each input.
        max_tokens: The budget of one batch.
        max_inputs: At most this many inputs per batch (None: no limit).
        call_tokens: The fixed cost of one forward pass, in tokens (None: :data:`CALL_TOKENS`;
            0: the fewest padded tokens, however many passes).

    Returns:
        Batches of input indices.

    Example:
        >>> token_budget_batches([10, 40, 12, 38], max_tokens=80, call_tokens=20)
        [[1, 3], [2, 0]]
        >>> token_budget_batches([10, 40, 12, 38], max_tokens=200, call_tokens=100)
        [[1, 3, 2, 0]]
        >>> token_budget_batches([10, 40, 12, 38], max_tokens=200, call_tokens=10)
        [[1, 3], [2, 0]]
    """
    call_tokens = CALL_TOKENS if call_tokens is None else call_tokens
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    longest = [lengths[i] for i in order]
    # cost[j]: the least cost of batching the j longest inputs; first[j]: where its last batch starts.
    cost, first = [0.0] + [math.inf] * len(order), [0] * (len(order) + 1)
    for j in range(1, len(order) + 1):
        for i in range(j - 1, -1, -1):  # the last batch is order[i:j], padded to longest[i]
            rows = j - i
            if rows > 1 and (rows * longest[i] > max_tokens or (max_inputs is not None and rows > max_inputs)):
                break  # an earlier start only makes the batch bigger
            if cost[i] + call_tokens + rows * longest[i] < cost[j]:
                cost[j], first[j] = cost[i] + call_tokens + rows * longest[i], i
    batches, j = [], len(order)
    while j:
        batches.append(order[first[j] : j])
        j = first[j]
    return batches[::-1]


class StancePipeline:
    """The three trained models of a model folder, ready to predict.

    Args:
        folder: A model folder written by ``train.py``.
        device: ``"cpu"``, ``"cuda"``, ...; None picks CUDA when available (the torch
            backend; the ONNX backends run on the CPU).
        precision: The torch backend's number format. ``"auto"`` stores and runs the models
            in bfloat16 where the hardware does it natively (CPUs with AVX-512 BF16 or AMX,
            recent GPUs), cast once at load, and in float32 elsewhere; probabilities can
            differ from float32 in the second decimal. ``"float32"`` or ``"bfloat16"`` force
            one. The ONNX backends take ``"auto"`` or ``"float32"`` only.
        backend: ``"torch"`` (default), ``"onnx"`` (ONNX Runtime, float32) or
            ``"onnx-int8"`` (ONNX Runtime, int8 weights; fastest on the CPU). The ONNX
            backends need ``pip install 'stance[onnx]'``; the folder's models are exported
            on first use into ``<folder>/onnx/`` (or ahead of time with ``stance export-onnx``)
            and the export is reused until the models change.

    Every inference setting (``max_length``, labels, input layouts) is read from the folder's
    ``stance_model.json``; ``training_config.yaml`` is never read.

    Example:
        >>> pipeline = StancePipeline.from_pretrained("models/default")  # doctest: +SKIP
        >>> claims = pipeline.predict(open("data/articles/putin-nato-guarantees.txt").read())  # doctest: +SKIP
        >>> fast = StancePipeline("models/default", backend="onnx-int8")  # doctest: +SKIP
        >>> pipeline.save_pretrained("models/copy")  # doctest: +SKIP
    """

    def __init__(
        self, folder: str | os.PathLike = DEFAULT_MODEL, device: str | None = None, precision: str = "auto", backend: str = "torch"
    ):
        if backend not in BACKENDS:
            raise InputError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, got {backend!r}")
        if precision not in ("auto", "float32", "bfloat16"):
            raise InputError(f"precision must be 'auto', 'float32' or 'bfloat16', got {precision!r}")
        if backend != "torch" and precision == "bfloat16":
            raise InputError(f"precision 'bfloat16' is for backend 'torch'; backend {backend!r} takes precision 'auto' or 'float32'")
        if backend != "torch" and device not in (None, "cpu"):
            raise InputError(f"backend {backend!r} runs on the CPU; use backend 'torch' for device {device!r}")
        self.folder = Path(folder)
        self.manifest = read_manifest(self.folder)
        # A folder trained for some tasks only (tasks: [stance]) still loads, for the benchmarks
        # that need just those; predicting articles needs all three (checked in predict).
        self.tasks = [t for t in TASKS if t in self.manifest["tasks"]]
        self.max_length = self.manifest["max_length"]
        # Fitted on the dev split at the end of training: scores are probabilities one can threshold.
        self.temperatures = dict(self.manifest["temperatures"])
        # Where "none" begins, when training was asked to fit it on dev (fit_none_offset); 0 elsewhere.
        self.stance_none_offset = float(self.manifest["stance_none_offset"])
        # Likewise for against, where a corpus's against side is rare in training (fit_against_offset).
        self.stance_against_offset = float(self.manifest["stance_against_offset"])
        # What a claim's targets other than its most sided one add to "none" (apply_secondary_none_offset).
        self.stance_secondary_none_offset = float(self.manifest["stance_secondary_none_offset"])
        # What the stance model reads after the unit (previous unit, speaker, headline), as trained.
        self.stance_input = list(self.manifest["stance_input"])
        # "bi-encoder": units and targets embedded apart, then a head on both (stance.biencoder).
        self.stance_architecture = self.manifest["stance_architecture"]
        # How many words of the previous unit the claim and speaker models read (None: as many as fit).
        self.context_words = self.manifest["context_words"]
        self.backend = backend
        self.models, self.tokenizers, self._forward = {}, {}, {}
        self._stance_head = None  # a bi-encoder's head weights, run in numpy after any backend's encoder
        self._shared = None  # features -> (claim logits, speaker logits): one encoder pass for both
        self._relatedness = None  # the relatedness encoder, loaded on first use (predict(..., relatedness=True))
        if backend == "torch":
            self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
            self.precision = _resolve_precision(precision, self.device)
            for task in self.tasks:
                model, tokenizer = load_task_model(self.folder, task)
                # Cast once here: autocast would cast every weight again on every forward pass.
                model = model.to(self.device, dtype=torch.bfloat16 if self.precision == "bfloat16" else torch.float32)
                pack_linear_weights(model)
                self.models[task], self.tokenizers[task] = model, tokenizer
                self._forward[task] = self._torch_forward(model)
            if self._bi_encoder:
                self._stance_head = self.models["stance"].head_arrays()
                self._forward["stance"] = self._torch_embed(self.models["stance"])
            if self.manifest["shared_encoder"]:
                from .joint import shared_forward

                # None when the two encoders differ (a folder assembled by hand): the models then run apart.
                self._shared = shared_forward(self.models["claim"], self.models["speaker"])
        else:
            from .onnx_backend import ONNX_DIR, ONNX_FILES, SHARED_UNIT, OnnxTaskModel, export_onnx, onnx_units, require_onnx

            require_onnx()
            self.device = torch.device("cpu")
            self.precision = "float32" if backend == "onnx" else "int8"
            export_onnx(self.folder, self.tasks)
            for task in self.tasks:
                self.tokenizers[task] = load_task_tokenizer(self.folder, task)
            for unit in onnx_units(self.manifest):
                model = OnnxTaskModel(self.folder / ONNX_DIR / unit / ONNX_FILES[backend])
                if unit == SHARED_UNIT:  # one graph, both heads: claim and speaker each read their own output
                    self._shared = model
                    self.models.update(claim=model, speaker=model)
                    self._forward.update(claim=lambda features, m=model: m(features)[0], speaker=lambda features, m=model: m(features)[1])
                else:
                    self.models[unit] = self._forward[unit] = model
            if self._bi_encoder:  # the export is the pooled encoder; the head runs here
                from .biencoder import read_head

                self._stance_head = read_head(self.folder / "stance")
        self._lock = threading.Lock()

    @property
    def _bi_encoder(self) -> bool:
        return "stance" in self.tasks and self.stance_architecture == "bi-encoder"

    def _torch_embed(self, model):
        def embed(features: dict) -> np.ndarray:
            with torch.inference_mode():
                embeddings = model.embed(**{k: torch.from_numpy(v).to(self.device) for k, v in features.items()})
            return embeddings.float().cpu().numpy()

        return embed

    def _torch_forward(self, model):
        def forward(features: dict) -> np.ndarray:
            with torch.inference_mode():
                logits = model(**{k: torch.from_numpy(v).to(self.device) for k, v in features.items()}).logits
            return logits.float().cpu().numpy()

        return forward

    @classmethod
    def from_pretrained(
        cls, folder: str | os.PathLike, device: str | None = None, precision: str = "auto", backend: str = "torch"
    ) -> StancePipeline:
        """Load a model folder (the same as the constructor, in the shape of ``transformers``).

        Args:
            folder: A model folder written by ``train.py`` or :meth:`save_pretrained`.
            device: Torch device; None picks CUDA when available.
            precision: ``"auto"``, ``"float32"`` or ``"bfloat16"``.
            backend: ``"torch"``, ``"onnx"`` or ``"onnx-int8"``.

        Returns:
            The pipeline.
        """
        return cls(folder, device=device, precision=precision, backend=backend)

    def save_pretrained(self, folder: str | os.PathLike) -> Path:
        """Write the pipeline as a model folder that :meth:`from_pretrained` loads.

        The new folder is assembled beside ``folder`` and moved into place whole, so an
        existing model there is replaced only once the new one is complete. The models are
        written in float32 whatever the pipeline computes in; an ONNX pipeline copies the
        task folders it was loaded from (the ONNX export is made again on first use).

        Args:
            folder: Where to write it.

        Returns:
            The folder.
        """
        import shutil

        folder = Path(folder)
        work = folder.parent / f".{folder.name}.saving"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        for task in self.tasks:
            if self.backend == "torch":
                self.models[task].to(torch.float32).save_pretrained(work / task)
                self.models[task].to(torch.bfloat16 if self.precision == "bfloat16" else torch.float32)
                self.tokenizers[task].save_pretrained(work / task)
            else:
                shutil.copytree(self.folder / task, work / task)
        write_manifest(
            work, self.tasks, self.max_length, self.manifest.get("base_model", ""), self.temperatures, self.stance_input,
            shared_encoder=bool(self.manifest["shared_encoder"]), context_words=self.context_words,
            stance_none_offset=self.stance_none_offset, stance_secondary_none_offset=self.stance_secondary_none_offset,
            stance_against_offset=self.stance_against_offset,
        )
        for name in ("training_config.yaml", "metrics.json"):
            if (self.folder / name).is_file() and self.folder.resolve() != folder.resolve():
                shutil.copy(self.folder / name, work / name)
        from .relatedness import RELATEDNESS_DIR

        if (self.folder / RELATEDNESS_DIR).is_dir():
            shutil.copytree(self.folder / RELATEDNESS_DIR, work / RELATEDNESS_DIR)
        replace_folder(work, folder)
        return folder

    @staticmethod
    def _batches(tokenizer, encoding, batch_size: int | None, max_batch_tokens: int, show_progress_bar: bool, name: str):
        """Token-budget batches of the encoded inputs: (input indices, padded features as arrays)."""
        lengths = [len(ids) for ids in encoding["input_ids"]]
        keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in encoding]
        batches = token_budget_batches(lengths, max_batch_tokens, batch_size)
        if show_progress_bar:
            from tqdm.auto import tqdm

            batches = tqdm(batches, desc=name, leave=False)
        for batch in batches:
            yield batch, dict(tokenizer.pad({k: [encoding[k][i] for i in batch] for k in keys}, return_tensors="np"))

    def _run(self, task: str, encoding, batch_size: int | None, max_batch_tokens: int, show_progress_bar: bool) -> list:
        """Forward passes over the encoded inputs in token-budget batches; returns softmax outputs in input order."""
        outputs: list = [None] * len(encoding["input_ids"])
        for batch, features in self._batches(self.tokenizers[task], encoding, batch_size, max_batch_tokens, show_progress_bar, task):
            probabilities = _softmax(self._forward[task](features))
            for row, i in enumerate(batch):
                outputs[i] = probabilities[row, : len(encoding["input_ids"][i])] if task == "speaker" else probabilities[row]
        return outputs

    def _run_shared(self, encoding, batch_size: int | None, max_batch_tokens: int, show_progress_bar: bool) -> tuple[list, list]:
        """One encoder pass per input for claim and speaker (a ``shared_encoder`` folder): both tasks' softmax outputs."""
        claims: list = [None] * len(encoding["input_ids"])
        tags: list = [None] * len(claims)
        for batch, features in self._batches(self.tokenizers["claim"], encoding, batch_size, max_batch_tokens, show_progress_bar, "claim+speaker"):
            logits, token_logits = self._shared(features)
            claim_probabilities, tag_probabilities = _softmax(logits), _softmax(token_logits)
            for row, i in enumerate(batch):
                claims[i], tags[i] = claim_probabilities[row], tag_probabilities[row, : len(encoding["input_ids"][i])]
        return claims, tags

    def score_claims(
        self, texts, contexts, batch_size: int | None = BATCH_SIZE, show_progress_bar: bool = False, names=None,
        max_batch_tokens: int = MAX_BATCH_TOKENS,
    ) -> np.ndarray:
        """Probability that each unit is a claim.

        Args:
            texts: The units.
            contexts: The unit before each ("" for an article's first).
            batch_size: At most this many inputs per forward pass (None: no limit).
            show_progress_bar: Show a progress bar.
            names: A name for each unit, used in the :class:`TruncationWarning` for units cut
                to ``max_length``; None names them by index.
            max_batch_tokens: Token budget of a forward pass (see :func:`token_budget_batches`).

        Returns:
            An array of ``len(texts)`` probabilities.
        """
        if not len(texts):
            return np.zeros(0)
        texts, contexts = list(texts), self._contexts(contexts)
        encoding = encode_claim(self.tokenizers["claim"], texts, contexts, self.max_length)
        probs = apply_temperature(np.stack(self._run("claim", encoding, batch_size, max_batch_tokens, show_progress_bar)), self.temperatures["claim"])
        self._warn_truncated(encoding, texts, names)
        return np.array([float(row[1]) for row in probs])

    def _contexts(self, contexts) -> list[str]:
        """The previous units as the claim and speaker models were trained to read them (``context_words``)."""
        return [last_words(c, self.context_words) for c in contexts]

    def _warn_truncated(self, encoding, texts, names) -> None:
        cut = truncated_units(encoding, texts, 0)
        if cut:
            where = ", ".join(names[i] if names else f"unit {i}" for i in cut[:5])
            warnings.warn(
                f"{len(cut)} unit(s) longer than max_length={self.max_length} tokens were cut to their start ({where}"
                f"{', ...' if len(cut) > 5 else ''}); their labels come from the start only",
                TruncationWarning,
                stacklevel=5,
            )

    def _claims_and_spans(self, texts, contexts, batch_size, show_progress_bar, names, max_batch_tokens):
        """Claim scores of every unit, and a function that decodes the mention/cue spans of one unit (one encoder pass each)."""
        encoding = encode_speaker(self.tokenizers["claim"], texts, self._contexts(contexts), self.max_length)
        claims, tags = self._run_shared(encoding, batch_size, max_batch_tokens, show_progress_bar)
        self._warn_truncated(encoding, texts, names)
        scores = apply_temperature(np.stack(claims), self.temperatures["claim"])[:, 1]

        def spans_of(j: int) -> dict:  # decoded for claim units only: the others' spans are never read
            probabilities = apply_temperature(tags[j], self.temperatures["speaker"])
            return decode_spans(texts[j], probabilities, encoding["offset_mapping"][j], encoding["unit_mask"][j])

        return scores, spans_of

    def tag_spans(
        self, texts, contexts, batch_size: int | None = BATCH_SIZE, show_progress_bar: bool = False, max_batch_tokens: int = MAX_BATCH_TOKENS
    ) -> list[dict]:
        """The speaker's mention and the cue in each unit.

        Args:
            texts: The units.
            contexts: The unit before each.
            batch_size: At most this many inputs per forward pass (None: no limit).
            show_progress_bar: Show a progress bar.
            max_batch_tokens: Token budget of a forward pass.

        Returns:
            One ``{"mention": (start, end, score) or None, "cue": ...}`` per unit, offsets into the unit.
        """
        if not len(texts):
            return []
        texts, contexts = list(texts), self._contexts(contexts)
        encoding = encode_speaker(self.tokenizers["speaker"], texts, contexts, self.max_length)
        probs = [apply_temperature(p, self.temperatures["speaker"]) for p in self._run("speaker", encoding, batch_size, max_batch_tokens, show_progress_bar)]
        return [
            decode_spans(text, probs[j], encoding["offset_mapping"][j], encoding["unit_mask"][j]) for j, text in enumerate(texts)
        ]

    def score_stances(
        self, targets, texts, batch_size: int | None = BATCH_SIZE, show_progress_bar: bool = False, max_batch_tokens: int = MAX_BATCH_TOKENS,
        fields: Sequence[dict] | None = None, units: Sequence | None = None,
    ) -> np.ndarray:
        """Stance probabilities of (target, text) pairs.

        Args:
            targets: The target of each pair.
            texts: The text of each pair.
            batch_size: At most this many pairs per forward pass (None: no limit).
            show_progress_bar: Show a progress bar.
            max_batch_tokens: Token budget of a forward pass.
            fields: For a model trained with ``stance_input``, each pair's ``previous``,
                ``speaker`` and ``headline`` (:func:`stance.encoding.stance_context`); None or
                missing fields: the model reads the pair alone.
            units: Each pair's claim unit (any key; None for a pair of no unit). The pairs of
                one unit compete: all but its most sided get the folder's
                ``stance_secondary_none_offset`` (:func:`stance.calibration.apply_secondary_none_offset`).
                None: each pair is scored alone.

        Returns:
            An ``(n, 3)`` array over ``STANCE_LABELS`` (favor, against, none), calibrated: the
            folder's temperature, then its ``stance_none_offset`` and ``stance_against_offset``,
            then, with ``units``, its ``stance_secondary_none_offset``.
        """
        if len(targets) != len(texts):
            raise InputError(f"{len(targets)} targets but {len(texts)} texts")
        if not len(texts):
            return np.zeros((0, len(STANCE_LABELS)))
        targets, texts = list(targets), list(texts)
        if fields is not None and len(fields) != len(texts):
            raise InputError(f"{len(fields)} fields but {len(texts)} texts")
        if units is not None and len(units) != len(texts):
            raise InputError(f"{len(units)} units but {len(texts)} texts")
        contexts = (
            [stance_context(self.stance_input, f, t, x) for f, t, x in zip(fields, targets, texts)] if fields is not None and self.stance_input else None
        )
        if self._bi_encoder:
            probabilities = self._bi_encoder_stances(targets, texts, contexts, batch_size, max_batch_tokens, show_progress_bar)
        else:
            encoding = encode_stance(self.tokenizers["stance"], targets, texts, self.max_length, contexts)
            probabilities = np.stack(self._run("stance", encoding, batch_size, max_batch_tokens, show_progress_bar))
        calibrated = apply_temperature(probabilities, self.temperatures["stance"])
        calibrated = apply_label_offset(calibrated, STANCE_LABELS.index("none"), self.stance_none_offset)
        calibrated = apply_label_offset(calibrated, STANCE_LABELS.index("against"), self.stance_against_offset)
        if units is None:
            return calibrated
        return self._compete(calibrated, units)

    def _compete(self, probabilities: np.ndarray, units: Sequence) -> np.ndarray:
        return apply_secondary_none_offset(probabilities, units, STANCE_LABELS.index("none"), self.stance_secondary_none_offset)

    def _bi_encoder_stances(self, targets, texts, contexts, batch_size, max_batch_tokens, show_progress_bar) -> np.ndarray:
        """Each distinct unit (with its context) and each distinct target embedded once; the head on every pair."""
        from .biencoder import encode_side, head_logits

        contexts = contexts or [""] * len(texts)
        units = list(dict.fromkeys(zip(texts, contexts)))
        sides = list(dict.fromkeys(targets))
        tokenizer = self.tokenizers["stance"]
        embedded = []
        for inputs, side_contexts in (([u for u, _ in units], [c for _, c in units]), (sides, None)):
            encoding = encode_side(tokenizer, inputs, self.max_length, side_contexts)
            rows: list = [None] * len(inputs)
            for batch, features in self._batches(tokenizer, encoding, batch_size, max_batch_tokens, show_progress_bar, "stance"):
                for row, vector in zip(batch, self._forward["stance"](features)):
                    rows[row] = vector
            embedded.append(np.stack(rows))
        unit_index = {u: i for i, u in enumerate(units)}
        side_index = {t: i for i, t in enumerate(sides)}
        logits = head_logits(
            self._stance_head, embedded[0][[unit_index[u] for u in zip(texts, contexts)]], embedded[1][[side_index[t] for t in targets]]
        )
        return _softmax(logits)

    def predict(
        self,
        inputs: str | Sequence[str],
        targets: Sequence[str] | Sequence[Sequence[str]] | None = None,
        *,
        keep_non_claims: bool = False,
        batch_size: int = BATCH_SIZE,
        show_progress_bar: bool = False,
        article_ids: Sequence[str] | None = None,
        max_batch_tokens: int = MAX_BATCH_TOKENS,
        relatedness: bool = False,
    ) -> list[Claim] | list[list[Claim]]:
        """See :func:`stance.predict`; ``article_ids`` names the articles for ``to_dict``."""
        missing = [t for t in TASKS if t not in self.tasks]
        if missing:
            raise ModelFolderError(
                f"{self.folder / MANIFEST}: the model lacks the {', '.join(missing)} task(s); "
                "predicting articles needs all three (train with tasks: [claim, speaker, stance])"
            )
        single = isinstance(inputs, str)
        if not single and not isinstance(inputs, (list, tuple)):
            raise InputTypeError(f"inputs: expected a str or a list of str, got {type(inputs).__name__}")
        articles = [inputs] if single else list(inputs)
        if not articles:
            raise InputError("no articles given: pass a string or a non-empty list of strings")
        for i, text in enumerate(articles):
            name = "the article" if single else f"article {i}"
            if not isinstance(text, str):
                raise InputTypeError(f"{name}: expected a str, got {type(text).__name__}")
            if not text.strip():
                raise InputError(f"{name} is empty: there is no text to analyse")
            _check_unicode(text, name)
        if batch_size < 1:
            raise InputError(f"batch_size must be at least 1, got {batch_size}")
        if max_batch_tokens < 1:
            raise InputError(f"max_batch_tokens must be at least 1, got {max_batch_tokens}")
        per_article_targets = _targets_per_article(targets, articles, single)
        ids = list(article_ids) if article_ids is not None else [f"article-{i}" if not single else "article" for i in range(len(articles))]
        if len(ids) != len(articles) or not all(isinstance(i, str) and i for i in ids):
            raise InputError(f"article_ids: expected {len(articles)} non-empty string(s), one per article, got {article_ids!r}")
        if relatedness:
            self.relatedness_model  # a folder without one fails here, before any work
        with self._lock:
            results = self._predict(articles, per_article_targets, ids, keep_non_claims, (batch_size, max_batch_tokens), show_progress_bar)
            if relatedness:
                self._add_relatedness(results, batch_size, max_batch_tokens)
        return results[0] if single else results

    @property
    def has_relatedness(self) -> bool:
        """Whether the folder has a relatedness encoder (``predict(..., relatedness=True)`` works)."""
        from .relatedness import RELATEDNESS_DIR

        return (self.folder / RELATEDNESS_DIR / "relatedness.json").is_file()

    @property
    def relatedness_model(self):
        """The folder's :class:`stance.relatedness.RelatednessModel`, loaded on first use.

        Raises:
            ModelFolderError: when the folder has no ``relatedness/`` encoder.
        """
        if self._relatedness is None:
            from .relatedness import RELATEDNESS_DIR, RelatednessModel

            if not self.has_relatedness:
                raise ModelFolderError(
                    f"{self.folder / RELATEDNESS_DIR}: the model has no relatedness encoder; add one with "
                    f"`stance add-relatedness {self.folder}` (or retrain: train.py adds it)"
                )
            precision = self.precision if self.backend == "torch" else "float32"
            self._relatedness = RelatednessModel(self.folder / RELATEDNESS_DIR, self.device, precision)
        return self._relatedness

    def _add_relatedness(self, results, batch_size, max_batch_tokens) -> None:
        """Fill in ``Claim.relatedness``: every returned unit against its article's targets, one encoder pass."""
        model = self.relatedness_model
        units = [claim for claims in results for claim in claims]
        targets = list(dict.fromkeys(t for claim in units for t in claim.stances))  # every unit has its article's targets
        if not units or not targets:
            return
        index = {t: i for i, t in enumerate(targets)}
        probabilities = model.probabilities([c.text for c in units], targets, batch_size or 64, max_batch_tokens)
        for claim, row in zip(units, probabilities):
            claim.relatedness = {t: round(float(row[index[t]]), 4) for t in claim.stances}

    def pair_relatedness(self, targets: Sequence[str], texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        """The probability that each text is about its target: the largest over the text's units.

        For corpora of (headline, article) pairs (FNC-1, Emergent): each distinct text is
        segmented and embedded once, each distinct target once.

        Args:
            targets: The target of each pair.
            texts: The text of each pair (an article, a sentence).
            batch_size: Inputs per forward pass.

        Returns:
            An array of ``len(texts)`` probabilities.

        Example:
            >>> pipeline.pair_relatedness(["Library to close"], ["The council voted to shut the library."])  # doctest: +SKIP
            array([0.98])
        """
        if len(targets) != len(texts):
            raise InputError(f"{len(targets)} targets but {len(texts)} texts")
        model = self.relatedness_model
        if not len(texts):
            return np.zeros(0)
        from .relatedness import pair_unit_scores

        return np.array([model.probability(cosines, shares).max() for cosines, shares in pair_unit_scores(model, targets, texts, batch_size)])

    def _predict(self, articles, per_article_targets, ids, keep_non_claims, batching, show_progress_bar):
        batch_size, max_batch_tokens = batching
        units = [segment(text) for text in articles]
        flat = [(a, u) for a, article_units in enumerate(units) for u in range(len(article_units))]
        if per_article_targets is None:  # the headline, the way FNC-1 and Emergent pose stance
            per_article_targets = [[article_units[0].text] if article_units else [] for article_units in units]
        texts = [units[a][u].text for a, u in flat]
        contexts = [units[a][u - 1].text if u > 0 else "" for a, u in flat]

        names = [f"{ids[a]} unit {u}" for a, u in flat]
        if self._shared is not None and texts:
            claim_scores, spans_of = self._claims_and_spans(texts, contexts, batch_size, show_progress_bar, names, max_batch_tokens)
        else:
            claim_scores, spans_of = self.score_claims(texts, contexts, batch_size, show_progress_bar, names, max_batch_tokens), None
        # Page furniture (subheads in capitals, bylines, credit lines) is never a claim, so it
        # never lends a speaker to the claims after it; a headline (unit 0) is judged as text.
        furniture = [u > 0 and is_page_furniture(text) for (_, u), text in zip(flat, texts)]
        # Decided on the score as reported (4 decimals), so a claim_score of 0.5 is always a claim.
        claim_scores = np.round(np.asarray(claim_scores, dtype=float), 4)
        is_claim = [bool(score >= 0.5) and not skip for score, skip in zip(claim_scores, furniture)]

        claim_rows = [i for i, c in enumerate(is_claim) if c]
        tagged = [spans_of(i) for i in claim_rows] if spans_of is not None else self.tag_spans(
            [texts[i] for i in claim_rows], [contexts[i] for i in claim_rows], batch_size, show_progress_bar, max_batch_tokens
        )
        spans = dict(zip(claim_rows, tagged))
        mentions = [texts[i][s["mention"][0] : s["mention"][1]] if (s := spans.get(i, {})).get("mention") else None for i in range(len(flat))]
        speaker_of: dict[int, str | None] = {}
        row = 0
        for a, article_units in enumerate(units):
            rows = range(row, row + len(article_units))
            resolved = resolve_speakers([{"claim": is_claim[i], "mention": mentions[i], "text": texts[i]} for i in rows], articles[a])
            speaker_of.update(zip(rows, resolved))
            row += len(article_units)

        pairs = [(i, t) for i in claim_rows for t in per_article_targets[flat[i][0]]]
        fields = [
            {"previous": contexts[i], "speaker": speaker_of[i], "headline": units[flat[i][0]][0].text} for i, _ in pairs
        ] if self.stance_input else None
        alone = self.score_stances(
            [t for _, t in pairs], [texts[i] for i, _ in pairs], batch_size, show_progress_bar, max_batch_tokens, fields
        )
        stance_probs = self._compete(alone, [i for i, _ in pairs])
        stance_of = {pair: probs for pair, probs in zip(pairs, stance_probs)}
        lost = {pair: scores for pair, scores, competed in zip(pairs, alone, stance_probs) if not np.array_equal(scores, competed)}

        results: list[list[Claim]] = [[] for _ in articles]
        row = 0
        for a, article_units in enumerate(units):
            claims = []
            for u, unit in enumerate(article_units):
                i = row + u
                span = spans.get(i, {})
                mention, cue = span.get("mention"), span.get("cue")
                claim = Claim(
                    unit=u, start=unit.start, end=unit.end, text=unit.text, claim=is_claim[i],
                    claim_score=round(float(claim_scores[i]), 4),
                    mention=unit.text[mention[0] : mention[1]] if mention else None,
                    cue=unit.text[cue[0] : cue[1]] if cue else None,
                    speaker=speaker_of[i] if is_claim[i] else None,
                    article_id=ids[a],
                )
                for target in per_article_targets[a]:
                    probs = stance_of.get((i, target))
                    if probs is None:
                        claim.stances[target] = "none"
                        continue
                    claim.stance_scores[target] = {lab: round(float(p), 4) for lab, p in zip(STANCE_LABELS, probs)}
                    claim.stances[target] = STANCE_LABELS[int(np.argmax(probs))]
                    if (i, target) in lost:
                        claim.stance_scores_alone[target] = {lab: round(float(p), 4) for lab, p in zip(STANCE_LABELS, lost[(i, target)])}
                claims.append(claim)
            row += len(article_units)
            results[a] = claims if keep_non_claims else [c for c in claims if c.claim]
        return results

    __call__ = predict


def _softmax(logits: np.ndarray) -> np.ndarray:
    return torch.softmax(torch.from_numpy(logits).float(), dim=-1).numpy()


def _resolve_precision(precision: str, device: torch.device) -> str:
    if precision != "auto":
        return precision
    return "bfloat16" if native_bfloat16(device) else "float32"


def _targets_per_article(targets, articles, single) -> list[list[str]] | None:
    if targets is None:
        return None
    if isinstance(targets, str):
        targets = [targets]
    targets = list(targets)
    if not targets:  # no targets: claims and speakers only, as one empty list per article already gives
        return [[] for _ in articles]
    if all(isinstance(t, str) for t in targets):
        per_article = [targets] * len(articles)
    elif not single and len(targets) == len(articles) and all(isinstance(t, (list, tuple)) for t in targets):
        per_article = [list(t) for t in targets]
    else:
        raise InputTypeError("targets must be a list of strings, or (for a list of articles) one list of strings per article")
    for article_targets in per_article:
        for target in article_targets:
            if not isinstance(target, str) or not target.strip():
                raise InputError(f"targets must be non-empty strings, got {target!r}")
            _check_unicode(target, f"target {target!r}")
    return per_article


def _check_unicode(text: str, name: str) -> None:
    """Refuse lone surrogates (from ``errors="surrogateescape"``), which the tokenizer cannot take."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"{name} is not valid Unicode text: character {error.start} is {text[error.start]!r}, a lone surrogate; "
            "decode the bytes with the right encoding (or errors='replace') first"
        ) from None


_CACHE: dict[tuple[str, str | None, str, str], StancePipeline] = {}
_CACHE_LOCK = threading.Lock()


def load_pipeline(
    model: str | os.PathLike | None = None, device: str | None = None, precision: str = "auto", backend: str = "torch"
) -> StancePipeline:
    """Load a model folder once and keep it for later calls.

    Args:
        model: The model folder; defaults to ``$STANCE_MODEL`` or ``models/default``.
        device: Torch device; None picks CUDA when available.
        precision: ``"auto"``, ``"float32"`` or ``"bfloat16"`` (see :class:`StancePipeline`).
        backend: ``"torch"``, ``"onnx"`` or ``"onnx-int8"`` (see :class:`StancePipeline`).

    Returns:
        The loaded pipeline (cached per resolved folder, device, precision and backend).

    Example:
        >>> pipeline = load_pipeline("models/default", backend="onnx-int8")  # doctest: +SKIP
    """
    folder = Path(model or os.environ.get("STANCE_MODEL") or DEFAULT_MODEL).resolve()
    key = (str(folder), device, precision, backend)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = StancePipeline(folder, device=device, precision=precision, backend=backend)
        return _CACHE[key]


def predict(
    inputs: str | Sequence[str],
    targets: Sequence[str] | Sequence[Sequence[str]] | None = None,
    *,
    model: str | os.PathLike | StancePipeline | None = None,
    keep_non_claims: bool = False,
    batch_size: int = BATCH_SIZE,
    show_progress_bar: bool = False,
    article_ids: str | Sequence[str] | None = None,
    backend: str = "torch",
    max_batch_tokens: int = MAX_BATCH_TOKENS,
    relatedness: bool = False,
) -> list[Claim] | list[list[Claim]]:
    """Find the claims in an article, who made each, and their stance towards targets.

    Args:
        inputs: One article (a string) or a list of articles.
        targets: Stance targets: a list of strings for every article, or one list per
            article. None takes each article's headline (its first unit) as its one target;
            an empty list asks for none (claims and speakers only, ``stances`` empty).
        model: A model folder, or a :class:`StancePipeline` already loaded; defaults to
            ``$STANCE_MODEL`` or ``models/default``. Folders are loaded once and cached.
        keep_non_claims: Return every unit, each with its ``claim_score``.
        batch_size: At most this many inputs per forward pass.
        show_progress_bar: Show a progress bar per model.
        article_ids: The article's id (a string for one article, a list for several), written
            by :meth:`Claim.to_dict` so that the output validates as a labelled file
            (``data/labelled/<article_id>.jsonl``); default ``article`` / ``article-<i>``.
        backend: ``"torch"``, ``"onnx"`` or ``"onnx-int8"``, when ``model`` is a folder
            (see :class:`StancePipeline`).
        max_batch_tokens: Token budget of a forward pass: inputs are sorted by length and
            batched while inputs x longest input stays within it.
        relatedness: Also give every unit the probability that it is about each target
            (:attr:`Claim.relatedness`, from the folder's relatedness encoder), which
            :func:`stance.summarize` turns into the article's relatedness; one more encoder
            pass over every unit. Use with ``keep_non_claims=True`` so that the units that
            are not claims count too.

    Returns:
        For a string, a list of :class:`Claim`; for a list of articles, a list of such lists.

    Raises:
        ModelFolderError: when the model folder is missing (the message says how to train one)
            or damaged, or ``relatedness=True`` and it has no relatedness encoder.
        TypeError: when an input is not a string.
        ValueError: when an article is empty or only whitespace.

    Example:
        >>> import stance
        >>> claims = stance.predict(open("data/articles/putin-nato-guarantees.txt").read(),  # doctest: +SKIP
        ...                         targets=["NATO expansion eastward"])
        >>> claims[0].speaker, claims[0].stances  # doctest: +SKIP
        ('Vladimir Putin', {'NATO expansion eastward': 'against'})
        >>> units = stance.predict(article, ["the Paris climate accord"], keep_non_claims=True, relatedness=True)  # doctest: +SKIP
        >>> stance.summarize(units).related["the Paris climate accord"]  # doctest: +SKIP
        False
    """
    pipeline = model if isinstance(model, StancePipeline) else load_pipeline(model, backend=backend)
    if isinstance(article_ids, str):
        article_ids = [article_ids]
    return pipeline.predict(
        inputs, targets, keep_non_claims=keep_non_claims, batch_size=batch_size, show_progress_bar=show_progress_bar,
        article_ids=article_ids, max_batch_tokens=max_batch_tokens, relatedness=relatedness,
    )
