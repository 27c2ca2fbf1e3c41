"""Public stance corpora as ``(target, text, label)`` pairs, each in its own label set.

Every loader returns a :class:`datasets.Dataset` with string columns ``id, target, text,
label``; ``label`` is the corpus's own label. :data:`LABEL_MAPS` and :func:`map_labels`
turn them into the project's ``favor / against / none`` when wanted.

The corpora's texts are copyrighted or licensed (see ``../shared/datasets/README.md``):
read them from their folder, never copy them into the repository.
"""

from __future__ import annotations

from pathlib import Path

from datasets import Dataset

from ..errors import CorpusError, MissingFileError
from ._io import check_label, check_split, pair_dataset, read_json, read_table

__all__ = [
    "CORPUS_LABELS",
    "LABEL_MAPS",
    "STANCE_SPLITS",
    "load_emergent",
    "load_fnc1",
    "load_ibm_claim_stance",
    "load_perspectrum",
    "load_semeval2016",
    "map_labels",
]

CORPUS_LABELS = {
    "fnc1": ("agree", "disagree", "discuss", "unrelated"),
    "emergent": ("for", "against", "observing"),
    "semeval2016": ("FAVOR", "AGAINST", "NONE"),
    "ibm_claim_stance": ("PRO", "CON"),
    "perspectrum": ("SUPPORT", "UNDERMINE"),
}
STANCE_SPLITS = {
    "fnc1": ("train", "dev", "train_all", "competition_test"),
    "emergent": ("train", "test", "dev", "train_no_dev"),
    "semeval2016": ("train", "val", "test"),
    "ibm_claim_stance": ("train", "test"),
    "perspectrum": ("train", "dev", "test"),
}
# Default mapping of each corpus's labels onto the project's STANCE_LABELS.
LABEL_MAPS: dict[str, dict[str, str]] = {
    "fnc1": {"agree": "favor", "disagree": "against", "discuss": "none", "unrelated": "none"},
    "emergent": {"for": "favor", "against": "against", "observing": "none"},
    "semeval2016": {"FAVOR": "favor", "AGAINST": "against", "NONE": "none"},
    "ibm_claim_stance": {"PRO": "favor", "CON": "against"},
    "perspectrum": {"SUPPORT": "favor", "UNDERMINE": "against"},
}


def map_labels(dataset: Dataset, mapping: dict[str, str] | str) -> Dataset:
    """Relabel a pairs dataset, e.g. onto ``favor / against / none``.

    Args:
        dataset: A dataset with a string ``label`` column.
        mapping: Old label -> new label, or a corpus name in :data:`LABEL_MAPS`.

    Returns:
        A new dataset with ``label`` mapped; other columns unchanged.

    Raises:
        ValueError: naming the labels the mapping does not cover, or an unknown corpus name.

    Example:
        >>> ds = Dataset.from_dict({"id": ["1"], "target": ["t"], "text": ["x"], "label": ["agree"]})
        >>> list(map_labels(ds, "fnc1")["label"])
        ['favor']
    """
    if isinstance(mapping, str):
        if mapping not in LABEL_MAPS:
            raise CorpusError(f"no label map for {mapping!r}; known: {', '.join(LABEL_MAPS)}")
        mapping = LABEL_MAPS[mapping]
    missing = sorted(set(dataset["label"]) - set(mapping))
    if missing:
        raise CorpusError(f"the label map does not cover {', '.join(map(repr, missing))} (it maps {', '.join(map(repr, mapping))})")
    labels = [mapping[label] for label in dataset["label"]]
    return dataset.remove_columns("label").add_column("label", labels)


