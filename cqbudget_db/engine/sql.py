"""SQL pieces shared by the plans: named parameters, metric expressions, conditions,
and the WHERE clauses for funds and indicators.  Values never enter the SQL text:
they are bound as :named parameters, which Datasette's SQL page accepts in a URL."""

from ..metrics import METRICS

FUNDS = "from funds f join departments d on d.name = f.department"
INDICATORS = ("from indicators i join funds f on f.seq = i.fund_seq "
              "join departments d on d.name = f.department")
OPS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "=": "=", "!=": "!="}


class Params:
    """Named parameters, with readable names: :dept, :min_total, :term …"""

    def __init__(self):
        self.values = {}

    def add(self, name, value):
        key, n = name, 2
        while key in self.values and self.values[key] != value:
            key, n = f"{name}{n}", n + 1
        self.values[key] = value
        return ":" + key

    def many(self, name, values):
        return ", ".join(self.add(name, v) for v in values)


def row(metric, alias="f"):
    """The metric's expression for one fund (or indicator) row."""
    sql = METRICS[metric].row_sql
    return sql.replace("f.", alias + ".") if alias != "f" else sql


def group(metric):
    """The metric's expression over a group of fund rows."""
    return METRICS[metric].group_sql


def _bound(op):
    return {">": "min", ">=": "min", "<": "max", "<=": "max", "=": "", "!=": "not"}[op]


def condition(c, p, expression, reference):
    """SQL for one Condition over expression; reference(metric) gives the average to compare with."""
    if c.op == "between":
        return f"{expression} between {p.add('min_' + c.metric, c.value)} and {p.add('max_' + c.metric, c.high)}"
    if c.other:
        other = row(c.other) if c.level != "group" else group(c.other)
        factor = "" if c.factor == 1 else f"{p.add('factor', c.factor)} * "
        offset = f" + {p.add('by', c.value)}" if c.value else ""     # exceeding … by at least 1 billion
        return f"{expression} {OPS[c.op]} {factor}{other}{offset}"
    if c.reference == "average" and c.ref_department is not None:     # larger than the Transport Bureau's average
        return (f"{expression} {OPS[c.op]} (select avg({row(c.metric, 'x')}) from funds x "
                f"where x.department = {p.add('ref_dept', c.ref_department)})")
    if c.reference == "average":
        return f"{expression} {OPS[c.op]} {reference(c)}"
    if c.ref_department is not None:
        return (f"{expression} {OPS[c.op]} (select {group(c.metric)} from funds f "
                f"where f.department = {p.add('ref_dept', c.ref_department)})")
    if c.ref_fund is not None:
        return f"{expression} {OPS[c.op]} (select {row(c.metric)} from funds f where f.seq = {p.add('ref_fund', c.ref_fund)})"
    name = "_".join(x for x in (_bound(c.op), c.metric) if x)
    return f"{expression} {OPS[c.op]} {p.add(name, c.value)}"


def fund_average(c):
    """The average of a metric over all funds, or over the row's own department."""
    inner = row(c.metric, "x")
    if c.ref_scope == "department":
        return f"(select avg({inner}) from funds x where x.department = f.department)"
    return f"(select avg({inner}) from funds x)"


def department_average(c):
    """The average department's sum — or, for a department's average fund, the average fund."""
    if c.aggregate == "avg":
        return fund_average(c)
    inner = group(c.metric).replace("f.", "x.")
    return f"(select avg(v) from (select {inner} as v from funds x group by x.department))"


def text_match(t, p, alias="f"):
    """Funds (or, with alias i, indicators) whose chosen texts contain the term."""
    term = p.add("term", "%" + t.term.replace(" ", "") + "%")
    parts = []
    for scope in ("name", "overview", "goal"):
        if scope in t.scopes:
            parts.append(f"{_unspaced(alias + '.' + scope)} like {term}")
    if "indicator" in t.scopes:
        parts.append(f"exists (select 1 from indicators t where t.fund_seq = {alias}.seq "
                     f"and {_unspaced('t.name')} like {term})")
    sql = "(" + " or ".join(parts) + ")" if len(parts) > 1 else parts[0]
    return f"not {sql}" if t.negate else sql


def _unspaced(column):
    """The document's text without the spaces PDF conversion put between Chinese and Latin (HPV 疫苗)."""
    return f"replace({column}, ' ', '')"


