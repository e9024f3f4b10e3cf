"""The path taken, computed in CSS from the checked radios: no script, one rule per node and answer.

The radios are the state. The outcome shows "Your answers" and the questions to ask,
computed in CSS from the checked radios, **only along the path actually taken**: a radio
still checked on a question the reader backed out of, or on another branch, is not shown.
The rule: node ``start`` is on the path; a node is on the path when some answer leading to
it is checked on a question on the path (or a step on the path leads to it); the summary
shows only if the targeted outcome is on the path. This is a recursive OR/AND over the
graph, written once per node and once per answer as CSS custom properties on ``<body>``
(the "space toggle": a property holding a space is *true*, an undefined one is *false*;
``var(--a, var(--b))`` is OR, ``var(--a)var(--b)`` is AND, and a property whose ``var()``
fails is itself undefined)::

    body{--n0: ;--n3:var(--a1,var(--a4))}       on(node 3) = answer 1 or answer 4
    body:has(#a1--:checked){--a1:var(--n0)}      answer 1 = its radio checked and on(its question)
    body:has(#result:target){--h:var(--n7)}     the targeted outcome is on the path
    #y0--{--t:var(--h)var(--n0)}                 node 0's summary row: shown when --t is true
    #d1--{--t:var(--a1)}                         answer 1 in that row
    .v{--u:var(--t) block;display:var(--u,none)}

So the stylesheet has one rule per node, answer, outcome and conditional element: linear.
The questions to ask are gathered the same way: every answer's and every step's and
question's ``ask`` items, once each (an item raised in several places shows when any of
them is on the path), those of "Not sure" answers (``unsure: true``) first.
:func:`logic_css` writes it; the browser tests walk every path, back out and change answers,
and check that only the answers on the path show.
"""

from __future__ import annotations

from build_tools.outputs.questionnaire.plan import Plan


def _sel(fragment_id: str) -> str:
    """``#id`` as a CSS selector (ids may start with a digit, which CSS must escape)."""
    if fragment_id[:1].isdigit():
        return f"#\\3{fragment_id[0]} {fragment_id[1:]}"
    return "#" + fragment_id


def _any(vars_: list[str]) -> str:
    """OR of toggles: ``var(--a,var(--b,var(--c)))``."""
    out = f"var({vars_[-1]})"
    for v in reversed(vars_[:-1]):
        out = f"var({v},{out})"
    return out


def logic_css(p: Plan) -> str:
    """The rules that compute the path from the checked radios (see the module docstring).

    Ids (all end in ``--``, which no YAML id does): ``a<n>--`` radio n, ``y<k>--`` the summary
    row of node k, ``d<n>--`` answer n in it, ``k<m>--`` ask item m (``k--`` their heading),
    ``b<m>--`` a Back link.
    """
    rules: list[str] = []
    body = [f"{p.start.var}: "]
    for s in p.screens[1:]:
        body.append(f"{s.var}:{_any([w.var for w in s.ways_in])}")
    rules.append("body{" + ";".join(body) + "}")
    for s in p.questions():
        for w in s.ways_out:
            rules.append(f"body:has(#{w.rid}:checked){{{w.var}:var({s.var})}}")
    for s in p.outcomes():
        rules.append(f"body:has({_sel(s.fid)}:target){{--h:var({s.var})}}")
    # Elements shown when --t is true.
    for s in p.questions():
        rules.append(f"#{s.row_id}{{--t:var(--h)var({s.var})}}")
        for w in s.ways_out:
            rules.append(f"#d{w.rid[1:]}{{--t:var({w.var})}}")
    same: dict[str, list[str]] = {}  # items shown under the same condition share a rule
    for k, item in enumerate(p.asks):
        same.setdefault(_any(item.vars), []).append(f"#k{k}--")
    for condition, selectors in same.items():
        rules.append(f"{','.join(selectors)}{{--t:var(--h){condition}}}")
    if p.asks:
        rules.append(f"#k--{{--t:var(--h){_any(sorted({v for i in p.asks for v in i.vars}))}}}")
    for s in p.screens:
        for w in s.ways_in if len(s.ways_in) > 1 else ():
            rules.append(f"#{w.back_id}{{--t:var({w.var})}}")
    return "\n".join(rules)
