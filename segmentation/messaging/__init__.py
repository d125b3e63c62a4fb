"""Suggested messages per segment, their figures, channels and opportunities."""

from segmentation.messaging.channels import channel_mix, contact_columns
from segmentation.messaging.opportunities import find_opportunities
from segmentation.messaging.suggest import suggest_messages

__all__ = (
    "channel_mix",
    "contact_columns",
    "find_opportunities",
    "suggest_messages",
)
