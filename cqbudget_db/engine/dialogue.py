"""Follow-up questions: a typed, serialisable dialogue state and the rules that resolve
references against it.

The state is the last Query, what its answer contained (funds, departments,
people) and its focus — the one thing the answer was about (the one fund asked
about, the winner of a superlative, the only row).  Rules, in zh and en:

  pronoun      它 / 其 / 该专项 / it / its / this fund  → the focus
               它们 / 这些 / 上面的 / they / those          → the last answer's funds
               这个部门 / that department                → the focus's department
               前者 / 后者 / the former / the latter      → the first / second thing answered
  ellipsis     那卫健委呢 / 市级支出呢 / what about …      → the last query with that part swapped
  refinement   其中 / 只看 / 在这些里 / 按…排序 / 前三个 / among them / only those
                                                       → the last selection, narrowed or re-sorted
  aggregation  合计多少 / 平均呢 / how much in total       → the last selection, aggregated
  fresh        a question complete on its own           → nothing carried over

A question that needs a previous turn and has none is refused, never guessed.
"""

from .followups import (follow_up_kind, main_metric, merge, needs_previous,
                        only_marker, only_marker_or_name, together_pair, together_word)
from .references import (bare_counts, bare_numbers, ordinal_places, pair_named, references,
                         substitute)
from .state import (MAX_REMEMBERED, State, remember, state_after,
                    state_after_partial, state_of_refused, state_of_unresolved)

__all__ = ["follow_up_kind", "main_metric", "merge", "needs_previous", "only_marker", "only_marker_or_name", "together_pair", "together_word",
           "bare_counts", "bare_numbers", "ordinal_places", "pair_named", "references", "substitute",
           "MAX_REMEMBERED", "State", "remember", "state_after", "state_after_partial",
           "state_of_refused", "state_of_unresolved"]
