#!/usr/bin/env bash
# The artefacts a user installs (`make package`), built from this checkout, per architecture
# in HUGFLOW_AGENT_ARCHS (default: x86_64; the release workflow adds aarch64):
#   - hugflow-<version>-<arch>-linux.tar.gz    the CLI: binary, README, completions, man pages
#   - hugflow-server_<version>_<debarch>.deb   the CLI for servers, the same files in place
#   - Hugflow_<version>_amd64.deb, .rpm         the desktop app, every agent inside
# The `hugflow` in all of them is one portable build per architecture: linked against glibc
# 2.28 (RHEL 8; DGX OS and Ubuntu 22.04 have newer) by zig through cargo-zigbuild, TLS and
# D-Bus built in, so a host needs nothing else. `make test` runs this with `debug` (the same
# steps on the dev profile, minutes faster) and checks what comes out (tests/package.rs).
#
# Usage: scripts/package.sh release|debug   (tools: `make deps-package` puts them in target/tools)
set -euo pipefail

profile=${1:?usage: scripts/package.sh release|debug}
case "$profile" in
    release) cargo_profile=(--release) tauri_profile=() ;;
    debug) cargo_profile=() tauri_profile=(--debug) ;;
    *) echo "scripts/package.sh: profile must be release or debug, not '$profile'" >&2; exit 2 ;;
esac
read -r -a archs <<<"${HUGFLOW_AGENT_ARCHS:-x86_64}"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools=$root/target/tools
out=$root/target/package/$profile
stage=$out/stage
# Which glibc the agent may need at most; tests/package.rs reads the same file.
glibc=$(cat scripts/glibc-baseline)
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)

# zig from the venv's `python3 -m ziglang`, cargo-zigbuild from target/tools/bin.
export PATH=$tools/venv/bin:$tools/bin:$PATH
for tool in cargo-zigbuild "$tools/tauri-cli/node_modules/.bin/tauri" dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "missing $tool: run make deps-package" >&2; exit 1; }
done

step() { printf '\n==> %s\n' "$*"; }
debian_arch() {
    case "$1" in
        x86_64) echo amd64 ;;
        aarch64) echo arm64 ;;
        *) echo "scripts/package.sh: no Debian name for $1 (HUGFLOW_AGENT_ARCHS)" >&2; exit 2 ;;
    esac
}

rm -rf "$out"
mkdir -p "$stage"

for arch in "${archs[@]}"; do
    debian_arch "$arch" >/dev/null
    step "the portable agent for $arch (glibc $glibc, $profile)"
    # Its own target dir: the zig linker and cross flags would otherwise rebuild the host's
    # artefacts every time the two builds alternate.
    CARGO_TARGET_DIR=$root/target/agent cargo zigbuild --locked "${cargo_profile[@]}" \
        -p hugflow-cli --bin hugflow --target "$arch-unknown-linux-gnu.$glibc"
    install -Dm755 "target/agent/$arch-unknown-linux-gnu/$profile/hugflow" \
        "$stage/agent/linux-$arch/hugflow"
done

step "completions and man pages"
# Written by the build this machine can run; they are the same for every architecture.
native=$stage/agent/linux-$(uname -m)/hugflow
[ -x "$native" ] || { echo "HUGFLOW_AGENT_ARCHS must include $(uname -m), this machine's" >&2; exit 2; }
"$native" --version
extras=$stage/extras
mkdir -p "$extras/completions" "$extras/man"
"$native" completions bash >"$extras/completions/hugflow.bash"
"$native" completions zsh >"$extras/completions/_hugflow"
"$native" completions fish >"$extras/completions/hugflow.fish"
"$native" man --out-dir "$extras/man"

for arch in "${archs[@]}"; do
    agent=$stage/agent/linux-$arch/hugflow

    step "the CLI tarball for $arch"
    name=hugflow-$version-$arch-linux
    mkdir -p "$stage/$name"
    cp "$agent" README.md "$stage/$name/"
    cp -r "$extras/completions" "$extras/man" "$stage/$name/"
    tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out/$name.tar.gz" "$name"

    step "the server .deb for $arch"
    # Named hugflow-server_… although its package is `hugflow`: the desktop's is Hugflow_…,
    # and two names that differ only in case confuse people and GitHub's release assets.
    deb=$stage/server-deb-$arch
    darch=$(debian_arch "$arch")
    install -Dm755 "$agent" "$deb/usr/bin/hugflow"
    install -Dm644 "$extras/completions/hugflow.bash" "$deb/usr/share/bash-completion/completions/hugflow"
    install -Dm644 "$extras/completions/_hugflow" "$deb/usr/share/zsh/vendor-completions/_hugflow"
    install -Dm644 "$extras/completions/hugflow.fish" "$deb/usr/share/fish/vendor_completions.d/hugflow.fish"
    mkdir -p "$deb/usr/share/man/man1"
    for page in "$extras"/man/*.1; do gzip -9n <"$page" >"$deb/usr/share/man/man1/$(basename "$page").gz"; done
    install -Dm644 README.md "$deb/usr/share/doc/hugflow/README.md"
    mkdir -p "$deb/DEBIAN"
    cat >"$deb/DEBIAN/control" <<EOF
Package: hugflow
Version: $version
Architecture: $darch
Maintainer: Hugflow <hugflow@users.noreply.github.com>
Depends: libc6 (>= $glibc)
Recommends: git, openssh-server
Section: utils
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$deb" | cut -f1)
Description: Hugflow engine and CLI for HGX servers
 Manages a team's training datasets on GPU servers: request YAML, validation,
 storage layout, state manifests, resumable parallel Hugging Face downloads,
 sync --ci-mode for a GitOps repository, the retrain orchestrator, and the
 JSON answers Hugflow Desktop reads over SSH.
EOF
    dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/hugflow-server_${version}_$darch.deb" >/dev/null
done

step "the desktop bundles (the agents as resources)"
# A config overlay rather than a resource in tauri.conf.json: a plain `cargo build` of the
# desktop (make run, the tests) must not need the agent built first. The config sits at the
# top level (DESIGN §6) and src-tauri/ links to it; the CLI works from src-tauri/ and would
# look for `ui/dist` and `icons/` below it, so the overlay names them absolutely.
resources=$(for arch in "${archs[@]}"; do
    printf '"%s": "agent/linux-%s/hugflow",' "$stage/agent/linux-$arch/hugflow" "$arch"
done)
cat >"$stage/tauri-package.json" <<EOF
{
  "build": { "frontendDist": "$root/ui/dist" },
  "bundle": {
    "icon": ["$root/icons/32x32.png", "$root/icons/128x128.png", "$root/icons/128x128@2x.png"],
    "resources": { ${resources%,} }
  }
}
EOF
TAURI_APP_PATH=$root/src-tauri "$tools/tauri-cli/node_modules/.bin/tauri" build --ci \
    "${tauri_profile[@]}" --bundles deb,rpm --config "$stage/tauri-package.json"
cp "target/$profile/bundle/deb/Hugflow_${version}_amd64.deb" "$out/"
cp "target/$profile/bundle/rpm/Hugflow-${version}-1.x86_64.rpm" "$out/"

step "artefacts"
for file in "$out"/*.tar.gz "$out"/*.deb "$out"/*.rpm; do
    printf '%8s  %s\n' "$(du -h "$file" | cut -f1)" "$file"
done
