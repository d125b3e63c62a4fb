"""Campaigns: results per segment against the control, test planning, look-alikes."""

from segmentation.campaigns.lookalike import MIN_SEEDS, Lookalike, lookalike
from segmentation.campaigns.planner import (
    CONTROL_SHARES,
    customers_needed,
    plan_segments,
)
from segmentation.campaigns.results import (
    ALPHA,
    MIN_GROUP,
    MISSING_POLICIES,
    CampaignResults,
    campaign_results,
)

__all__ = (
    "ALPHA",
    "CONTROL_SHARES",
    "MIN_GROUP",
    "MIN_SEEDS",
    "MISSING_POLICIES",
    "CampaignResults",
    "Lookalike",
    "campaign_results",
    "customers_needed",
    "lookalike",
    "plan_segments",
)
