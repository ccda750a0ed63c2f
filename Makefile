# 党建品牌展示站 — the commands of the README. Each sets up what it needs on a fresh Debian machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve bench bench-scale system-deps pagefind clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

system-deps:
	@tools/system-deps.sh

## Pagefind 1.6.0's binary in .venv/bin (PyPI has 1.5.2 only; see README 中文搜索)
pagefind: system-deps $(STAMP)
	@tools/pagefind.sh $(BIN)

## make site: build the example site into site/ (replaced only when the whole build succeeded)
site: system-deps $(STAMP) pagefind
	$(BIN)/brandsite brochure
	$(BIN)/brandsite build --strict

## make test: the whole test suite (browser and PDF tests included)
test: system-deps $(STAMP) pagefind
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## make serve: live preview on http://127.0.0.1:8000/ plus the path of site_url (PORT=8001 to change the port)
PORT ?= 8000
SERVE_PATH = $(shell sed -n 's|^site_url: *https*://[^/]*||p' mkdocs.yml)
serve: system-deps $(STAMP) pagefind
	@echo "本机预览：请在浏览器打开 http://127.0.0.1:$(PORT)$(or $(SERVE_PATH),/)"
	@echo "修改 brands 里的档案并保存后，页面会在一两秒内自动刷新；档案有错误时，错误会显示在页面顶部。按 Ctrl+C 停止预览。"
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

## make bench: performance figures, written to BENCHMARKS.md
bench: system-deps $(STAMP) pagefind
	$(BIN)/pip install --quiet -e '.[bench]'
	flock /tmp/brandsite-bench.lock $(BIN)/python -m benchmarks

## make bench-scale: 2,000 and 10,000 generated brands beside plain Material, written to BENCHMARKS-scale.md
## (most of an hour on two cores; not in CI, not in make bench)
bench-scale: system-deps $(STAMP) pagefind
	$(BIN)/pip install --quiet -e '.[bench]'
	cd benchmarks && flock /tmp/brandsite-bench.lock ../$(BIN)/python bench_scale.py

clean:
	rm -rf site .site.new-* .site.old-* .cache test-artifacts
