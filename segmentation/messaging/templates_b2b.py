"""Draft copy for business customers (wholesale, B2B supplies, software for teams).

Same shape as :mod:`segmentation.messaging.templates` (the retail set). The reader
buys for a company: the words are account, volume terms, account manager and
reorder; the tone is plain and businesslike.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ("IDEAS", "TEMPLATES", "TOPICS", "UNIT")

#: What one purchase is called in the figures ("12 orders averaging 900").
UNIT = "order"

_TEMPLATES: dict[str, dict[str, object]] = {
    "reward": {
        "tone": "appreciative and businesslike",
        "subjects": (
            (
                "Priority supply of {interest} for your account",
                "Priority terms for your account",
            ),
            ("Thank you: better volume terms", "Thank you: better volume terms"),
            (
                "Your account manager, dedicated to you",
                "Your account manager, dedicated to you",
            ),
            ("Early allocation of {interest}", "Early allocation for key accounts"),
        ),
        "openings": (
            "Thank you for your business.",
            "Your account is one of our most important.",
            "We value working with your team.",
        ),
        "main": (
            "Your account now has a dedicated manager and priority allocation of "
            "{topic}.",
            "Your account now has a dedicated manager and priority allocation of "
            "{topic}.",
        ),
        "closings": (
            "Thank you for your trust.",
            "Your account manager will be in touch.",
            "We look forward to the year ahead.",
        ),
        "ctas": ("Meet my manager", "See my terms", "Book a call"),
    },
    "retain": {
        "tone": "attentive and businesslike",
        "subjects": (
            ("A review of your {interest} supply", "A review of your account"),
            (
                "Your terms, reviewed for next year",
                "Your terms, reviewed for next year",
            ),
            ("Let's plan your reorders together", "Let's plan your reorders together"),
            ("A better fit for your account", "A better fit for your account"),
            ("How we can serve your team better", "How we can serve your team better"),
        ),
        "openings": (
            "Thank you for working with us.",
            "We want to be sure our terms still suit your business.",
            "We looked at your recent orders.",
        ),
        "main": (
            "Book an account review: we go through your pricing, delivery schedule "
            "and {topic}.",
            "Book an account review: we go through your pricing, delivery schedule "
            "and {topic}.",
        ),
        "closings": (
            "It takes 30 minutes.",
            "No obligation.",
            "Tell us what would help your team.",
        ),
        "ctas": ("Book a review", "Talk to us", "Review my terms"),
    },
    "upsell": {
        "tone": "helpful and practical",
        "subjects": (
            ("Add {interest} to your standing order", "Widen your standing order"),
            ("Volume pricing on {interest}", "Volume pricing across the range"),
            (
                "One supplier for more of your needs",
                "One supplier for more of your needs",
            ),
            ("Your range, with {interest} added", "A wider range for your account"),
        ),
        "openings": (
            "You order regularly, and there is more we can supply.",
            "Here's how to simplify your purchasing.",
            "We think this suits your business.",
        ),
        "main": (
            "Add {topic} to your account at volume pricing, on the same delivery "
            "and invoice.",
            "Add {topic} to your account at volume pricing, on the same delivery "
            "and invoice.",
        ),
        "closings": (
            "One delivery, one invoice.",
            "Samples available on request.",
            "Your account manager can help.",
        ),
        "ctas": ("See volume pricing", "Request samples", "Add to my account"),
    },
    "bargain": {
        "tone": "value-focused and businesslike",
        "subjects": (
            ("Better prices on {interest} in bulk", "Better prices in bulk"),
            ("Cut your unit cost this quarter", "Cut your unit cost this quarter"),
            ("Volume discount for your account", "Volume discount for your account"),
            ("Save on your next reorder", "Save on your next reorder"),
        ),
        "openings": (
            "Cost matters to your business, and to us.",
            "We found a way to lower your unit cost.",
            "Here's a better price for larger orders.",
        ),
        "main": (
            "Order {topic} in larger quantities and pay less per unit.",
            "Order {topic} in larger quantities and pay less per unit.",
        ),
        "closings": (
            "Pricing applies from your next order.",
            "Ask your account manager for a quote.",
            "Terms apply.",
        ),
        "ctas": ("Get a quote", "See bulk prices", "Reorder now"),
    },
    "win back": {
        "tone": "direct but friendly",
        "subjects": (
            ("We'd like your {interest} business back", "We'd like your business back"),
            ("New terms for returning accounts", "New terms for returning accounts"),
            ("Your account is still open", "Your account is still open"),
            ("What would bring you back?", "What would bring you back?"),
        ),
        "openings": (
            "We haven't had an order from you in a while.",
            "We've improved our terms since your last order.",
            "We'd like another chance.",
        ),
        "main": (
            "Reorder {topic} this month and your delivery is free, at your old "
            "pricing.",
            "Reorder {topic} this month and your delivery is free, at your old "
            "pricing.",
        ),
        "closings": (
            "The offer lasts 30 days.",
            "Your account details are unchanged.",
            "Tell us what we could do better.",
        ),
        "ctas": ("Reorder now", "Talk to us", "See the offer"),
    },
    "nurture": {
        "tone": "helpful, low-pressure",
        "subjects": (
            ("Buying guide: {interest}", "A buying guide for your team"),
            (
                "Three ways to simplify {interest} orders",
                "Three ways to simplify ordering",
            ),
            ("Your account questions, answered", "Your account questions, answered"),
            (
                "What your account already includes",
                "What your account already includes",
            ),
        ),
        "openings": (
            "Here's something useful for your team.",
            "A short guide for you.",
            "We answer the questions we hear most.",
        ),
        "main": (
            "Our guide shows how to order {topic}, track deliveries and manage "
            "invoices.",
            "Our guide shows how to order {topic}, track deliveries and manage "
            "invoices.",
        ),
        "closings": (
            "No action needed.",
            "Reply if you'd like a hand.",
            "Your account manager is one call away.",
        ),
        "ctas": ("Read the guide", "See the tips", "Learn more"),
    },
    "onboard": {
        "tone": "welcoming and businesslike",
        "subjects": (
            ("Welcome: ordering {interest} made easy", "Welcome: ordering made easy"),
            ("Your account is ready", "Your account is ready"),
            (
                "Welcome aboard: your first reorder",
                "Welcome aboard: your first reorder",
            ),
            (
                "Start here: your account in five minutes",
                "Start here: your account in five minutes",
            ),
        ),
        "openings": (
            "Welcome, and thank you for your first order.",
            "It's great to work with your team.",
            "Thanks for opening an account with us.",
        ),
        "main": (
            "Your account manager will help you set up {topic}, standing orders "
            "and invoicing.",
            "Your account manager will help you set up {topic}, standing orders "
            "and invoicing.",
        ),
        "closings": (
            "We're glad to work with you.",
            "Any questions? Just reply to this message.",
            "Your account manager is one message away.",
        ),
        "ctas": ("Get started", "Set up reorders", "Meet my manager"),
    },
}
TEMPLATES: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {kind: MappingProxyType(parts) for kind, parts in _TEMPLATES.items()}
)
del _TEMPLATES

#: How bodies say the interest level, with one and without.
TOPICS = MappingProxyType(
    {
        "reward": ("{}", "your key lines"),
        "retain": ("{}", "your range"),
        "upsell": ("{}", "more of the range"),
        "bargain": ("{}", "your regular lines"),
        "win back": ("{}", "your regular lines"),
        "nurture": ("{}", "your regular lines"),
        "onboard": ("{}", "your range"),
    }
)

#: Offer ideas per kind of copy, for the marketer.
IDEAS = MappingProxyType(
    {
        "reward": "Key-account treatment: dedicated manager, priority allocation; "
        "no discount needed",
        "retain": "Account review: pricing, delivery schedule, range",
        "bargain": "Volume pricing or bulk discount: they buy on price",
        "upsell": "Range extension at volume pricing, samples on request",
        "win back": "Reorder offer: free delivery at previous pricing, valid 30 days",
        "onboard": "Onboarding call: standing orders, invoicing, account portal",
        "nurture": "Helpful content ({topic}), no offer; keep the cadence low",
    }
)
