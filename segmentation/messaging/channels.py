"""Channel evidence per segment: how each segment can be reached, and who opted out.

:func:`channel_mix` reads the columns of a table whose **names** say they are a
marketing channel, a contact permission, a device or an engagement count, whether
or not they were clustering features, and compares each segment with everyone.
Names are split into words with :func:`segmentation.schema.vocabulary.name_tokens`;
:func:`find_channel_columns` applies these rules, first match wins:

- **consent**: a word in
  :data:`~segmentation.schema.vocabulary.CONSENT_WORDS` (``email_opt_in``,
  ``sms_consent``, ``marketing_consent``, ``newsletter``...) and yes/no values.
  The channel is the one the name says (email, sms, push, phone, whatsapp); a
  name that says none is consent to marketing as a whole. ``opt out`` and
  ``unsubscribed`` names count the other way round. Yes/no columns of any other
  text are read as a channel preference instead.
- **preference**: ``channel``, or ``contact`` / ``communication`` / ``marketing``
  with ``preference`` / ``preferred`` / ``method`` (``preferred_channel``,
  ``contact_preference``), or ``contact`` alone (the channel customers were
  contacted on), unless the name is about a sale (``sales_channel``,
  ``order_channel``, ``acquisition_channel``: how people bought, not how they
  want to hear from us).
- **engagement** (numbers): an activity word (opens, clicks, visits, sessions,
  views, logins...) with a channel word (``email_opens_30d``, ``web_visits``,
  ``app_sessions``), or any number named ``push_*`` / ``sms_*``.
- **device** (weaker evidence): ``device``, ``os``, ``platform``, or ``app`` with
  ``user`` / ``installed`` / ``usage`` (``device_type``, ``app_user``). A
  device-named column whose two most common values are yes/no
  (``DeviceProtection``: a service) is not read as a device, except an app-use one.

The analyst can say which columns are the contact channel, the consent and the
engagement (the measures ``channel``, ``consent`` and ``engagement`` of a recipe,
:data:`~segmentation.choices.CONTACT_MEASURES`): a measure set that way replaces
what the names say for it, and a column set to one is read as that evidence
whatever its name (see :func:`find_channel_columns`).

Each column gives rows per segment (-1, the unassigned rows, last):

- Preference and device columns: one row per level (as written; booleans as
  Yes / No), with ``share`` = the level's share of the segment's rows and
  ``overall`` = its share of all rows. A preference of "None", "No",
  "Opted out", "Unsubscribed" or "Do not contact" (any case) means the customer
  opted out of marketing: it is the level :data:`OPTED_OUT`. Missing cells are
  the level ``(missing)`` and are never an opt-out (a file read with pandas'
  defaults turns the text "None" into a missing cell: read it as
  :func:`segmentation.read_table` does).
- Consent columns: the level :data:`OPTED_IN` (share saying yes); a column on
  marketing as a whole also gives :data:`OPTED_OUT` (share saying no).
- Engagement columns: the level :data:`MEAN_LEVEL`, with ``share`` = the
  segment's mean and ``overall`` = everyone's (missing cells skipped).

``lift`` is ``share / overall`` (NaN when ``overall`` is 0). ``channel`` names the
marketing channel a row speaks for ("Email", "SMS", "Push", "Web", "App", or a
preference level as written); device rows map Desktop-like levels to Email,
phone-like ones to SMS and app users to Push (see :data:`DEVICE_CHANNELS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from segmentation.choices import CONTACT_MEASURES
from segmentation.errors import InputError
from segmentation.labels import segment_labels
from segmentation.reading import values as parse
from segmentation.schema.infer import Schema
from segmentation.schema.vocabulary import (
    APP_USE_WORDS,
    CHANNEL_NAME_WORDS,
    CONSENT_WORDS,
    CONTACT_NAME_WORDS,
    DEVICE_WORDS,
    ENGAGEMENT_WORDS,
    OPT_OUT_WORDS,
    PREFERENCE_SUBJECT_WORDS,
    PREFERENCE_WORDS,
    SALE_CHANNEL_WORDS,
    name_tokens,
)

__all__ = (
    "CHANNEL_COLUMNS",
    "DEVICE_CHANNELS",
    "EVIDENCE_MEASURES",
    "MAX_LEVELS",
    "MEAN_LEVEL",
    "MISSING",
    "OPTED_IN",
    "OPTED_OUT",
    "OPT_OUT_TEXTS",
    "ChannelColumn",
    "canonical_channel",
    "channel_mix",
    "contact_columns",
    "find_channel_columns",
)

#: Columns of :func:`channel_mix`.
CHANNEL_COLUMNS = (
    "segment",
    "column",
    "evidence",
    "channel",
    "level",
    "share",
    "overall",
    "lift",
)
#: The level of customers who opted out of marketing.
OPTED_OUT = "(opted out)"
#: The level of a consent column's "yes".
OPTED_IN = "opted in"
#: The level of an engagement count (share and overall are means).
MEAN_LEVEL = "(mean)"
#: The level of missing cells.
MISSING = "(missing)"
#: Preference texts (lower case, trimmed) that mean "opted out of marketing".
OPT_OUT_TEXTS = frozenset(
    "none|no|opted out|opted-out|opt out|opt-out|unsubscribed|do not contact".split("|")
)
#: Device levels (lower case) and the channel they hint at.
DEVICE_CHANNELS = MappingProxyType(
    {
        **dict.fromkeys(
            "desktop laptop pc windows macos mac linux web".split(), "Email"
        ),
        **dict.fromkeys("mobile phone smartphone ios android".split(), "SMS"),
        **dict.fromkeys("tablet ipad app yes true".split(), "Push"),
    }
)
_YES = parse.TRUE_TOKENS | {"opted in", "opt in", "opt-in", "subscribed", "consented"}
_NO = parse.FALSE_TOKENS | {"opted out", "opt out", "opt-out", "unsubscribed", "none"}
#: The measure each kind of evidence is (a device is weaker evidence, no measure).
EVIDENCE_MEASURES = MappingProxyType(
    dict(zip(("preference", "consent", "engagement"), CONTACT_MEASURES, strict=True))
)
_EVIDENCE_OF = MappingProxyType({m: e for e, m in EVIDENCE_MEASURES.items()})
#: Text columns with more distinct values than this are not a channel or device.
MAX_LEVELS = 30


@dataclass(frozen=True, slots=True)
class ChannelColumn:
    """A column whose name makes it channel evidence.

    Attributes
    ----------
    column : str
        Its name.
    evidence : str
        ``consent``, ``preference``, ``engagement`` or ``device``.
    channel : str or None
        The channel its name says (consent and engagement), else None.
    inverted : bool
        True for a consent column whose "yes" means opted out.
    """

    column: str
    evidence: str
    channel: str | None = None
    inverted: bool = False


def canonical_channel(text: str) -> str:
    """Write a channel as the rest of the library does ("e-mail" -> "Email").

    Examples
    --------
    >>> [canonical_channel(t) for t in ("e-mail", "sms", "Social")]
    ['Email', 'SMS', 'Social']
    """
    tokens = name_tokens(text)
    if len(tokens) == 1 and tokens[0] in CHANNEL_NAME_WORDS:
        return CHANNEL_NAME_WORDS[tokens[0]]
    return str(text).strip()


def _named_channel(tokens: set[str]) -> str | None:
    found = [CHANNEL_NAME_WORDS[t] for t in sorted(tokens) if t in CHANNEL_NAME_WORDS]
    return found[0] if found else None


def _as_evidence(name: str, evidence: str) -> ChannelColumn:
    """Read a column as the given evidence, with the channel its name says."""
    tokens = set(name_tokens(name))
    if evidence == "consent":
        inverted = bool(tokens & OPT_OUT_WORDS) or (
            bool(tokens & {"opt", "opted"}) and "out" in tokens
        )
        channel = _named_channel(tokens - {"app", "web", "site", "online"})
        return ChannelColumn(name, "consent", channel, inverted)
    if evidence == "engagement":
        return ChannelColumn(name, "engagement", _named_channel(tokens))
    return ChannelColumn(name, evidence)


def _classify(name: str) -> ChannelColumn | None:
    tokens = set(name_tokens(name))
    if tokens & CONSENT_WORDS:
        return _as_evidence(name, "consent")
    preference = (
        bool(tokens & {"channel", "channels"})
        or (bool(tokens & PREFERENCE_SUBJECT_WORDS) and bool(tokens & PREFERENCE_WORDS))
        or (bool(tokens) and tokens <= CONTACT_NAME_WORDS)
    )
    if preference and not tokens & SALE_CHANNEL_WORDS:
        return ChannelColumn(name, "preference")
    channel = _named_channel(tokens)
    if (channel and tokens & ENGAGEMENT_WORDS) or tokens & {"push", "sms"}:
        return _as_evidence(name, "engagement")
    if tokens & DEVICE_WORDS or ("app" in tokens and tokens & APP_USE_WORDS):
        return ChannelColumn(name, "device")
    return None


def _is_a_yes_no_service(found: ChannelColumn, values: pd.Series) -> bool:
    """Whether a device-named column answers yes or no (``DeviceProtection``).

    Such a column is a service or a flag, not the device customers use; only an
    app-use name (``app_user``) makes yes/no a device hint.
    """
    tokens = set(name_tokens(found.column))
    if "app" in tokens and tokens & APP_USE_WORDS:
        return False
    text = values.dropna().astype(str).str.strip().str.lower()
    top = text.value_counts().index[:2]
    return len(top) > 0 and all(level in _YES | _NO for level in top)


def find_channel_columns(
    columns: Iterable[object],
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> list[ChannelColumn]:
    """Pick the columns that are channel evidence (values unchecked).

    Parameters
    ----------
    columns : iterable of str
        Column names, in table order.
    measures : mapping, optional
        The analyst's choices (a recipe's ``measures``): ``channel``, ``consent``
        and ``engagement`` to columns. A measure given here replaces what the
        names say for it (an empty tuple: no column is that evidence); the
        others, and devices, still come from the names.

    Returns
    -------
    list of ChannelColumn
        In the given order (see the module notes for the rules).

    Examples
    --------
    >>> found = find_channel_columns(["age", "preferred_channel", "email_opt_in",
    ...                               "email_opens_30d", "device", "sales_channel"])
    >>> [(c.column, c.evidence, c.channel) for c in found]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('preferred_channel', 'preference', None), ('email_opt_in', 'consent', 'Email'),
     ('email_opens_30d', 'engagement', 'Email'), ('device', 'device', None)]
    >>> found = find_channel_columns(["age", "email_opt_in", "logins"],
    ...                              {"engagement": ("logins",), "consent": ()})
    >>> [(c.column, c.evidence, c.channel) for c in found]
    [('logins', 'engagement', None)]
    """
    given = {m: c for m, c in (measures or {}).items() if m in _EVIDENCE_OF}
    chosen = {column: m for m, columns in given.items() for column in columns}
    out = []
    for name in map(str, columns):
        if name in chosen:
            out.append(_as_evidence(name, _EVIDENCE_OF[chosen[name]]))
        elif (found := _classify(name)) is not None:
            if EVIDENCE_MEASURES.get(found.evidence) not in given:
                out.append(found)
    return out


def contact_columns(
    columns: Iterable[object],
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, tuple[str, ...]]:
    """Group the channel evidence by contact measure (channel, consent, engagement).

    :func:`find_channel_columns` read as measures (devices are none).

    Examples
    --------
    >>> contact_columns(["preferred_channel", "email_opens", "web_visits", "age"])
    ... # doctest: +NORMALIZE_WHITESPACE
    {'channel': ('preferred_channel',), 'consent': (),
     'engagement': ('email_opens', 'web_visits')}
    """
    found = find_channel_columns(columns, measures)
    return {
        measure: tuple(
            c.column for c in found if EVIDENCE_MEASURES.get(c.evidence) == measure
        )
        for measure in CONTACT_MEASURES
    }


def channel_mix(
    df: pd.DataFrame,
    labels: np.ndarray | pd.Series,
    *,
    schema: Schema | None = None,
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Compare each segment's channels, permissions, devices and engagement.

    Parameters
    ----------
    df : pandas.DataFrame
        The customer table, typed or as read (text cells); every column is looked
        at, features or not.
    labels : array-like of int
        Segment of each row, by position: 0..k-1, -1 for unassigned.
    schema : Schema, optional
        When given, columns whose role is id are left out, and so are those
        of personal data, free text or dates unless ``measures`` names them.
    measures : mapping, optional
        The analyst's ``channel``, ``consent`` and ``engagement`` columns (a
        recipe's ``measures``; see :func:`find_channel_columns`).

    Returns
    -------
    pandas.DataFrame
        :data:`CHANNEL_COLUMNS`: one row per segment and piece of evidence, in
        segment order (-1 last), then column order, then levels by overall share
        (opted out and missing last). Empty (same columns) when no column is
        channel evidence.

    Raises
    ------
    InputError
        No rows, or labels that do not match the rows.

    Examples
    --------
    >>> df = pd.DataFrame({"preferred_channel": ["Email", "Email", "None", "SMS"]})
    >>> mix = channel_mix(df, [0, 0, 1, 1])
    >>> print(mix[["segment", "level", "share", "overall"]].to_string(index=False))
     segment       level  share  overall
           0       Email    1.0     0.50
           0         SMS    0.0     0.25
           0 (opted out)    0.0     0.25
           1       Email    0.0     0.50
           1         SMS    0.5     0.25
           1 (opted out)    0.5     0.25
    """
    if len(df) == 0:
        raise InputError("The table has no rows to compare channels on.")
    raw = df.reset_index(drop=True)
    return channel_evidence(
        raw, segment_labels(labels, len(raw)), schema=schema, measures=measures
    )


