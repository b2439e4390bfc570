"""ComplexBench-Edit as a planner benchmark: `make planner-bench`.

Each request's lines are joined into one sentence, planned by the rule-based planner, and the
plan is scored against the request's `edit pair` annotations:

- step count: the plan has as many steps as the request has edits (per request);
- op: step k's op is the one its edit type means (per step, by position):

  | edit_type | op |
  |---|---|
  | change object | replace_object |
  | add object | add_object |
  | delete object | remove_object |
  | change background | replace_background (a colour, gradient, blur, another image), or      |
  |  | replace_object on the background (a scene: only a generative edit can paint one) |
  | change style | stylize |
  | color | recolor |
  | material | change_material |
  | content (a pattern, screen, time, topping) | replace_object: a generative edit of the |
  |  | object, the attribute in its instruction |
  | text | replace_text |
  | pose | change_pose |
  | chain two | the op of the line's verb ("add ..." -> add_object) |

- target: the step acts on the annotated "ori obj" (its target or anchor, as named or in
  canonical form, or the owner in "the person's shirt"; a "step:sN" target counts as what sN
  made). For add object, the object added is the annotated new object; for chain two, the step
  acts on the previous step ("step:s<k-1>"); background and style edits act on the background
  and the whole image;
- chain: in a request with a "chain two" edit, that step depends on the step before it.

Lines are joined with ", ", " and " or " then ", rotating by request and line index, with a
line's final full stop dropped. Errors go to evals/results/complexbench-<subset>.jsonl.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from agent.state import Plan, Step
from evals.complexbench_names import owners, same_thing

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("/work/shared/data/complexbench-edit")
RESULTS = ROOT / "evals" / "results"
SUBSETS = ("COCO-obj-attr-global", "COCO-three-obj", "COCO-two-obj-one-attr", "two-chain",
           "three-chain")
JOINERS = (", ", " and ", " then ")
OPS: dict[str, set[str]] = {
    "change object": {"replace_object"}, "add object": {"add_object"},
    "delete object": {"remove_object"}, "change background": {"replace_background", "replace_object"},
    "change style": {"stylize"}, "color": {"recolor"}, "material": {"change_material"},
    "content": {"replace_object"}, "text": {"replace_text"}, "pose": {"change_pose"},
}
CHAIN_VERBS: list[tuple[str, str]] = [
    (r"^(?:add|put|place|insert)\b", "add_object"), (r"^(?:remove|delete|erase)\b", "remove_object"),
    (r"\bcolou?r\b", "recolor"), (r"\bmaterial\b", "change_material"), (r"\bpose\b", "change_pose"),
    (r"\btext\b", "replace_text"), (r"", "replace_object"),
]


@dataclass(frozen=True)
class Case:
    """One request: its id, lines and annotated edits."""

    id: str
    lines: list[str]
    pairs: list[dict]


@dataclass
class CaseScore:
    count_ok: bool
    ops: list[bool]
    targets: list[bool]
    chain: bool | None  # None: the request has no chained edit

    def failed(self) -> list[str]:
        names = [("step_count", self.count_ok), ("op", all(self.ops)), ("target", all(self.targets)),
                 ("chain", self.chain is not False)]
        return [name for name, ok in names if not ok]


@dataclass
class SubsetScore:
    name: str
    cases: list[CaseScore] = field(default_factory=list)

    def row(self) -> list[str]:
        ops = [ok for c in self.cases for ok in c.ops]
        targets = [ok for c in self.cases for ok in c.targets]
        chains = [c.chain for c in self.cases if c.chain is not None]
        return [self.name, str(len(self.cases)), _pct([c.count_ok for c in self.cases]), _pct(ops),
                _pct(targets), _pct(chains) if chains else "—"]


def _pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.1f}%" if flags else "—"


def load(path: Path) -> list[Case]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Case(key, value["new_ins"].split("\r\n"), value["edit pair"]) for key, value in data.items()]


def sentence(lines: list[str], index: int) -> str:
    """The lines as one sentence, joined by ", " / " and " / " then " in rotation."""
    parts = [re.sub(r"\s+", " ", line).strip().rstrip(".").strip() for line in lines]
    text = parts[0]
    for j, part in enumerate(parts[1:], start=1):
        text += JOINERS[(index + j) % len(JOINERS)] + part
    return text


def expected_ops(pair: dict, line: str) -> set[str]:
    if pair["edit_type"] != "chain two":
        return OPS[pair["edit_type"]]
    low = line.strip().lower()
    return {next(op for pattern, op in CHAIN_VERBS if re.search(pattern, low))}


def _by_id(steps: list[Step]) -> dict[str, Step]:
    return {s.id: s for s in steps}


def product_names(step: Step, steps: list[Step]) -> list[str]:
    """The names of what a step made: the sticker or object added, the new object, else the
    thing it changed."""
    if step.op == "add_object" and step.args.get("object"):
        return [str(step.args["object"])]
    if step.op == "replace_object" and step.args.get("new"):
        return [str(step.args["new"])]
    return target_names(step, steps)


def target_names(step: Step, steps: list[Step]) -> list[str]:
    """Every name a step's target goes by."""
    names = owners(step.target) if step.target else []
    for key in ("target", "anchor"):
        value = step.args.get(key)
        if not isinstance(value, str):
            continue
        if value.startswith("step:") and value[5:] in _by_id(steps):
            names += product_names(_by_id(steps)[value[5:]], steps)
        else:
            names += owners(value.split(":", 1)[-1])
    return names


