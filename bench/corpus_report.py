"""What the product makes of each real customer table of ``tests/customers``.

Per table: family agreement with the analyst, the outcomes and value found, and a
default run (the default criteria, k = 4: behaviour to segment on, demographics
and columns without structure to describe): what describes, the kind of
business, segment names, the spread of the value index and each outcome's rate
per segment. Run with ``python bench/corpus_report.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import segmentation as sg  # noqa: E402
from segmentation import workflow  # noqa: E402
from segmentation.describe import describe, find_role_columns, summary_table  # noqa: E402
from segmentation.features import default_criteria  # noqa: E402

TABLES = ROOT / "tests" / "customers"


def report(folder: Path) -> str:
    """One table's figures, as Markdown lines."""
    analyst = json.loads((folder / "analyst.json").read_text(encoding="utf-8"))
    frame, info = sg.read_table_with_info(folder / "data.csv")
    schema = sg.infer_schema(frame, decimal=info.decimal)
    judged = {c: s["family"] for c, s in analyst["columns"].items() if s["family"]}
    agree = sum(schema[c].family == f for c, f in judged.items())
    ids = schema.with_role("id")
    roles = find_role_columns(schema.typed(frame), ids[0] if ids else None)
    chosen = default_criteria(schema, schema.typed(frame))
    recipe = chosen.recipe(schema, k=4)
    prepared = workflow.prepare_for(frame, recipe, decimal=info.decimal)
    model = sg.SegmentationModel(recipe).fit_prepared(prepared, frame.columns)
    found = describe(
        sg.describe.wide_table(frame, prepared.table),
        model.labels_,
        recipe,
        matrix=prepared.matrix,
        schema=schema,
    )
    summary = summary_table(found, found.names)
    index = summary["value_index"].dropna()
    spread = f"{index.min():.2f}-{index.max():.2f}" if len(index) else "no value"
    lines = [
        f"**{folder.name}** ({analyst['business']}, {len(frame):,} rows): families "
        f"{agree}/{len(judged)} ({agree / len(judged):.0%}); outcomes "
        f"{schema.with_role('outcome') or 'none'}; value "
        f"{list(roles.value_columns) or 'none'}; value index {spread}; business "
        f"{found.business.kind}; described: {', '.join(chosen.reasons) or 'none'}",
    ]
    for _, row in summary.iterrows():
        rates = ", ".join(
            f"{c[:-5]} {row[c]:.0%}" for c in summary.columns if c.endswith("_rate")
        )
        lines.append(
            f"  - {row['segment']}: {row['segment_name']} ({row['share']:.0%})"
            + (f"; {rates}" if rates else "")
        )
    warnings = [w.kind for w in found.warnings]
    if warnings:
        lines.append(f"  - warnings: {', '.join(warnings)}")
    return "\n".join(lines)


if __name__ == "__main__":
    for folder in sorted(p.parent for p in TABLES.glob("*/analyst.json")):
        print(report(folder))
