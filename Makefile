# `make demo` and `make test` create the virtual environment when it is missing.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv browser demo test lint bench planner-bench memory-bench app-bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	# CPU torch first, so nothing pulls a multi-GB CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	# mediapipe 0.10.21 is the newest release that ships its .tflite models; its declared
	# dependencies (numpy<2, jax, opencv-contrib) are not needed for the solutions we use.
	$(PY) -m pip install --quiet --no-deps mediapipe==0.10.21
	touch $(STAMP)

# The app's browser tests drive Debian's Chromium headless (Playwright, executable /usr/bin/chromium).
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; }

demo: $(STAMP)
	$(VENV)/bin/vloop demo

test: $(STAMP) browser
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check agent tools model_server memory ui tests evals

bench: $(STAMP)
	$(PY) -m evals.bench

planner-bench: $(STAMP)
	$(PY) -m evals.complexbench

memory-bench: $(STAMP)
	$(PY) -m evals.memory_bench

app-bench: $(STAMP) browser
	$(PY) -m evals.app_bench

clean:
	rm -rf $(VENV) vloop-demo .pytest_cache
