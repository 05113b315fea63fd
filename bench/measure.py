#!/usr/bin/env python3
"""Runs one command and measures it: wall time and peak memory.

    python3 bench/measure.py --json OUT.json --stdout FILE --stderr FILE [--cwd DIR]
        [--timeout S] -- CMD ARGS...

The command runs under GNU time (`/usr/bin/time -f '%e %M'`), which gives the wall time and the
peak resident set size of the largest single process of the tree (Linux's wait4 reports the
maximum over the child and the descendants it reaped). While it runs, this script samples
/proc and sums over the whole process tree (the command and every descendant, GNU time itself
left out):
  - tree_rss_peak_kb: the largest sum of VmRSS seen (counts pages shared between forked
    processes once per process, so it overstates a forked pool);
  - tree_pss_peak_kb: the largest sum of Pss seen (shared pages divided among their sharers:
    the memory the tree really holds).
Samples can miss a short peak; max_rss_kb (from GNU time) cannot. Reading Pss makes the kernel
walk the process's page tables: for a 17 GB process that took over half of one core at a
sample every 50 ms, slowing a two-threaded command on two cores by a fifth. So the script
times each sample and waits 19 times as long before the next (at least 50 ms): sampling takes
at most about 5% of one core, whatever the size.
It also records the CPU time of the command (user + system, from GNU time) and, from /proc/stat,
the CPU time the whole machine spent meanwhile: the difference, `other_cpu_s`, is what other
processes took while the command ran (competition for the cores; this script's own sampling
is part of it, at most about 5% of one core). Standard library only.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time

INTERVAL = 0.05
# each pause is at least this many times as long as the sample before it took
PAUSE_PER_SAMPLE = 19


def children(pid):
    """The direct children of a process (from /proc/PID/task/TID/children), empty when gone."""
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return found


def descendants(root):
    """Every process below `root` (not `root` itself)."""
    tree, frontier = set(), children(root)
    while frontier:
        pid = frontier.pop()
        if pid not in tree:
            tree.add(pid)
            frontier.extend(children(pid))
    return tree


def machine_busy_s():
    """CPU seconds the machine has spent busy since boot (all cores, from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal (guest time is already in user)
    busy = fields[0] + fields[1] + fields[2] + sum(fields[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def memory_kb(pid):
    """(VmRSS, Pss) of a process in kB, zeros when it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                    break
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except (OSError, ValueError):
        pass
    return rss, pss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    parser.add_argument("--stdout", required=True)
    parser.add_argument("--stderr", required=True)
    parser.add_argument("--cwd")
    parser.add_argument("--timeout", type=float, default=0,
                        help="kill the whole process tree after S seconds (0: never)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")

    time_file = args.json + ".time"
    gnu_time = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", time_file, "--"]
    busy_before = machine_busy_s()
    started = time.monotonic()
    with open(args.stdout, "wb") as out, open(args.stderr, "wb") as err:
        # a session of its own, so that a timeout can end the whole tree
        proc = subprocess.Popen(gnu_time + command, stdout=out, stderr=err, cwd=args.cwd,
                                start_new_session=True)
        rss_peak = pss_peak = 0
        seen = set()
        timed_out = False
        while proc.poll() is None:
            if args.timeout and time.monotonic() - started > args.timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                break
            sampled = time.monotonic()
            tree = descendants(proc.pid)
            seen |= tree
            rss = pss = 0
            for pid in tree:
                r, p = memory_kb(pid)
                rss += r
                pss += p
            rss_peak, pss_peak = max(rss_peak, rss), max(pss_peak, pss)
            time.sleep(max(INTERVAL, PAUSE_PER_SAMPLE * (time.monotonic() - sampled)))
        code = proc.wait()
    wall = time.monotonic() - started
    busy = machine_busy_s() - busy_before

    gnu_wall = max_rss = cpu = None
    try:
        with open(time_file) as f:
            # GNU time writes "Command exited with non-zero status N" first on failure
            last = f.read().strip().splitlines()[-1].split()
            gnu_wall, max_rss = float(last[0]), int(last[1])
            cpu = float(last[2]) + float(last[3])
        os.remove(time_file)
    except (OSError, IndexError, ValueError):
        pass

    result = {
        "command": command,
        "cwd": args.cwd,
        "exit_code": code,
        "timed_out": timed_out,
        "timeout_s": args.timeout or None,
        "wall_s": gnu_wall if gnu_wall is not None else round(wall, 3),
        "wall_monotonic_s": round(wall, 3),
        "max_rss_kb": max_rss,
        "tree_rss_peak_kb": rss_peak,
        "tree_pss_peak_kb": pss_peak,
        "processes": len(seen),
        "cpu_s": cpu,
        "machine_busy_s": round(busy, 2),
        "other_cpu_s": round(max(busy - cpu, 0.0), 2) if cpu is not None else None,
        "cores": os.cpu_count(),
    }
    with open(args.json, "w") as f:
        json.dump(result, f, indent=1)
    sys.exit(code)


if __name__ == "__main__":
    main()
