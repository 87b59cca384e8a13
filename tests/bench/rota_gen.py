#!/usr/bin/python3
"""rota_gen.py — writes rota/changes.jsonl for the rota benchmark (tests/bench/rota_run.sh).

    rota_gen.py OPS_DIR [--count N] [--days D] [--start YYYY-MM-DD] [--seed S]
                [--cancel-percent P] [--swaps K] [--actor NAME]

OPS_DIR must hold the smart-dairy rota.toml (Asia/Kolkata, members dev1..dev3, slots
A 06-14, B 14-22, C 22-06, start 2026-11-23). Appends nothing: the file is overwritten.

Writes exactly what `hypercare rota override|swap|cancel` write, one JSON event per line, keys
in the order hypercare's nlohmann::json dumps them (alphabetical), no spaces:

  {"actor":..,"from":"..Z","id":"<ULID>","member":"dev2","message":"..","override":"OV-YYYYMMDD-XXXX",
   "replacing":"dev1","to":"..Z","ts":"..Z","type":"override","v":1}
  {"a":"2026-12-01/B","actor":..,"b":"2026-12-02/A","id":..,"message":..,"swap":"SW-..","ts":..,"type":"swap","v":1}
  {"actor":..,"id":..,"message":..,"target":"OV-..","ts":..,"type":"cancelled","v":1}

N override events (default 1000) start at random quarter-hour times spread over D days
(default 365) from 10:00 local on --start, each 1-12 h long; ~40% name `replacing` (the member the base rota,
after swaps, has on call at the override's start, so `rota check` finds nothing dangling);
P% (default 2) are later cancelled; K swaps (default 10) exchange two shifts with different
members on distinct days. Event timestamps (`ts`) increase one second at a time, ending before
2026-11-23 00:00 IST, so every event is in the past at HYPERCARE_NOW=2026-11-23T04:30:00Z and
a cancellation always folds after what it cancels. Deterministic for a given seed.
"""
import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
IST = dt.timezone(dt.timedelta(hours=5, minutes=30))   # Asia/Kolkata: no DST
MEMBERS = ["dev1", "dev2", "dev3"]
SLOTS = [("A", 6, 14), ("B", 14, 22), ("C", 22, 6)]     # local hours; C ends the next day


def ulid(t: dt.datetime, rng: random.Random) -> str:
    """hypercare's new_event_id: 10 chars of ms since the epoch, 16 random chars."""
    ms = int(t.timestamp()) * 1000
    head = []
    for _ in range(10):
        head.append(ALPHABET[ms & 31])
        ms >>= 5
    return "".join(reversed(head)) + "".join(rng.choice(ALPHABET) for _ in range(16))


def record_id(prefix: str, t: dt.datetime, rng: random.Random, used: set) -> str:
    while True:
        rid = f"{prefix}-{t.strftime('%Y%m%d')}-" + "".join(rng.choice(ALPHABET) for _ in range(4))
        if rid not in used:
            used.add(rid)
            return rid


def z(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def line(obj: dict) -> str:
    # nlohmann::json (std::map) dumps keys sorted; separators without spaces; UTF-8 as is.
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ops")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--start", default="2026-11-23")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--cancel-percent", type=float, default=2.0)
    ap.add_argument("--swaps", type=int, default=10)
    ap.add_argument("--actor", default="bench")
    a = ap.parse_args()

    rng = random.Random(a.seed)
    rota_start = dt.date(2026, 11, 23)           # rota.toml `start` (day 1 of the pattern)
    first = dt.date.fromisoformat(a.start)
    used_ids: set = set()
    swapped: dict = {}                            # (date, slot index) -> member index

    def member_of(day: dt.date, slot: int) -> int:
        if (day, slot) in swapped:
            return swapped[(day, slot)]
        return ((day - rota_start).days + slot) % len(MEMBERS)

    def on_call(t: dt.datetime) -> str:
        local = t.astimezone(IST)
        h, day = local.hour, local.date()
        if 6 <= h < 14:
            return MEMBERS[member_of(day, 0)]
        if 14 <= h < 22:
            return MEMBERS[member_of(day, 1)]
        return MEMBERS[member_of(day if h >= 22 else day - dt.timedelta(days=1), 2)]

    # Event clock: one event per second, ending before the rota starts (all in the past at NOW).
    n_cancel = round(a.count * a.cancel_percent / 100)
    n_events = a.swaps + a.count + n_cancel
    clock = dt.datetime(2026, 11, 22, 18, 0, tzinfo=dt.timezone.utc) - dt.timedelta(seconds=n_events + 1)

    def tick() -> dt.datetime:
        nonlocal clock
        clock += dt.timedelta(seconds=1)
        return clock

    out = []
    # Swaps first (so that `replacing` below can take them into account), on distinct days.
    swap_days = rng.sample(range(1, a.days - 1), min(a.swaps * 2, a.days - 2))
    for k in range(0, len(swap_days) - 1, 2):
        da = first + dt.timedelta(days=swap_days[k])
        db = first + dt.timedelta(days=swap_days[k + 1])
        sa = rng.randrange(3)
        sb = next(s for s in rng.sample(range(3), 3) if member_of(db, s) != member_of(da, sa))
        ma, mb = member_of(da, sa), member_of(db, sb)
        swapped[(da, sa)], swapped[(db, sb)] = mb, ma
        ts = tick()
        sid = record_id("SW", ts, rng, used_ids)
        out.append(line({"v": 1, "id": ulid(ts, rng), "ts": z(ts), "actor": a.actor, "type": "swap", "swap": sid,
                         "a": f"{da.isoformat()}/{SLOTS[sa][0]}", "b": f"{db.isoformat()}/{SLOTS[sb][0]}",
                         "message": f"bench swap {k // 2 + 1}"}))

    # From 10:00 local on the first day (= HYPERCARE_NOW in rota_run.sh): no override ends in the past.
    base = dt.datetime.combine(first, dt.time(10, 0), tzinfo=IST)
    overrides = []
    for i in range(a.count):
        start = base + dt.timedelta(minutes=rng.randrange((a.days * 24 - 24) * 60 // 15) * 15)
        end = start + dt.timedelta(minutes=rng.randrange(4, 12 * 4 + 1) * 15)   # 1 h .. 12 h
        who = rng.choice(MEMBERS + ["lead"])
        ev = {"v": 1, "actor": a.actor, "type": "override", "member": who, "from": z(start), "to": z(end),
              "message": f"bench override {i + 1}: cover for a day off"}
        current = on_call(start)
        if rng.random() < 0.4 and current != who:
            ev["replacing"] = current
        ts = tick()
        ev["id"] = ulid(ts, rng)
        ev["ts"] = z(ts)
        ev["override"] = record_id("OV", ts, rng, used_ids)
        overrides.append(ev["override"])
        out.append(line(ev))

    for target in rng.sample(overrides, n_cancel):
        ts = tick()
        out.append(line({"v": 1, "id": ulid(ts, rng), "ts": z(ts), "actor": a.actor, "type": "cancelled",
                         "target": target, "message": "bench: not needed after all"}))

    path = Path(a.ops) / "rota" / "changes.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(out), encoding="utf-8")
    print(f"{path}: {a.count} overrides ({n_cancel} cancelled), {len(swap_days) // 2} swaps, {len(out)} events, "
          f"{path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
