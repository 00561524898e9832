"""``python -m tomodachi_schedule.compiler.cli``: the same as ``tomodachi-compile``."""

import sys

from tomodachi_schedule.compiler.cli import main

sys.exit(main())
