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
    "ACTIVITY_WORDS",
    "APP_USE_WORDS",
    "BUSINESS_WORDS",
    "CALENDAR_EVENT_WORDS",
    "CALENDAR_PART_WORDS",
    "CAPACITY_WORDS",
    "CHANNEL_NAME_WORDS",
    "CONSENT_WORDS",
    "CONTACT_NAME_WORDS",
    "COUNT_WORDS",
    "COUNTED_EVENT_WORDS",
    "CUSTOMER_WORDS",
    "DATE_WORDS",
    "DEVICE_WORDS",
    "ENGAGEMENT_WORDS",
    "FAMILY_VALUES",
    "FAMILY_WORDS",
    "GENERIC_NAME_WORDS",
    "CODE_NAME_WORDS",
    "START_NAMES",
    "FREQUENCY_WORDS",
    "ID_ENTITIES",
    "ID_SUFFIXES",
    "ID_WORDS",
    "INTEREST_CATEGORY_WORDS",
    "INTEREST_WORDS",
    "LAST_DATE_EVENT_WORDS",
    "LINE_AMOUNT_WORDS",
    "name_tokens",
    "names_a_date",
    "names_a_calendar_part",
    "names_a_product_line",
    "names_an_interest",
    "names_an_outcome",
    "NEWNESS_WORDS",
    "NON_NEGATIVE_WORDS",
    "NOT_FREQUENCY_WORDS",
    "NOT_RECENCY_WORDS",
    "NOT_TOTAL_WORDS",
    "OPT_OUT_WORDS",
    "ORDER_WORDS",
    "OTHER_DATE_WORDS",
    "CHURN_OUTCOME_WORDS",
    "CONTACT_COUNT_NAMES",
    "CONTACT_COUNT_WORDS",
    "OUTCOME_NAMES",
    "OUTCOME_WORDS",
    "POSITIVE_OUTCOME_WORDS",
    "RESPONSE_OUTCOME_WORDS",
    "PII_NAME_RULES",
    "readable_label",
    "PREFERENCE_SUBJECT_WORDS",
    "PREFERENCE_WORDS",
    "PRICE_WORDS",
    "PRODUCT_LINE_EXTRA_WORDS",
    "PRODUCT_LINE_WORDS",
    "RATE_WORDS",
    "QUANTITY_WORDS",
    "RECENCY_EVENT_WORDS",
    "RESPONSE_WORDS",
    "SALE_CHANNEL_WORDS",
    "START_WORDS",
    "SUBSET_COUNT_WORDS",
    "TOTAL_WORDS",
    "TRAIT_WORDS",
    "VAGUE_LEVELS",
    "VALUE_WORDS",
)

FAMILY_WORDS: Mapping[str, frozenset[str]] = {
    "demographic": frozenset(
        """
        age ages birth birthday birthdate dob born gender sex income salary wage
        wages earnings education degree marital married household households
        children child kids dependents family occupation job profession
        employment employed ethnicity race religion generation senior citizen
        partner spouse kidhome teenhome kid teen teens dependent bmi personal
        """.split()
    ),
    "geographic": frozenset(
        """
        country countries region regions state province city town village
        postcode postal zip zipcode lat latitude lon lng long longitude county
        district territory location geo continent metro dma suburb neighbourhood
        neighborhood urban rural geography area destination
        """.split()
    ),
    "psychographic": frozenset(
        """
        interest interests hobby hobbies lifestyle values personality attitude
        attitudes opinion opinions motivation motivations survey nps
        satisfaction csat sentiment persona affinity beliefs passion passions
        preference preferences taste tastes smoker smoking
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
        member membership redeemed rating ratings review reviews charges charge
        contract contracts billing billed payment payments paid plan plans mnt
        balance bal loan loans mortgage housing credit limit utilization trans
        relationship inactive contacts contact duration previous poutcome pdays
        complain complaint complaints accepted cmp months default service
        services lines security backup protection streaming movies wines fruits
        meat fish sweet sweets gold prods grocery milk fresh frozen detergents
        delicassen delicatessen card cards checking savings installment credits
        property purpose agency promo promos promotion referral referrals advance
        advances trx payments
        """.split()
    ),
    "technographic": frozenset(
        """
        device devices os platform platforms browser browsers channel channels
        app apps software smartphone desktop tablet technology tech connection
        carrier useragent agent ios android internet online telephone
        """.split()
    ),
}
FAMILY_WORDS = MappingProxyType(FAMILY_WORDS)  # read-only: shared by every run

