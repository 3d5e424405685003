"""`cqbudget mcp`: the MCP tools of `cqbudget serve`'s /-/mcp, over stdio, for MCP clients that
start their servers as commands (Claude Desktop, IDE assistants).

It is the same server: datasette-mcp's, built for a Datasette serving the database as
`cqbudget serve` does, with its read-only SQL tools and the tools the cqbudget plugin
registers (ask_budget and the canned queries; see cqbudget_db/web/embed.py).  Nothing but
MCP messages goes to stdout; messages about the database go to stderr.
"""

import asyncio


def create_server(db_path):
    """datasette-mcp's MCPServer for a Datasette serving db_path as `cqbudget serve` does."""
    from .serve import make_datasette

    ds = make_datasette(db_path)  # first: loading Datasette's plugins imports datasette_mcp whole
    from datasette_mcp import create_mcp_server

    asyncio.run(ds.invoke_startup())
    return create_mcp_server(ds)


def run_stdio(db_path):
    """Serve MCP on stdin/stdout until the client closes them."""
    create_server(db_path).run("stdio")
