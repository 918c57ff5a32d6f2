#!/usr/bin/env python3
"""truth audit: run each seeded case in several modes and diff canonical outputs."""
import json, os, re, subprocess, sys, random, concurrent.futures as cf, hashlib

DW = os.environ.get("DW", "dw")
OUT = os.environ.get("OUT", "truth-audit-out")
os.makedirs(OUT, exist_ok=True)

# Fields documented as wall-clock measurements (checked in code): see report.
WALL_KEYS = {"elapsed_ms"}
TMP_RE = re.compile(r"/(dev/shm|tmp)/dualwrite-[0-9]+")

def canon(obj):
    if isinstance(obj, dict):
        return {k: canon(v) for k, v in obj.items() if k not in WALL_KEYS}
    if isinstance(obj, list):
        return [canon(v) for v in obj]
    if isinstance(obj, str):
        return TMP_RE.sub("<TMPDIR>", obj)
    return obj

def terms_for(action, rnd):
    if action == "delay":
        base = ["delay(50ms)", "delay(3ms)"]
    elif action == "broker-down":
        base = ["broker-down(300ms)", "broker-down"]
    elif action == "poison":
        base = ["poison"]
    else:
        base = [action]
    out = []
    for b in base:
        out.append(b)
        out.append(rnd.choice(["1*", "2*", "50%", "25%"]) + b)
    return out

def cases():
    lst = json.loads(subprocess.check_output([DW, "list", "--json"]))
    rnd = random.Random(42)
    cs = []
    for s in lst:
        sid = s["id"]
        cs.append(["run", sid, "--seed", "1"])
        cs.append(["run", sid, "--seed", "9", "--orders", "6", "--workload", "lifecycle"])
        for p in s["points"]:
            for a in p["actions"]:
                for t in terms_for(a, rnd):
                    seed = str(rnd.choice([1, 2, 7, 1234]))
                    orders = str(rnd.choice([1, 3, 5]))
                    wl = rnd.choice(["place", "place", "lifecycle"])
                    cs.append(["run", sid, "--fault", f"{p['name']}={t}", "--seed", seed,
                               "--orders", orders, "--workload", wl])
    return cs

def run(args, env_extra=None):
    env = dict(os.environ)
    if env_extra: env.update(env_extra)
    p = subprocess.run([DW] + args + ["--format", "json"], capture_output=True, text=True, env=env, timeout=300)
    try:
        d = canon(json.loads(p.stdout))
    except Exception:
        d = {"_unparsed": p.stdout[-2000:], "_stderr": p.stderr[-2000:]}
    return {"rc": p.returncode, "out": d}

def key(args): return hashlib.sha1(" ".join(args).encode()).hexdigest()[:12]

def diffpaths(a, b, path=""):
    if type(a) != type(b): return [path + f": {str(a)[:200]!r} != {str(b)[:200]!r}"]
    if isinstance(a, dict):
        r = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b: r.append(f"{path}.{k}: missing on one side"); continue
            r += diffpaths(a[k], b[k], f"{path}.{k}")
        return r
    if isinstance(a, list):
        r = []
        if len(a) != len(b): r.append(f"{path}: len {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)): r += diffpaths(x, y, f"{path}[{i}]")
        return r
    return [] if a == b else [f"{path}: {str(a)[:200]!r} != {str(b)[:200]!r}"]

def main():
    mode = sys.argv[1]
    cs = cases()
    if len(sys.argv) > 2 and sys.argv[2] == "switches":
        cs = []
        for sid in ["naive","publish-first","publish-in-tx","outbox","outbox-dedup","cdc","outbox-cdc","cdc-polling","race","race-occ","2pc"]:
            cs += [["run", sid, "--seed", "3", "--orders", "5", "--interval", "150ms", "--workload", "lifecycle", "--fault", "consumer.after-apply=50%crash"],
                   ["run", sid, "--seed", "4", "--orders", "6", "--consumers", "3", "--workload", "lifecycle"],
                   ["run", sid, "--seed", "5", "--orders", "6", "--consumers", "2", "--partitions", "2", "--workload", "lifecycle"],
                   ["run", sid, "--seed", "6", "--orders", "4", "--retry", "2", "--fault", "reply=1*ack-lost"],
                   ["run", sid, "--seed", "6", "--orders", "4", "--retry", "2", "--idempotency-key", "--fault", "reply=1*ack-lost"],
                   ["run", sid, "--seed", "8", "--orders", "3", "--max-deliver", "2", "--fault", "consumer.before-apply=1*poison"],
                   ["run", sid, "--seed", "8", "--orders", "4", "--consumer", "versioned", "--workload", "lifecycle", "--fault", "consumer.after-apply=1*crash"],
                   ["run", sid, "--seed", "9", "--orders", "4", "--interval", "40ms", "--poll-interval", "30ms", "--fault", "consumer.before-apply=1*delay(200ms)"]]
    if len(sys.argv) > 2 and sys.argv[2] == "extra":
        cs = [["compare"], ["chaos", "--runs", "50"], ["chaos", "--runs", "50", "--seed", "5", "--workload", "mixed"]]
    if os.environ.get("ONLY"):
        cs = [c for c in cs if re.search(os.environ["ONLY"], " ".join(c))]
    print(f"{mode}: {len(cs)} cases", flush=True)
    env = {"GOMAXPROCS": "1"} if mode == "gmp1" else None
    res = {}
    if mode == "par4":
        with cf.ThreadPoolExecutor(4) as ex:
            for c in cs:
                outs = list(ex.map(lambda _: run(c), range(4)))
                res[" ".join(c)] = outs
    else:
        for c in cs:
            res[" ".join(c)] = [run(c, env)]
    suffix = sys.argv[2] if len(sys.argv) > 2 else "runs"
    json.dump(res, open(f"{OUT}/{mode}-{suffix}.json", "w"))
    print("done", mode, flush=True)

def compare(ref, others):
    R = json.load(open(ref)); n = 0; bad = 0
    for o in others:
        O = json.load(open(o))
        for k, outs in O.items():
            if k not in R: continue
            for i, x in enumerate(outs):
                n += 1
                d = diffpaths(R[k][0], x)
                if d:
                    bad += 1
                    print(f"== {os.path.basename(o)}[{i}] {k}")
                    for line in d[:12]: print("   ", line)
    print(f"compared {n} outputs, {bad} differ")

if __name__ == "__main__":
    if sys.argv[1] == "cmp": compare(sys.argv[2], sys.argv[3:])
    else: main()
