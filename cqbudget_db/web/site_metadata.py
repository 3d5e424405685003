"""The site's metadata — titles, descriptions, units, facets, canned queries — for Datasette.

metadata.yml ships in this package (in a checkout it is a link to the top-level
metadata.yml, which stays the file to edit) and reaches Datasette through the
get_metadata hook, so `datasette cqbudget.db` needs no -m.  Metadata given with
-m still wins, key by key.  The instance-wide title and description are given
only when the cqbudget database is the only one served.
"""

import copy
import functools
import weakref
from importlib.resources import files

import yaml

_per_instance = weakref.WeakKeyDictionary()


@functools.cache
def load():
    """metadata.yml, parsed once; callers must not change it."""
    return yaml.safe_load((files(__package__) / "metadata.yml").read_text(encoding="utf-8"))


def for_datasette(datasette, database):
    """What the get_metadata hook returns for this Datasette instance."""
    if database not in datasette.databases:
        return {}
    # Datasette merges -m metadata into the nested dictionaries it is given, so each
    # instance gets its own copy (merging the same -m into it again changes nothing).
    metadata = _per_instance.get(datasette)
    if metadata is None:
        metadata = _per_instance[datasette] = copy.deepcopy(load())
    if [name for name in datasette.databases if name != "_internal"] != [database]:
        return {"databases": {database: metadata["databases"][database]}}
    return metadata