def channel_evidence(
    df: pd.DataFrame,
    segment_of: pd.Series,
    *,
    schema: Schema | None = None,
    measures: Mapping[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Channel evidence of a table whose labels are already checked.

    See :func:`channel_mix`, which checks the labels and calls this; the describe
    step calls it with a :class:`~segmentation.describe.inputs.SegmentedTable`'s
    ``raw`` table and ``labels``.

    Parameters
    ----------
    df : pandas.DataFrame
        The customer table, rows by position (a RangeIndex).
    segment_of : pandas.Series
        ``int64`` segment of each row, on the same positions.
    schema, measures : optional
        As :func:`channel_mix`.

    Returns
    -------
    pandas.DataFrame
        As :func:`channel_mix`.
    """
    segments = sorted(set(segment_of.tolist()), key=lambda s: (s == -1, s))
    frames = []
    chosen = {c for m, columns in (measures or {}).items() for c in columns}
    for found in find_channel_columns(df.columns, measures):
        if schema is not None and found.column in schema:
            role = schema[found.column].role
            if role == "id" or (
                role in ("pii", "text", "datetime") and (found.column not in chosen)
            ):
                continue
        values = df[found.column]
        if found.evidence == "device" and _is_a_yes_no_service(found, values):
            continue
        frames.append(_column_rows(found, values, segment_of, segments))
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in CHANNEL_COLUMNS})
    out = pd.concat(frames, ignore_index=True)
    column_order = {name: i for i, name in enumerate(df.columns)}
    out["_column"] = out["column"].map(column_order)
    out["_segment"] = out["segment"].map({s: i for i, s in enumerate(segments)})
    out = out.sort_values(["_segment", "_column", "_level"], kind="stable")
    return (
        out[list(CHANNEL_COLUMNS)].reset_index(drop=True).astype({"segment": "int64"})
    )


def _dtype(column: str) -> str:
    if column == "segment":
        return "int64"
    return "float64" if column in ("share", "overall", "lift") else "object"


def _column_rows(found, values, segment_of, segments) -> pd.DataFrame:
    missing = parse.missing_mask(values)
    if found.evidence == "engagement":
        return _count_rows(found, values, missing, segment_of, segments)
    text = values.astype("str").str.strip().str.lower().where(~missing)
    if found.evidence == "consent":
        known = text.dropna()
        if len(known) and known.isin(_YES | _NO).all():
            return _consent_rows(found, text, segment_of, segments)
        found = ChannelColumn(found.column, "preference")
    return _level_rows(found, values, missing, segment_of, segments)


def _level_text(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "Yes" if value else "No"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _level_texts(values: pd.Series) -> pd.Series:
    """Values as level text: booleans as Yes / No, whole numbers without '.0'."""
    if pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(
        values.dtype
    ):
        if values.map(type).eq(str).all():
            return values.astype("str").str.strip()
    distinct = pd.unique(values.dropna())
    names = {value: _level_text(value) for value in distinct}
    return values.map(names)


def _level_rows(found, values, missing, segment_of, segments) -> pd.DataFrame:
    levels = _level_texts(values).where(~missing, MISSING)
    if found.evidence == "preference":
        opted_out = levels.str.lower().isin(OPT_OUT_TEXTS)
        levels = levels.where(~opted_out, OPTED_OUT)
    if levels.nunique() > MAX_LEVELS:
        return pd.DataFrame()
    counts = levels.value_counts()
    last = {OPTED_OUT: 1, MISSING: 2}
    order = sorted(counts.index, key=lambda v: (last.get(v, 0), -counts[v], v))
    shares = pd.crosstab(segment_of, levels, normalize="index")
    shares = shares.reindex(index=segments, columns=order, fill_value=0.0)
    overall = counts.reindex(order) / len(levels)
    rows = []
    for segment in segments:
        for rank, level in enumerate(order):
            share = float(shares.at[segment, level])
            rows.append(_row(found, segment, level, share, float(overall[level]), rank))
    return pd.DataFrame(rows)


def _row(found, segment, level, share, overall, rank, channel=None) -> dict:
    if found.evidence in ("preference", "device") and level not in (OPTED_OUT, MISSING):
        if found.evidence == "device":
            channel = DEVICE_CHANNELS.get(level.lower())
        else:
            channel = canonical_channel(level)
    return {
        "segment": segment,
        "column": found.column,
        "evidence": found.evidence,
        "channel": channel,
        "level": level,
        "share": share,
        "overall": overall,
        "lift": share / overall if overall > 0 else np.nan,
        "_level": rank,
    }


def _consent_rows(found, text, segment_of, segments) -> pd.DataFrame:
    said_yes = text.isin(_YES)
    said_no = text.isin(_NO)
    if found.inverted:
        said_yes, said_no = said_no, said_yes
    kinds = [(OPTED_IN, said_yes, found.channel)]
    if found.channel is None:
        kinds.append((OPTED_OUT, said_no, None))
    rows = []
    for rank, (level, mask, channel) in enumerate(kinds):
        by_segment = mask.astype("float64").groupby(segment_of.to_numpy()).mean()
        overall = float(mask.mean())
        for segment in segments:
            share = float(by_segment[segment])
            rows.append(_row(found, segment, level, share, overall, rank, channel))
    return pd.DataFrame(rows)


def _count_rows(found, values, missing, segment_of, segments) -> pd.DataFrame:
    numbers = parse.parse_numbers(values.astype("str")).where(~missing)
    known = int((~missing).sum())
    if known == 0 or numbers.notna().sum() < 0.9 * known:
        return pd.DataFrame()
    means = numbers.groupby(segment_of.to_numpy()).mean()
    overall = float(numbers.mean())
    rows = []
    for segment in segments:
        mean = float(means[segment])
        rows.append(_row(found, segment, MEAN_LEVEL, mean, overall, 0, found.channel))
    return pd.DataFrame(rows)
