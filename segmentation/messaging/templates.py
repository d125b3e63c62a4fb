"""Draft copy held as data: per objective, the tone and the sentences to pick from.

Read by :mod:`segmentation.messaging.drafts`, which fills and varies them. The
``bargain`` set is the value-focused version of *upsell*.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ("IDEAS", "TEMPLATES", "TOPICS", "UNIT")

#: What one purchase is called in the figures ("3 orders averaging 40").
UNIT = "order"

#: Per objective: tone, subjects (each with an interest level and without),
#: openings, main sentence (with and without a spend threshold), closings and
#: calls to action. ``{interest}`` is an interest level, ``{topic}`` the interest
#: level in a phrase or a generic phrase, ``{threshold}`` a spend threshold.
_TEMPLATES: dict[str, dict[str, object]] = {
    "reward": {
        "tone": "warm and exclusive",
        "subjects": (
            (
                "A thank-you for you: early access to new {interest}",
                "A thank-you for you: early access to what's new",
            ),
            (
                "You're one of our best: new {interest} first",
                "You're one of our best: see what's new first",
            ),
            (
                "Members first: new {interest} before anyone else",
                "Members first: new arrivals before anyone else",
            ),
            (
                "Reserved for you: the best of {interest}",
                "Reserved for you: our best new pieces",
            ),
        ),
        "openings": (
            "Thank you for being one of our best customers.",
            "You are one of the people who make our shop what it is.",
            "Few customers know us as well as you do.",
        ),
        "main": (
            "You get early access to {topic}, 48 hours before everyone else, and "
            "express delivery is on us for orders over {threshold}.",
            "You get early access to {topic}, 48 hours before everyone else, with "
            "express delivery on us.",
        ),
        "closings": (
            "We saved the best for you.",
            "Thank you for shopping with us so often.",
            "We hope you love what's coming.",
        ),
        "ctas": ("Shop early access", "See what's new first", "Claim your perk"),
    },
    "retain": {
        "tone": "appreciative and personal",
        "subjects": (
            ("We saved a few {interest} picks for you", "We saved a few picks for you"),
            (
                "A thank-you on your next {interest} order",
                "A thank-you on your next order",
            ),
            (
                "New in {interest}: we think you'll like it",
                "Something new we think you'll like",
            ),
            (
                "Double points on {interest} for 30 days",
                "Double points on everything for 30 days",
            ),
            ("Your free delivery is waiting", "Your free delivery is waiting"),
        ),
        "openings": (
            "It's always good to see you.",
            "Thank you for sticking with us.",
            "We've put together a few things we think you'll like.",
        ),
        "main": (
            "Your next order over {threshold} ships free, and you earn double points "
            "for the next 30 days.",
            "Your next order ships free, and you earn double points for the next 30 "
            "days.",
        ),
        "closings": (
            "Your picks are waiting for you.",
            "We'd love to see you again soon.",
            "It's our way of saying thanks.",
        ),
        "ctas": ("See your picks", "Use free delivery", "Shop your favourites"),
    },
    "upsell": {
        "tone": "helpful and inspiring",
        "subjects": (
            ("Complete your {interest} set and save", "Complete the set and save"),
            (
                "Spend {threshold}, get free express delivery",
                "Spend {threshold}, get free express delivery",
            ),
            (
                "Make it a set: {interest} picks that go together",
                "Make it a set: picks that go together",
            ),
            (
                "The perfect match for your {interest} favourites",
                "The perfect match for your favourites",
            ),
        ),
        "openings": (
            "We've picked a few things that go well with what you already love.",
            "Here's a simple way to get more from every order.",
            "Good things come in sets.",
        ),
        "main": (
            "Add a little more and orders over {threshold} ship express for free.",
            "Add a matching piece and your order ships express for free.",
        ),
        "closings": (
            "Take a look at what goes together.",
            "Our team picked these just for you.",
            "Mix and match as you like.",
        ),
        "ctas": ("Build your set", "Shop the set", "See the picks"),
    },
    "bargain": {
        "tone": "value-focused",
        "subjects": (
            (
                "Bundle and save: 3 for 2 on {interest}",
                "Bundle and save: 3 for 2 this week",
            ),
            (
                "Spend {threshold}, save 10% this week",
                "Spend {threshold}, save 10% this week",
            ),
            (
                "More for your money: {interest} deals inside",
                "More for your money: deals inside",
            ),
            ("This week's best {interest} deals", "This week's best deals"),
        ),
        "openings": (
            "Good news for smart shoppers.",
            "Here's how to get more for your money this week.",
            "Our best deals are back.",
        ),
        "main": (
            "Buy three and pay for two, or save 10% on orders over {threshold}.",
            "Buy three and pay for two on {topic} this week.",
        ),
        "closings": (
            "The offer ends Sunday.",
            "Stock up while it lasts.",
            "Deals like this don't stay long.",
        ),
        "ctas": ("See the deals", "Build your bundle", "Shop 3 for 2"),
    },
    "win back": {
        "tone": "urgent but friendly",
        "subjects": (
            (
                "We miss you: 15% off your next order",
                "We miss you: 15% off your next order",
            ),
            ("It's been a while: here's 15% off", "It's been a while: here's 15% off"),
            (
                "Come back to {interest}: 15% off for 14 days",
                "Come back: 15% off for 14 days",
            ),
            (
                "New {interest} since your last visit, and 15% off",
                "So much is new since your last visit, and 15% off",
            ),
        ),
        "openings": (
            "It's been a while since we last saw you.",
            "We've missed you, and a lot has changed since your last visit.",
            "Your favourites are still here, and there's plenty that's new.",
        ),
        "main": (
            "Come back within 14 days and take 15% off any order over {threshold}.",
            "Come back within 14 days and take 15% off your next order.",
        ),
        "closings": (
            "The offer ends in 14 days.",
            "We'd love to have you back.",
            "Don't miss it: the code expires soon.",
        ),
        "ctas": ("Claim 15% off", "Come back and save", "Use my 15% off"),
    },
    "nurture": {
        "tone": "helpful, low-pressure",
        "subjects": (
            ("Ideas picked for you this month", "Ideas picked for you this month"),
            ("Our guide to {interest}", "Our guide to getting more from every order"),
            (
                "What's new, and what's worth a look",
                "What's new, and what's worth a look",
            ),
            ("A few {interest} ideas for the weekend", "A few ideas for the weekend"),
            (
                "Fresh {interest} inspiration, no strings attached",
                "Fresh inspiration, no strings attached",
            ),
        ),
        "openings": (
            "No hard sell, just a few things we think you'll find useful.",
            "Here's what's new this month, picked with you in mind.",
            "We've gathered a few ideas you might enjoy.",
        ),
        "main": (
            "Start with our latest guide to {topic}.",
            "Start with our latest guide to {topic}.",
        ),
        "closings": (
            "Browse at your own pace.",
            "We'll be here when you're ready.",
            "Tell us what you'd like to see more of.",
        ),
        "ctas": ("Take a look", "Read the guide", "Browse new arrivals"),
    },
    "onboard": {
        "tone": "welcoming",
        "subjects": (
            (
                "Welcome! Here's how to get started",
                "Welcome! Here's how to get started",
            ),
            (
                "Welcome aboard: your second order ships free",
                "Welcome aboard: your second order ships free",
            ),
            (
                "Good to have you: {interest} picks to start with",
                "Good to have you: three picks to start with",
            ),
            (
                "Your first steps with us, and a gift",
                "Your first steps with us, and a gift",
            ),
        ),
        "openings": (
            "Welcome, and thank you for your first order.",
            "It's great to have you with us.",
            "Thanks for joining us.",
        ),
        "main": (
            "Your second order over {threshold} ships free, and our quick guide "
            "shows you where to start.",
            "Your second order ships free, and our quick guide shows you where to "
            "start.",
        ),
        "closings": (
            "We're glad you're here.",
            "Any questions? Just reply to this message.",
            "Tell us what you like and we'll tailor what we send.",
        ),
        "ctas": ("Start exploring", "Get free delivery", "See the guide"),
    },
}
TEMPLATES: Mapping[str, Mapping[str, object]] = MappingProxyType(
    {kind: MappingProxyType(parts) for kind, parts in _TEMPLATES.items()}
)
del _TEMPLATES


#: How bodies say the interest level, with one and without.
TOPICS = MappingProxyType(
    {
        "reward": ("new {} arrivals", "our new arrivals"),
        "bargain": ("{}", "favourites"),
        "nurture": ("{}", "getting more from every order"),
    }
)

#: Offer ideas per kind of copy; ``{over}`` is " over <threshold>" or "".
IDEAS = MappingProxyType(
    {
        "reward": "VIP early access to {topic} and free express delivery{over}; no "
        "discount needed",
        "retain": "Free delivery{over} plus double points for 30 days",
        "bargain": "Multi-buy (3 for 2) or 10% off{over}: they answer offers",
        "upsell": "Cross-sell set with free express delivery{over}",
        "win back": "15% comeback discount{on_orders}, valid 14 days",
        "onboard": "Welcome series: free delivery on the second order{over}, plus a "
        "getting-started guide",
        "nurture": "Helpful content ({topic}), no discount; keep the cadence low",
    }
)
