"""``python -m benchmarks.questionnaire``: the questionnaire's bytes (raw and gzip) for
generated flows of 4, 6, 12 and 24 questions (``synthetic.questions_flow_yaml``) and for
every flow in ``flows/``, with the issue's budgets.

To measure another version of the renderer, put its ``build_tools`` first on the path:
``PYTHONPATH=/tmp/old python -m benchmarks.questionnaire`` (a version that refuses a flow
is reported as "not built", with its reason).
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import synthetic

SIZES = (4, 6, 12, 24)
BUDGET_GZIP = 14_600
BUDGET_RAW = 100_000


def measure() -> list[tuple[str, int, str]]:
    import gzip

    from build_tools.source import loader
    from build_tools.outputs.questionnaire import page as render_questionnaire
    from build_tools.source.kinds import KINDS
    from build_tools.source.model import Flow

    flows = [(f"generated, {n} questions", synthetic.questions_flow_yaml(n), Path("synthetic-questions.yml"))
             for n in SIZES]
    root = Path(__file__).resolve().parent.parent / "flows"
    flows += [(path.stem, path.read_text(encoding="utf-8"), path) for path in sorted(root.glob("*.yml"))]
    rows = []
    for name, text, path in flows:
        flow = Flow.model_validate(loader.load_text(path, text).data)
        questions = sum(KINDS[n.kind].answered for n in flow.nodes)
        try:
            html = render_questionnaire.render(flow).encode("utf-8")
        except ValueError as exc:
            rows.append((name, questions, f"not built: {exc}"))
            continue
        packed = len(gzip.compress(html, compresslevel=9, mtime=0))
        ok = "yes" if packed <= BUDGET_GZIP and len(html) <= BUDGET_RAW else "NO"
        rows.append((name, questions, f"{len(html):,} | {packed:,} | {ok}"))
    return rows


def main() -> int:
    print("| flow | questions | raw bytes | gzip bytes | within budget |")
    print("|---|---|---|---|---|")
    for name, questions, cells in measure():
        print(f"| {name} | {questions} | {cells} |" if "|" in cells else f"| {name} | {questions} | {cells} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
