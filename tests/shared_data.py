"""Where the shared public datasets are: ``../shared/datasets`` beside the project.

CI clones the project beside ``shared/``, as on a developer's machine.
"""

from pathlib import Path

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
MALL = DATASETS / "mall_customers" / "Mall_Customers.csv"
RETAIL = DATASETS / "online_retail" / "online_retail.csv.gz"
DECEMBER = DATASETS / "online_retail" / "online_retail_2010-12.csv"
