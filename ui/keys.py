"""Every session-state key of the app, in one place.

Two kinds live under ``st.session_state``: canonical state (the loaded data, the
recipe, the tuned labels...), which :mod:`ui.state` reads and writes through typed
getters and setters, and widget keys (``*_w_*``), which Streamlit clears when the
analyst leaves a page. Keys that depend on something (a family, a rule, the run)
are built by the functions here. No other module writes a key as a literal:
``tests/app/test_state_keys.py`` checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from ui import cache_keys

__all__ = (
    "ADD_RULE",
    "APPLY_DOWNLOAD",
    "APPLY_MODEL",
    "DATA_CHOICES",
    "AUTOLOAD_DONE",
    "COMPARE_FIRST",
    "COMPARE_SECOND",
    "CRITERIA_CLIP",
    "CRITERIA_CLIP_RANGE",
    "CRITERIA_FAMILIES",
    "CRITERIA_IMPUTE",
    "CRITERIA_INDICATOR",
    "CRITERIA_LOG1P",
    "CRITERIA_RARE",
    "CRITERIA_SCALING",
    "CRITERIA_SKEW",
    "DATA_DISTRIBUTION",
    "DATASET",
    "EXCLUDED",
    "EXPORT_BUSINESS",
    "EXPORT_DOWNLOADS",
    "CAMPAIGN_BUNDLED",
    "CAMPAIGN_FILE",
    "CAMPAIGN_ID",
    "CAMPAIGN_LABELLED",
    "CAMPAIGN_MISSING",
    "CAMPAIGN_OUTCOME",
    "CAMPAIGN_REVENUE",
    "CAMPAIGN_UPLOAD",
    "AUDIENCE_CONSENT",
    "AUDIENCE_COUNTRY",
    "AUDIENCE_EMAIL",
    "AUDIENCE_PHONE",
    "LOOKALIKE_SEEDS",
    "LOOKALIKE_SEED_FILE",
    "LOOKALIKE_TOP",
    "EXPORT_MESSAGES",
    "PLAN_BASELINE",
    "PLAN_LIFT",
    "EXPORT_PREPARED",
    "EXPORT_RECIPE_JSON",
    "HOLDOUT_ON",
    "HOLDOUT_SHARE",
    "ID_COLUMN",
    "KEEP_GROUP",
    "KEEP_GROUP_ERROR",
    "KEEP_GROUP_NAME",
    "LOAD_ERROR",
    "LOAD_SAMPLE",
    "LOG_MAPPING",
    "LOG_MONEY",
    "MONITOR_EXAMPLE",
    "MONITOR_LOG_DAYS",
    "MONITOR_MODEL",
    "MONITOR_PAIR",
    "MONITOR_SNAPSHOTS",
    "MONITOR_TAKE",
    "MONITOR_UPLOAD",
    "NEUTRALISE",
    "NEW_TABLE_NOTICE",
    "OPEN_RECIPE",
    "OPENED_RECIPE",
    "NEW_RULE",
    "PENDING_NAMES",
    "PREPARE_BUTTON",
    "RECIPE",
    "RECIPE_IS_DEFAULT",
    "REMOVE_LOG",
    "RFM_RESET",
    "RFM_RULES",
    "RFM_RULES_BASE",
    "RFM_RULES_EDITOR",
    "RULE_DRAFTS",
    "SAMPLE_CHOICE",
    "SCHEMA",
    "SEGMENT_LABELS",
    "SEGMENT_NAMES",
    "TRANSACTIONS",
    "TUNE_ALGORITHM",
    "TUNE_CHOICE",
    "TUNE_K",
    "TUNE_LAYOUT",
    "TUNE_MAP",
    "TUNE_SEED",
    "TUNE_WATCHED",
    "TX_ERROR",
    "TX_UPLOAD",
    "UPLOAD",
    "USE_BUNDLED_LOG",
    "USE_LOADED_LOG",
    "criteria_choice_widgets",
    "remove_group",
    "family_columns",
    "family_weight",
    "map_chart",
    "messages_editor",
    "names_editor",
    "rule_part",
    "labels_editor",
    "measure_name",
    "measure_picker",
    "schema_editor",
)

# App and Data page ----------------------------------------------------------------
#: True once the bundled sample has been offered on the session's first run.
AUTOLOAD_DONE = "app_autoload_done"
#: The loaded customer table, a ``ui.state_types.Dataset``.
DATASET = "data_dataset"
#: The current schema (inferred, then edited by the analyst).
SCHEMA = "data_schema"
#: The message of the last failed load, or None.
LOAD_ERROR = "data_load_error"
#: Widget keys of the Data page: sample picker, its button, the uploader, the
#: distribution picker.
SAMPLE_CHOICE = "data_sample_choice"
LOAD_SAMPLE = "data_load"
UPLOAD = "upload"
DATA_DISTRIBUTION = "data_distribution"
#: The Data page's model uploader and the download of the table it labelled.
APPLY_MODEL = "data_w_apply_model"
APPLY_DOWNLOAD = "data_w_apply_download"
#: What was reset when a new table replaced the loaded one: (digest, text).
NEW_TABLE_NOTICE = "data_new_table_notice"

# Criteria page ---------------------------------------------------------------------
#: The transaction log chosen on the Criteria page, a ``Dataset``, or None.
TRANSACTIONS = "criteria_transactions"
#: The message of the last failed transaction-log load, or None.
TX_ERROR = "criteria_tx_error"
#: The Data page's measures and labels: a ``ui.state_types.DataChoices``.
DATA_CHOICES = "data_choices"
#: The recipe built on the Criteria page.
RECIPE = "criteria_recipe"
#: True while the recipe is the default criteria the Tune page chose.
RECIPE_IS_DEFAULT = "criteria_recipe_is_default"
#: The families and columns the analyst left out, an ``Exclusions``.
EXCLUDED = "criteria_excluded"
#: The rule editor's drafts, a tuple of ``ui.rule_drafts.RuleDraft``.
RULE_DRAFTS = "criteria_rule_drafts"
#: The named-RFM-segment rules in use, a tuple of ``RFMRule`` (the defaults at first).
RFM_RULES = "criteria_rfm_rules"
#: The RFM rules the rules table was opened with (its edits apply to them).
RFM_RULES_BASE = "criteria_rfm_rules_base"
#: Widget keys of the transaction log: uploader, the two "use" buttons, "remove".
TX_UPLOAD = "criteria_w_tx_upload"
USE_BUNDLED_LOG = "criteria_w_use_bundled"
USE_LOADED_LOG = "criteria_w_use_loaded"
REMOVE_LOG = "criteria_w_remove"
#: Widget keys of the log's column mapping, by role, plus the as-of date.
LOG_MAPPING = MappingProxyType(
    {
        role: f"criteria_w_map_{role}"
        for role in (
            "customer",
            "date",
            "amount",
            "quantity",
            "price",
            "invoice",
            "as_of",
        )
    }
)
#: Widget key of the "amount / quantity x price" choice.
LOG_MONEY = "criteria_w_map_money"
#: Widget key of the customer table's id column picker.
ID_COLUMN = "criteria_w_id_column"
#: Widget key of the families multiselect.
CRITERIA_FAMILIES = "criteria_w_families"
#: Widget keys of the preprocessing controls.
CRITERIA_LOG1P = "criteria_w_log1p"
CRITERIA_SKEW = "criteria_w_skew"
CRITERIA_SCALING = "criteria_w_scaling"
CRITERIA_IMPUTE = "criteria_w_impute"
CRITERIA_INDICATOR = "criteria_w_indicator"
CRITERIA_CLIP = "criteria_w_clip"
CRITERIA_CLIP_RANGE = "criteria_w_clip_range"
CRITERIA_RARE = "criteria_w_rare"
#: Widget keys of the "add a rule" row, and its button.
NEW_RULE = MappingProxyType(
    {name: f"criteria_w_new_{name}" for name in ("name", "column", "operator", "value")}
)
ADD_RULE = "criteria_w_add_rule"
#: Widget keys of the named-RFM-segment rules table and its reset button.
RFM_RULES_EDITOR = "criteria_w_rfm_rules"
RFM_RESET = "criteria_w_rfm_reset"

# Tune page -------------------------------------------------------------------------
#: The Tune page's choices, a ``TuneChoice``.
TUNE_CHOICE = "tune_choice"
#: The segments of the tuned model, a ``SegmentLabels`` (Segments, Export).
SEGMENT_LABELS = "tune_segment_labels"
#: Widget keys of the Tune page: algorithm, k slider, seed, map layout, the map.
TUNE_ALGORITHM = "tune_w_algorithm"
TUNE_K = "tune_w_k"
TUNE_SEED = "tune_w_seed"
TUNE_LAYOUT = "tune_w_layout"
TUNE_MAP = "tune_w_map"
#: The background jobs the Tune page waits for: (matrix key, sweep or None, UMAP
#: job or None, algorithm label, k in use), read by the page's progress fragment.
TUNE_WATCHED = "tune_watched"

# Test planner (Export page) ----------------------------------------------------------
#: Widget keys of the planner: the baseline rate and the lift to detect (percent).
PLAN_BASELINE = "export_w_plan_baseline"
PLAN_LIFT = "export_w_plan_lift"

# Campaigns page ----------------------------------------------------------------------
#: The campaign results file read: (name, bytes).
CAMPAIGN_FILE = "campaigns_file"
#: Widget keys: the results uploader, the bundled results button, an uploaded
#: labelled file, the id, outcome and revenue columns, the missing-customer policy.
CAMPAIGN_UPLOAD = "campaigns_w_upload"
CAMPAIGN_BUNDLED = "campaigns_w_bundled"
CAMPAIGN_LABELLED = "campaigns_w_labelled"
CAMPAIGN_ID = "campaigns_w_id"
CAMPAIGN_OUTCOME = "campaigns_w_outcome"
CAMPAIGN_REVENUE = "campaigns_w_revenue"
CAMPAIGN_MISSING = "campaigns_w_missing"
#: Widget keys of the look-alikes: the seed segment or group, an uploaded list of
#: seed ids, and how many of the most alike to keep.
LOOKALIKE_SEEDS = "campaigns_w_lookalike_seeds"
LOOKALIKE_SEED_FILE = "campaigns_w_lookalike_file"
LOOKALIKE_TOP = "campaigns_w_lookalike_top"
#: Widget keys of the audience files: e-mail, phone, default calling code, consent.
AUDIENCE_EMAIL = "campaigns_w_audience_email"
AUDIENCE_PHONE = "campaigns_w_audience_phone"
AUDIENCE_COUNTRY = "campaigns_w_audience_country"
AUDIENCE_CONSENT = "campaigns_w_audience_consent"

# Monitor page ----------------------------------------------------------------------
#: The snapshots the Monitor page compares: (what they are, tuple of Snapshot,
#: {segment text: name}).
MONITOR_SNAPSHOTS = "monitor_snapshots"
#: Widget keys: the example button, the log's days, the button taking them, the
#: uploaders of tables and of a model file, and the pair of snapshots compared.
MONITOR_EXAMPLE = "monitor_w_example"
MONITOR_LOG_DAYS = "monitor_w_log_days"
MONITOR_TAKE = "monitor_w_take"
MONITOR_UPLOAD = "monitor_w_upload"
MONITOR_MODEL = "monitor_w_model"
MONITOR_PAIR = "monitor_w_pair"

# Segments and Export pages ---------------------------------------------------------
#: The analyst's segment names: (labels key, {segment: name}).
SEGMENT_NAMES = "segments_names"
#: The Criteria page's recipe uploader, and what opening the last one said:
#: (digest of the table, restored text, problems).
OPEN_RECIPE = "criteria_w_open_recipe"
OPENED_RECIPE = "criteria_opened_recipe"
#: Names of an opened recipe, waiting for its segments: (labels identity, names).
PENDING_NAMES = "segments_pending_names"
#: The Tune page's name of a brushed group to keep, its button and its error.
KEEP_GROUP_NAME = "tune_w_keep_group_name"
KEEP_GROUP = "tune_w_keep_group"
KEEP_GROUP_ERROR = "tune_keep_group_error"
#: What "high value" rests on ("expected" or "past"): the Segments page's choice,
#: read by the Export page; its widget key.
VALUE_BASIS = "segments_value_basis"
VALUE_BASIS_PICKER = "segments_w_value_basis"
#: The days ahead expected value counts over (the Segments page's choice, read
#: by the Export page); its widget key.
HORIZON_DAYS = "segments_horizon_days"
HORIZON_PICKER = "segments_w_horizon_days"
#: The Segments page's pickers of the two groups to compare.
COMPARE_FIRST = "segments_w_compare_first"
COMPARE_SECOND = "segments_w_compare_second"
#: The edited messages: (their key, the edited table).
EXPORT_MESSAGES = "export_messages"
#: The recipe the downloads offer (JSON), for the recipe's readers.
EXPORT_RECIPE_JSON = "export_recipe_json"
#: The files prepared on request: (their key, CSV bytes, model bytes).
EXPORT_PREPARED = "export_prepared_files"
#: Widget key of the kind of business the messages speak to.
EXPORT_BUSINESS = "export_w_business"
#: Widget keys of the export options and of the button preparing large files.
HOLDOUT_ON = "export_w_holdout_on"
HOLDOUT_SHARE = "export_w_holdout_share"
NEUTRALISE = "export_w_neutralise"
PREPARE_BUTTON = "export_w_prepare"
#: Widget keys of the download buttons, by file.
EXPORT_DOWNLOADS = MappingProxyType(
    {
        name: f"export_w_{name}"
        for name in ("labelled", "summary", "messages_csv", "recipe", "model")
    }
)


def family_weight(family: str) -> str:
    """Widget key of a family's weight slider."""
    return f"criteria_w_weight_{family}"


