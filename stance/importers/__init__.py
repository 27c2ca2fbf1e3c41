"""Importers: public corpora as the project's records.

* PolNeAR -> labelled articles (``data/README.md`` format): :func:`import_polnear`,
  :func:`write_labelled`.
* Stance corpora -> ``datasets.Dataset`` of ``id, target, text, label`` in each corpus's own
  label set: :func:`load_fnc1`, :func:`load_emergent`, :func:`load_semeval2016`,
  :func:`load_ibm_claim_stance`, :func:`load_perspectrum`; :data:`LABEL_MAPS` and
  :func:`map_labels` map them onto favor / against / none.
* CheckThat! 2024 check-worthiness -> ``id, text, label``: :func:`load_checkthat`.
* Pairs files (JSON lines) to save and validate the above: :func:`write_pairs`,
  :func:`read_pairs`.

The registry :data:`stance.corpora.CORPORA` names each corpus with its loader and splits.
The corpora live outside the repository (``../shared/datasets``); never commit their text.
"""

from .checkthat import CHECKTHAT_LABELS, CHECKTHAT_SPLITS, load_checkthat
from .pairs import PAIR_FIELDS, read_pairs, write_pairs
from .polnear import (
    CUE_CATEGORIES,
    DEFAULT_KEEP,
    POLNEAR_SPLITS,
    Attribution,
    classify_cue,
    import_polnear,
    read_brat,
    write_labelled,
)
from .stance_corpora import (
    CORPUS_LABELS,
    LABEL_MAPS,
    STANCE_SPLITS,
    load_emergent,
    load_fnc1,
    load_ibm_claim_stance,
    load_perspectrum,
    load_semeval2016,
    map_labels,
)

__all__ = [
    "CHECKTHAT_LABELS",
    "CHECKTHAT_SPLITS",
    "CORPUS_LABELS",
    "CUE_CATEGORIES",
    "DEFAULT_KEEP",
    "LABEL_MAPS",
    "PAIR_FIELDS",
    "POLNEAR_SPLITS",
    "STANCE_SPLITS",
    "Attribution",
    "classify_cue",
    "import_polnear",
    "load_checkthat",
    "load_emergent",
    "load_fnc1",
    "load_ibm_claim_stance",
    "load_perspectrum",
    "load_semeval2016",
    "map_labels",
    "read_brat",
    "read_pairs",
    "write_labelled",
    "write_pairs",
]