#: Name words of a column of category codes written as numbers (``Channel`` 1/2,
#: ``Region`` 1-3): such a column is categorical, not a quantity.
CODE_NAME_WORDS = frozenset(
    "channel region type category segment group class code zone area".split()
)
#: Whole names of a customer-since date (``Dt_Customer``), read as tenure.
START_NAMES = frozenset(
    {frozenset({"dt", "customer"}), frozenset({"customer", "date"})}
)

#: Words at the end of a name that say how a value is kept, not what it is about
#: (``Income_Category``, ``Dependent_count``, ``Attrition_Flag``): the family comes
#: from the words before them.
GENERIC_NAME_WORDS = frozenset(
    """
    category categories count counts flag flags type types level levels status
    group groups class code codes ind indicator cat bucket band range mon num
    """.split()
)

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
ID_WORDS = frozenset("id ids uuid guid key pk clientnum custnum".split())
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

# Words of behaviour, value and contact ------------------------------------------

#: Name words of a log's customer column.
CUSTOMER_WORDS = frozenset(
    "customer customers client cust user member account buyer shopper subscriber "
    "contact consumer patron guest".split()
)

#: Name words of a log's order (invoice, basket, receipt) column.
ORDER_WORDS = frozenset(
    "invoice inv order transaction txn receipt basket ticket bill purchase sale".split()
)

#: Name words of a log line's amount of money.
LINE_AMOUNT_WORDS = frozenset(
    "amount total revenue sales spend spent value sum net gross paid payment "
    "turnover subtotal charge".split()
)

#: Name words of a log line's quantity.
QUANTITY_WORDS = frozenset("quantity qty units count items pieces".split())

#: Name words of a log line's unit price.
PRICE_WORDS = frozenset("price unitprice rate cost".split())

#: Name words of an amount that cannot be negative (the quality report flags one
#: that is). Not ``balance``: an account can be overdrawn.
NON_NEGATIVE_WORDS = frozenset(
    "spend spent spending revenue amount price monetary total sales income salary "
    "value cost paid payment quantity qty".split()
)

#: Counts or amounts of a part of the purchases already counted elsewhere
#: (``NumDealsPurchases``): never summed into frequency or value.
SUBSET_COUNT_WORDS = frozenset("deal deals discount discounts coupon coupons".split())

#: Words that make a numeric column the customer's value (money earned).
VALUE_WORDS = frozenset(
    "spend spent spending revenue revenues sales monetary amount amt clv ltv charge "
    "charges "
    "mnt balance billing billed".split()
)

#: Words that rule a column out as a total (a score, an average, a rate...).
NOT_TOTAL_WORDS = frozenset(
    "score scores rank avg average mean median aov per rate ratio share pct percent "
    "index income salary term limit change chng frequency freq".split()
)

#: Product lines and categories a shop or a wholesaler sells. Three or more
#: columns named only by them (``Fresh``, ``Milk``, ``Grocery``) hold what each
#: customer spent on each line: their sum is the value when no column says spend.
PRODUCT_LINE_WORDS = frozenset(
    """
    fresh milk dairy grocery groceries frozen detergents detergent paper
    delicassen delicatessen deli bakery bread produce fruit fruits vegetables meat
    fish seafood sweets sweet candy snacks drinks beverages wine wines beer spirits
    gold jewelry jewellery clothing clothes apparel shoes footwear accessories
    electronics computers phones toys games books music movies beauty cosmetics
    health pharmacy garden furniture appliances kitchen home household sports
    outdoor pets pet baby kids stationery office tools hardware automotive
    """.split()
)
#: Words that may stand beside a product line in such a column's name.
PRODUCT_LINE_EXTRA_WORDS = frozenset("and products product goods items line".split())


def names_a_product_line(name: str) -> bool:
    """Whether a column is named only by a product line (``Detergents_Paper``).

    Examples
    --------
    >>> [names_a_product_line(n) for n in ("Fresh", "Detergents_Paper",
    ...                                    "fresh_visits", "Region")]
    [True, True, False, False]
    """
    tokens = set(name_tokens(name))
    lines = tokens & PRODUCT_LINE_WORDS
    return bool(lines) and tokens - lines <= PRODUCT_LINE_EXTRA_WORDS


#: Words of an average: such a spend column is the value only when no total is.
RATE_WORDS = frozenset("avg average mean per".split())

#: Words of a value column preferred over the others (a total, a lifetime figure).
TOTAL_WORDS = frozenset("total lifetime net".split())

#: Events whose days since make a recency column (``days_since_last_order``).
RECENCY_EVENT_WORDS = frozenset(
    "last purchase purchased order ordered bought transaction visit seen".split()
)

