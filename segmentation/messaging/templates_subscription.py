"""Draft copy for a subscription business (telecom, streaming, gym, software plan).

Same shape as :mod:`segmentation.messaging.templates` (the retail set): per kind
of copy a tone, subjects (with an interest level and without), openings, main
sentences, closings and calls to action; then the offer ideas. Customers here
hold a plan and pay a bill: the words are plan, bill, renewal and upgrade, never
orders or new arrivals.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ("IDEAS", "TEMPLATES", "TOPICS", "UNIT")

#: What one purchase is called in the figures ("3 purchases averaging 40").
UNIT = "purchase"

_TEMPLATES: dict[str, dict[str, object]] = {
    "reward": {
        "tone": "warm and exclusive",
        "subjects": (
            (
                "A thank-you for you: {interest} on us",
                "A thank-you for you: a month on us",
            ),
            (
                "You're one of our best: new {interest} first",
                "You're one of our best: a loyalty gift",
            ),
            (
                "Loyal members first: {interest} extras",
                "Loyal members first: your extras",
            ),
            (
                "Reserved for you: the best of {interest}",
                "Reserved for you: a plan upgrade on us",
            ),
        ),
        "openings": (
            "Thank you for staying with us.",
            "You are one of the members who make our service what it is.",
            "Few members have been with us as long as you.",
        ),
        "main": (
            "As a thank-you, {topic} is on us, with priority support whenever you "
            "need it.",
            "As a thank-you, {topic} is on us, with priority support whenever you "
            "need it.",
        ),
        "closings": (
            "Thank you for your loyalty.",
            "We are glad to have you with us.",
            "Enjoy, it's our way of saying thanks.",
        ),
        "ctas": ("Claim your gift", "See your extras", "Unlock your perk"),
    },
    "retain": {
        "tone": "appreciative and personal",
        "subjects": (
            (
                "Your plan, with {interest} added at no cost",
                "Your plan, reviewed for you",
            ),
            (
                "A better price on your plan, for staying",
                "A better price on your plan, for staying",
            ),
            (
                "We've looked at your {interest} use",
                "We've looked at how you use your plan",
            ),
            ("Lock in your price for 12 months", "Lock in your price for 12 months"),
            ("A plan that fits how you use it", "A plan that fits how you use it"),
        ),
        "openings": (
            "Thank you for being with us.",
            "We want to make sure your plan still fits you.",
            "We looked at how you use your plan.",
        ),
        "main": (
            "Switch to a longer contract and keep today's price for 12 months, "
            "with {topic} included.",
            "Switch to a longer contract and keep today's price for 12 months, "
            "with {topic} included.",
        ),
        "closings": (
            "Questions about your bill? Just reply to this message.",
            "We're here if anything isn't working for you.",
            "It only takes a minute to switch.",
        ),
        "ctas": ("Review my plan", "Lock in my price", "See my options"),
    },
    "upsell": {
        "tone": "helpful and inspiring",
        "subjects": (
            ("Add {interest} to your plan", "Get more from your plan"),
            ("More {interest}, one bill", "More from your plan, one bill"),
            (
                "Upgrade to {interest}: first month free",
                "Upgrade your plan: first month free",
            ),
            (
                "Your plan, with {interest} built in",
                "The plan that suits how you use it",
            ),
        ),
        "openings": (
            "You use your plan a lot, and we have something that fits.",
            "Here's how to get more from your plan.",
            "We think you'll like this.",
        ),
        "main": (
            "Add {topic} to your plan; the first month is free and you can cancel "
            "any time.",
            "Add {topic} to your plan; the first month is free and you can cancel "
            "any time.",
        ),
        "closings": (
            "It's all on one bill.",
            "No new contract needed.",
            "Change your mind? Switch back any time.",
        ),
        "ctas": ("Upgrade my plan", "Try it free", "Add it now"),
    },
    "bargain": {
        "tone": "value-focused",
        "subjects": (
            ("{interest} for less: a better-value plan", "A better-value plan for you"),
            ("Pay less for the same {interest}", "Pay less for the same service"),
            (
                "Save on your bill with {interest} bundled",
                "Save on your bill with a bundle",
            ),
            ("A lower bill, same {interest}", "A lower bill, same service"),
        ),
        "openings": (
            "Good value matters to you, and to us.",
            "We found a way to lower your bill.",
            "Here's a plan that costs less.",
        ),
        "main": (
            "Bundle {topic} and save every month on your bill.",
            "Bundle {topic} and save every month on your bill.",
        ),
        "closings": (
            "Same service, smaller bill.",
            "The saving shows on your next bill.",
            "Switching takes two minutes.",
        ),
        "ctas": ("See my saving", "Switch and save", "Lower my bill"),
    },
    "win back": {
        "tone": "urgent but friendly",
        "subjects": (
            ("We miss you: {interest} is back on us", "We miss you: a month on us"),
            ("Come back to a better plan", "Come back to a better plan"),
            (
                "Your plan is waiting, at a new price",
                "Your plan is waiting, at a new price",
            ),
            ("A month free if you return", "A month free if you return"),
        ),
        "openings": (
            "It's been a while, and we'd love to have you back.",
            "We've improved our plans since you last looked.",
            "We'd like another chance.",
        ),
        "main": (
            "Come back and your first month is free, with {topic} included.",
            "Come back and your first month is free, with {topic} included.",
        ),
        "closings": (
            "The offer lasts 14 days.",
            "No set-up fee.",
            "Tell us what we could do better.",
        ),
        "ctas": ("Come back free", "See the offer", "Restart my plan"),
    },
    "nurture": {
        "tone": "helpful, low-pressure",
        "subjects": (
            ("Getting more from {interest}", "Getting more from your plan"),
            ("Three tips for {interest}", "Three tips for your plan"),
            ("Your {interest} questions, answered", "Your plan questions, answered"),
            ("What's included in your plan", "What's included in your plan"),
        ),
        "openings": (
            "Here's something useful.",
            "A short guide for you.",
            "We answer the questions we hear most.",
        ),
        "main": (
            "Our guide shows what your plan already includes, {topic} among it.",
            "Our guide shows what your plan already includes, {topic} among it.",
        ),
        "closings": (
            "No action needed.",
            "Reply if you'd like a hand.",
            "Happy to help any time.",
        ),
        "ctas": ("Read the guide", "See what's included", "Learn more"),
    },
    "onboard": {
        "tone": "welcoming",
        "subjects": (
            (
                "Welcome! Set up {interest} in minutes",
                "Welcome! Set up your plan in minutes",
            ),
            ("Your first month: get started", "Your first month: get started"),
            (
                "Welcome aboard: everything in your plan",
                "Welcome aboard: everything in your plan",
            ),
            (
                "Start here: your plan in five minutes",
                "Start here: your plan in five minutes",
            ),
        ),
        "openings": (
            "Welcome, and thank you for joining.",
            "It's great to have you with us.",
            "Thanks for choosing us.",
        ),
        "main": (
            "Our quick start shows how to set up {topic} and read your first bill.",
            "Our quick start shows how to set up {topic} and read your first bill.",
        ),
        "closings": (
            "We're glad you're here.",
            "Any questions? Just reply to this message.",
            "Our support team is one message away.",
        ),
        "ctas": ("Get started", "Set up my plan", "See the quick start"),
    },
}
TEMPLATES: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {kind: MappingProxyType(parts) for kind, parts in _TEMPLATES.items()}
)
del _TEMPLATES

#: How bodies say the interest level, with one and without.
TOPICS = MappingProxyType(
    {
        "reward": ("a month of {}", "a month of your plan"),
        "retain": ("{}", "your current services"),
        "upsell": ("{}", "more data and services"),
        "bargain": ("{}", "your services"),
        "win back": ("{}", "the services you had"),
        "nurture": ("{}", "services you may not use yet"),
        "onboard": ("{}", "your services"),
    }
)

#: Offer ideas per kind of copy, for the marketer.
IDEAS = MappingProxyType(
    {
        "reward": "Loyalty gift: a free month or an upgrade, priority support; no "
        "discount on the plan",
        "retain": "Retention offer: price locked 12 months on a longer contract, a "
        "plan review",
        "bargain": "Bundle at a lower monthly price: they watch their bill",
        "upsell": "Plan upgrade or add-on, first month free",
        "win back": "Return offer: first month free, no set-up fee, valid 14 days",
        "onboard": "Welcome series: set-up guide, first-bill explainer",
        "nurture": "Helpful content ({topic}), no discount; keep the cadence low",
    }
)
