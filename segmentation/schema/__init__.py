"""What each column is: role, family, personal data, quality, vocabulary."""

from segmentation.schema.business import (
    BUSINESSES,
    BusinessGuess,
    business_of,
    check_business,
    guess_business,
)
from segmentation.schema.infer import (
    FAMILIES,
    ROLES,
    ColumnSchema,
    Schema,
    infer_schema,
)
from segmentation.schema.quality import Finding, QualityReport, quality_report
from segmentation.schema.vocabulary import names_an_outcome

__all__ = (
    "BUSINESSES",
    "BusinessGuess",
    "business_of",
    "check_business",
    "ColumnSchema",
    "FAMILIES",
    "Finding",
    "guess_business",
    "infer_schema",
    "names_an_outcome",
    "quality_report",
    "QualityReport",
    "ROLES",
    "Schema",
)
