"""Session-state keys are written in one module, ui/keys.py, and nowhere else."""

from __future__ import annotations

import ast
from pathlib import Path

from ui import keys

ROOT = Path(__file__).resolve().parents[2]
FACE = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py"))]
FACE += sorted((ROOT / "app_pages").glob("*.py"))
STATE_CALLS = {"get", "pop", "setdefault"}


def is_literal(node: ast.AST) -> bool:
    """A string literal or an f-string: a key written on the spot."""
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def literal_keys(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.parent.name}/{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "key" and is_literal(keyword.value):
                    found.append(f"{where} key=...")
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in STATE_CALLS
                and is_session_state(func.value)
                and node.args
                and is_literal(node.args[0])
            ):
                found.append(f"{where} session_state.{func.attr}(...)")
        if (
            isinstance(node, ast.Subscript)
            and is_session_state(node.value)
            and is_literal(node.slice)
        ):
            found.append(f"{where} session_state[...]")
        if (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(is_session_state(c) for c in node.comparators)
            and is_literal(node.left)
        ):
            found.append(f"{where} ... in session_state")
    return found


def test_no_face_module_writes_a_session_key_as_a_literal():
    offenders = [
        hit for path in FACE if path.name != "keys.py" for hit in literal_keys(path)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_checker_finds_a_literal_key(tmp_path):
    sample = tmp_path / "probe.py"
    sample.write_text(
        "import streamlit as st\n"
        "st.button('Go', key='page_w_go')\n"
        "st.session_state['page_thing'] = 1\n"
        "x = st.session_state.get(f'page_{1}')\n"
        "y = 'page_other' in st.session_state\n",
        encoding="utf-8",
    )
    assert len(literal_keys(sample)) == 4


def test_every_key_is_a_distinct_string():
    fixed = []
    for name in keys.__all__:
        value = getattr(keys, name)
        if isinstance(value, str):
            fixed.append(value)
        elif not callable(value):
            fixed.extend(value.values())
    assert len(fixed) == len(set(fixed)), sorted(k for k in fixed if fixed.count(k) > 1)
    built = [
        keys.family_weight("demographic"),
        keys.family_columns("demographic", ["age"]),
        keys.rule_part(1, "name"),
        keys.schema_editor("0" * 64),
        keys.map_chart("pca"),
        keys.names_editor("f" * 32),
        keys.messages_editor("abc"),
    ]
    assert not set(built) & set(fixed)
