"""Transaction log to per-customer behaviour; RFM scores and segments; value ahead."""

from segmentation.behaviour.log_columns import suggest_transaction_columns
from segmentation.behaviour.log_match import (
    MatchCount,
    MatchTally,
    match_counts,
    match_sentence,
)
from segmentation.behaviour.report import (
    BehaviourReport,
    behaviour_sentences,
)
from segmentation.behaviour.rfm import (
    DEFAULT_RFM_RULES,
    RFMRule,
    rfm_scores,
    rfm_segments,
    rules_from_dicts,
)
from segmentation.behaviour.transactions import (
    BEHAVIOUR_COLUMNS,
    JOINED_PREFIX,
    Behaviour,
    behaviour_of_log,
    customer_behaviour,
)
from segmentation.behaviour.value_ahead import (
    VALUE_AHEAD_COLUMNS,
    ValueAhead,
    value_ahead,
)

__all__ = (
    "BEHAVIOUR_COLUMNS",
    "Behaviour",
    "behaviour_of_log",
    "behaviour_sentences",
    "BehaviourReport",
    "customer_behaviour",
    "DEFAULT_RFM_RULES",
    "JOINED_PREFIX",
    "MatchCount",
    "MatchTally",
    "match_counts",
    "match_sentence",
    "rfm_scores",
    "rfm_segments",
    "RFMRule",
    "rules_from_dicts",
    "suggest_transaction_columns",
    "VALUE_AHEAD_COLUMNS",
    "ValueAhead",
    "value_ahead",
)
