#!/usr/bin/env python3
"""Start-up and memory of Hugflow Desktop against a minimal Tauri window (`make bench-startup`).

Each run launches the app on a profile whose catalogue holds N generated datasets (default
500,000) and whose first-run setup is done, so it opens on the catalogue page, then the peer,
a minimal Tauri v2 window (bench/minimal-window, one static line; the floor any Tauri app pays),
alternating, and measures for each:

- first paint: from launch (just before the exec) to the wall-clock time the page said it had
  painted (Hugflow: the "first page painted unix_ms=..." line of its log file, which the UI
  asks for two animation frames after React's first commit; the peer prints the same line on
  stdout from its page);
- memory after IDLE seconds (default 30) idle on that page: PSS (from /proc/<pid>/smaps_rollup)
  and RSS of the whole process tree, the app and every descendant (WebKit's web and network
  processes), per process and in total.

It prints medians and maxima, the ratios against the peer of the same run, and the targets
(first paint < 1 s; idle PSS < 200 MB and <= 1.5x the minimal window), without failing on them.

Run it under a display and a D-Bus session, as the Makefile does:
    xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- python3 bench/startup.py

Environment:
    BENCH_DESKTOP=PATH    the desktop binary to measure (default: usr/bin/hugflow-desktop of
                          target/package/release/Hugflow_<version>_amd64.deb, unpacked)
    BENCH_PEER=PATH       the minimal window (default target/bench-window/release/minimal-window)
    BENCH_SEEDER=PATH     the profile seeder (default target/debug/examples/seed_profile)
    BENCH_DATASETS=N      catalogue size (500000)
    BENCH_RUNS=N          runs of each app (5)
    BENCH_IDLE=S          idle seconds before the memory is read (30)
    BENCH_ENV="K=V ..."   extra environment for both apps (e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1)
    BENCH_KEEP=DIR        keep the seeded profile in DIR and reuse it when it is there
"""

import glob
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IDENTIFIER = "dev.hugflow.desktop"
PAINTED = re.compile(r"first page painted.*?unix_ms=(\d+)(?:.*?since_start_ms=(\d+))?(?:.*?page_ms=(\d+))?")
MIB = 1024 * 1024
TARGET_PAINT_S = 1.0
TARGET_PSS_BYTES = 200e6
TARGET_PSS_RATIO = 1.5


def env_int(name, default):
    return int(os.environ.get(name) or default)


def say(text=""):
    print(text, flush=True)


def desktop_binary(work):
    given = os.environ.get("BENCH_DESKTOP")
    if given:
        return os.path.abspath(given), given
    debs = sorted(glob.glob(os.path.join(ROOT, "target/package/release/Hugflow_*_amd64.deb")))
    if not debs:
        sys.exit(
            "bench/startup.py: no target/package/release/Hugflow_<version>_amd64.deb: run `make package` "
            "first (or set BENCH_DESKTOP=target/debug/hugflow-desktop to try the bench on a debug build)"
        )
    unpacked = os.path.join(work, "deb")
    subprocess.run(["dpkg-deb", "-x", debs[-1], unpacked], check=True)
    return os.path.join(unpacked, "usr/bin/hugflow-desktop"), os.path.relpath(debs[-1], ROOT)


def peer_binary():
    path = os.environ.get("BENCH_PEER") or os.path.join(ROOT, "target/bench-window/release/minimal-window")
    if not os.access(path, os.X_OK):
        sys.exit(f"bench/startup.py: no minimal window at {path}: `make bench-startup` builds it")
    return path


def seeded_profile(work, datasets):
    """A data home whose app dir holds the seeded catalogue and the setup recorded as done."""
    keep = os.environ.get("BENCH_KEEP")
    data = os.path.abspath(keep) if keep else os.path.join(work, "data")
    app_dir = os.path.join(data, IDENTIFIER)
    done = os.path.join(data, f"seeded-{datasets}")
    if os.path.exists(done):
        say(f"profile: reusing {data} ({datasets} datasets)")
        return data
    seeder = os.environ.get("BENCH_SEEDER") or os.path.join(ROOT, "target/debug/examples/seed_profile")
    if not os.access(seeder, os.X_OK):
        sys.exit(f"bench/startup.py: no seeder at {seeder}: `cargo build -p hugflow-api --example seed_profile`")
    shutil.rmtree(data, ignore_errors=True)
    say(f"profile: seeding {datasets} datasets (the app's full crawl from the test Hub)…")
    subprocess.run([seeder, app_dir, str(datasets)], check=True)
    open(done, "w").close()
    return data


