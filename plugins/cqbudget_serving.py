"""Datasette hooks for a bounded, consistent, read-only server; the logic is in cqbudget_db.served.

Limits on every connection, 405 for methods other than GET/HEAD, 400 instead of
Datasette 0.65's 500s for bad query strings, and a rebuilt database file picked
up for every page at once.  Without the cqbudget package installed it does nothing.
"""

from datasette import hookimpl

try:
    from cqbudget_db import served
except ImportError:  # only the database and plugins were deployed
    served = None


@hookimpl
def prepare_connection(conn, database):
    if served:
        served.prepare_connection(conn, database)


@hookimpl
def asgi_wrapper(datasette):
    if served:
        return served.asgi_wrapper(datasette)
    return lambda app: app


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    if served:
        return served.handle_exception(request, exception)


@hookimpl
def startup(datasette):
    if served:
        served.cache_table_permissions(datasette)
