"""Generate the bundled sample data: customers, their transactions, planted truth.

Writes ``customers.csv`` (one row per customer), ``transactions.csv`` (every
purchase and return) and ``customers_truth.csv`` (the planted segment of each
customer) beside this script, and ``transactions_later.csv``: the six months after
the snapshot, with planted movement (some loyal customers lapse, new ones arrive),
from a generator of its own so the first three files do not depend on it, and
``campaign_results.csv``: one e-mail campaign's results with planted lifts per
segment (its own generator too). The
customers come from five latent segments with clearly different behaviour, so
clustering the behavioural columns finds them again.
One seeded generator draws everything: two runs write byte-identical files.
:func:`check_invariants` verifies that the tables agree before anything is written.
See README.md for the data dictionary. Run: ``python sample_data/make_samples.py``.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20260630
SNAPSHOT = date(2026, 6, 30)  # recency_days counts days back from this date
LATER_SEED = SEED + 1  # the later stretch's own generator
LATER_END = date(2026, 12, 31)  # the later stretch: SNAPSHOT up to this day
LAPSE = {"Champions": 0.35, "Loyal regulars": 0.35}  # share who stop buying
N_ARRIVALS = 400  # customers whose first purchase is in the later stretch
CAMPAIGN_SEED = SEED + 2  # the campaign results' own generator
CAMPAIGN_CONTROL = 0.2  # share of the customers held out of the campaign
#: Response rate per planted segment: (control, treatment). The win-back works on
#: the lapsed, Champions buy as much without it.
RESPONSE = {
    "Champions": (0.30, 0.30),
    "Loyal regulars": (0.15, 0.19),
    "Bargain hunters": (0.10, 0.16),
    "New customers": (0.08, 0.09),
    "Lapsed / at risk": (0.04, 0.15),
}
N_CUSTOMERS = 5_000
OUT_DIR = Path(__file__).resolve().parent
N_EXTREME_SPENDERS = 20  # customers whose order values are 6-25 times the usual
MISSING = {"gender": 0.015, "annual_income": 0.02, "lifestyle_score": 0.025}
RETURN_RATE = 0.034  # chance that an eligible purchase is (partly) returned
# The six behavioural columns on which the planted segments differ most.
BEHAVIOUR = ("orders", "total_spend", "recency_days", "web_visits_30d",
             "email_opens_30d", "campaign_responses")  # fmt: skip

GENDERS = ("Female", "Male", "Non-binary")
EDUCATION = ("High school", "Some college", "Bachelor's", "Master's", "Doctorate")
INTERESTS = ("Outdoors", "Tech", "Fashion", "Home", "Fitness", "Travel")
DEVICES = ("Mobile", "Desktop", "Tablet")
CHANNELS = ("Email", "SMS", "Push", "Social", "None")
# Purchase categories; the first six belong to INTERESTS, in order.
CATEGORIES = ("Outdoor", "Electronics", "Apparel", "Home & Garden", "Fitness",
              "Travel Gear", "Beauty", "Books")  # fmt: skip
ORDER_CHANNELS = ("Web", "App", "Store")
ORDER_CHANNEL_BY_DEVICE = {  # probabilities of Web, App, Store
    "Mobile": (0.25, 0.60, 0.15), "Desktop": (0.75, 0.05, 0.20),
    "Tablet": (0.40, 0.45, 0.15),
}  # fmt: skip
GEOGRAPHY: dict[str, tuple[float, dict[str, tuple[str, ...]]]] = {
    "United States": (0.40, {"Northeast": ("New York", "Boston"),
        "West": ("Los Angeles", "Seattle"), "South": ("Austin", "Atlanta"),
        "Midwest": ("Chicago", "Minneapolis")}),
    "United Kingdom": (0.18, {"England": ("London", "Manchester"),
        "Scotland": ("Edinburgh", "Glasgow"), "Wales": ("Cardiff",)}),
    "Germany": (0.14, {"Bavaria": ("Munich", "Nuremberg"), "Berlin": ("Berlin",),
        "North Rhine-Westphalia": ("Cologne", "Düsseldorf")}),
    "France": (0.10, {"Île-de-France": ("Paris",),
        "Auvergne-Rhône-Alpes": ("Lyon", "Grenoble"),
        "Provence-Alpes-Côte d'Azur": ("Marseille", "Nice")}),
    "Canada": (0.10, {"Ontario": ("Toronto", "Ottawa"),
        "Quebec": ("Montréal", "Québec City"), "British Columbia": ("Vancouver",)}),
    "Australia": (0.08, {"New South Wales": ("Sydney",), "Victoria": ("Melbourne",),
        "Queensland": ("Brisbane",)}),
}  # weight, then region -> cities  # fmt: skip
NAMES = {  # first names by gender; "Non-binary" also stands for any other
    "Female": ("Emma", "Olivia", "Sophia", "Chloé", "Zoë", "Amelia", "Mia", "Hannah",
               "Léa", "Aisha", "Priya", "Mei", "Sofía", "Ingrid", "Fatima", "Grace"),
    "Male": ("Liam", "Noah", "James", "Lucas", "José", "Mateo", "Ethan", "Oliver",
             "Jonas", "Lukas", "Raj", "Wei", "Omar", "Kwame", "Hugo", "Samuel"),
    "Non-binary": ("Alex", "Sam", "Jordan", "Taylor", "Robin", "Charlie", "Kai"),
}  # fmt: skip
LAST_NAMES = (
    "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Wilson",
    "Taylor", "Thomas", "Moore", "Martin", "Lee", "Walker", "Hall", "Young", "King",
    "Müller", "Schmidt", "Schneider", "Dubois", "Lefèvre", "Moreau", "Tremblay",
    "Gagnon", "O'Brien", "Murphy", "Campbell", "Patel", "Singh", "Nguyen", "Chen",
    "Kim", "Rossi", "Silva", "Kowalski", "Smith-Jones", "Okafor", "Haddad", "Cohen",
)  # fmt: skip
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Segment:
    """Parameters of one planted segment; probabilities follow the label order."""

    name: str
    share: float
    orders: tuple[int, float, int]  # min + Poisson, capped
    order_value: float  # median purchase amount, USD (log-normal, sigma 0.45)
    recency: tuple[int, float, float, int]  # min + Gamma(shape, scale), capped
    tenure_extra: tuple[int, int]  # signup is recency + U[lo, hi] days back
    web_visits: float  # Poisson mean
    email_opens: float  # Poisson mean
    responses: tuple[int, float]  # min + Poisson
    age: tuple[float, float]  # normal mean, sd (clipped to 18-85)
    income: float  # median annual income, USD (log-normal, sigma 0.35)
    household: tuple[float, ...]  # sizes 1..6
    education: tuple[float, ...]
    interests: tuple[float, ...]
    lifestyle: float  # normal mean, sd 14 (clipped to 0-100)
    device: tuple[float, ...]
    ios_share: float  # share of iOS among mobile and tablet users
    channel: tuple[float, ...]


SEGMENTS = (
    Segment(
        name="Champions", share=0.12, orders=(12, 14, 60), order_value=120,
        recency=(1, 2.0, 5.0, 60), tenure_extra=(300, 2000), web_visits=22,
        email_opens=10, responses=(2, 1.5), age=(42, 9), income=95_000,
        household=(0.20, 0.35, 0.20, 0.15, 0.07, 0.03),
        education=(0.05, 0.10, 0.40, 0.35, 0.10),
        interests=(0.10, 0.30, 0.15, 0.10, 0.10, 0.25), lifestyle=70,
        device=(0.45, 0.45, 0.10), ios_share=0.65,
        channel=(0.40, 0.10, 0.30, 0.15, 0.05),
    ),
    Segment(
        name="Loyal regulars", share=0.25, orders=(5, 6, 40), order_value=75,
        recency=(10, 3.0, 10.0, 150), tenure_extra=(300, 2200), web_visits=9,
        email_opens=5, responses=(0, 1.0), age=(45, 12), income=70_000,
        household=(0.20, 0.35, 0.20, 0.15, 0.07, 0.03),
        education=(0.15, 0.25, 0.35, 0.20, 0.05),
        interests=(0.20, 0.15, 0.15, 0.25, 0.10, 0.15), lifestyle=55,
        device=(0.45, 0.40, 0.15), ios_share=0.50,
        channel=(0.45, 0.25, 0.10, 0.10, 0.10),
    ),
    Segment(
        name="Bargain hunters", share=0.23, orders=(8, 9, 50), order_value=22,
        recency=(3, 2.0, 8.0, 90), tenure_extra=(150, 1800), web_visits=14,
        email_opens=20, responses=(3, 3.0), age=(34, 10), income=42_000,
        household=(0.10, 0.20, 0.20, 0.25, 0.15, 0.10),
        education=(0.35, 0.35, 0.22, 0.07, 0.01),
        interests=(0.10, 0.10, 0.30, 0.35, 0.10, 0.05), lifestyle=45,
        device=(0.75, 0.15, 0.10), ios_share=0.30,
        channel=(0.70, 0.15, 0.05, 0.10, 0.00),
    ),
    Segment(
        name="New customers", share=0.18, orders=(1, 0.3, 2), order_value=55,
        recency=(1, 1.5, 10.0, 60), tenure_extra=(0, 20), web_visits=7,
        email_opens=3, responses=(0, 0.3), age=(29, 8), income=50_000,
        household=(0.40, 0.35, 0.12, 0.08, 0.03, 0.02),
        education=(0.15, 0.30, 0.40, 0.13, 0.02),
        interests=(0.10, 0.15, 0.25, 0.05, 0.35, 0.10), lifestyle=60,
        device=(0.80, 0.10, 0.10), ios_share=0.55,
        channel=(0.15, 0.10, 0.30, 0.40, 0.05),
    ),
    Segment(
        name="Lapsed / at risk", share=0.22, orders=(2, 3, 12), order_value=60,
        recency=(150, 2.0, 100.0, 1000), tenure_extra=(60, 1200), web_visits=1,
        email_opens=1, responses=(0, 0.1), age=(50, 13), income=58_000,
        household=(0.30, 0.40, 0.12, 0.10, 0.05, 0.03),
        education=(0.25, 0.30, 0.30, 0.12, 0.03),
        interests=(0.25, 0.10, 0.10, 0.35, 0.05, 0.15), lifestyle=35,
        device=(0.30, 0.60, 0.10), ios_share=0.40,
        channel=(0.30, 0.05, 0.05, 0.05, 0.55),
    ),
)  # fmt: skip


def make_customers(rng: np.random.Generator) -> pd.DataFrame:
    """Draw the customers, one row each, without the spend that transactions set.

    Parameters
    ----------
    rng : numpy.random.Generator
        The seeded generator; it is advanced.

    Returns
    -------
    pandas.DataFrame
        One row per customer, without ``total_spend`` (the transactions set it).
        Helper columns: ``segment`` (index into :data:`SEGMENTS`), ``tenure`` (days
        from signup to snapshot), ``extreme`` (order-value multiplier).
    """
    sizes = [round(s.share * N_CUSTOMERS) for s in SEGMENTS]
    segment = rng.permutation(np.repeat(np.arange(len(SEGMENTS)), sizes))
    rows = []
    for k in segment:
        s = SEGMENTS[k]
        recency = min(s.recency[0] + round(rng.gamma(*s.recency[1:3])), s.recency[3])
        country = rng.choice(list(GEOGRAPHY), p=[w for w, _ in GEOGRAPHY.values()])
        region = rng.choice(list(GEOGRAPHY[country][1]))
        device = rng.choice(DEVICES, p=s.device)
        if device == "Desktop":
            os_name = rng.choice(("Windows", "macOS", "Linux"), p=(0.62, 0.33, 0.05))
        else:
            os_name = "iOS" if rng.random() < s.ios_share else "Android"
        rows.append({
            "age": int(np.clip(round(rng.normal(*s.age)), 18, 85)),
            "gender": rng.choice(GENDERS, p=(0.49, 0.48, 0.03)),
            "annual_income": int(round(rng.lognormal(np.log(s.income), 0.35), -2)),
            "household_size": int(rng.choice(np.arange(1, 7), p=s.household)),
            "education": rng.choice(EDUCATION, p=s.education),
            "country": country,
            "region": region,
            "city": rng.choice(GEOGRAPHY[country][1][region]),
            "interests": rng.choice(INTERESTS, p=s.interests),
            "lifestyle_score": int(np.clip(round(rng.normal(s.lifestyle, 14)), 0, 100)),
            "tenure": recency + int(rng.integers(*s.tenure_extra, endpoint=True)),
            "orders": min(s.orders[0] + int(rng.poisson(s.orders[1])), s.orders[2]),
            "recency_days": recency,
            "web_visits_30d": int(rng.poisson(s.web_visits)),
            "email_opens_30d": int(rng.poisson(s.email_opens)),
            "campaign_responses": s.responses[0] + int(rng.poisson(s.responses[1])),
            "device": device,
            "os": os_name,
            "preferred_channel": rng.choice(CHANNELS, p=s.channel),
        })  # fmt: skip
    customers = pd.DataFrame(rows)
    customers.insert(0, "customer_id", [f"C{i + 1:05d}" for i in range(N_CUSTOMERS)])
    signup = [SNAPSHOT - timedelta(days=int(t)) for t in customers["tenure"]]
    customers["signup_date"] = [d.isoformat() for d in signup]
    customers["segment"] = segment
    customers["extreme"] = 1.0
    heavy = rng.choice(N_CUSTOMERS, N_EXTREME_SPENDERS, replace=False)
    customers.loc[heavy, "extreme"] = rng.uniform(6, 25, N_EXTREME_SPENDERS)
    _add_names(rng, customers)
    for column, rate in MISSING.items():
        holes = rng.choice(N_CUSTOMERS, round(rate * N_CUSTOMERS), replace=False)
        dtype = "str" if column == "gender" else "Int64"
        customers[column] = customers[column].astype(dtype)
        customers.loc[holes, column] = pd.NA
    return customers


def _add_names(rng: np.random.Generator, customers: pd.DataFrame) -> None:
    """Insert ``first_name`` (fitting ``gender``) and a unique ``example.*`` email."""
    firsts, emails, taken = [], [], set()
    for gender in customers["gender"]:
        unisex = gender == "Non-binary" or rng.random() < 0.08
        first = rng.choice(NAMES["Non-binary" if unisex else gender])
        last = rng.choice(LAST_NAMES)
        user = rng.choice((".", "_", "")).join((_ascii(first), _ascii(last)))
        number, domain = int(rng.integers(1, 1000)), rng.choice(EMAIL_DOMAINS)
        while f"{user}{number}@{domain}" in taken:
            number += 1
        taken.add(f"{user}{number}@{domain}")
        firsts.append(first)
        emails.append(f"{user}{number}@{domain}")
    customers.insert(1, "first_name", firsts)
    customers.insert(2, "email", emails)


def _ascii(name: str) -> str:
    """Lower-case ASCII letters of ``name``: ``"Lefèvre"`` becomes ``"lefevre"``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalpha())


