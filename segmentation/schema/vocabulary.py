"""Words that tell a column's meaning: criteria families, ids and personal data.

Held as data so the rules can be read and extended in one place. Column names are
split into lower-case tokens (``"AnnualIncome (k$)"`` -> ``annual income k``) and
matched against these sets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

__all__ = (
    "DATE_WORDS",
    "FAMILY_VALUES",
    "FAMILY_WORDS",
    "ID_WORDS",
    "OTHER_DATE_WORDS",
    "PII_NAME_RULES",
    "name_tokens",
    "names_a_date",
)

FAMILY_WORDS: Mapping[str, frozenset[str]] = {
    "demographic": frozenset(
        """
        age ages birth birthday birthdate dob born gender sex income salary wage
        wages earnings education degree marital married household households
        children child kids dependents family occupation job profession
        employment employed ethnicity race religion generation
        """.split()
    ),
    "geographic": frozenset(
        """
        country countries region regions state province city town village
        postcode postal zip zipcode lat latitude lon lng long longitude county
        district territory location geo continent metro dma suburb neighbourhood
        neighborhood urban rural
        """.split()
    ),
    "psychographic": frozenset(
        """
        interest interests hobby hobbies lifestyle values personality attitude
        attitudes opinion opinions motivation motivations survey nps
        satisfaction csat sentiment persona affinity beliefs passion passions
        preference preferences taste tastes
        """.split()
    ),
    "behavioral": frozenset(
        """
        recency recent frequency freq monetary order orders ordered purchase
        purchases purchased buy buys bought spend spent spending revenue sales
        amount amounts quantity qty price total visit visits session sessions
        click clicks open opens opened response responses responded campaign
        campaigns transaction transactions basket cart tenure last days since
        loyalty points churn churned return returns returned refund refunds
        discount discounts coupon coupons invoice product products category
        categories subscription usage login logins views pageviews engagement
        active clv ltv aov lifetime value signup registered registration joined
        member membership redeemed rating ratings review reviews
        """.split()
    ),
    "technographic": frozenset(
        """
        device devices os platform platforms browser browsers channel channels
        app apps software smartphone desktop tablet technology tech connection
        carrier useragent agent ios android
        """.split()
    ),
}
FAMILY_WORDS = MappingProxyType(FAMILY_WORDS)  # read-only: shared by every run

#: Category values that reveal a family when the column name does not.
FAMILY_VALUES: Mapping[str, frozenset[str]] = {
    "demographic": frozenset("male female m f man woman non-binary nonbinary".split()),
    "technographic": frozenset(
        """
        mobile desktop tablet smartphone ios android windows macos mac os x
        linux chrome safari firefox edge web app
        """.split()
    ),
    "geographic": frozenset(
        "united kingdom|united states|usa|uk|germany|france|spain|italy|netherlands|"
        "belgium|canada|australia|japan|china|india|brazil|mexico|ireland|portugal|"
        "sweden|norway|denmark|finland|poland|switzerland|austria|eire|north|south|"
        "east|west|midwest|northeast|southeast|southwest|northwest|london|paris|berlin|"
        "new york|madrid|rome|amsterdam|dublin|toronto|sydney|tokyo".split("|")
    ),
}
FAMILY_VALUES = MappingProxyType(FAMILY_VALUES)

#: Tokens that make a column an identifier, alone ("id") or after an entity word.
ID_WORDS = frozenset("id ids uuid guid key pk".split())
ID_SUFFIXES = frozenset("no nr num number code ref reference sku key".split())
ID_ENTITIES = frozenset(
    """
        customer client user member account order invoice transaction stock
        product item sku contact subscriber cust acct txn receipt ticket record
        row
        """.split()
)

#: Tokens that say a column holds a date or time (``order_date``, ``created_at``).
DATE_WORDS = frozenset("date time timestamp datetime day ts when created at".split())
#: Tokens of dates that are not when something was bought (sign-up, birth, ...).
OTHER_DATE_WORDS = frozenset(
    "signup birth birthday dob registration registered joined expiry updated".split()
)

#: (kind, tokens that must all appear, tokens that rule the rule out)
PII_NAME_RULES: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("email", frozenset({"email"}), frozenset()),
    ("email", frozenset({"mail"}), frozenset()),
    ("phone", frozenset({"phone"}), frozenset()),
    ("phone", frozenset({"mobile"}), frozenset()),
    ("phone", frozenset({"telephone"}), frozenset()),
    ("phone", frozenset({"tel"}), frozenset()),
    ("phone", frozenset({"cell"}), frozenset()),
    ("phone", frozenset({"fax"}), frozenset()),
    ("ip", frozenset({"ip"}), frozenset()),
    ("address", frozenset({"address"}), frozenset({"email", "ip", "mail"})),
    ("address", frozenset({"street"}), frozenset()),
    ("address", frozenset({"addr"}), frozenset()),
    ("national id", frozenset({"ssn"}), frozenset()),
    ("national id", frozenset({"passport"}), frozenset()),
    (
        "name",
        frozenset({"name"}),
        frozenset(
            """
        product company city country campaign segment store brand item category
        file user screen domain host street town region state business account
        """.split()
        ),
    ),
    ("name", frozenset({"surname"}), frozenset()),
    ("name", frozenset({"firstname"}), frozenset()),
    ("name", frozenset({"lastname"}), frozenset()),
    ("name", frozenset({"fullname"}), frozenset()),
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_SPLIT = re.compile(r"[^a-z0-9]+")
_JOINED = MappingProxyType(
    {
        "e mail": "email",
        "zip code": "zipcode",
        "post code": "postcode",
        "user agent": "useragent",
        "first name": "firstname",
        "last name": "lastname",
        "full name": "fullname",
        "sur name": "surname",
    }
)


def name_tokens(name: str) -> list[str]:
    """Split a column name into lower-case word tokens.

    Examples
    --------
    >>> name_tokens("CustomerID"), name_tokens("Annual Income (k$)")
    (['customer', 'id'], ['annual', 'income', 'k'])
    >>> name_tokens("e-mail_address"), name_tokens("web_visits_30d")
    (['email', 'address'], ['web', 'visits', '30d'])
    """
    spaced = _CAMEL.sub(" ", str(name)).lower()
    joined = " ".join(t for t in _SPLIT.split(spaced) if t)
    for pair, word in _JOINED.items():
        joined = re.sub(rf"\b{pair}\b", word, joined)
    return joined.split()


def names_a_date(name: str | None) -> bool:
    """Say whether a column name says the column holds a date or a time.

    Examples
    --------
    >>> names_a_date("created_at"), names_a_date("OrderTS"), names_a_date("amount")
    (True, True, False)
    >>> names_a_date(None)
    False
    """
    if name is None:
        return False
    return bool(set(name_tokens(name)) & (DATE_WORDS | OTHER_DATE_WORDS))
