import sys

from build_tools.adapters.cli import main

sys.exit(main())