def make_transactions(
    rng: np.random.Generator, customers: pd.DataFrame
) -> pd.DataFrame:
    """Draw every purchase and return, consistent with the customer table.

    Each customer gets exactly ``orders`` purchases: the last one on the day
    ``recency_days`` before :data:`SNAPSHOT`, the first one within 30 days of signup
    (never after the last), the rest uniformly in between. A purchase that is not
    the customer's first and is at least two days old is returned, fully or in part,
    with probability :data:`RETURN_RATE`; the return is a line of its own with a
    negative amount and the purchase's number behind an ``R``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The seeded generator; it is advanced.
    customers : pandas.DataFrame
        As returned by :func:`make_customers`.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id``, ``order_id``, ``order_date`` (datetime),
        ``amount_cents`` (int), ``category``, ``channel``, sorted by date.
    """
    snapshot = np.datetime64(SNAPSHOT.isoformat(), "s")
    day = np.timedelta64(86_400, "s")
    parts = []
    for c in customers.itertuples():
        n, last = c.orders, -c.recency_days
        first = min(-c.tenure + int(rng.integers(0, 31)), last)
        days = np.r_[last, first, rng.integers(first, last + 1, max(n - 2, 0))][:n]
        seconds = rng.integers(6 * 3_600, 86_400, n)
        scale = SEGMENTS[c.segment].order_value * c.extreme
        cents = np.maximum(np.round(rng.lognormal(np.log(scale), 0.45, n) * 100), 199)
        own = CATEGORIES[INTERESTS.index(c.interests)]
        channel_p = ORDER_CHANNEL_BY_DEVICE[c.device]
        parts.append(pd.DataFrame({
            "customer_id": c.customer_id,
            "order_date": snapshot + days * day + seconds.astype("timedelta64[s]"),
            "amount_cents": cents.astype(np.int64),
            "category": np.where(rng.random(n) < 0.5, own, rng.choice(CATEGORIES, n)),
            "channel": rng.choice(ORDER_CHANNELS, n, p=channel_p),
            "keep": np.arange(n) == min(n - 1, 1),  # the earliest-day purchase
        }))  # fmt: skip
    buys = pd.concat(parts, ignore_index=True).sort_values(
        ["order_date", "customer_id"], kind="stable", ignore_index=True
    )
    buys["order_id"] = [f"O{i:07d}" for i in range(1, len(buys) + 1)]
    eligible = ~buys["keep"] & (buys["order_date"] <= snapshot - 2 * day)
    returned = buys[eligible & (rng.random(len(buys)) < RETURN_RATE)].copy()
    room = ((snapshot - returned["order_date"]) // np.timedelta64(1, "s")).to_numpy()
    delay = rng.integers(3_600, np.minimum(30 * 86_400, room - 1))
    returned["order_date"] += pd.to_timedelta(delay, unit="s")
    full = rng.random(len(returned)) < 0.6
    share = np.where(full, 1.0, rng.uniform(0.2, 0.9, len(returned)))
    refund = np.round(returned["amount_cents"].to_numpy() * share).astype(np.int64)
    returned["amount_cents"] = -refund
    returned["order_id"] = "R" + returned["order_id"].str[1:]
    out = pd.concat([buys, returned], ignore_index=True).drop(columns="keep")
    return out.sort_values(["order_date", "order_id"], ignore_index=True)


def make_later_transactions(
    customers: pd.DataFrame, tx: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draw the purchases of the six months after the snapshot, with movement.

    From :data:`SNAPSHOT` up to :data:`LATER_END` (not included). A share
    :data:`LAPSE` of the Champions and Loyal regulars buy nothing more; everyone
    else keeps buying at their own pace so far (orders over tenure; the lapsed
    and at-risk segment at a third of it); :data:`N_ARRIVALS` new customers
    (ids after the last) make one to three purchases. Purchases only, no returns.

    Parameters
    ----------
    customers : pandas.DataFrame
        As returned by :func:`make_customers`.
    tx : pandas.DataFrame
        As returned by :func:`make_transactions` (order ids continue after it).

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        The lines (the columns of :func:`make_transactions`) and the planted
        movement: ``customer_id``, ``planted_movement`` (``lapsed``, ``arrived``).
    """
    rng = np.random.default_rng(LATER_SEED)
    start = np.datetime64(SNAPSHOT.isoformat(), "s")
    days = (LATER_END - SNAPSHOT).days
    names = [SEGMENTS[k].name for k in customers["segment"]]
    share = np.array([LAPSE.get(name, 0.0) for name in names])
    lapsed = rng.random(len(customers)) < share
    pace = customers["orders"].to_numpy() / np.maximum(customers["tenure"], 30)
    pace = np.where(np.array(names) == "Lapsed / at risk", pace / 3, pace)
    count = np.where(lapsed, 0, rng.poisson(pace * days))
    value = np.array([SEGMENTS[k].order_value for k in customers["segment"]])
    value = value * customers["extreme"].to_numpy()
    last = int(customers["customer_id"].str[1:].astype(int).max())
    arrivals = [f"C{last + i:05d}" for i in range(1, N_ARRIVALS + 1)]
    ids = np.r_[
        np.repeat(customers["customer_id"].to_numpy(), count),
        np.repeat(arrivals, n_new := rng.integers(1, 4, N_ARRIVALS)),
    ]
    scale = np.r_[np.repeat(value, count), np.full(n_new.sum(), 55.0)]
    first_day = np.r_[np.zeros(count.sum(), int), np.repeat(
        rng.integers(0, days - 30, N_ARRIVALS), n_new)]  # fmt: skip
    n = len(ids)
    offset = rng.integers(first_day, days) * 86_400 + rng.integers(6 * 3_600, 86_400, n)
    cents = np.maximum(np.round(rng.lognormal(np.log(scale), 0.45, n) * 100), 199)
    lines = pd.DataFrame({
        "customer_id": ids,
        "order_date": start + offset.astype("timedelta64[s]"),
        "amount_cents": cents.astype(np.int64),
        "category": rng.choice(CATEGORIES, n),
        "channel": rng.choice(ORDER_CHANNELS, n),
    })  # fmt: skip
    lines = lines.sort_values(
        ["order_date", "customer_id"], kind="stable", ignore_index=True
    )
    first_order = int(tx["order_id"].str[1:].astype(int).max()) + 1
    lines["order_id"] = [f"O{i:07d}" for i in range(first_order, first_order + n)]
    movement = pd.DataFrame({
        "customer_id": np.r_[customers["customer_id"].to_numpy()[lapsed], arrivals],
        "planted_movement": ["lapsed"] * int(lapsed.sum()) + ["arrived"] * N_ARRIVALS,
    })  # fmt: skip
    return lines, movement


def make_campaign_results(customers: pd.DataFrame) -> pd.DataFrame:
    """Draw the results of one e-mail campaign, with planted lifts per segment.

    A seeded :data:`CAMPAIGN_CONTROL` share of the customers is held out
    (``ab_group`` ``control``), the rest get the campaign (``treatment``). Each
    customer responds with the probability :data:`RESPONSE` gives their planted
    segment and group; a response's revenue is one order of the segment's usual
    value.

    Parameters
    ----------
    customers : pandas.DataFrame
        As returned by :func:`make_customers`.

    Returns
    -------
    pandas.DataFrame
        ``customer_id``, ``ab_group``, ``responded`` (``yes``/``no``) and
        ``revenue`` (0 without a response), in the customers' order.
    """
    rng = np.random.default_rng(CAMPAIGN_SEED)
    n = len(customers)
    control = rng.random(n) < CAMPAIGN_CONTROL
    names = [SEGMENTS[k].name for k in customers["segment"]]
    rates = np.array([RESPONSE[name] for name in names])
    chance = np.where(control, rates[:, 0], rates[:, 1])
    responded = rng.random(n) < chance
    value = np.array([SEGMENTS[k].order_value for k in customers["segment"]])
    cents = np.round(rng.lognormal(np.log(value), 0.45, n) * 100).astype(np.int64)
    return pd.DataFrame({
        "customer_id": customers["customer_id"].to_numpy(),
        "ab_group": np.where(control, "control", "treatment"),
        "responded": np.where(responded, "yes", "no"),
        "revenue_cents": np.where(responded, np.maximum(cents, 199), 0),
    })  # fmt: skip


def check_invariants(customers: pd.DataFrame, tx: pd.DataFrame) -> None:
    """Raise ``AssertionError`` unless the two tables agree as the README promises.

    Parameters
    ----------
    customers : pandas.DataFrame
        The customer table, with ``total_spend_cents`` and ``signup_date``.
    tx : pandas.DataFrame
        The transaction table from :func:`make_transactions`.

    Raises
    ------
    AssertionError
        Naming the first invariant that does not hold.
    """

    def require(ok: bool, what: str) -> None:
        if not ok:
            raise AssertionError(f"sample data invariant broken: {what}")

    require(customers["customer_id"].is_unique, "customer ids are unique")
    require(customers["email"].is_unique, "e-mail addresses are unique")
    require(tx["order_id"].is_unique, "order ids are unique")
    require(set(tx["customer_id"]) == set(customers["customer_id"]), "same customers")
    snapshot = pd.Timestamp(SNAPSHOT)
    require(bool((tx["order_date"] < snapshot).all()), "all lines before snapshot")
    buys = tx[tx["order_id"].str.startswith("O")]
    rets = tx[tx["order_id"].str.startswith("R")]
    require(len(buys) + len(rets) == len(tx), "every order id starts with O or R")
    dates = buys.groupby("customer_id")["order_date"]
    per = pd.DataFrame({"first": dates.min(), "last": dates.max()})
    per["n"] = buys.groupby("customer_id")["order_id"].nunique()
    per["net"] = tx.groupby("customer_id")["amount_cents"].sum()
    c = customers.set_index("customer_id").join(per)
    require(bool((c["n"] == c["orders"]).all()), "distinct purchases equal orders")
    recency = (snapshot - c["last"].dt.normalize()).dt.days
    require(bool((recency == c["recency_days"]).all()), "recency from last purchase")
    signup = pd.to_datetime(c["signup_date"])
    require(bool((c["first"] >= signup).all()), "first purchase on/after signup")
    require(bool((c["net"] == c["total_spend_cents"]).all()), "spend equals net sum")
    require(bool((c["net"] > 0).all()), "net spend is positive")
    orig = buys.set_index(buys["order_id"].str[1:])
    ref = orig.reindex(rets["order_id"].str[1:])
    require(bool(ref["customer_id"].notna().all()), "returns refer to a purchase")
    require(bool((ref["customer_id"].to_numpy() == rets["customer_id"]).all()), "owner")
    require(bool((ref["order_date"].to_numpy() < rets["order_date"]).all()), "later")
    ratio = -rets["amount_cents"].to_numpy() / ref["amount_cents"].to_numpy()
    require(bool(((ratio > 0) & (ratio <= 1)).all()), "a return refunds <= the order")


def _money(cents: int) -> str:
    """Format integer cents exactly as a 2-decimal amount: ``-1205`` -> ``-12.05``."""
    sign, cents = ("-" if cents < 0 else ""), abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def main() -> None:
    """Generate, check and write the three sample files, and print a summary."""
    rng = np.random.default_rng(SEED)
    customers = make_customers(rng)
    tx = make_transactions(rng, customers)
    net = tx.groupby("customer_id")["amount_cents"].sum()
    customers["total_spend_cents"] = net.reindex(customers["customer_id"]).to_numpy()
    check_invariants(customers, tx)

    customers["total_spend"] = customers["total_spend_cents"].map(_money)
    columns = [
        "customer_id", "first_name", "email", "age", "gender", "annual_income",
        "household_size", "education", "country", "region", "city", "interests",
        "lifestyle_score", *BEHAVIOUR, "signup_date", "device", "os",
        "preferred_channel",
    ]  # fmt: skip
    csv = {"index": False, "lineterminator": "\n", "encoding": "utf-8"}
    customers[columns].to_csv(OUT_DIR / "customers.csv", **csv)
    customers["planted_segment"] = [SEGMENTS[k].name for k in customers["segment"]]
    truth = customers[["customer_id", "planted_segment"]]
    truth.to_csv(OUT_DIR / "customers_truth.csv", **csv)
    tx["order_date"] = tx["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    tx["amount"] = tx["amount_cents"].map(_money)
    tx_out = ["customer_id", "order_id", "order_date", "amount", "category", "channel"]
    tx[tx_out].to_csv(OUT_DIR / "transactions.csv", **csv)
    more, movement = make_later_transactions(customers, tx)
    more["order_date"] = more["order_date"].dt.strftime("%Y-%m-%d %H:%M:%S")
    more["amount"] = more["amount_cents"].map(_money)
    more[tx_out].to_csv(OUT_DIR / "transactions_later.csv", **csv)
    movement.to_csv(OUT_DIR / "customers_later_truth.csv", **csv)
    campaign = make_campaign_results(customers)
    campaign["revenue"] = campaign.pop("revenue_cents").map(_money)
    campaign.to_csv(OUT_DIR / "campaign_results.csv", **csv)

    customers["total_spend"] = customers["total_spend_cents"] / 100
    summary = customers.groupby("planted_segment", sort=False)[list(BEHAVIOUR)].mean()
    summary.insert(0, "n", customers["planted_segment"].value_counts())
    returns = tx["order_id"].str.startswith("R").sum()
    print(f"seed {SEED}, snapshot {SNAPSHOT}: {len(customers)} customers,", end=" ")
    print(f"{len(tx)} transaction lines, {returns} of them returns")
    print(summary.round(1).to_string())


if __name__ == "__main__":
    main()
