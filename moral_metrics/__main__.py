import sys

from moral_metrics.cli import main

sys.exit(main())