def family_columns(family: str, options: list[str]) -> str:
    """Widget key of a family's column multiselect, unique to its options.

    A new set of options (a log adds behaviour columns) makes a new widget, so the
    new columns start chosen instead of being silently left out.
    """
    return f"criteria_w_columns_{family}_{cache_keys.content_key(options, length=8)}"


def criteria_choice_widgets(present: Iterable[object]) -> list[str]:
    """Pick the Criteria page's choice widgets among ``present`` keys (to restart).

    Families, columns, weights, preprocessing, the id column and rule parts; not
    the log's uploader, its mapping or the recipe uploader.
    """
    kept = {TX_UPLOAD, OPEN_RECIPE, *LOG_MAPPING.values(), LOG_MONEY}
    return [
        key
        for key in map(str, present)
        if key.startswith("criteria_w_") and key not in kept
    ]


def remove_group(name: str) -> str:
    """Widget key of the Tune page's button that removes a kept group."""
    return f"tune_w_remove_group_{cache_keys.content_key(name, length=12)}"


def rule_part(uid: int, part: str) -> str:
    """Widget key of one part (name, combine, up, remove...) of a drafted rule."""
    return f"criteria_w_rule_{uid}_{part}"


def measure_picker(measure: str, digest: str) -> str:
    """Widget key of the Data page's picker of one measure, one per loaded file."""
    return f"data_w_measure_{measure}_{digest[:16]}"


def measure_name(measure: str, digest: str) -> str:
    """Widget key of the Data page's name of a summed measure, one per loaded file."""
    return f"data_w_measure_name_{measure}_{digest[:16]}"


def labels_editor(digest: str) -> str:
    """Widget key of the Data page's column-label table, one per loaded file."""
    return f"data_w_labels_{digest[:16]}"


def schema_editor(digest: str) -> str:
    """Widget key of the Data page's role table, one per loaded file."""
    return f"data_schema_editor_{digest[:16]}"


def map_chart(method: str) -> str:
    """Widget key of the Tune page's map drawn with ``method`` (pca or umap)."""
    return f"{TUNE_MAP}_{method}"


def names_editor(labels_key: str) -> str:
    """Widget key of the Segments page's names editor, one per labelling."""
    return f"segments_w_names_{labels_key[:12]}"


def messages_editor(content_key: str) -> str:
    """Widget key of the Export page's messages editor, one per content."""
    return f"export_w_messages_{content_key}"