#: Events whose last date makes a recency date column (``last_login``).
LAST_DATE_EVENT_WORDS = RECENCY_EVENT_WORDS - {"last"} | {"active", "activity", "login"}

#: Words that rule a column out as recency (an average gap, a score).
NOT_RECENCY_WORDS = frozenset("avg average mean median between gap score".split())

#: Words that make a count column the customer's purchase frequency.
FREQUENCY_WORDS = frozenset(
    "orders frequency freq purchases transactions invoices".split()
)

#: Words that rule a column out as frequency (days, amounts, returns...).
NOT_FREQUENCY_WORDS = frozenset(
    "avg average mean median days day between gap value amount spend size rate per "
    "aov return returns returned".split()
)

#: Words of when a customer started (sign-up, first order).
START_WORDS = frozenset(
    "signup registered registration joined join created first since".split()
)

#: A column named by these words alone is the channel customers were contacted on
#: (bank marketing's ``contact``: cellular or telephone).
CONTACT_NAME_WORDS = frozenset("contact contacted".split())

#: Name words of a contact permission.
CONSENT_WORDS = frozenset(
    "consent consents consented opt optin opted optout subscribed unsubscribed "
    "unsubscribe permission gdpr newsletter".split()
)

#: Name words of a permission column that records the opt-out (yes = do not contact).
OPT_OUT_WORDS = frozenset("optout unsubscribed unsubscribe".split())

#: With a word of :data:`PREFERENCE_WORDS`: a preferred contact channel column.
PREFERENCE_SUBJECT_WORDS = frozenset(
    "contact communication communications marketing".split()
)

#: See :data:`PREFERENCE_SUBJECT_WORDS`.
PREFERENCE_WORDS = frozenset("preference preferences preferred method mode".split())

#: Words of a sales channel (where a customer bought), not a contact channel.
SALE_CHANNEL_WORDS = frozenset(
    "sales sale order orders purchase acquisition source".split()
)

#: Name words of a device or platform column.
DEVICE_WORDS = frozenset("device devices os platform platforms".split())

#: With ``app``: a column saying whether the customer uses the app.
APP_USE_WORDS = frozenset("user users installed install usage downloaded".split())

#: Name words that name a contact channel, and the channel.
CHANNEL_NAME_WORDS = MappingProxyType(
    {
        **dict.fromkeys(("email", "mail", "newsletter"), "Email"),
        **dict.fromkeys(("sms", "text", "texts"), "SMS"),
        **dict.fromkeys(("push", "notification", "notifications"), "Push"),
        "whatsapp": "WhatsApp",
        **dict.fromkeys(("phone", "call", "calls", "telephone"), "Phone"),
        "app": "App",
        **dict.fromkeys(("web", "site", "website", "online"), "Web"),
    }
)

#: Name words of a customer's interests (a category, a hobby). "Category" alone
#: is not one (``Income_Category``, ``Card_Category`` are tiers): see
#: :func:`names_an_interest`.
INTEREST_WORDS = frozenset(
    "interest interests hobby hobbies category categories favourite favorite "
    "affinity passion passions".split()
)
#: With "category", the words that make it an interest (``product_category``).
INTEREST_CATEGORY_WORDS = frozenset(
    "product products favourite favorite preferred shopping purchase purchases "
    "top main".split()
)


def names_an_interest(name: str) -> bool:
    """Whether a column name says it holds a customer's interest.

    Examples
    --------
    >>> [names_an_interest(n) for n in ("interests", "product_category",
    ...                                 "Income_Category", "Card_Category")]
    [True, True, False, False]
    """
    tokens = set(name_tokens(name))
    categories = {"category", "categories"}
    if tokens & (INTEREST_WORDS - categories):
        return True
    return bool(tokens & categories and tokens & INTEREST_CATEGORY_WORDS)


#: Name words of what a customer can spend (income, wealth).
CAPACITY_WORDS = frozenset("income salary wage wages earnings wealth".split())

#: Name words of how long a customer has been one (tenure, since).
NEWNESS_WORDS = frozenset(
    "tenure signup registered joined member since created".split()
)

#: Name words of a customer's response to offers (campaigns, coupons).
RESPONSE_WORDS = frozenset(
    "campaign campaigns coupon coupons discount discounts promo promotion promotions "
    "voucher vouchers offers".split()
)

#: Name words of engagement with messages and the site (opens, clicks, visits).
ENGAGEMENT_WORDS = frozenset(
    "open opens opened click clicks clicked visit visits session sessions view views "
    "pageviews login logins read reads reply replies".split()
)

