"""For `datasette cqbudget.db -m metadata.yml --plugins-dir plugins` run from a checkout.

The plugin itself is the package module cqbudget_db.web, which the installed
package registers through its entry point (`pip install -e .` in the checkout).
This file registers nothing, so no hook runs twice; it only stops Datasette
with a clear message when the package is not installed in Datasette's environment.
"""

from datasette.plugins import pm

if pm.get_plugin("cqbudget") is None:
    raise SystemExit("plugins/cqbudget.py: the cqbudget package is not installed where this Datasette "
                     "runs; install it there (pip install -e . in the checkout), then plain "
                     "`datasette -i cqbudget.db` is enough")
