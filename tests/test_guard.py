"""The guard: read-only connection, authorizer, time limit, row cap."""

import hashlib
import sqlite3

import pytest

from cqbudget_db.guard import GuardError, check_sql, connect_readonly, run_query


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reads(db_path):
    result = run_query(db_path, "select name, total from funds order by total desc limit 2")
    assert result.columns == ["name", "total"]
    assert result.rows == [["城市提升专项", 369379.0], ["社会救助专项", 336496.95]]
    assert result.truncated is False


@pytest.mark.parametrize("sql, message", [
    ("delete from funds", "only a read-only SELECT"),
    ("DROP TABLE funds", "only a read-only SELECT"),
    ("update funds set total = 0", "only a read-only SELECT"),
    ("select 1; drop table funds", "only one SQL statement"),
    ("attach database '/tmp/x.db' as x", "only a read-only SELECT"),
    ("pragma writable_schema = 1", "only a read-only SELECT"),
    ("", "no SQL"),
])
def test_courtesy_check_refuses_writes(db_path, sql, message):
    before = digest(db_path)
    with pytest.raises(GuardError, match=message):
        run_query(db_path, sql)
    assert digest(db_path) == before


def test_semicolon_inside_a_string_is_one_statement(db_path):
    assert run_query(db_path, "select count(*) from funds where name = 'a;b'").rows == [[0]]


@pytest.mark.parametrize("sql", [
    "delete from funds",
    "insert into departments(name) values ('x')",
    "create table t(x)",
    "attach database ':memory:' as other",
])
def test_authorizer_refuses_writes_without_the_text_check(db_path, sql):
    conn = connect_readonly(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        conn.execute(sql)


def test_read_only_connection_refuses_writes_even_without_authorizer(db_path):
    conn = connect_readonly(db_path)
    conn.set_authorizer(None)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("delete from funds")


def test_dangerous_functions_refused(db_path):
    with pytest.raises(GuardError, match="refused"):
        run_query(db_path, "select load_extension('x')")


def test_time_limit_stops_a_runaway_query(db_path):
    sql = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    with pytest.raises(GuardError, match="longer than 0.2 seconds"):
        run_query(db_path, sql, time_limit=0.2)


def test_row_cap(db_path):
    result = run_query(db_path, "select id from indicators order by id", max_rows=10)
    assert len(result.rows) == 10 and result.truncated


def test_full_text_search_works_under_the_authorizer(db_path):
    result = run_query(db_path, "select count(*) from search_index_fts where search_index_fts match '\"乡村振兴\"'")
    assert result.rows[0][0] > 0


def test_check_sql_strips_comments_and_semicolon():
    assert check_sql("-- comment\nselect 1;") == "select 1"
