"""Draft copy per objective: tone, offer idea, subject, body and call to action.

Templates are held as data, one module per kind of business (retail:
:mod:`segmentation.messaging.templates`; subscription, financial services, B2B)
and in each one set per objective, filled with the segment's own figures and
traits: an interest level it over-represents ("new Tech arrivals"), the device
it leans to, and (retail only) a spend threshold just above its typical order
(order value x 1.2, rounded up to a round number). The offer
idea is written for the marketer and quotes the figures; subject, body and call
to action are written for the customer and never quote a segment average.

Variation is deterministic: ``variant`` (the segment's rank among segments with
the same objective) picks the subject (the next one when it does not fit), the
opening sentence and the closing sentence (nine pairs before one repeats), so
two segments with the same objective read differently. Subjects
are at most :data:`MAX_SUBJECT` characters and calls to action at most
:data:`MAX_CTA_WORDS` words.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import NamedTuple

from segmentation.messaging import (
    templates,
    templates_b2b,
    templates_financial,
    templates_subscription,
)
from segmentation.messaging.channel_advice import figure_text
from segmentation.messaging.facts import SegmentFacts, is_bargain_like

__all__ = (
    "COPY_SETS",
    "MAX_CTA_WORDS",
    "MAX_SUBJECT",
    "Copy",
    "threshold_above",
    "write_copy",
)

MAX_SUBJECT = 60
MAX_CTA_WORDS = 5


class Copy(NamedTuple):
    """The written part of one suggestion."""

    tone: str
    offer: str
    subject: str
    body: str
    cta: str


#: The copy of each kind of business (see :data:`segmentation.schema.BUSINESSES`).
COPY_SETS = MappingProxyType(
    {
        "retail": templates,
        "subscription": templates_subscription,
        "financial": templates_financial,
        "b2b": templates_b2b,
    }
)
#: Lead-ins that vary a subject once every subject of an objective is taken.
LEADS = ("", "This week: ", "Just for you: ", "Good news: ")
_DEVICE_LINES = MappingProxyType(
    {
        "mobile": "It only takes a tap on your phone.",
        "tablet": "It only takes a tap on your tablet.",
        "desktop": "Everything is one click away.",
    }
)


def threshold_above(order_value: float) -> float:
    """Round a spend threshold up from just above a typical order (x 1.2).

    Examples
    --------
    >>> threshold_above(24.94), threshold_above(139.2), threshold_above(87.0)
    (30.0, 200.0, 150.0)
    """
    target = order_value * 1.2
    step = 10 ** math.floor(math.log10(target)) / 2
    return math.ceil(target / step) * step


def _basis(kind: str, f: SegmentFacts) -> list[str]:
    """Segment figures an offer idea is sized on, most telling first."""
    hooks = []
    if kind == "bargain" and f.response:
        hooks.append(f.response.text())
    if f.order_value:
        usual = f"{f.unit}s average {f.amount(f.order_value[0])}"
        if f.frequency:
            usual = f"{figure_text(f.orders)} {f.unit}s averaging "
            usual += f.amount(f.order_value[0])
        hooks.append(usual)
    if f.recency:
        hooks.append(f"last {f.unit} {f.recency.mean:,.0f} days ago on average")
    hooks += [m.text() for m in (f.activity, f.capacity) if m]
    if f.has_value:
        hooks.append(f.basis_text())
    if f.has_risk:
        hooks.append(f"churn risk {f.churn_risk:.2f}")
    return hooks or [f"{f.size:,} customers"]


def _offer(kind: str, f: SegmentFacts, threshold: str | None, business: str) -> str:
    words = COPY_SETS[business]
    if business != "retail":
        with_topic, generic = words.TOPICS.get(kind, ("{}", ""))
        topic = with_topic.format(f.interest) if f.interest else generic
    elif kind == "nurture":
        topic = f"guides to {f.interest}" if f.interest else "guides, new arrivals"
    else:
        topic = f"new {f.interest} arrivals" if f.interest else "new arrivals"
    over = f" over {threshold}" if threshold else ""
    idea = words.IDEAS[kind].format(
        topic=topic, over=over, on_orders=f" on orders{over}" if over else ""
    )
    return f"{idea} (based on: {'; '.join(_basis(kind, f)[:2])})"


def _fill(text: str, topic: str, threshold: str | None) -> str | None:
    if "{threshold}" in text and threshold is None:
        return None
    return text.format(topic=topic, threshold=threshold)


def _subject(subjects, variant: int, interest: str | None, threshold) -> str:
    """Take the variant's subject, or the next one that fits (no threshold: skip).

    Past the last subject, the subjects come round again behind a lead-in
    ("This week: ...").
    """
    lead = LEADS[(variant // len(subjects)) % len(LEADS)]
    for step in range(len(subjects)):
        with_interest, generic = subjects[(variant + step) % len(subjects)]
        for template in (with_interest, generic) if interest else (generic,):
            if "{threshold}" in template and threshold is None:
                continue
            text = template.format(interest=interest, threshold=threshold)
            if lead:
                text = lead + text[:1].lower() + text[1:]
            if len(text) <= MAX_SUBJECT:
                return text
    return subjects[0][1]


def write_copy(
    objective: str, f: SegmentFacts, variant: int, business: str = "retail"
) -> Copy:
    """Write the tone, offer, subject, body and call to action for a segment.

    Parameters
    ----------
    objective : str
        One of :data:`segmentation.messaging.facts.OBJECTIVES`.
    f : SegmentFacts
    variant : int
        The segment's rank among segments with the same objective (0, 1, ...).
    business : str, default "retail"
        The kind of business, which chooses the words (:data:`COPY_SETS`).

    Returns
    -------
    Copy
    """
    words = COPY_SETS[business]
    kind = "bargain" if objective == "upsell" and is_bargain_like(f) else objective
    copy = words.TEMPLATES[kind]
    with_topic, generic = words.TOPICS.get(kind, ("{}", ""))
    topic = with_topic.format(f.interest) if f.interest else generic
    threshold = None
    if business == "retail" and f.order_value and f.order_value[0] > 0:
        threshold = f.amount(threshold_above(f.order_value[0]))
    subject = _subject(copy["subjects"], variant, f.interest, threshold)
    openings, closings = copy["openings"], copy["closings"]
    main = _fill(copy["main"][0], topic, threshold) or _fill(
        copy["main"][1], topic, threshold
    )
    sentences = [openings[variant % len(openings)], main]
    device = _DEVICE_LINES.get((f.advice.device or "").lower())
    closing = closings[(variant // len(openings) + variant) % len(closings)]
    sentences += [device, closing] if device else [closing]
    ctas = copy["ctas"]
    return Copy(
        tone=str(copy["tone"]),
        offer=_offer(kind, f, threshold, business),
        subject=subject,
        body=" ".join(sentences),
        cta=ctas[variant % len(ctas)],
    )
