"""Campaigns: results per segment against the control group."""

from segmentation.campaigns.results import (
    ALPHA,
    MIN_GROUP,
    MISSING_POLICIES,
    CampaignResults,
    campaign_results,
)

__all__ = (
    "ALPHA",
    "MIN_GROUP",
    "MISSING_POLICIES",
    "CampaignResults",
    "campaign_results",
)