def _slot(step: Step) -> str | None:
    value = step.args.get("anchor") or step.args.get("target")
    return value if isinstance(value, str) else None


def target_right(pair: dict, k: int, steps: list[Step]) -> bool:
    step = steps[k]
    kind = pair["edit_type"]
    if kind == "change background":
        return step.op == "replace_background" or step.args.get("target") == "background"
    if kind == "change style":
        return step.args.get("target") in (None, "image")
    if kind == "chain two":
        return k > 0 and _slot(step) == f"step:{steps[k - 1].id}"
    if kind == "add object":
        return same_thing(pair["new_obj"], str(step.args.get("object", "")))
    return any(same_thing(pair["ori obj"], name) for name in target_names(step, steps))


def score_case(case: Case, plan: Plan) -> CaseScore:
    steps = plan.steps
    ops, targets = [], []
    for k, (pair, line) in enumerate(zip(case.pairs, case.lines, strict=False)):
        if k >= len(steps):
            ops.append(False)
            targets.append(False)
            continue
        ops.append(steps[k].op in expected_ops(pair, line))
        targets.append(target_right(pair, k, steps))
    chained = [k for k, p in enumerate(case.pairs) if p["edit_type"] == "chain two"]
    chain = None
    if chained:
        chain = all(0 < k < len(steps) and steps[k - 1].id in steps[k].depends_on for k in chained)
    return CaseScore(len(steps) == len(case.pairs), ops, targets, chain)


def error_record(case: Case, index: int, plan: Plan, score: CaseScore) -> dict:
    expected = [{"edit_type": p["edit_type"], "ori_obj": p["ori obj"], "new_obj": p["new_obj"],
                 "ops": sorted(expected_ops(p, line))}
                for p, line in zip(case.pairs, case.lines, strict=False)]
    planned = [s.model_dump(include={"id", "op", "args", "target", "depends_on", "reason"})
               for s in plan.steps]
    return {"id": case.id, "sentence": sentence(case.lines, index), "expected": expected,
            "planned": planned, "failed": score.failed(), "ops": score.ops, "targets": score.targets}


def score_subset(name: str, cases: list[Case],
                 planner: Callable[[str], Plan]) -> tuple[SubsetScore, list[dict]]:
    """Scores for one subset and an error record for every request with a failed metric."""
    result, errors = SubsetScore(name), []
    for index, case in enumerate(cases):
        plan = planner(sentence(case.lines, index))
        score = score_case(case, plan)
        result.cases.append(score)
        if score.failed():
            errors.append(error_record(case, index, plan, score))
    return result, errors


def table(scores: Iterable[SubsetScore]) -> str:
    header = ["subset", "requests", "step count", "op", "target", "chain"]
    rows = [header, ["---"] * len(header), *(s.row() for s in scores)]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def main(argv: list[str] | None = None) -> int:
    from agent.planner import plan

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the subset .json files")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the error files go")
    parser.add_argument("--subset", action="append", choices=SUBSETS, help="only these (repeatable)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    scores = []
    for name in args.subset or SUBSETS:
        score, errors = score_subset(name, load(args.data / f"{name}.json"), plan)
        scores.append(score)
        with (args.out / f"complexbench-{name}.jsonl").open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in errors)
    print(table(scores))
    print(f"\nper-case errors: {args.out}/complexbench-<subset>.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