def extra_env():
    pairs = os.environ.get("BENCH_ENV", "").split()
    return dict(pair.split("=", 1) for pair in pairs)


def children_of(root):
    """`root` and every descendant, from each process's parent in /proc/<pid>/stat."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        parents[int(entry)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent:
                tree.append(pid)
                frontier.append(pid)
    return tree


def memory(pid):
    """(name, pss bytes, rss bytes) of one process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/comm") as f:
            name = f.read().strip()
        with open(f"/proc/{pid}/smaps_rollup") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line and not line[0].isdigit())
    except OSError:
        return None

    def kib(key):
        return int(fields.get(key, "0 kB").split()[0]) * 1024

    return name, kib("Pss"), kib("Rss")


def tree_memory(root):
    rows = [(pid, *m) for pid in children_of(root) if (m := memory(pid)) is not None]
    return rows, sum(r[2] for r in rows), sum(r[3] for r in rows)


def stop(process, pids):
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    for pid in [process.pid, *pids]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


class App:
    def __init__(self, label, binary, painted_from):
        self.label = label
        self.binary = binary
        self.painted_from = painted_from  # "log" (Hugflow's log file) or "stdout" (the peer)
        self.paints = []
        self.since_start = []
        self.in_page = []
        self.samples = []  # (rows, pss, rss) per run

    def run(self, work, data, idle, number):
        home = os.path.join(work, f"{self.label.split()[0].lower()}-home-{number}")
        os.makedirs(home)
        env = dict(os.environ)
        env.update(
            HOME=home,
            XDG_DATA_HOME=data if self.painted_from == "log" else os.path.join(home, "data"),
            XDG_CONFIG_HOME=os.path.join(home, "config"),
            XDG_CACHE_HOME=os.path.join(home, "cache"),
        )
        env.update(extra_env())
        logs = os.path.join(env["XDG_DATA_HOME"], IDENTIFIER, "logs")
        shutil.rmtree(logs, ignore_errors=True)
        out_path = os.path.join(home, "stdout.txt")
        with open(out_path, "w") as out:
            launched = time.time()
            process = subprocess.Popen(
                [self.binary], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        pids = []
        try:
            found = self.wait_painted(process, out_path, logs)
            painted_ms, since_start, in_page = found
            self.paints.append(painted_ms / 1000 - launched)
            if since_start is not None:
                self.since_start.append(since_start / 1000)
            if in_page is not None:
                self.in_page.append(in_page / 1000)
            time.sleep(max(0.0, painted_ms / 1000 + idle - time.time()))
            sample = tree_memory(process.pid)
            pids = [row[0] for row in sample[0]]
            self.samples.append(sample)
            say(
                f"  {self.label:<16} run {number}: first paint {self.paints[-1]:.3f} s, "
                f"idle PSS {sample[1] / MIB:.0f} MiB, RSS {sample[2] / MIB:.0f} MiB ({len(pids)} processes)"
            )
        finally:
            if not pids:
                pids = children_of(process.pid)
            stop(process, pids)

    def wait_painted(self, process, out_path, logs):
        deadline = time.time() + 120
        while time.time() < deadline:
            files = [out_path] if self.painted_from == "stdout" else glob.glob(os.path.join(logs, "*.log"))
            for path in files:
                with open(path, errors="replace") as f:
                    if match := PAINTED.search(f.read()):
                        since, in_page = match.group(2), match.group(3)
                        return int(match.group(1)), since and int(since), in_page and int(in_page)
            if process.poll() is not None:
                with open(out_path, errors="replace") as f:
                    tail = f.read()[-3000:]
                sys.exit(f"bench/startup.py: {self.label} exited ({process.returncode}) before painting:\n{tail}")
            time.sleep(0.02)
        sys.exit(f"bench/startup.py: {self.label} did not say it painted within 120 s (see {out_path})")

    def median_sample(self):
        ordered = sorted(self.samples, key=lambda s: s[1])
        return ordered[(len(ordered) - 1) // 2]


def verdict(met):
    return "met" if met else "MISSED"


def main():
    datasets = env_int("BENCH_DATASETS", 500_000)
    runs = env_int("BENCH_RUNS", 5)
    idle = float(os.environ.get("BENCH_IDLE") or 30)
    if not os.environ.get("DISPLAY"):
        sys.exit("bench/startup.py needs a display: run it through `make bench-startup` (xvfb-run)")
    work = tempfile.mkdtemp(prefix="hugflow-bench-startup-")
    try:
        binary, source = desktop_binary(work)
        peer = App("minimal window", peer_binary(), "stdout")
        app = App("Hugflow Desktop", binary, "log")
        data = seeded_profile(work, datasets)
        say(
            f"\nstart-up and memory: {source} on a catalogue of {datasets:,} datasets against a minimal "
            f"Tauri window, {runs} run(s) each, alternating, {idle:.0f} s idle before reading memory"
        )
        if extra_env():
            say(f"extra environment for both: {os.environ['BENCH_ENV']}")
        # One launch of each first, not counted: the page cache then holds both as it would
        # for a user who has started the app before.
        say("warm-up (not counted)…")
        for each in (peer, app):
            each.run(work, data, 1.0, 0)
            each.paints.clear()
            each.since_start.clear()
            each.in_page.clear()
            each.samples.clear()
        for number in range(1, runs + 1):
            for each in (peer, app):
                each.run(work, data, idle, number)
        report(app, peer, idle)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(app, peer, idle):
    def paint_line(each):
        return f"median {statistics.median(each.paints):.3f} s, max {max(each.paints):.3f} s"

    ratio = statistics.median(app.paints) / statistics.median(peer.paints)
    say("\nfirst paint (launch -> the page says it painted):")
    say(f"  minimal window (peer): {paint_line(peer)}")
    say(
        f"  Hugflow Desktop:       {paint_line(app)}  ({ratio:.2f}x the peer; "
        f"target < {TARGET_PAINT_S:.0f} s: {verdict(statistics.median(app.paints) < TARGET_PAINT_S)})"
    )
    if app.in_page and peer.in_page:
        say("  of which (medians) before the page began to load / in the page, as the page counts it:")
        for each in (peer, app):
            before = statistics.median(p - i for p, i in zip(each.paints, each.in_page))
            say(f"    {each.label:<16} {before:.3f} s / {statistics.median(each.in_page):.3f} s")
    if app.since_start:
        since = statistics.median(app.since_start)
        say(f"  (Hugflow's own count from its process start, /proc/self/stat: median {since:.3f} s)")
    say(f"\nmemory after {idle:.0f} s idle, whole process tree (the run with the median PSS):")
    for each in (peer, app):
        rows, pss, rss = each.median_sample()
        say(f"  {each.label}:")
        say(f"    {'process':<24}{'pid':>8}{'PSS MiB':>10}{'RSS MiB':>10}")
        for pid, name, p, r in rows:
            say(f"    {name:<24}{pid:>8}{p / MIB:>10.1f}{r / MIB:>10.1f}")
        say(f"    {'total':<24}{'':>8}{pss / MIB:>10.1f}{rss / MIB:>10.1f}")
    _, app_pss, app_rss = app.median_sample()
    _, peer_pss, peer_rss = peer.median_sample()
    pss_ratio = app_pss / peer_pss
    say(
        f"\n  Hugflow / minimal window: PSS {pss_ratio:.3f}x ({app_pss / MIB:.0f} vs {peer_pss / MIB:.0f} MiB), "
        f"RSS {app_rss / peer_rss:.2f}x ({app_rss / MIB:.0f} vs {peer_rss / MIB:.0f} MiB)"
    )
    say(
        f"  targets: idle PSS < 200 MB ({TARGET_PSS_BYTES / MIB:.1f} MiB): {verdict(app_pss < TARGET_PSS_BYTES)}; "
        f"<= {TARGET_PSS_RATIO}x the minimal window: {verdict(pss_ratio <= TARGET_PSS_RATIO)}"
    )
    pss_all = [s[1] / MIB for s in app.samples]
    say(f"  Hugflow PSS over the runs: {', '.join(f'{p:.0f}' for p in pss_all)} MiB")


if __name__ == "__main__":
    main()