#: Name words of a customer's activity: buying, and every kind of engagement.
ACTIVITY_WORDS = ENGAGEMENT_WORDS | frozenset(
    "spend spending spent purchase purchases orders order responses engagement "
    "loyalty points basket transactions frequency monetary revenue sales".split()
)

#: A counted event and a count word together make a frequency (``order_count``).
COUNTED_EVENT_WORDS, COUNT_WORDS = (
    frozenset("order purchase transaction invoice trans".split()),
    frozenset("count number num nb ct cnt".split()),
)

#: Category levels that say nothing about a customer (a name or message skips them).
VAGUE_LEVELS = frozenset("none other others unknown n/a (missing)".split())

#: (name words, word when above average, word when below): a segment's name says
#: the first trait its profile stands out on.
TRAIT_WORDS: tuple[tuple[frozenset[str], str, str], ...] = tuple(
    (frozenset(words), high, low)
    for words, high, low in (
        ({"balance", "balances"}, "high-balance", "low-balance"),
        (VALUE_WORDS | {"value"}, "high-spend", "low-spend"),
        (FREQUENCY_WORDS, "frequent", "infrequent"),
        ("recency".split(), "lapsing", "recent"),
        ("opens clicks".split(), "email-engaged", "email-quiet"),
        ("responses response coupon coupons discount".split(),
         "deal-responsive", "unresponsive"),
        ("campaign campaigns contacts contacted".split(),
         "often-contacted", "rarely-contacted"),
        ("visits visit sessions views pageviews logins login".split(),
         "frequent-visit", "rare-visit"),
        ("age".split(), "older", "younger"),
        (CAPACITY_WORDS, "high-income", "low-income"),
        ("tenure signup registered registration joined".split(),
         "long-standing", "newer"),
        ("household children kids dependents".split(),
         "larger-household", "smaller-household"),
    )
)  # fmt: skip

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


#: Words that make a two-valued column a result the marketer reads per segment
#: (``Churn``, ``Attrition_Flag``, ``Exited``, ``Response``, ``Complain``), not a
#: trait to segment on. Not ``subscribed``: a newsletter flag is consent.
OUTCOME_WORDS = frozenset(
    """
    churn churned churner churners churning attrition attrited exited
    response responded converted conversion complain complained claim claimed
    complaint outcome
    """.split()
)
#: Outcome words that say the customer left: such an outcome is observed churn.
CHURN_OUTCOME_WORDS = frozenset(
    "churn churned churner churners churning attrition attrited exited".split()
)
#: Name words of an outcome that records a response to marketing (not a loss).
RESPONSE_OUTCOME_WORDS = frozenset(
    "response responded responder converted conversion accepted subscribe "
    "subscribed y".split()
)
#: Name words of a count of times customers were contacted (calls, mailings).
CONTACT_COUNT_WORDS = frozenset(
    "contacts contacted calls called touches touchpoints mailings mailed".split()
)
#: Whole column names that count contacts by convention (bank marketing's
#: ``campaign``, contacts in this campaign, and ``previous``, before it).
CONTACT_COUNT_NAMES = frozenset({"campaign", "previous"})
#: Whole column names that are outcomes by convention (``y`` of bank marketing).
OUTCOME_NAMES = frozenset(
    {"y", "target", "outcome", "label", "class", "subscribe", "subscribed"}
)
#: Levels that say the outcome happened (the rest, or the rarer level, did not).
POSITIVE_OUTCOME_WORDS = frozenset(
    """
    yes y true t 1 churn churned churner attrited attrition exited left lost
    cancelled canceled responded converted subscribed complained positive
    """.split()
)


def names_an_outcome(name: str) -> bool:
    """Say whether a column's name is that of a result (churn, response, ``y``).

    Its values decide in the end: an outcome has two of them.

    Examples
    --------
    >>> names_an_outcome("Attrition_Flag"), names_an_outcome("y")
    (True, True)
    >>> names_an_outcome("campaign_responses"), names_an_outcome("MonthlyCharges")
    (False, False)
    """
    return bool(set(name_tokens(name)) & OUTCOME_WORDS) or (
        str(name).strip().lower() in OUTCOME_NAMES
    )


