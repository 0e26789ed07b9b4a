import sys

from quangba.cli import main

sys.exit(main())
