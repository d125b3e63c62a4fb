"""Draft copy for financial services (bank, cards, loans, insurance).

Same shape as :mod:`segmentation.messaging.templates` (the retail set). Customers
here hold an account, a card, a loan or a policy: the words are account, rate,
adviser and review; no discount codes, no "new arrivals", no promise of a rate
the marketer has not set (offers say "a preferential rate", not a number).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ("IDEAS", "TEMPLATES", "TOPICS", "UNIT")

#: What one purchase is called in the figures ("31 transactions averaging 42").
UNIT = "transaction"

_TEMPLATES: dict[str, dict[str, object]] = {
    "reward": {
        "tone": "warm and exclusive",
        "subjects": (
            (
                "A thank-you for you: {interest} benefits",
                "A thank-you for you: new account benefits",
            ),
            (
                "You're one of our valued customers",
                "You're one of our valued customers",
            ),
            ("Your preferential rate on {interest}", "Your preferential rate is ready"),
            (
                "A dedicated adviser, reserved for you",
                "A dedicated adviser, reserved for you",
            ),
        ),
        "openings": (
            "Thank you for banking with us.",
            "You have trusted us for a long time, and we value it.",
            "Few customers know us as well as you do.",
        ),
        "main": (
            "You now have a dedicated adviser and preferential terms on {topic}.",
            "You now have a dedicated adviser and preferential terms on {topic}.",
        ),
        "closings": (
            "Thank you for your trust.",
            "Your adviser will be in touch.",
            "We're here whenever you need us.",
        ),
        "ctas": ("Meet my adviser", "See my benefits", "Book a call"),
    },
    "retain": {
        "tone": "appreciative and personal",
        "subjects": (
            ("Your {interest}, reviewed for you", "Your account, reviewed for you"),
            ("A free review of your account", "A free review of your account"),
            ("Better terms for staying with us", "Better terms for staying with us"),
            (
                "Let's make your account work harder",
                "Let's make your account work harder",
            ),
            ("Your fees, looked at again", "Your fees, looked at again"),
        ),
        "openings": (
            "Thank you for being a customer.",
            "We want to be sure your account still suits you.",
            "We looked at how you use your account.",
        ),
        "main": (
            "Book a free review: an adviser checks your fees and terms on {topic} "
            "and what would suit you better.",
            "Book a free review: an adviser checks your fees and terms on {topic} "
            "and what would suit you better.",
        ),
        "closings": (
            "It takes 20 minutes, by phone or in branch.",
            "No obligation.",
            "We're here if anything isn't working for you.",
        ),
        "ctas": ("Book my review", "Talk to an adviser", "Review my account"),
    },
    "upsell": {
        "tone": "helpful and inspiring",
        "subjects": (
            ("Make more of {interest}", "Make more of your account"),
            ("A savings account that fits you", "A savings account that fits you"),
            ("Your next step with {interest}", "Your next step with us"),
            ("One more product, fewer fees", "One more product, fewer fees"),
        ),
        "openings": (
            "You use your account a lot, and we have something that fits.",
            "Here's how to get more from your account.",
            "We think this suits you.",
        ),
        "main": (
            "Add {topic} in minutes, with fees waived for the first year.",
            "Add {topic} in minutes, with fees waived for the first year.",
        ),
        "closings": (
            "Everything in one app.",
            "Eligibility and terms apply.",
            "Questions? An adviser can help.",
        ),
        "ctas": ("See if I qualify", "Add it now", "Learn more"),
    },
    "bargain": {
        "tone": "value-focused",
        "subjects": (
            ("Lower fees on {interest}", "Lower fees on your account"),
            ("Pay less in fees this year", "Pay less in fees this year"),
            ("A no-fee option for you", "A no-fee option for you"),
            ("Keep more of your money", "Keep more of your money"),
        ),
        "openings": (
            "Good value matters to you, and to us.",
            "We found a way to lower your fees.",
            "Here's an option that costs you less.",
        ),
        "main": (
            "Switch to our no-fee option on {topic} and keep what you save.",
            "Switch to our no-fee option on {topic} and keep what you save.",
        ),
        "closings": (
            "Switching takes a few minutes in the app.",
            "No change to your account number.",
            "Terms apply.",
        ),
        "ctas": ("See my saving", "Switch now", "Lower my fees"),
    },
    "win back": {
        "tone": "urgent but friendly",
        "subjects": (
            ("We'd like you back: {interest} terms", "We'd like you back"),
            ("Your account, with better terms", "Your account, with better terms"),
            ("Come back to no fees for a year", "Come back to no fees for a year"),
            ("A welcome back from your adviser", "A welcome back from your adviser"),
        ),
        "openings": (
            "We noticed you use your account less, and we'd like to help.",
            "We've improved our terms since you last looked.",
            "We'd like another chance.",
        ),
        "main": (
            "Use your account again and pay no fees on {topic} for 12 months.",
            "Use your account again and pay no fees on {topic} for 12 months.",
        ),
        "closings": (
            "The offer lasts 30 days.",
            "Terms apply.",
            "Tell us what we could do better.",
        ),
        "ctas": ("See the offer", "Talk to us", "Reactivate now"),
    },
    "nurture": {
        "tone": "helpful, low-pressure",
        "subjects": (
            ("Three tips for {interest}", "Three tips for your money"),
            ("Your {interest} questions, answered", "Your account questions, answered"),
            ("A short guide to saving more", "A short guide to saving more"),
            ("What your account already does", "What your account already does"),
        ),
        "openings": (
            "Here's something useful.",
            "A short guide for you.",
            "We answer the questions we hear most.",
        ),
        "main": (
            "Our guide shows what you can do with {topic}, and how to save on fees.",
            "Our guide shows what you can do with {topic}, and how to save on fees.",
        ),
        "closings": (
            "No action needed.",
            "Reply if you'd like a hand.",
            "An adviser is one call away.",
        ),
        "ctas": ("Read the guide", "See the tips", "Learn more"),
    },
    "onboard": {
        "tone": "welcoming",
        "subjects": (
            ("Welcome! Set up {interest} in minutes", "Welcome! Set up your account"),
            ("Your first month with us", "Your first month with us"),
            (
                "Welcome: your account in five minutes",
                "Welcome: your account in five minutes",
            ),
            (
                "Start here: the app, your card, your alerts",
                "Start here: the app, your card, your alerts",
            ),
        ),
        "openings": (
            "Welcome, and thank you for choosing us.",
            "It's great to have you with us.",
            "Thanks for opening your account.",
        ),
        "main": (
            "Our quick start shows how to set up {topic}, alerts and the app.",
            "Our quick start shows how to set up {topic}, alerts and the app.",
        ),
        "closings": (
            "We're glad you're here.",
            "Any questions? Just reply to this message.",
            "Your adviser is one message away.",
        ),
        "ctas": ("Get started", "Set up my account", "See the quick start"),
    },
}
TEMPLATES: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {kind: MappingProxyType(parts) for kind, parts in _TEMPLATES.items()}
)
del _TEMPLATES

#: How bodies say the interest level, with one and without.
TOPICS = MappingProxyType(
    {
        "reward": ("{}", "your accounts"),
        "retain": ("{}", "your account"),
        "upsell": ("{}", "a savings account or card"),
        "bargain": ("{}", "your account"),
        "win back": ("{}", "your account"),
        "nurture": ("{}", "your account"),
        "onboard": ("{}", "your card"),
    }
)

#: Offer ideas per kind of copy, for the marketer.
IDEAS = MappingProxyType(
    {
        "reward": "Dedicated adviser and preferential terms; no cash incentive needed",
        "retain": "Free account review with an adviser: fees, terms, better fit",
        "bargain": "No-fee option or fee waiver: they watch costs",
        "upsell": "Next product (savings, card, cover) with first-year fees waived",
        "win back": "Reactivation offer: 12 months without fees, valid 30 days",
        "onboard": "Welcome series: app and card set-up, alerts, first-month guide",
        "nurture": "Helpful content ({topic}), no offer; keep the cadence low",
    }
)
