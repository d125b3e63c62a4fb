"""The one palette every chart takes its colours from.

Okabe and Ito's eight colours, safe for the common kinds of colour blindness,
with fixed jobs so a colour means the same thing on every page: blue for plain
bars and "higher", vermillion for what needs attention and "lower", sky blue for
customers beside orange for revenue. Segments take the eight colours in
:data:`SEGMENT_COLOURS` order (black, the darkest, last); the unassigned
customers are grey, and what a brush leaves out is faded.
"""

from __future__ import annotations

__all__ = (
    "ATTENTION",
    "BAR",
    "CUSTOMERS",
    "DIVERGING_SCHEME",
    "FADED",
    "HIGHER",
    "INK_ON_DARK",
    "INK_ON_LIGHT",
    "LOWER",
    "MISSING",
    "OKABE_ITO",
    "OTHER_LEVELS",
    "REVENUE",
    "SEGMENT_COLOURS",
    "SEQUENTIAL_SCHEME",
    "UNASSIGNED_GREY",
)

#: Okabe-Ito colour-blind-safe palette, in the published order.
OKABE_ITO: tuple[str, ...] = (
    "#000000",  # black
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
)
_BLACK, _ORANGE, _SKY_BLUE, _GREEN, _YELLOW, _BLUE, _VERMILLION, _PURPLE = OKABE_ITO

#: The colours segments take, in order (black, the darkest, last).
SEGMENT_COLOURS: tuple[str, ...] = (
    _ORANGE,
    _SKY_BLUE,
    _GREEN,
    _BLUE,
    _VERMILLION,
    _PURPLE,
    _YELLOW,
    _BLACK,
)
#: Customers no segment took.
UNASSIGNED_GREY = "#BBBBBB"
#: Points outside the map's brushed interval.
FADED = "#DDDDDD"
#: Plain bars and lines.
BAR = _BLUE
#: What needs the analyst's eye (a high missing share, the recommended k).
ATTENTION = _VERMILLION
#: A segment's mean above the whole base, and below it.
HIGHER, LOWER = _BLUE, _VERMILLION
#: Share of customers beside share of revenue.
CUSTOMERS, REVENUE = _SKY_BLUE, _ORANGE
#: A level chart's grouped rare levels and its missing values, beside :data:`BAR`.
OTHER_LEVELS, MISSING = _SKY_BLUE, _BLACK
#: Numbers written on a heatmap's dark and light cells.
INK_ON_DARK, INK_ON_LIGHT = "#FFFFFF", _BLACK
#: Vega scheme of signed differences around zero (the profile heatmap).
DIVERGING_SCHEME = "blueorange"
#: Vega scheme of counts and scores (the RFM heatmap).
SEQUENTIAL_SCHEME = "viridis"
