#!/usr/bin/env python3
"""Synthetic health-check history for the uptime benchmark (issue 4) — see tests/bench/README.md.

    health_gen.py OPS_DIR [--days 30] [--checks 20] [--services 5] [--every 5] [--start 2026-11-01]
                          [--seed 1] [--actor bench] [--gap-runs 24] [--no-checks-toml]

Writes what `hypercare health-check` would have recorded had it run every --every minutes for
--days days from --start 00:00 UTC: one health/YYYY-MM-DD.jsonl per UTC day, one line per check
and run, one JSON object per line with sorted keys and compact separators (hypercare's
serialisation), ULID event ids whose first 10 characters encode `ts`, and one `HC-YYYYMMDD-XXXX`
run id shared by the lines of a run (unique: a repeat is redrawn). Also writes checks.toml with the checks (kind "command",
interval = --every minutes, so `health-check uptime` knows how long a result stands) unless
--no-checks-toml.

The checks c00..cNN belong to services svc0..svcM round-robin. Each result is a command check's
value (a latency-like number, `echo N`): mostly ok; ~2% above the warn threshold (500); and
outages — runs of consecutive fails (value above 2000) of one check, 1–12 runs long, ~6 per check
over 30 days. --gap-runs runs (24) are missing altogether, in a few stretches (the scheduler did
not run): time that `uptime` reports as unknown once a stretch is longer than 2 × the interval.
Each run's timestamp is the slot plus 0–2 s of start-up jitter. Deterministic for a given seed.

Prints one summary line: "<lines> results in <files> files: ...".
"""
import argparse
import datetime as dt
import json
import os
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def ulid(ts: dt.datetime, rng: random.Random) -> str:
    ms = int(ts.timestamp()) * 1000  # hypercare timestamps have whole seconds
    head = ""
    for _ in range(10):
        head = ALPHABET[ms & 31] + head
        ms >>= 5
    return head + "".join(ALPHABET[rng.getrandbits(5)] for _ in range(16))


def run_id(ts: dt.datetime, rng: random.Random) -> str:
    return "HC-" + ts.strftime("%Y%m%d") + "-" + "".join(ALPHABET[rng.getrandbits(5)] for _ in range(4))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ops")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--checks", type=int, default=20)
    ap.add_argument("--services", type=int, default=5)
    ap.add_argument("--every", type=int, default=5, help="minutes between runs")
    ap.add_argument("--start", default="2026-11-01", help="first UTC day")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--actor", default="bench")
    ap.add_argument("--gap-runs", type=int, default=24, help="runs missing altogether")
    ap.add_argument("--no-checks-toml", action="store_true")
    a = ap.parse_args()
    if a.days < 1 or a.checks < 1 or a.services < 1 or a.every < 1:
        ap.error("--days, --checks, --services and --every must be positive")

    rng = random.Random(a.seed)
    start = dt.datetime.strptime(a.start, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
    per_day = 24 * 60 // a.every
    slots = a.days * per_day
    checks = [(f"c{i:02d}", f"svc{i % a.services}") for i in range(a.checks)]

    # Missing runs: a few stretches (1, 2, 3, 6, 12 runs, ... until --gap-runs are used up).
    missing = set()
    left, lengths = a.gap_runs, [1, 2, 3, 6, 12]
    stretches = 0
    while left > 0 and slots > 100:
        n = min(left, lengths[stretches % len(lengths)])
        s = rng.randrange(10, slots - n - 10)
        missing.update(range(s, s + n))
        left -= n
        stretches += 1
    # Outages: per check, ~6 per 30 days, 1-12 runs of fails each.
    fail = set()
    for ci in range(a.checks):
        for _ in range(max(1, round(6 * a.days / 30))):
            s = rng.randrange(slots)
            for j in range(rng.randint(1, 12)):
                fail.add((ci, s + j))

    os.makedirs(os.path.join(a.ops, "health"), exist_ok=True)
    dumps = lambda e: json.dumps(e, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    lines = files = n_warn = n_fail = runs = 0
    used_runs = set()
    for d in range(a.days):
        day = start + dt.timedelta(days=d)
        out = []
        for k in range(per_day):
            slot = d * per_day + k
            if slot in missing:
                continue
            ts = day + dt.timedelta(minutes=k * a.every, seconds=rng.randint(0, 2))
            tss = ts.strftime("%Y-%m-%dT%H:%M:%SZ")
            rid = run_id(ts, rng)
            while rid in used_runs:  # 20 random bits: ~4% of days would repeat a run id
                rid = run_id(ts, rng)
            used_runs.add(rid)
            runs += 1
            for ci, (name, svc) in enumerate(checks):
                latency = rng.randint(3, 40)
                if (ci, slot) in fail:
                    value, status = float(rng.randint(2001, 9000)), "fail"
                    message = f"{value:g} is above the fail threshold 2000"
                    n_fail += 1
                elif rng.random() < 0.02:
                    value, status = float(rng.randint(501, 2000)), "warn"
                    message = f"{value:g} is above the warn threshold 500"
                    n_warn += 1
                else:
                    value, status = float(rng.randint(5, 480)), "ok"
                    message = f"{value:g}"
                out.append(dumps({"v": 1, "id": ulid(ts, rng), "ts": tss, "actor": a.actor, "type": "result",
                                  "run": rid, "check": name, "kind": "command", "service": svc, "status": status,
                                  "latency_ms": latency, "value": value, "message": message}) + "\n")
        if out:
            with open(os.path.join(a.ops, "health", day.strftime("%Y-%m-%d") + ".jsonl"), "w", encoding="utf-8") as f:
                f.writelines(out)
            files += 1
            lines += len(out)

    if not a.no_checks_toml:
        with open(os.path.join(a.ops, "checks.toml"), "w", encoding="utf-8") as f:
            f.write("# checks.toml written by tests/bench/health_gen.py: the checks of the generated history.\n\n")
            f.write(f'[defaults]\ntimeout = "5s"\ninterval = "{a.every}m"\n')
            for name, svc in checks:
                f.write(f'\n[[check]]\nname = "{name}"\nkind = "command"\nservice = "{svc}"\n'
                        f'command = "echo 42"\ninterval = "{a.every}m"\nwarn_above = 500\nfail_above = 2000\n')

    end = start + dt.timedelta(days=a.days)
    print(f"{lines} results in {files} files: {a.checks} checks of {a.services} services every {a.every} min, "
          f"{runs} runs over {a.days} days ({start:%Y-%m-%d} to {end - dt.timedelta(days=1):%Y-%m-%d}, UTC), "
          f"{len(missing)} runs missing in {stretches} stretches, {n_fail} fail, {n_warn} warn, seed {a.seed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
