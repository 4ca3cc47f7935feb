# coop: Odoo 18 Community addons for self-governed organisations.
# make run   - Odoo with every coop addon and demo data on http://localhost:8069
# make test  - every test on a fresh throw-away database; ends with "N passed, M failed"
# make screenshots - PNGs of the main screens (desktop, phone) into docs/screenshots/
SHELL := /bin/bash
.PHONY: setup run reset test lint bench bridge screenshots

setup:
	@bash scripts/setup.sh

run:
	@bash scripts/run.sh

reset:
	@bash scripts/run.sh --reset

test:
	@bash scripts/test.sh

lint: setup
	@bash scripts/lint.sh

bench:
	@bash scripts/bench.sh

bridge:
	@bash scripts/bridge.sh

screenshots:
	@bash scripts/screenshots.sh
