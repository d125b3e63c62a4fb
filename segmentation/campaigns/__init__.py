"""Campaigns: results against the control, test planning, look-alikes, audiences."""

from segmentation.campaigns.audiences import (
    AUDIENCE_COLUMNS,
    Audiences,
    audience_file_name,
    audiences,
    normalise_email,
    normalise_phone,
    sha256_hex,
)
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
    "AUDIENCE_COLUMNS",
    "CONTROL_SHARES",
    "MIN_GROUP",
    "MIN_SEEDS",
    "MISSING_POLICIES",
    "Audiences",
    "CampaignResults",
    "Lookalike",
    "audience_file_name",
    "audiences",
    "campaign_results",
    "customers_needed",
    "lookalike",
    "normalise_email",
    "normalise_phone",
    "plan_segments",
    "sha256_hex",
)
