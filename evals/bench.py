"""Latency and memory benchmark: `make bench`.

Prints medians (these machines are noisy) of:
- the demo end to end in a fresh process (cold: model loads included) and in a warm process,
  with peak RSS and the share of a run spent outside tool calls (graph, checkpoints, store);
- each op's run and verify at 1024x1024, warm, and `vloop check` of a five-assertion spec.
Targets (issue 2): demo cold ≤ 10 s, replace_text warm ≤ 1.5 s, overhead ≤ 5 %, peak RSS ≤ 2 GB.
Targets (issue 4): each perception op ≤ 1 s on a photo without much text; the check ≤ 3 s.

`--only WORD` times only the rows whose label holds WORD (repeatable; "demo" selects the demo).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.bench_ops import CHECK_LIMIT, CHECK_SPEC, OP_CASES, OpCase, banner, image, logo_image

ROOT = Path(__file__).resolve().parents[1]


def demo_cold_once() -> tuple[float, float]:
    """Seconds and peak RSS (MB) of `vloop demo` in a new process with an empty state folder."""
    with tempfile.TemporaryDirectory() as home:
        started = time.perf_counter()
        code = (
            "import resource, sys; from ui.cli import main; code = main(['--home', sys.argv[1], 'demo', "
            "'--out', sys.argv[1] + '/demo']); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
        )
        done = subprocess.run([sys.executable, "-c", code, home], cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if done.returncode not in (0, 1):
            raise RuntimeError(f"demo crashed: {done.stderr[-2000:]}")
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        return seconds, peak_kb / 1024


def demo_warm(runs: int) -> dict:
    """Run the demo in this process `runs` + 1 times; the first loads the models."""
    from agent.runner import Runner
    from agent.settings import Settings
    from ui.demo import DEMO_INSTRUCTION, demo_image

    with tempfile.TemporaryDirectory() as home:
        runner = Runner(Settings(home=Path(home)))
        runner.edit([demo_image()], DEMO_INSTRUCTION)
        totals, overheads = [], []
        for _ in range(runs):
            report = runner.edit([demo_image()], DEMO_INSTRUCTION).report
            in_steps = sum(s.seconds for s in report.steps)
            totals.append(report.seconds)
            overheads.append((report.seconds - in_steps) / report.seconds)
        statuses = [s.status for s in report.steps]
    return {"median_s": statistics.median(totals), "overhead": statistics.median(overheads),
            "statuses": statuses}


def bench_ops(cases: list[OpCase], runs: int) -> list[dict]:
    from model_server.backends import load_backend

    model = load_backend("embedded")
    return [bench_op_or_error(case, model, runs) for case in cases]


def bench_op_or_error(case: OpCase, model, runs: int) -> dict:
    """One op's row; an op that raises is reported as such instead of ending the benchmark."""
    from model_server.errors import VloopError
    from tools.base import StepFailed

    try:
        return bench_op(case, model, runs)
    except (VloopError, StepFailed, NotImplementedError) as exc:
        return {"op": case.label, "error": f"{type(exc).__name__}: {exc}"}


def bench_op(case: OpCase, model, runs: int) -> dict:
    """Median run and verify times of one op. Each sample edits a copy with one pixel changed
    (by sample and row), so the backend's and the regions' per-image caches cannot serve it,
    not even from another row on the same image: warm models, new image."""
    from tools import TOOLS
    from tools.base import StepContext

    tool = TOOLS[case.op]
    inp = tool.input_model.model_validate(case.args)

    row = OP_CASES.index(case) if case in OP_CASES else 255

    def context(sample: int) -> StepContext:
        return StepContext(image=nudged(image(case.image), sample, row), model=model,
                           extra_images=[logo_image()] * case.extras)

    warm = context(255)
    tool.verify(inp, warm, tool.run(inp, warm))  # loads what the op needs
    run_times, verify_times, cpu_times, passed = [], [], [], True
    for sample in range(runs):
        ctx = context(sample)
        cpu, started = time.process_time(), time.perf_counter()
        output = tool.run(inp, ctx)
        middle = time.perf_counter()
        passed &= tool.verify(inp, ctx, output).passed
        run_times.append(middle - started)
        verify_times.append(time.perf_counter() - middle)
        cpu_times.append(time.process_time() - cpu)
    return _row(case.label, (run_times, verify_times, cpu_times), passed, case.limit)