def indicator_where(spec, p, alias="i"):
    """Conditions on indicator rows."""
    where = []
    if spec.core is not None:
        where.append(f"{alias}.is_core = {1 if spec.core else 0}")
    if spec.qualitative is True:
        where.append(f"{alias}.op = '定性'")
    elif spec.qualitative is False:
        where.append(f"{alias}.op != '定性'")
    if spec.ops:
        where.append(f"{alias}.op in ({p.many('op', spec.ops)})")
    if spec.units:
        where.append(f"{alias}.unit in ({p.many('unit', spec.units)})")
    if spec.names:
        where.append(f"{alias}.name in ({p.many('indicator', spec.names)})")
    for term in spec.name_terms:
        where.append(f"{_unspaced(alias + '.name')} like {p.add('term', '%' + term.replace(' ', '') + '%')}")
    if spec.target_texts:
        where.append(f"{alias}.target_text in ({p.many('target', spec.target_texts)})")
    for c in spec.conditions:
        where.append(condition(c, p, f"{alias}.{c.metric}", lambda c: f"(select avg({c.metric}) from indicators)"))
    return where


def fund_where(q, p, with_conditions=True):
    """WHERE conditions on fund rows: names, membership, conditions, text, indicators."""
    where = []
    if q.departments:
        where.append(f"f.department in ({p.many('dept', q.departments)})")
    if q.exclude_departments:
        where.append(f"f.department not in ({p.many('not_dept', q.exclude_departments)})")
    seqs = [s for s in q.funds if not q.subset or s in q.subset] if q.funds else q.subset
    if seqs and not q.compare:
        where.append(f"f.seq in ({p.many('fund', seqs)})")
    elif (q.funds or q.subset) and not q.compare:
        where.append("0")       # a fund named outside the set it must be in: nothing
    if q.exclude_funds:
        where.append(f"f.seq not in ({p.many('not_fund', q.exclude_funds)})")
    if q.people:
        where.append(f"f.contact in ({p.many('contact', q.people)})")
    if q.phones:
        where.append(f"f.phone in ({p.many('phone', q.phones)})")
    if q.mobile:
        where.append("length(f.phone) = 11")
    if with_conditions:
        parts = [condition(c, p, _fund_expression(c, q, p), fund_average) for c in q.conditions]
        if parts:
            where.append("(" + " or ".join(parts) + ")" if q.any_of and len(parts) > 1 else " and ".join(parts))
    for t in q.texts:
        where.append(text_match(t, p))
    if q.top is not None:
        where.append(_top(q, p))
    if q.left_out is not None:
        where.append(f"not ({_top(q, p, q.left_out)})")
    if q.group_conditions and q.target in ("funds", "indicators") and not q.compare:
        where.append(_in_departments(q, p))
    if q.has_indicator is not None:
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where(q.indicators, p))
        where.append(f"{'' if q.has_indicator else 'not '}exists (select 1 from indicators i where {inner})")
    for spec in q.also_indicators:
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where(spec, p))
        where.append(f"exists (select 1 from indicators i where {inner})")
    return where


def _in_departments(q, p):
    """只有一个专项的部门的专项: funds of the departments whose funds together meet the conditions."""
    tests = [condition(c, p, group(c.metric) or f"sum({row(c.metric)})", department_average) for c in q.group_conditions]
    return (f"f.department in (select f.department from funds f group by f.department "
            f"having {' and '.join(tests)})")


def _top(q, p, top=None):
    """f.seq among the top N funds of the named scope (departments, funds, people), before any condition."""
    top = top or q.top
    scope = type(q)(departments=q.departments, exclude_departments=q.exclude_departments, funds=q.funds,
                    people=q.people, phones=q.phones, subset=q.subset) if top.scoped else type(q)(subset=q.subset)
    inner = fund_where(scope, p)
    scope_sql = f"from funds f join departments d on d.name = f.department {clause(inner)}"
    if top.limit is None:           # 预算最小的专项有哪些定性指标: the smallest, ties kept
        expression = row(top.metric or "total")
        best = "max" if top.direction == "desc" else "min"
        within = "".join(f" and {test}" for test in inner)
        return f"{expression} = (select {best}({expression}) {scope_sql}){within}"
    order = f"{row(top.metric or 'total')} {top.direction}, f.seq"
    return f"f.seq in (select f.seq {scope_sql} order by {order} limit {int(top.limit)})"


def _fund_expression(c, q, p):
    """A condition's expression for one fund: a column, or the sum of its chosen indicators' weights."""
    if c.metric == "weight" and c.aggregate == "sum":
        inner = " and ".join(["i.fund_seq = f.seq"] + indicator_where(q.indicators, p))
        return f"(select sum(i.weight) from indicators i where {inner})"
    return row(c.metric)


def clause(where):
    return ("where " + "\n  and ".join(where)) if where else ""


def tidy(sql):
    return "\n".join(line.rstrip() for line in sql.splitlines() if line.strip())
