"""Every set of column-name words lives in segmentation/schema/vocabulary.py.

The rest of the library imports them, so a word added to, say, the activity
words is seen by every rule that reads activity. The scan below fails on a
module-level set of three or more lower-case words anywhere else; cell values
(missing and yes/no tokens, opt-out texts) are the reader's and the channels'
own knowledge and are listed by name, as are sets of roles and operators.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from segmentation.schema import vocabulary
from segmentation.schema.vocabulary import (
    ACTIVITY_WORDS,
    ENGAGEMENT_WORDS,
    FREQUENCY_WORDS,
    TRAIT_WORDS,
    VALUE_WORDS,
    name_tokens,
)

PACKAGE = Path(vocabulary.__file__).resolve().parents[1]
#: Sets of cell values, roles or operators, not of column-name words.
NOT_NAME_WORDS = {
    ("rules/conditions.py", "LIST_OPS"),
    ("schema/infer.py", "FEATURE_ROLES"),
    ("reading/values.py", "MISSING_TOKENS"),
    ("reading/values.py", "TRUE_TOKENS"),
    ("reading/values.py", "FALSE_TOKENS"),
    ("messaging/channels.py", "OPT_OUT_TEXTS"),
    ("messaging/channels.py", "DEVICE_CHANNELS"),
}


def _word_sets(path: Path) -> list[str]:
    """Names of module-level frozensets holding three or more lower-case words."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
            continue
        words = [
            word
            for call in ast.walk(node.value)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "frozenset"
            for c in ast.walk(call)
            if isinstance(c, ast.Constant) and isinstance(c.value, str)
            for word in c.value.split()
            if word.isalpha() and word.islower()
        ]
        if len(words) >= 3:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [ast.unparse(t) for t in targets]
    return found


def _outside_vocabulary() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == "schema/vocabulary.py":
            continue
        found += [(module, name) for name in _word_sets(path)]
    return [f for f in found if f not in NOT_NAME_WORDS]


def test_no_word_set_outside_the_vocabulary():
    assert _outside_vocabulary() == []


def test_the_scan_finds_a_word_set(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('_LOYAL = frozenset("loyal member points card".split())\n')
    assert _word_sets(module) == ["_LOYAL"]


def test_activity_covers_every_engagement_word():
    # The messages' activity and the channels' engagement once disagreed.
    assert ENGAGEMENT_WORDS <= ACTIVITY_WORDS


def test_trait_words_share_the_value_and_frequency_words():
    traits = {high: words for words, high, _ in TRAIT_WORDS}
    assert VALUE_WORDS <= traits["high-spend"]
    assert traits["frequent"] == FREQUENCY_WORDS


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("total_logins", ACTIVITY_WORDS),
        ("NumWebVisitsMonth", ENGAGEMENT_WORDS),
        ("MntWines", frozenset()),
    ],
)
def test_names_reach_the_sets_through_their_tokens(column, words):
    assert bool(set(name_tokens(column)) & words) == bool(words)