def load_fnc1(root: str | Path, split: str) -> Dataset:
    """FNC-1: the stance of an article body towards a headline.

    ``train_stances.csv`` is divided by body: the 337 ``Body ID``s listed in
    ``hold_out_ids.txt`` (the official FNC-1 baseline's hold-out bodies, about a fifth of
    the pairs) form ``dev``, the rest ``train``, so no body is in both. ``train_all`` is the
    whole file (49,972 pairs); ``competition_test`` the official test set.

    Args:
        root: The ``fnc1`` folder.
        split: ``"train"``, ``"dev"``, ``"train_all"`` or ``"competition_test"``.

    Returns:
        Columns ``id`` (``fnc1-<file>-<row>``, the row in the stances file, from 0),
        ``target`` (Headline), ``text`` (articleBody), ``label`` (agree / disagree / discuss /
        unrelated).

    Raises:
        FileNotFoundError: naming a missing file. ValueError: a malformed row, an unknown
        Body ID or label, naming file and line.

    Example:
        >>> ds = load_fnc1("../shared/datasets/fnc1", "dev")  # doctest: +SKIP
        >>> ds.column_names  # doctest: +SKIP
        ['id', 'target', 'text', 'label']
    """
    check_split(split, STANCE_SPLITS["fnc1"], "FNC-1")
    root = Path(root)
    prefix = "competition_test" if split == "competition_test" else "train"
    bodies_path = root / f"{prefix}_bodies.csv"
    stances_path = root / f"{prefix}_stances.csv"
    bodies = {row["Body ID"].strip(): row["articleBody"] for _, row in read_table(bodies_path, ("Body ID", "articleBody"), "FNC-1")}
    hold_out: set[str] | None = None
    if split in ("train", "dev"):
        hold_path = root / "hold_out_ids.txt"
        if not hold_path.is_file():
            raise MissingFileError(f"FNC-1: file not found: {hold_path} (needed for the train/dev split)")
        hold_out = {line.strip() for line in hold_path.read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = []
    for index, (line, row) in enumerate(read_table(stances_path, ("Headline", "Body ID", "Stance"), "FNC-1")):
        body_id = row["Body ID"].strip()
        if body_id not in bodies:
            raise CorpusError(f"{stances_path}, line {line}: Body ID {body_id} is not in {bodies_path.name}")
        if hold_out is not None and (body_id in hold_out) != (split == "dev"):
            continue
        label = check_label(row["Stance"], CORPUS_LABELS["fnc1"], stances_path, f"line {line}")
        rows.append({"id": f"fnc1-{prefix}-{index}", "target": row["Headline"], "text": bodies[body_id], "label": label})
    return pair_dataset(rows)


def load_emergent(root: str | Path, split: str) -> Dataset:
    """Emergent: the stance of a news headline towards a claim.

    The test split is the 60 claims of Ferreira & Vlachos (2016). The corpus has no dev split:
    ``dev`` holds every fifth claim of the train file (claims sorted by ``claimId``, from the
    first: 48 of 240) with all their headlines, ``train_no_dev`` the other claims, so no claim is
    in both and checkpoints or thresholds can be chosen on claims never trained on. ``train`` stays
    the whole train file. FNC-1 was built from Emergent: never train on FNC-1 and test on Emergent.

    Args:
        root: The ``emergent`` folder.
        split: ``"train"``, ``"test"``, ``"dev"`` or ``"train_no_dev"``.

    Returns:
        Columns ``id`` (``emergent-<file>-<id>``: a headline keeps its id in every split drawn
        from the train file), ``target`` (claimHeadline), ``text`` (articleHeadline), ``label``
        (for / against / observing).

    Example:
        >>> load_emergent("../shared/datasets/emergent", "test").num_rows  # doctest: +SKIP
        524
    """
    check_split(split, STANCE_SPLITS["emergent"], "Emergent")
    part = "test" if split == "test" else "train"
    path = Path(root) / f"emergent_{part}.csv"
    divided = split in ("dev", "train_no_dev")
    columns = ("id", "claimHeadline", "articleHeadline", "articleHeadlineStance") + (("claimId",) if divided else ())
    table = read_table(path, columns, "Emergent")
    dev_claims = set(sorted({row["claimId"].strip() for _, row in table})[::5]) if divided else None
    rows = []
    for line, row in table:
        if dev_claims is not None and (row["claimId"].strip() in dev_claims) != (split == "dev"):
            continue
        label = check_label(row["articleHeadlineStance"], CORPUS_LABELS["emergent"], path, f"line {line}")
        rows.append({"id": f"emergent-{part}-{row['id'].strip()}", "target": row["claimHeadline"], "text": row["articleHeadline"], "label": label})
    return pair_dataset(rows)


def load_semeval2016(root: str | Path, split: str) -> Dataset:
    """SemEval-2016 task 6A (TweetEval's split): the stance of a tweet towards a target.

    The csv's ``stance`` column holds the label names; ``mapping.txt`` gives TweetEval's
    integer ids (0 none, 1 against, 2 favor), which this loader does not need.

    Args:
        root: The ``semeval2016`` folder.
        split: ``"train"``, ``"val"`` or ``"test"``.

    Returns:
        Columns ``id`` (``semeval2016-<row>``, the row in the csv from 0), ``target``
        (abortion, atheism, climate, feminist, hillary), ``text`` (the tweet), ``label``
        (FAVOR / AGAINST / NONE).

    Example:
        >>> load_semeval2016("../shared/datasets/semeval2016", "test").num_rows  # doctest: +SKIP
        1249
    """
    check_split(split, STANCE_SPLITS["semeval2016"], "SemEval-2016")
    path = Path(root) / "semeval2016_tweeteval.csv"
    rows = []
    for index, (line, row) in enumerate(read_table(path, ("split", "target", "text", "stance"), "SemEval-2016")):
        if row["split"].strip() not in STANCE_SPLITS["semeval2016"]:
            raise CorpusError(f"{path}, line {line}: split {row['split']!r} is not one of {', '.join(STANCE_SPLITS['semeval2016'])}")
        if row["split"].strip() != split:
            continue
        label = check_label(row["stance"], CORPUS_LABELS["semeval2016"], path, f"line {line}")
        rows.append({"id": f"semeval2016-{index}", "target": row["target"].strip(), "text": row["text"].strip(), "label": label})
    return pair_dataset(rows)


def load_ibm_claim_stance(root: str | Path, split: str) -> Dataset:
    """IBM Debater claim stance (Bar-Haim et al. 2017): a claim's stance towards a debate topic.

    Args:
        root: The ``ibm_claim_stance`` folder.
        split: ``"train"`` or ``"test"`` (the csv's ``split`` column).

    Returns:
        Columns ``id`` (``ibm-<claims.claimId>``), ``target`` (topicText), ``text``
        (claims.claimCorrectedText), ``label`` (PRO / CON).

    Example:
        >>> load_ibm_claim_stance("../shared/datasets/ibm_claim_stance", "train").num_rows  # doctest: +SKIP
        1039
    """
    check_split(split, STANCE_SPLITS["ibm_claim_stance"], "IBM claim stance")
    path = Path(root) / "claim_stance_dataset_v1.csv"
    columns = ("split", "topicText", "claims.claimId", "claims.stance", "claims.claimCorrectedText")
    rows = []
    for line, row in read_table(path, columns, "IBM claim stance"):
        if row["split"].strip() != split:
            continue
        label = check_label(row["claims.stance"], CORPUS_LABELS["ibm_claim_stance"], path, f"line {line}")
        rows.append({"id": f"ibm-{row['claims.claimId'].strip()}", "target": row["topicText"], "text": row["claims.claimCorrectedText"], "label": label})
    return pair_dataset(rows)


def load_perspectrum(root: str | Path, split: str) -> Dataset:
    """Perspectrum (Chen et al. 2019): the stance of a perspective towards a claim.

    One row per perspective id of every gold perspective cluster of every claim in the
    split (``dataset_split_v1.0.json``); the label is the cluster's ``stance_label_3``. A
    perspective that sits in two clusters of one claim gives two rows (17 such cases in
    v1.0), as in the published pair counts.

    Args:
        root: The ``perspectrum`` folder.
        split: ``"train"``, ``"dev"`` or ``"test"``.

    Returns:
        Columns ``id`` (``perspectrum-<cId>-<cluster>-<pId>``), ``target`` (the claim),
        ``text`` (the perspective), ``label`` (SUPPORT / UNDERMINE).

    Example:
        >>> load_perspectrum("../shared/datasets/perspectrum", "dev").num_rows  # doctest: +SKIP
        2071
    """
    check_split(split, STANCE_SPLITS["perspectrum"], "Perspectrum")
    root = Path(root)
    claims_path = root / "perspectrum_with_answers_v1.0.json"
    pool_path = root / "perspective_pool_v1.0.json"
    split_path = root / "dataset_split_v1.0.json"
    splits = read_json(split_path, "Perspectrum")
    pool_list = read_json(pool_path, "Perspectrum")
    claims = read_json(claims_path, "Perspectrum")
    try:
        pool = {int(p["pId"]): p["text"] for p in pool_list}
    except (KeyError, TypeError, ValueError):
        raise CorpusError(f"{pool_path}: each entry needs pId and text") from None
    rows = []
    for n, claim in enumerate(claims):
        where = f"claim #{n}"
        try:
            claim_id, claim_text, clusters = claim["cId"], claim["text"], claim["perspectives"]
        except (KeyError, TypeError):
            raise CorpusError(f"{claims_path}, {where}: needs cId, text and perspectives") from None
        if str(claim_id) not in splits:
            raise CorpusError(f"{split_path}: claim {claim_id} has no split")
        if splits[str(claim_id)] != split:
            continue
        for c, cluster in enumerate(clusters):
            label = check_label(str(cluster.get("stance_label_3", "")), CORPUS_LABELS["perspectrum"], claims_path, f"claim {claim_id}")
            for pid in cluster.get("pids", []):
                if pid not in pool:
                    raise CorpusError(f"{claims_path}, claim {claim_id}: perspective {pid} is not in {pool_path.name}")
                rows.append({"id": f"perspectrum-{claim_id}-{c}-{pid}", "target": claim_text.strip(), "text": pool[pid].strip(), "label": label})
    return pair_dataset(rows)
