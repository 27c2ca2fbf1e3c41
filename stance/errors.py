"""Every error stance raises on purpose, under one base class.

Catch :class:`StanceError` to handle anything the library reports about its input (a config,
a labelled file, a model folder, a corpus, an article); anything else is a bug and keeps its
traceback. Each class also subclasses the built-in exception it used to be, so code that
catches ``ValueError`` or ``FileNotFoundError`` keeps working.

The README's tables of messages are checked against the messages in the code by
``tests/test_errors.py``.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CorpusError",
    "InputError",
    "InputTypeError",
    "LabelledDataError",
    "MissingExtraError",
    "MissingFileError",
    "ModelFolderError",
    "SpecError",
    "StanceError",
]


class StanceError(Exception):
    """Base of every error stance raises on purpose."""


class ConfigError(StanceError, ValueError):
    """A training config, a config key or an override that cannot be used."""


class InputError(StanceError, ValueError):
    """A value given to a public function that it cannot take (an empty article, batch_size 0)."""


class InputTypeError(StanceError, TypeError):
    """An argument of the wrong type (bytes where an article's text is expected)."""


class MissingFileError(StanceError, FileNotFoundError):
    """A file or folder that should exist does not; the message names it."""


class MissingExtraError(StanceError, ImportError):
    """An optional feature whose packages are not installed; the message names the extra to install."""


class ModelFolderError(StanceError, RuntimeError):
    """A model folder that is missing, incomplete or not a stance model."""


class CorpusError(StanceError, ValueError):
    """A public corpus file that is malformed, or a split or label it does not have."""


class SpecError(StanceError, ValueError):
    """A benchmark ``--models`` or ``--datasets`` spec that cannot be used."""


class LabelledDataError(StanceError, ValueError):
    """A labelled file that breaks the format; ``problems`` lists every fault."""

    def __init__(self, problems):
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:20])
        more = f"\n  ... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(f"{len(self.problems)} {noun} in labelled data:\n{shown}{more}")
