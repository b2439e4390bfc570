"""`vloop ui` (binds 127.0.0.1, no share link, gradio imported only by this command) and
`vloop memory list | delete ID | clear`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psutil

from agent.runner import Runner
from agent.settings import Settings
from tests.ui.conftest import free_port
from ui.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]


def test_ui_defaults_to_loopback_without_share():
    args = build_parser().parse_args(["ui"])
    assert (args.host, args.port, args.share) == ("127.0.0.1", 7860, False)


def test_the_cli_does_not_import_gradio():
    code = "import sys, ui.cli; print('gradio' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_vloop_ui_serves_on_loopback_only(tmp_path):
    port = free_port()
    env = {**os.environ, "VLOOP_HOME": str(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "ui", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in proc.stdout:  # until the server says it is up
            lines.append(line)
            if "Running on local URL" in line:
                break
        assert f"http://127.0.0.1:{port}" in "".join(lines), lines
        listening = [c.laddr for c in psutil.Process(proc.pid).net_connections("inet")
                     if c.status == psutil.CONN_LISTEN]
        assert listening and {addr.ip for addr in listening} == {"127.0.0.1"}
        assert "gradio.live" not in "".join(lines)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_memory_list_delete_and_clear(tmp_path, capsys):
    home = tmp_path / "home"
    runner = Runner(Settings(home=home))
    kept = runner.tell("以后背景都用白色")
    gone = runner.tell("our brand blue is #1E6FFF")
    assert kept and gone

    assert main(["--home", str(home), "memory", "list"]) == 0
    listed = capsys.readouterr().out
    assert "以后背景都用白色" in listed and "#1E6FFF" in listed

    assert main(["--home", str(home), "memory", "delete", str(gone.id)]) == 0
    assert [item.id for item in runner.memory.list()] == [kept.id]
    assert main(["--home", str(home), "memory", "delete", str(gone.id)]) == 2
    assert "no memory item" in capsys.readouterr().err

    assert main(["--home", str(home), "memory", "clear"]) == 0
    assert runner.memory.list() == []
