"""Segmentation Studio: customer segmentation for marketing analysts.

The library behind the app and the ``segmentation`` command. It never imports
streamlit.

The names of :data:`__all__` are imported when first used (PEP 562), so that
``import segmentation`` and the command's ``--help`` stay quick: scikit-learn,
UMAP and Altair load only with the module that needs them. Submodules are
reachable as attributes too (``segmentation.workflow``).
"""

from __future__ import annotations

from types import MappingProxyType

from segmentation.lazy import lazy_exports

#: Where each public name lives: the module under ``segmentation`` defining it.
_EXPORTS = MappingProxyType(
    {
        "channel_mix": "messaging",
        "ALGORITHMS": "cluster",
        "Segmenter": "cluster",
        "number_by_size": "cluster",
        "InputError": "errors",
        "rule_mask": "describe",
        "segment_rules": "describe",
        "ab_split": "export",
        "frame_csv_bytes": "export",
        "labelled_table": "export",
        "neutralise_formulas": "export",
        "to_csv_bytes": "export",
        "write_csv": "export",
        "DEFAULT_MAX_BYTES": "reading",
        "TableInfo": "reading",
        "read_table": "reading",
        "TableRead": "reading",
        "read_table_with_info": "reading",
        "suggest_transaction_columns": "behaviour",
        "suggest_messages": "messaging",
        "segment_stability": "cluster",
        "sweep": "cluster",
        "SegmentationModel": "model",
        "describe_name_basis": "describe",
        "segment_names": "describe",
        "Profile": "describe",
        "profile": "describe",
        "Finding": "schema",
        "QualityReport": "schema",
        "quality_report": "schema",
        "Feature": "recipe",
        "Preprocessing": "recipe",
        "Recipe": "recipe",
        "TransactionMapping": "recipe",
        "recommend_k": "cluster",
        "BEHAVIOUR_COLUMNS": "behaviour",
        "BehaviourReport": "behaviour",
        "Behaviour": "behaviour",
        "behaviour_of_log": "behaviour",
        "behaviour_sentences": "behaviour",
        "customer_behaviour": "behaviour",
        "DEFAULT_RFM_RULES": "behaviour",
        "RFMRule": "behaviour",
        "rfm_scores": "behaviour",
        "rfm_segments": "behaviour",
        "assign_rule_segment": "rules",
        "describe_rule": "rules",
        "rule_overlap": "rules",
        "rule_summary": "rules",
        "Condition": "rules",
        "RuleSegment": "rules",
        "evaluate_rules": "rules",
        "FAMILIES": "schema",
        "ROLES": "schema",
        "ColumnSchema": "schema",
        "Schema": "schema",
        "infer_schema": "schema",
    }
)

__all__ = (
    "ab_split",
    "frame_csv_bytes",
    "labelled_table",
    "neutralise_formulas",
    "to_csv_bytes",
    "write_csv",
    "ALGORITHMS",
    "SegmentationModel",
    "Segmenter",
    "number_by_size",
    "Profile",
    "describe_name_basis",
    "profile",
    "segment_names",
    "channel_mix",
    "suggest_messages",
    "recommend_k",
    "segment_stability",
    "segment_rules",
    "rule_mask",
    "sweep",
    "BEHAVIOUR_COLUMNS",
    "BehaviourReport",
    "DEFAULT_RFM_RULES",
    "RFMRule",
    "Behaviour",
    "behaviour_of_log",
    "behaviour_sentences",
    "customer_behaviour",
    "rfm_scores",
    "rfm_segments",
    "suggest_transaction_columns",
    "Condition",
    "Feature",
    "Preprocessing",
    "Recipe",
    "RuleSegment",
    "TransactionMapping",
    "assign_rule_segment",
    "describe_rule",
    "evaluate_rules",
    "rule_overlap",
    "rule_summary",
    "DEFAULT_MAX_BYTES",
    "FAMILIES",
    "ROLES",
    "ColumnSchema",
    "Finding",
    "InputError",
    "QualityReport",
    "Schema",
    "TableInfo",
    "infer_schema",
    "quality_report",
    "read_table",
    "read_table_with_info",
    "samples",
    "TableRead",
)
__version__ = "0.1.0"


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