def bench_check(runs: int) -> dict:
    """`vloop check` of CHECK_SPEC on the banner, warm, each sample on a new image; all five
    assertions must pass. The run column is the spec's parsing, verify the checking."""
    from model_server.backends import load_backend
    from tools.qa.run import check_image
    from tools.qa.spec import parse_spec

    model = load_backend("embedded")
    check_image(nudged(banner(), 255), parse_spec(CHECK_SPEC), model)  # loads the models
    parse_times, check_times, cpu_times, passed = [], [], [], True
    for sample in range(runs):
        cpu, started = time.process_time(), time.perf_counter()
        assertions = parse_spec(CHECK_SPEC)
        middle = time.perf_counter()
        results = check_image(nudged(banner(), sample), assertions, model)
        passed &= len(results) == 5 and all(r.passed for r in results)
        parse_times.append(middle - started)
        check_times.append(time.perf_counter() - middle)
        cpu_times.append(time.process_time() - cpu)
    return _row("check, 5 assertions (banner)", (parse_times, check_times, cpu_times), passed, CHECK_LIMIT)


def _row(label: str, times: tuple[list[float], list[float], list[float]], passed: bool,
         limit: float | None) -> dict:
    """Medians of run, verify, their sum and the CPU time (all threads: less noisy than wall
    time on a shared machine, but it counts the OCR runtime's two threads twice)."""
    run_times, verify_times, cpu_times = times
    total_s = statistics.median(r + v for r, v in zip(run_times, verify_times, strict=True))
    return {"op": label, "run_s": statistics.median(run_times), "verify_s": statistics.median(verify_times),
            "total_s": total_s, "cpu_s": statistics.median(cpu_times), "verified": passed, "limit_s": limit}


def selected(label: str, only: list[str] | None) -> bool:
    return not only or any(word.lower() in label.lower() for word in only)


def nudged(image, sample: int, row: int = 254):
    """A copy of `image` whose top-left pixel encodes `sample` and the benchmark's `row`."""
    copy = image.copy()
    copy.putpixel((0, 0), (sample % 256, row % 256, 11))
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="samples per median")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--only", action="append", metavar="WORD",
                        help="only rows whose label holds WORD (repeatable); 'demo' selects the demo")
    args = parser.parse_args()

    results: dict = {"load_before": _load()}
    if selected("demo", args.only):
        results |= bench_demo(args.runs)
    cases = [c for c in OP_CASES if selected(c.label, args.only)]
    results["ops"] = bench_ops(cases, max(3, args.runs)) if cases else []
    if selected("check", args.only):
        results["ops"].append(bench_check(max(3, args.runs)))
    results["load_after"] = _load()
    results["self_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def bench_demo(runs: int) -> dict:
    cold = [demo_cold_once() for _ in range(runs)]
    warm = demo_warm(runs)
    return {"demo_cold_s": statistics.median(c[0] for c in cold), "demo_warm_s": warm["median_s"],
            "overhead": warm["overhead"], "peak_rss_mb": max(c[1] for c in cold),
            "demo_statuses": warm["statuses"]}


def _load() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared, so timings need them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def print_table(r: dict) -> None:
    print(f"load average before {r['load_before']}, after {r['load_after']} (2 cores)")
    if "demo_cold_s" in r:
        print_demo(r)
    print(f"\n{'op @1024x1024, warm':36} {'run':>8} {'verify':>8} {'total':>8} {'cpu':>8}  verified  target")
    for row in r["ops"]:
        if "error" in row:
            print(f"{row['op']:36} {row['error'][:70]}")
            continue
        limit = row["limit_s"]
        note = f"≤ {limit:g} s {_verdict(row['total_s'] <= limit)}" if limit else ""
        print(f"{row['op']:36} {row['run_s']:7.2f}s {row['verify_s']:7.2f}s {row['total_s']:7.2f}s "
              f"{row['cpu_s']:7.2f}s  {str(row['verified']):8}  {note}")


def print_demo(r: dict) -> None:
    print(f"{'measure':36} {'median':>10}  target")
    cold = r["demo_cold_s"]
    print(f"{'demo, cold (new process)':36} {cold:9.2f}s  ≤ 10 s {_verdict(cold <= 10)}")
    print(f"{'demo, warm':36} {r['demo_warm_s']:9.2f}s")
    print(f"{'time outside tool calls':36} {r['overhead']:9.1%}   ≤ 5 % {_verdict(r['overhead'] <= 0.05)}")
    print(f"{'peak RSS, cold demo':36} {r['peak_rss_mb']:8.0f}MB  ≤ 2048 MB "
          f"{_verdict(r['peak_rss_mb'] <= 2048)}")
    print(f"demo step statuses: {r['demo_statuses']}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


if __name__ == "__main__":
    main()
