"""Every message the product can show comes from the catalogue, in English and Chinese (issue 11).

Errors and problems carry ``tracker.i18n.Text`` (a catalogue key and its parameters; English as a ``str``)
or a problem code (``tracker.validation.problem``), and are shown in the reader's language where they are
shown: ``show_error`` on a page, the import preview, the News sources page. A string literal or an f-string
handed to an exception, a ``Problem`` or ``permissions.require`` would reach a Chinese reader in English, and
so would ``t()`` called where the error is raised (its language is fixed there: a background thread's, the
CLI's).

The catalogue itself (every key complete in both languages with the same placeholders, every ``t("key")`` and
``Text("key")`` of the code present) is checked by tests/ui/test_i18n.py; the codes of problems here.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from tracker.errors import InvalidInput, NotFound, PermissionDenied, Problem
from tracker.i18n import LANGUAGES, Text, catalogue, from_stored, stored, t

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("tracker/**/*.py"), *ROOT.glob("feeds/**/*.py")])

# (file, exception class): messages that are not for a person, each with the reason
NOT_FOR_A_PERSON = {
    ("feeds/__init__.py", "AttributeError"): "a module __getattr__ answering Python itself",
    ("tracker/norms/__init__.py", "AttributeError"): "a module __getattr__ answering Python itself",
    ("tracker/i18n/__init__.py", "RuntimeError"): "a developer defined a catalogue key twice",
    ("tracker/migrations/env.py", "RuntimeError"): "a migration safety stop, for the developer who wrote it",
    ("feeds/fetch.py", "ConnectError"): "inside httpx's transport; caught and reworded as FeedUnreachable",
    ("feeds/workers.py", "_WorkerLost"): "internal; becomes ParseAborted (its text a technical detail there)",
    ("feeds/workers.py", "RuntimeError"): "a programming error: the parse pool used after close()",
    ("tracker/tokens.py", "TokenError"): "a reason code; confirmation turns it into LinkRefused",
    ("tracker/settings.py", "ValueError"): "a pydantic validator: pydantic words it inside ConfigError",
}
# (exception class, argument position) that take a reason code, not a message
CODE_ARGUMENTS = {("PrologRefused", 0), ("LinkRefused", 0)}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _exception_classes(trees: dict[Path, ast.Module]) -> set[str]:
    known = {n for n in dir(builtins) if isinstance(getattr(builtins, n), type)
             and issubclass(getattr(builtins, n), BaseException)}
    known |= {"ConnectError", "ValidationError"}  # httpcore's and pydantic's, raised by name here
    classes = [node for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    while True:  # subclasses of subclasses, across modules
        more = {c.name for c in classes if c.name not in known and any(_name(b) in known for b in c.bases)}
        if not more:
            return known
        known |= more


def _is_text_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):  # "a" + b, "…%s" % x
        return _is_text_literal(node.left) or _is_text_literal(node.right)
    return False


def _is_t_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and _name(node.func) == "t"


def _literal_names(scope: ast.AST) -> set[str]:
    """Names assigned a string literal or an f-string in ``scope`` (a message kept in a variable), or a dict
    of them (messages looked up by a reason: ``_WHY_NOT[change]``)."""
    names = set()
    for node in ast.walk(scope):
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        texts = isinstance(value, ast.Dict) and all(map(_is_text_literal, value.values or [None]))
        if _is_text_literal(value) or _is_t_call(value) or texts:
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    return names


def _message_arguments(call: ast.Call, exceptions: set[str]):
    """(description, node) for every argument of ``call`` that is shown to a person as its message."""
    name = _name(call.func)
    if name == "Problem":
        yield from (("Problem message", a) for a in call.args[1:2])
        yield from (("Problem message", k.value) for k in call.keywords if k.arg == "message")
    elif name == "require":
        yield from (("require message", a) for a in call.args[1:2])
        yield from (("require message", k.value) for k in call.keywords if k.arg == "message")
    elif name in exceptions or (name == "__init__" and _name(getattr(call.func, "value", None)) is None):
        # raise X("…"), X("…") kept for later, and super().__init__("…") inside an exception class
        for i, a in enumerate(call.args):
            if (name, i) not in CODE_ARGUMENTS:
                yield f"{name} message", a


def _offences() -> list[str]:
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in SOURCES}
    exceptions = _exception_classes(trees)
    found = []
    for path, tree in trees.items():
        rel = path.relative_to(ROOT).as_posix()
        module_literals = {n for node in tree.body if isinstance(node, ast.Assign)
                           for n in _literal_names(node)}
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        local = {id(call): _literal_names(f)
                 for f in functions for call in ast.walk(f) if isinstance(call, ast.Call)}
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if (rel, _name(call.func)) in NOT_FOR_A_PERSON:
                continue
            literal_names = module_literals | local.get(id(call), set())
            for what, arg in _message_arguments(call, exceptions):
                if _is_text_literal(arg):
                    why = "a literal"
                elif _is_t_call(arg):
                    why = "t() (fixed in the language of where it is raised)"
                elif isinstance(arg, ast.Name) and arg.id in literal_names:
                    why = f"a literal kept in {arg.id}"
                elif isinstance(arg, ast.Subscript) and _name(arg.value) in literal_names:
                    why = f"a literal looked up in {_name(arg.value)}"
                else:
                    continue
                found.append(f"{rel}:{call.lineno}: {what} is {why}; use Text(key) or problem(code)")
    return sorted(found)


def test_every_message_a_person_can_see_comes_from_the_catalogue():
    assert _offences() == []


def test_the_scan_catches_each_way_of_writing_a_literal(tmp_path, monkeypatch):
    source = tmp_path / "tracker" / "bad.py"
    source.parent.mkdir()
    source.write_text(
        "class LocalError(ValueError): ...\n"
        "class InvalidInput(LocalError): ...\n"
        "class NotFound(LookupError): ...\n"
        "WHY = {'edit': 'Only drafts can be changed.'}\n"
        "def f(x):\n"
        "    message = f'{x} is wrong'\n"
        "    raise LocalError('plain')\n"
        "    raise NotFound(f'no {x}')\n"
        "    Problem('field', 'English ' + x)\n"
        "    permissions.require(False, 'nope')\n"
        "    raise InvalidInput(message)\n"
        "    raise InvalidInput(t('key'))\n"
        "    raise InvalidInput(Text('key'))\n"  # the right way: not reported
        "    Problem('field', Text('key'))\n"
        "    raise InvalidInput(Problem('status', WHY[x]))\n"
        "class Refused(LocalError):\n"
        "    def __init__(self, reason):\n"
        "        super().__init__(f'cannot ({reason})')\n",
        encoding="utf-8",
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "SOURCES", [source])
    monkeypatch.setitem(globals(), "NOT_FOR_A_PERSON", {})
    lines = sorted(int(o.split(":")[1]) for o in _offences())
    assert lines == [7, 8, 9, 10, 11, 12, 15, 18]


def test_each_listed_exception_still_exists():
    trees = {p.relative_to(ROOT).as_posix(): ast.parse(p.read_text(encoding="utf-8")) for p in SOURCES}
    present = {(rel, _name(n.func))
               for rel, tree in trees.items() for n in ast.walk(tree) if isinstance(n, ast.Call)}
    assert sorted(set(NOT_FOR_A_PERSON) - present) == []  # a stale entry would excuse the next literal there


def _problem_codes() -> list[tuple[str, str]]:
    """(file, code) for every literal problem code: problem("code", …), _bad("code"), .add(field, "code")."""
    codes = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name, args = _name(node.func), node.args
            index = {"problem": 0, "_bad": 0, "refuse": 0}.get(name)
            if name == "add" and rel == "tracker/validation.py":
                index = 1
            if index is not None and len(args) > index and isinstance(args[index], ast.Constant) \
                    and isinstance(args[index].value, str):
                codes.append((rel, args[index].value))
    return codes


@pytest.mark.parametrize(("prefix", "values"), [
    ("problem.record_cannot_", ["edit", "delete", "submit", "withdraw", "renew"]),  # services/_lifecycle.py
    ("problem.plan_cannot_", ["edit", "decide", "journal", "close"]),  # services/placements.py
    ("confirm.refused.", ["invalid", "expired", "revoked", "used"]),  # services/confirmation.LinkRefused
])
def test_keys_built_from_a_reason_exist(prefix, values):
    assert [prefix + v for v in values if prefix + v not in catalogue()] == []


def test_every_problem_code_used_has_both_languages():
    codes = _problem_codes()
    assert len(codes) > 50  # the scan itself works
    known = catalogue()
    missing = sorted(f"{rel}: problem.{code}" for rel, code in codes
                     if not all(known.get(f"problem.{code}", {}).get(lang, "").strip() for lang in LANGUAGES))
    assert missing == []


# --- how a message reaches a reader -------------------------------------------------------------------------


def test_an_error_reads_as_english_and_shows_in_either_language():
    error = NotFound(Text("errors.report.no_teacher", id=7))
    assert str(error) == "There is no teacher with number 7."  # the CLI's line, the logs
    assert error.text("zh") == "没有编号为 7 的教师。"
    assert error.text("en") == str(error)


def test_a_problem_and_its_row_follow_the_reader():
    from tracker import validation

    problem = validation.problem("import_teacher_twice", "email", 5, email="a@x.org", earlier=2)
    assert str(problem) == "row 5: email: a@x.org is also on row 2 with other values"
    assert problem.line().in_language("zh") == "第 5 行：email：a@x.org 也出现在第 2 行，但填写的内容不同"
    assert InvalidInput(problem).text("zh") == "a@x.org 也出现在第 2 行，但填写的内容不同"


def test_a_parameter_may_be_called_key():
    assert Text("problem.pack_key_twice", key="hours").in_language("zh") == "“hours”在该标准包中出现了两次"


def test_parameters_that_are_texts_follow_the_same_language():
    reason = Text("errors.feed.reason_refused")
    message = Text("errors.feed.unreachable", host="news.example", reason=reason)
    assert "(connection refused)" in message
    assert "（连接被拒绝）" in message.in_language("zh")


def test_the_generic_refusal_is_the_catalogues():
    from tracker.services import permissions

    with pytest.raises(PermissionDenied) as refused:
        permissions.require(False)
    assert refused.value.text("zh") == t("problem.not_allowed", "zh")


def test_a_stored_feed_error_comes_back_in_either_language():
    message = Text("errors.feed.http", host="news.example", status=503)
    kept = stored(message)
    assert kept.startswith("The news source news.example answered with an error (HTTP 503).")  # readable
    again = from_stored(kept)
    assert again == message
    assert again.in_language("zh") == "新闻来源 news.example 返回了错误（HTTP 503），稍后会再次尝试。"
    assert from_stored("an error stored before issue 11") == "an error stored before issue 11"
    assert from_stored(kept[: len(kept) - 5]) == str(message)  # a row cut at the column's length


def test_a_problem_keeps_its_key_through_pickling():
    import pickle

    problem = Problem("file", Text("problem.import_empty"))
    again = pickle.loads(pickle.dumps(problem))
    assert again.text("zh") == problem.text("zh") == t("problem.import_empty", "zh")
