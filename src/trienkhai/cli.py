"""The `trienkhai` console script: Django's management commands under one name.

trienkhai demo [--host H] [--port P] [--no-serve]
trienkhai serve [--host H] [--port P]
trienkhai generate --scale small|province|national
trienkhai report --plan NUMBER --unit CODE [--format xlsx|docx] --output FILE [--as-of dd/mm/yyyy]
trienkhai bench --scale small|province|national [--json] [--runs N]
trienkhai audit verify
trienkhai backup FILE
trienkhai restore FILE [--force]
trienkhai token create USERNAME --name N [--days D] [--unit CODE] [--action A]
trienkhai <any manage.py command> ...
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trienkhai.settings")
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trienkhai", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
