"""Weight interpolation (WiSE-FT) for a stance model: does pulling the fine-tuned encoder back towards the
pretrained one read real news better?

    python benchmarks/weight_interpolation_probe.py models/default --alphas 1.0 0.8 0.6 0.4 --out runs/s28/wise

For each alpha the stance encoder becomes ``alpha * fine-tuned + (1 - alpha) * pretrained`` (Wortsman et
al., 2022, "Robust fine-tuning of zero-shot models"), the head kept as trained. Each model folder is
written under OUT/ALPHA (claim, speaker and the rest linked to the original), then scored on the PolNeAR
stance dev and test pairs as ``none_offset_probe.py`` scores them: at argmax, and at the none offset
chosen on dev, so that a gain that is only a moved none threshold shows as such. Score the written
folders on the other benchmarks with ``evaluate.py --models OUT/0.80 ...``. The pretrained encoder is the
folder's ``base_model`` (``--base`` for another).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from none_offset_probe import probe
from safetensors.torch import load_file, save_file

from stance.model_folder import read_manifest, resolve_base_model


def interpolated_folder(model: Path, base: str, alpha: float, out: Path) -> Path:
    """A copy of ``model`` whose stance encoder is interpolated with ``base``'s weights; returns its folder."""
    from transformers import AutoModel

    tuned = load_file(str(model / "stance" / "model.safetensors"))
    pretrained = AutoModel.from_pretrained(base).state_dict()
    # A bi-encoder's stance encoder is saved as the bare model; a cross-encoder's under its head's prefix ("bert.").
    start = {k: pretrained.get(k, pretrained.get(k.split(".", 1)[-1])) for k in tuned}
    start = {k: v for k, v in start.items() if v is not None and v.shape == tuned[k].shape}
    if len(start) < len(tuned) / 2:
        raise SystemExit(f"{base}: shares {len(start)} of {len(tuned)} stance weights with {model}; name its encoder's start with --base")
    mixed = {k: (alpha * v.float() + (1 - alpha) * start[k].float()).to(v.dtype).contiguous() if k in start else v for k, v in tuned.items()}
    folder = out / f"{alpha:.2f}"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for item in model.iterdir():
        if item.name == "stance":
            shutil.copytree(item, folder / "stance")
        elif item.is_dir():
            (folder / item.name).symlink_to(item.resolve())
        else:
            shutil.copy2(item, folder / item.name)
    save_file(mixed, str(folder / "stance" / "model.safetensors"), metadata={"format": "pt"})
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="a model folder with a bi-encoder or cross-encoder stance model")
    parser.add_argument("--alphas", type=float, nargs="+", default=[1.0, 0.8, 0.6, 0.4])
    parser.add_argument("--base", help="the pretrained encoder (default: the folder's base_model)")
    parser.add_argument("--out", type=Path, required=True, help="folder for the interpolated models and results.json")
    args = parser.parse_args()
    base = args.base or resolve_base_model(read_manifest(args.model)["base_model"], "stance")
    results = {}
    print("| alpha | dev / test, argmax | none offset chosen on dev | dev / test there |")
    print("|---|---|---|---|")
    for alpha in args.alphas:
        r = results[f"{alpha:.2f}"] = probe(interpolated_folder(args.model, base, alpha, args.out))
        print(
            f"| {alpha:.2f} | {r['argmax']['dev']:.3f} / {r['argmax']['test']:.3f} | {r['best_dev_offset']:+.1f} "
            f"| {r['at_best_dev_offset']['dev']:.3f} / {r['at_best_dev_offset']['test']:.3f} |", flush=True,
        )
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
