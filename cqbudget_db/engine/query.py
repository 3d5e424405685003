"""The typed query a question is read into; compose() turns it into SQL.

A Query says what is asked about (target), which rows count (conditions,
names, text, indicator properties), how they are ranked and aggregated, and
which fields are shown.  It holds no text of the question: compose reads only
this.  Queries are plain data, serialisable with to_dict() / from_dict() so a
conversation can carry one from turn to turn.
"""

from dataclasses import dataclass, field, fields

OPERATORS = (">", ">=", "<", "<=", "=", "!=", "between")


_FIELDS = {}


def _plain(value):
    """Dataclasses as dicts, lists copied (what asdict does, without its deep copies: ~10× faster)."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if kind is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = [f.name for f in fields(kind)]
    return {name: _plain(getattr(value, name)) for name in names}


@dataclass
class Condition:
    """metric op value; or metric op factor × other (another metric of the same row);
    or metric op factor × the average of metric (reference='average')."""
    metric: str
    op: str
    value: float = None
    high: float = None           # the upper bound of between
    other: str = None
    factor: float = 1.0
    reference: str = None        # average
    ref_scope: str = "all"       # all | department (the row's own department)
    level: str = "fund"          # fund (each fund), group (a department's funds together), indicator
    aggregate: str = None        # avg / min: the group's average or smallest value instead of its sum
    text: str = ""
    ref_fund: int = None         # metric op that of this fund (比学生资助专项大的专项)
    ref_department: str = None   # metric op that department's sum (预算比卫健委多的部门)
    implicit: bool = False       # no metric was named (超过10亿): the budget, or in a follow-up the last one


@dataclass
class TextMatch:
    term: str
    scopes: tuple = ("name", "overview", "goal", "indicator")
    negate: bool = False


@dataclass
class IndicatorSpec:
    """Which indicators: by property, name, unit, operator, weight or target value."""
    core: bool = None
    qualitative: bool = None
    ops: list = field(default_factory=list)
    units: list = field(default_factory=list)
    names: list = field(default_factory=list)         # exact names
    name_terms: list = field(default_factory=list)    # parts of names
    target_texts: list = field(default_factory=list)  # 指标值 written as text (定性: 是, 达标 …)
    conditions: list = field(default_factory=list)    # Condition on weight / target_value

    def empty(self):
        return not (self.core is not None or self.qualitative is not None or self.ops or self.units
                    or self.names or self.name_terms or self.target_texts or self.conditions)


@dataclass
class Ranking:
    metric: str
    direction: str = "desc"      # desc | asc
    limit: int = None            # None: every row tied for first (a superlative)
    offset: int = 0              # the nth: limit 1 offset n-1
    sort_only: bool = False      # ordered, nothing cut
    per_group: bool = False      # within each department
    aggregate: str = None        # avg: a department ranked by its funds' average, not their sum
    implicit: bool = False       # no metric named (第二多的呢): the default, or the last turn's
    scoped: bool = True          # as a top set: of the named departments' funds (False: of all funds, 前十里属于教委的)


@dataclass
class Comparison:
    """Two or more named things compared: difference, ratio, or which is larger."""
    kind: str                    # difference | ratio | percent | larger | smaller
    entities: list = field(default_factory=list)   # [("department", name) | ("fund", seq)]
    metric: str = "total"
    absolute: bool = False       # 相差: the size of the gap, not its sign
    other: str = None            # one entity, two of its columns: 补助区县比市级支出多多少


@dataclass
class Query:
    target: str = None                                   # funds departments indicators contacts phones
    departments: list = field(default_factory=list)
    exclude_departments: list = field(default_factory=list)
    funds: list = field(default_factory=list)
    fund_term: str = None
    ambiguous: bool = False
    people: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    mobile: bool = False                                 # the phone is a mobile number
    subset: list = field(default_factory=list)           # funds carried over from the previous answer
    exclude_funds: list = field(default_factory=list)    # 别的专项: funds left out
    include_funds: list = field(default_factory=list)    # 连同…在内: funds left out by the last question, counted again
    whole: bool = False                                  # 整个教委: the named department whole, nothing left out
    conditions: list = field(default_factory=list)       # Condition, level fund
    group_conditions: list = field(default_factory=list)  # Condition, level group
    any_of: bool = False                                 # conditions joined by "or"
    texts: list = field(default_factory=list)
    indicators: IndicatorSpec = field(default_factory=IndicatorSpec)
    has_indicator: bool = None                           # funds: with (True) / without (False) such indicators
    also_indicators: list = field(default_factory=list)  # funds: with indicators of each of these kinds too
    ranking: Ranking = None
    top: Ranking = None                                  # 预算前十的专项里…: the funds are first cut to these
    left_out: Ranking = None                             # excluding the four largest funds: these are left out
    aggregate: str = None                                # count sum avg median spread share
    metric: str = None                                   # what the aggregate, ranking or lookup measures
    share: str = None                                    # the share metric asked for
    share_other: str = None                              # a share of another column (补助区县相当于市级支出的%)
    combined: bool = False                               # 前三个部门合计占…: one share of the whole set
    group_by: str = None                                 # department | fund | contact
    fields: list = field(default_factory=list)           # contact phone overview goal department line
    show: list = field(default_factory=list)             # metrics asked to be shown (a fund's 市级支出)
    compare: Comparison = None
    display_units: list = field(default_factory=list)    # yi, million, billion: units the answer is asked in

    def to_dict(self):
        return _plain(self)

    @classmethod
    def from_dict(cls, data):
        data = dict(data)
        query = cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})
        query.conditions = [Condition(**c) for c in query.conditions]
        query.group_conditions = [Condition(**c) for c in query.group_conditions]
        query.texts = [TextMatch(**{**t, "scopes": tuple(t["scopes"])}) for t in query.texts]
        spec = dict(query.indicators)
        spec["conditions"] = [Condition(**c) for c in spec.get("conditions", [])]
        query.indicators = IndicatorSpec(**spec)
        query.also_indicators = [IndicatorSpec(**s) for s in query.also_indicators]
        query.ranking = Ranking(**query.ranking) if query.ranking else None
        query.top = Ranking(**query.top) if query.top else None
        query.left_out = Ranking(**query.left_out) if query.left_out else None
        query.compare = Comparison(**query.compare) if query.compare else None
        return query