#: Short forms in column names, written out in labels (``MntWines``, ``HasCrCard``).
ABBREVIATIONS = MappingProxyType(
    {
        "acct": "account",
        "amt": "amount",
        "avg": "average",
        "bal": "balance",
        "cnt": "count",
        "cr": "credit",
        "ct": "count",
        "cust": "customer",
        "mos": "months",
        "pct": "percent",
        "prod": "product",
        "qty": "quantity",
        "txn": "transaction",
        "yrs": "years",
    }
)
#: Leading words a label drops (``IsActiveMember``, ``NumWebPurchases``)...
_DROPPED_PREFIXES = frozenset({"is", "num", "nb", "number"})
#: ... and leading words it moves to the end (``MntWines`` -> ``wines spend``).
_MOVED_PREFIXES = MappingProxyType({"mnt": "spend", "amount": "amount"})
_WORD = re.compile(r"[A-Za-z]+|\d+[A-Za-z]*")


def readable_label(name: str) -> str:
    """Write a column name as a phrase people read, in lower case.

    A name written with spaces is kept as it is; a squashed one (CamelCase,
    snake_case) is split into words, short forms are written out, ``Is``/``Num``
    prefixes dropped and ``Mnt``/``Amt`` put last. Acronyms keep their capitals.

    Examples
    --------
    >>> readable_label("MonthlyCharges"), readable_label("MntMeatProducts")
    ('monthly charges', 'meat products spend')
    >>> readable_label("NumWebPurchases"), readable_label("IsActiveMember")
    ('web purchases', 'active member')
    >>> readable_label("HasCrCard"), readable_label("total_spend")
    ('has credit card', 'total spend')
    >>> readable_label("Annual Income (k$)"), readable_label("CLV_12m")
    ('Annual Income (k$)', 'CLV 12m')
    >>> readable_label("NumOfProducts"), readable_label("AmtPaid")
    ('products', 'paid amount')
    >>> readable_label("Dt_Customer")
    'customer since'
    """
    text = str(name).strip()
    if " " in text:
        return text
    words = _WORD.findall(_CAMEL.sub(" ", text))
    if not words:
        return text
    if frozenset(w.lower() for w in words) in START_NAMES:
        return "customer since"
    lowered = [w if (w.isupper() and len(w) > 1) else w.lower() for w in words]
    lowered = [ABBREVIATIONS.get(w, w) for w in lowered]
    first = lowered[0]
    if len(lowered) > 1 and first in _DROPPED_PREFIXES:
        lowered = (
            lowered[2:] if lowered[1] == "of" and len(lowered) > 2 else lowered[1:]
        )
    elif len(lowered) > 1 and first in _MOVED_PREFIXES:
        lowered = [*lowered[1:], _MOVED_PREFIXES[first]]
    return " ".join(lowered)


#: A column named only by these (``day``, ``month``, ``contact_month``) is a
#: calendar part: when something happened, not what the customer does.
CALENDAR_PART_WORDS = frozenset(
    "day month weekday dow week quarter hour dayofweek".split()
)
#: Words that may stand beside a calendar part in such a name.
CALENDAR_EVENT_WORDS = frozenset(
    "of the last first contact contacted call purchase order signup visit".split()
)


def names_a_calendar_part(name: str) -> bool:
    """Whether a column is named as a part of a date only (``day``, ``month``).

    Examples
    --------
    >>> [names_a_calendar_part(n) for n in ("day", "contact_month", "days",
    ...                                     "Month_to_end_contract")]
    [True, True, False, False]
    """
    tokens = set(name_tokens(name))
    parts = tokens & CALENDAR_PART_WORDS
    return bool(parts) and tokens - parts <= CALENDAR_EVENT_WORDS


#: Column-name words that point at a kind of business (one vote per column; the
#: kind with most votes wins, retail on a tie or without a vote). Subscription:
#: telecoms, streaming, gyms, software plans; financial: banks, cards, loans,
#: insurance; b2b: companies buying for a company.
BUSINESS_WORDS = MappingProxyType(
    {
        "subscription": frozenset(
            """subscription subscriber subscribed plan plans contract contracts
            tenure membership member renewal renew monthly charges charge minutes
            calls call voicemail vmail streaming internet phone lines roaming data
            seats licence license gym sessions classes""".split()
        ),
        "financial": frozenset(
            """balance credit loan loans mortgage deposit deposits savings account
            accounts card cards bank banking interest installment installments
            overdraft checking debit insurance insured premium premiums claim claims
            policy policies utilization revolving limit smoker bmi commission
            commision agency broker""".split()
        ),
        "b2b": frozenset(
            """company companies business businesses industry sector employees
            headcount firm firms vat wholesale horeca reseller resellers distributor
            procurement invoice invoices""".split()
        ),
        "retail": frozenset(
            """order orders purchase purchases product products basket store stores
            shop shopping catalog catalogue web mnt spend spending item items
            deals coupon coupons""".split()
        ),
    }
)
