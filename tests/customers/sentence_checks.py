"""Read a generated sentence's comparisons and check them against its own figures.

The product writes comparisons with their figures beside them: "Tenure 1.8x the
average (59 vs 32)", "Age well above average (52 vs 39)", "engages more than
average: Web visits 5.9 vs 5.3 overall", "Churn is high in this segment (57% vs
26% overall)", "room to grow: orders average 40 vs 62 overall". :func:`disagreements`
finds each such comparison and says where the words and the figures disagree.
"""

from __future__ import annotations

import re

__all__ = ("disagreements",)

_NUMBER = r"(-?[\d,]*\.?\d+)(%?)"
_PAIR = re.compile(rf"{_NUMBER}(?: days)? vs {_NUMBER}")
#: Words before a pair that say which side is larger; the nearest one counts.
_UP = re.compile(
    r"\b(above|more|higher|larger|bigger|older|most|over-represented|long-standing"
    r"|high)\b"
)
_DOWN = re.compile(
    r"\b(below|less|lower|fewer|smaller|newer|least|under-represented|room to grow"
    r"|low)\b"
)
_ABOUT = re.compile(r"\babout as (much|many) as\b")
_TIMES = re.compile(rf"{_NUMBER}x the average \({_NUMBER}(?: days)? vs {_NUMBER}")
_CLAUSE_END = re.compile(r"[;.]\s|, |based on: ")
#: "high in this segment (57% vs 26% overall)": at least this lift (CHURN_LIFT_HIGH).
_HIGH_LIFT = 1.3


def _value(number: str) -> float:
    return float(number.replace(",", ""))


def _context(text: str, start: int) -> str:
    """The words of the clause before a pair (back to the previous clause end)."""
    before = text[:start]
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    # A pair inside brackets belongs to the words just before the bracket.
    if before.rstrip().endswith("("):
        ends = [e for e in ends if e < len(before.rstrip()) - 1]
    return before[ends[-1] if ends else 0 :].lower()


def _direction(context: str) -> str | None:
    context = context.replace("than most", "")
    if _ABOUT.search(context):
        return "about"
    found = [(m.end(), "up") for m in _UP.finditer(context)]
    found += [(m.end(), "down") for m in _DOWN.finditer(context)]
    return max(found)[1] if found else None


def disagreements(text: str) -> list[str]:
    """List the comparisons of a sentence that its figures contradict.

    Parameters
    ----------
    text : str
        One generated sentence (a trait, a name's basis, a rationale, an offer,
        a channel advice).

    Returns
    -------
    list of str
        One line per contradiction (empty: every comparison agrees).

    Examples
    --------
    >>> disagreements("Web: the most engaged: Web visits 3.3 vs 5.3 overall")
    ['"web: the most engaged: web visits " says up, but 3.3 vs 5.3']
    >>> disagreements("Age well above average (52 vs 39)")
    []
    """
    out = []
    for match in _TIMES.finditer(text):
        times, a, b = (_value(match.group(i)) for i in (1, 3, 5))
        if a and b and not (a > b) == (times > 1):
            out.append(f"{match.group(0)!r}: {times}x but {a} vs {b}")
    for match in _PAIR.finditer(text):
        a, b = _value(match.group(1)), _value(match.group(3))
        context = _context(text, match.start())
        if "x the average" in context:
            continue
        direction = _direction(context)
        if direction is None:
            continue
        if "high in this segment" in context and not a >= _HIGH_LIFT * b - 0.5:
            out.append(f'"{context}" says high, but {a:g} vs {b:g}')
            continue
        wrong = (
            (direction == "up" and not a > b)
            or (direction == "down" and not a < b)
            or (direction == "about" and b and abs(a / b - 1) > 0.1)
        )
        if wrong:
            out.append(
                f'"{context}" says {direction}, but {match.group(1)} vs '
                f"{match.group(3)}"
            )
    return out
