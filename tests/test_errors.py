"""Every error raised on purpose is a StanceError, and the README's error tables match the code."""

import ast
import re

import pytest

import stance
from conftest import REPO
from stance import errors


def test_every_error_class_derives_from_stance_error_and_its_old_builtin():
    classes = [getattr(errors, name) for name in errors.__all__]
    assert all(issubclass(c, stance.StanceError) for c in classes)
    assert issubclass(stance.ConfigError, ValueError) and issubclass(stance.ModelFolderError, RuntimeError)
    assert issubclass(stance.MissingFileError, FileNotFoundError) and issubclass(stance.InputTypeError, TypeError)


def _raised_names():
    """(file, line, exception name) of every ``raise X(...)`` in the package."""
    for path in sorted((REPO / "stance").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name):
                yield path.relative_to(REPO), node.lineno, node.exc.func.id


def test_the_package_raises_only_stance_errors_on_purpose():
    allowed = set(errors.__all__) | {"SystemExit", "NotImplementedError"}
    wrong = [f"{path}:{line} raises {name}" for path, line, name in _raised_names() if name not in allowed]
    assert not wrong, "raise a stance.errors class instead:\n" + "\n".join(wrong)


def _readme_messages():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Errors and what to do about them") :]
    section = section[: section.index("\n## ", 10)] if "\n## " in section[10:] else section
    for row in re.findall(r"^\| (`[^\n]*?) \|", section, flags=re.M):
        for message in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            yield message


def _code_strings() -> str:
    """Every string literal of the package, f-string fields replaced by <>."""
    parts = []
    for path in (REPO / "stance").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                parts.append("".join(v.value if isinstance(v, ast.Constant) else "<>" for v in node.values))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                parts.append(node.value)
    return "\n".join(parts)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


# Messages of the operating system, quoted in the README, that no code of ours spells out.
OS_MESSAGES = ("No such file or directory", "Is a directory")


def test_every_message_in_the_readme_error_tables_is_in_the_code():
    code = _code_strings()
    code_grams = {n: set() for n in range(1, 6)}
    for line in code.split("\n"):
        for piece in line.split("<>"):
            words = _words(piece)
            for n in code_grams:
                code_grams[n] |= {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    messages = list(_readme_messages())
    assert len(messages) > 40
    missing = []
    for message in messages:
        if any(os_message in message for os_message in OS_MESSAGES):
            continue
        # Some stretch between placeholders must share a run of four words (or all of its
        # words, when it has two or three) with a stretch of a message in the code.
        pieces = [_words(p) for p in re.split(r"<[^>]*>|\.\.\.", message)]
        if max(map(len, pieces)) < 2:  # a class name, or too short to tell ("missing '<key>'")
            continue
        found = False
        for piece in (p for p in pieces if len(p) >= 2):
            n = min(4, len(piece))
            found = found or bool({tuple(piece[i : i + n]) for i in range(len(piece) - n + 1)} & code_grams[n])
        if not found:
            missing.append(message)
    assert not missing, "README error messages the code no longer has:\n" + "\n".join(missing)


def test_the_command_line_reports_stance_errors_and_lets_bugs_show(monkeypatch, capsys):
    from stance import cli

    assert cli.main(["validate", str(REPO / "no-such-folder")]) == 2
    assert "no labelled data at" in capsys.readouterr().err

    def bug(args):
        raise KeyError("a bug")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["stats"].set_defaults(run=bug)
    with pytest.raises(KeyError, match="a bug"):
        cli.main(["stats", "data"])
