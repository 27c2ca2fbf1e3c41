"""A model folder made of the task folders of others, e.g. a full model's claim and speaker models with a new stance model.

    python benchmarks/assemble_model.py OUT claim=models/full speaker=models/full stance=runs/bench/full-bi-two-stage

Each task folder is copied with its temperature; the manifest is written for the tasks given, with
the stance source's ``stance_input``. ``relatedness=FOLDER`` copies that folder's relatedness encoder
(default: the claim source's, when it has one). Used to score one retrained task inside a model
whose other tasks take an hour to retrain:

    python benchmarks/assemble_model.py models/default-previous claim=models/default speaker=models/default stance=runs/s10/stance-previous
"""

import json
import shutil
import sys
from pathlib import Path

from stance.model_folder import read_manifest, write_manifest


def main() -> None:
    if len(sys.argv) < 3 or not all("=" in a for a in sys.argv[2:]):
        raise SystemExit(__doc__)
    out = Path(sys.argv[1])
    parts = dict(a.split("=", 1) for a in sys.argv[2:])
    relatedness = parts.pop("relatedness", parts.get("claim"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    temperatures = {}
    for task, source in parts.items():
        shutil.copytree(Path(source) / task, out / task)
        temperatures[task] = read_manifest(source)["temperatures"][task]
    first = parts.get("claim", next(iter(parts.values())))
    manifest = read_manifest(first)
    shared = parts.get("claim") == parts.get("speaker") and bool(manifest["shared_encoder"])
    for name in ("training_config.yaml", "metrics.json"):
        if (Path(first) / name).is_file():
            shutil.copy(Path(first) / name, out / name)
    if relatedness and (Path(relatedness) / "relatedness").is_dir():
        shutil.copytree(Path(relatedness) / "relatedness", out / "relatedness")
    stance = read_manifest(parts["stance"]) if "stance" in parts else {}
    write_manifest(
        out, [t for t in ("claim", "speaker", "stance") if t in parts], manifest["max_length"], manifest.get("base_model", ""),
        temperatures, stance.get("stance_input", []), shared_encoder=shared, context_words=manifest.get("context_words"),
        stance_none_offset=stance.get("stance_none_offset", 0.0), stance_secondary_none_offset=stance.get("stance_secondary_none_offset", 0.0),
        stance_against_offset=stance.get("stance_against_offset", 0.0),
    )
    print(json.dumps(read_manifest(out), indent=1))


if __name__ == "__main__":
    main()
