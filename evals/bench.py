"""Latency and memory benchmark: `make bench`.

Prints medians (these machines are noisy) of:
- the demo end to end in a fresh process (cold: model loads included) and in a warm process,
  with peak RSS and the share of a run spent outside tool calls (graph, checkpoints, store);
- each op's run and verify at 1024x1024, warm.
Targets (issue 2): demo cold ≤ 10 s, replace_text warm ≤ 1.5 s, overhead ≤ 5 %, peak RSS ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.bench_ops import OP_CASES, logo_image, op_image

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


def bench_ops(runs: int) -> list[dict]:
    from model_server.backends import load_backend

    model = load_backend("embedded")
    return [bench_op_or_error(label, op, args, extras, model, runs) for label, op, args, extras in OP_CASES]


def bench_op_or_error(label: str, op: str, args: dict, extras: int, model, runs: int) -> dict:
    """One op's row; an op that raises is reported as such instead of ending the benchmark."""
    from model_server.errors import VloopError
    from tools.base import StepFailed

    try:
        return bench_op(label, op, args, extras, model, runs)
    except (VloopError, StepFailed, NotImplementedError) as exc:
        return {"op": label, "error": f"{type(exc).__name__}: {exc}"}


def bench_op(label: str, op: str, args: dict, extras: int, model, runs: int) -> dict:
    """Median run and verify times of one op. Each sample edits a copy with one pixel changed,
    so the backend's and the regions' per-image caches cannot serve it: warm models, new image."""
    from tools import TOOLS
    from tools.base import StepContext

    tool = TOOLS[op]
    inp = tool.input_model.model_validate(args)

    def context(sample: int) -> StepContext:
        return StepContext(image=nudged(op_image(), sample), model=model,
                           extra_images=[logo_image()] * extras)

    warm = context(255)
    tool.verify(inp, warm, tool.run(inp, warm))  # loads what the op needs
    run_times, verify_times, passed = [], [], True
    for sample in range(runs):
        ctx = context(sample)
        started = time.perf_counter()
        output = tool.run(inp, ctx)
        middle = time.perf_counter()
        passed &= tool.verify(inp, ctx, output).passed
        run_times.append(middle - started)
        verify_times.append(time.perf_counter() - middle)
    run_s, verify_s = statistics.median(run_times), statistics.median(verify_times)
    return {"op": label, "run_s": run_s, "verify_s": verify_s, "total_s": run_s + verify_s,
            "verified": passed}


def nudged(image, sample: int):
    """A copy of `image` whose top-left pixel encodes `sample`."""
    copy = image.copy()
    copy.putpixel((0, 0), (sample % 256, 7, 11))
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="samples per median")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    cold = [demo_cold_once() for _ in range(args.runs)]
    cold_s = statistics.median(c[0] for c in cold)
    peak_mb = max(c[1] for c in cold)
    warm = demo_warm(args.runs)
    ops = bench_ops(max(3, args.runs))
    results = {"demo_cold_s": cold_s, "demo_warm_s": warm["median_s"], "overhead": warm["overhead"],
               "peak_rss_mb": peak_mb, "demo_statuses": warm["statuses"], "ops": ops,
               "self_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def print_table(r: dict) -> None:
    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"{'measure':34} {'median':>10}  target")
    cold = r["demo_cold_s"]
    print(f"{'demo, cold (new process)':34} {cold:9.2f}s  ≤ 10 s {verdict(cold <= 10)}")
    print(f"{'demo, warm':34} {r['demo_warm_s']:9.2f}s")
    print(f"{'time outside tool calls':34} {r['overhead']:9.1%}   ≤ 5 % {verdict(r['overhead'] <= 0.05)}")
    print(f"{'peak RSS, cold demo':34} {r['peak_rss_mb']:8.0f}MB  ≤ 2048 MB "
          f"{verdict(r['peak_rss_mb'] <= 2048)}")
    print(f"demo step statuses: {r['demo_statuses']}")
    print(f"\n{'op @1024x1024, warm':30} {'run':>8} {'verify':>8} {'total':>8}  verified  target")
    for row in r["ops"]:
        if "error" in row:
            print(f"{row['op']:30} {row['error'][:70]}")
            continue
        limit = 1.5 if row["op"] == "replace_text" else 2.0
        note = f"≤ {limit} s {verdict(row['total_s'] <= limit)}"
        print(f"{row['op']:30} {row['run_s']:7.2f}s {row['verify_s']:7.2f}s {row['total_s']:7.2f}s  "
              f"{str(row['verified']):8}  {note}")


if __name__ == "__main__":
    main()
