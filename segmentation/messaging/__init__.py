"""Suggested messages per segment, their figures, and channels."""

from segmentation.messaging.channels import channel_mix, contact_columns
from segmentation.messaging.suggest import suggest_messages

__all__ = (
    "channel_mix",
    "contact_columns",
    "suggest_messages",
)
