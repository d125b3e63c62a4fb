"""Campaigns: results per segment against the control group, and test planning."""

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
    "MISSING_POLICIES",
    "CampaignResults",
    "campaign_results",
    "customers_needed",
    "plan_segments",
)
