"""``python -m segmentation``: the same command as the ``segmentation`` script."""

import sys

from segmentation.cli import main

sys.exit(main())
