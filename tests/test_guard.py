"""The guard: read-only connection, authorizer, time limit, row cap."""

import hashlib
import sqlite3

import pytest

from cqbudget_db.guard import GuardError, apply_limits, check_sql, connect_readonly, run_query


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


# --- bounded work: no single call may allocate or loop without limit ----------------------------

@pytest.mark.parametrize("sql, message", [
    ("select length(randomblob(999999999))",
     "SQL error: string or blob too big (one value may have at most 32,768 bytes)"),
    ("select zeroblob(100000)", "SQL error: string or blob too big (one value may have at most 32,768 bytes)"),
    ("select length(group_concat(overview)) from funds",
     "SQL error: string or blob too big (one value may have at most 32,768 bytes)"),
    ("select printf('%.*c', 30000, 'x') from indicators",
     "SQL error: the result is larger than 5,000,000 characters; select fewer rows or columns"),
    ("select name from funds where name like '%' || printf('%.*c', 2000, '_') || 'x'",
     "SQL error: LIKE or GLOB pattern too complex"),
])
def test_large_values_and_results_are_refused(db_path, sql, message):
    with pytest.raises(GuardError) as caught:
        run_query(db_path, sql)
    assert str(caught.value) == message


@pytest.mark.parametrize("sql", [
    "select printf('%.*c', 2000000000, 'x')",    # 13 s of one uninterruptible loop in SQLite 3.40
    "select format('%!.*c', 2000000000, 'x')",
    "select printf('%.2000000000c', 'x')",
    "select printf('%.*c', 100000000, '☃')",
])
def test_printf_precision_beyond_the_length_limit_is_null_at_once(db_path, sql):
    # SQLite itself returns NULL for these (too big); it just takes seconds to find out.
    assert run_query(db_path, sql, time_limit=5).rows == [[None]]


@pytest.mark.parametrize("sql, expected", [
    ("select printf('%d|%5.2f|%-4s|%%|%.*c|%x', 42, 3.14159, 'ab', 3, 'z', 255)", "42| 3.14|ab  |%|zzz|ff"),
    ("select printf('%*d|%-*d|', 5, 42, 4, 7)", "   42|7   |"),
    ("select printf('%n%d %s', 7, 'x')", "7 x"),
    ("select printf('%,d', 1234567)", "1,234,567"),
    ("select format('%q', 'it''s')", "it''s"),
    ("select printf('%.*c', 30000, 'x') = printf('%.30000c', 'x')", 1),
    ("select length(printf('%.*c', 32767, 'x'))", 32767),
    ("select printf('%.*c', 32768, 'x')", None),
    ("select printf(null)", None),
    ("select printf('%s')", ""),
])
def test_bounded_printf_is_sqlites_printf(db_path, sql, expected):
    assert run_query(db_path, sql).rows == [[expected]]


def test_the_quadratic_functions_stay_bounded(db_path):
    # trim(X, Y) compares every character of X with every character of Y: at the
    # length limit this is well under the 2 s time limit (at 1 MB it would be minutes).
    sql = "select length(trim(printf('%.*c', 32000, 'a'), printf('%.*c', 2700, 'b') || 'a'))"
    assert run_query(db_path, sql).rows == [[0]]


def test_limits_keep_the_row_factory(db_path):
    conn = connect_readonly(db_path)
    conn.row_factory = sqlite3.Row
    apply_limits(conn)
    row = conn.execute("select seq, name from funds where seq = 1").fetchone()
    assert (row["seq"], row["name"]) == (1, "市级人才开发专项")


def test_result_budget_is_per_query(db_path):
    conn = connect_readonly(db_path)
    for _ in range(5):  # 5 x 1.5 M characters on one connection, each under the 5 M budget
        rows = conn.execute("select printf('%.*c', 30000, 'x') from indicators limit 50").fetchall()
        assert len(rows) == 50
