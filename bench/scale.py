#!/usr/bin/env python3
"""Scale benchmarks: heritage-search next to a plain Xapian program doing the same work.

Measures, on the datasets in ../shared/datasets/scale at several sizes:
  - indexing: wall and CPU time, MB/s, passages/s, peak memory, index size per MB of text,
    for heritage-index (serial, pipelined, two shards merged with xapian-compact) and for
    bench/plain_xapian.cpp (TermGenerator, one Snowball stemmer, one document per paragraph),
    and heritage-index's CPU time by thread (writer, analysis, main);
  - query latency p50/p95/p99 (wall and CPU) for real questions (SQuAD, NorQuAD): in-process
    search with and without facets and ask, the plain program, and search and ask through the
    CLI's batch mode (ask only if heritage-search has --ask), each pinned to the same core
    (cores of a VM can differ in speed: this one's two by ~15%);
  - HTTP with wrk at 1, 8 and 64 connections: /api/search cycling through the questions, and
    /api/ping (no work) as the ceiling of the same server;
  - the server's memory (RSS sampled every second) over a long run under load: the questions
    in turn to /api/search (or to /api/ask, --memory-endpoint).
Every figure is also given as a ratio to the reference. Markdown tables go to stdout, raw
results (one JSON object a line) to WORK/results.jsonl. Run by hand, never by CTest:

    nice -n 19 bench/scale.sh --sizes 10 --http-seconds 5 --memory-seconds 30
"""
import argparse
import json
import math
import os
import platform
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "..", "shared", "datasets")

SETS = {
    "enwiki": {"file": "scale/enwiki-2015-extract.jsonl.xz", "stem": "english",
               "questions": "squad/dev-v1.1-articles-00-23.json"},
    "norec": {"file": "scale/norec-2.1.jsonl.xz", "stem": "norwegian",
              "questions": "norquad/validation.json"},
}

results = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def record(kind, **fields):
    row = {"kind": kind, **fields}
    results.append(row)
    with open(os.path.join(ARGS.work, "results.jsonl"), "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return row


def thread_cpu(pid, seen, done):
    """Until done is set, samples the CPU seconds of each of pid's threads (every 0.2 s) into
    seen, as thread id -> (name, CPU s). A thread's last 0.2 s before it ends may be missed."""
    hz = os.sysconf("SC_CLK_TCK")
    while not done.wait(0.2):
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            return
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            seen[tid] = (name, (int(fields[11]) + int(fields[12])) / hz)


def run_measured(cmd, stdout_path=None, by_thread=None):
    """Runs cmd; returns (wall s, cpu s, peak RSS MB, stdout text). Fails loudly. With a dict
    as by_thread, fills it with the CPU seconds of the program's threads by name: where a
    multi-threaded program's time goes."""
    out = open(stdout_path, "w") if stdout_path else subprocess.PIPE
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, text=True)
    sampler, done, seen = None, threading.Event(), {}
    if by_thread is not None:
        sampler = threading.Thread(target=thread_cpu, args=(p.pid, seen, done))
        sampler.start()
    _, status, usage = os.wait4(p.pid, 0)
    if sampler:
        done.set()
        sampler.join()
        for name, cpu in seen.values():
            by_thread[name] = by_thread.get(name, 0.0) + cpu
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    text = p.stdout.read() if p.stdout else ""
    err = p.stderr.read()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text


def du_mb(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total / 1e6


def cached(path):
    """Reads every file under path once, so that a timed run starts with the index in the page
    cache. This VM's kernel pages out file pages untouched for about a minute (DAMON reclaim,
    /sys/kernel/mm/damon), so otherwise which parts of an index happened to be left in memory
    would decide the first questions' times, differently for each program."""
    for root, _, files in os.walk(path):
        for name in files:
            with open(os.path.join(root, name), "rb") as f:
                while f.read(1 << 20):
                    pass


def bin_path(name):
    p = os.path.join(ARGS.build, "bin", name)
    if not os.path.exists(p):
        sys.exit(f"{p} is missing: build first (cmake --build {ARGS.build})")
    return p


def latency_cores():
    """(core of every latency run, another core), or None without taskset or a second core."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2 or not shutil.which("taskset"):
        return None
    return cores[0], cores[1]


def pinned(cmd):
    """cmd on one core, the same for every latency run, when taskset and two cores exist."""
    cores = latency_cores()
    return ["taskset", "-c", str(cores[0])] + cmd if cores else cmd


def input_file(set_name, size):
    """The first `size` MB of a dataset (whole lines), or all of it, as a file in WORK."""
    path = os.path.join(ARGS.work, "input", f"{set_name}-{size}.jsonl")
    if os.path.exists(path):
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    src = os.path.join(DATA, SETS[set_name]["file"])
    limit = None if size == "all" else int(float(size) * 1e6)
    with subprocess.Popen(["xzcat", src], stdout=subprocess.PIPE) as xz, \
            open(path + ".tmp", "wb") as out:
        written = 0
        for line in xz.stdout:
            if limit is not None and written + len(line) > limit:
                break
            out.write(line)
            written += len(line)
        xz.kill()
    os.replace(path + ".tmp", path)
    return path


def questions_file(set_name):
    path = os.path.join(ARGS.work, f"questions-{set_name}.txt")
    with open(os.path.join(DATA, SETS[set_name]["questions"]), encoding="utf-8") as f:
        data = json.load(f)["data"]
    qs = [" ".join(qa["question"].split()) for a in data for p in a["paragraphs"]
          for qa in p["qas"] if qa["question"].strip()]
    qs = qs[:ARGS.queries]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(qs) + "\n")
    return path, len(qs)


# --- indexing -----------------------------------------------------------------------------

def index_runs(set_name, size, data):
    mb = os.path.getsize(data) / 1e6
    os.makedirs(os.path.join(ARGS.work, "idx"), exist_ok=True)
    base = os.path.join(ARGS.work, "idx", f"{set_name}-{size}")
    dbs = {}

    runs = {}  # program -> one dict per round

    def one(program, cmd, db, passages_of, measure=None):
        shutil.rmtree(db, ignore_errors=True)
        log(f"  index {program}: {' '.join(cmd)}")
        by_thread = {}
        wall, cpu, rss, out = run_measured(cmd, by_thread=by_thread)
        wall2, cpu2 = 0.0, 0.0
        if measure:  # a second step (compaction) counted in the totals
            wall2, cpu2, rss2, _ = run_measured(measure[0])
            rss = max(rss, rss2)
            db = measure[1]
        runs.setdefault(program, []).append(
            dict(wall=wall + wall2, cpu=cpu + cpu2, wall2=wall2, rss=rss, out=out,
                 passages_of=passages_of, db=db, cmd=cmd, by_thread=by_thread))
        dbs[program] = db

    def heritage_passages(out):
        # "indexed N documents (...), P passages written, ..."
        return int(out.split(" passages written")[0].rsplit(" ", 1)[1])

    def plain_passages(out):
        return json.loads(out)["passages"]

    plain_db = base + "-plain"
    hi = bin_path("heritage-index")
    # Rounds run every program once, in turn: a machine whose speed drifts (a shared VM's does,
    # by a third within minutes) then slows each alike, and the median of each is reported.
    for _ in range(ARGS.repeat):
        one("plain", [bin_path("plain_xapian"), "index", "--db", plain_db, "--stem",
                      SETS[set_name]["stem"], data], plain_db, plain_passages)
        if "plain3000" in ARGS.variants:  # the reference with heritage-index's flush threshold
            one("plain3000", ["env", "XAPIAN_FLUSH_THRESHOLD=3000", bin_path("plain_xapian"),
                              "index", "--db", plain_db + "3000", "--stem",
                              SETS[set_name]["stem"], data], plain_db + "3000", plain_passages)
            shutil.rmtree(plain_db + "3000", ignore_errors=True)
        for variant in ARGS.variants:
            db = f"{base}-{variant}"
            if variant == "serial":
                one(variant, [hi, "-q", "--threads", "0", "--db", db, data], db,
                    heritage_passages)
            elif variant == "threads":
                one(variant, [hi, "-q", "--db", db, data], db, heritage_passages)
            elif variant == "shards2":
                merged = db + "-merged"
                shutil.rmtree(merged, ignore_errors=True)
                compact = ["xapian-compact", os.path.join(db, "shard-0"),
                           os.path.join(db, "shard-1"), merged]
                one("shards2+merge", [hi, "-q", "--no-compact", "--shards", "2", "--db", db,
                                      data], db, heritage_passages, measure=(compact, merged))
    for program, rs in runs.items():
        last = rs[-1]
        wall = statistics.median(r["wall"] for r in rs)
        cpu = statistics.median(r["cpu"] for r in rs)
        passages = last["passages_of"](last["out"])
        record("index", set=set_name, size=size, mb=round(mb, 2), program=program,
               wall_s=round(wall, 2), cpu_s=round(cpu, 2),
               step2_wall_s=round(statistics.median(r["wall2"] for r in rs), 2),
               peak_rss_mb=round(max(r["rss"] for r in rs), 1), passages=passages,
               index_mb=round(du_mb(last["db"]), 2), mb_per_s=round(mb / wall, 3),
               passages_per_s=round(passages / wall, 1), cpu_mb_per_s=round(mb / cpu, 3),
               runs_wall_s=[round(r["wall"], 2) for r in rs], cmd=" ".join(last["cmd"]),
               cpu_by_thread={name: round(statistics.median(r["by_thread"].get(name, 0.0)
                                                            for r in rs), 2)
                              for name in last["by_thread"]})
    # What compaction would make of the reference's index (heritage-index compacts a new one).
    for program in ["plain"]:
        if program in dbs:
            out = dbs[program] + "-compact"
            shutil.rmtree(out, ignore_errors=True)
            run_measured(["xapian-compact", dbs[program], out])
            record("compacted", set=set_name, size=size, program=program,
                   index_mb=round(du_mb(out), 2))
            shutil.rmtree(out, ignore_errors=True)
    return dbs


# --- query latency ------------------------------------------------------------------------

def has_ask():
    out = subprocess.run([bin_path("heritage-search"), "--help"], capture_output=True,
                         text=True).stdout
    return "--ask" in out


def pipe_latencies(cmd, questions):
    """Wall ms per question through a batch program: one line in, one line out."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, bufsize=0)
    fd = p.stdout.fileno()
    pending = bytearray()
    times = []

    def read_line():
        while b"\n" not in pending:
            ready, _, _ = select.select([fd], [], [], 30)
            chunk = os.read(fd, 1 << 20) if ready else b""
            if not chunk:
                return False
            pending.extend(chunk)
        del pending[:pending.index(b"\n") + 1]
        return True

    try:
        for i, q in enumerate(questions):
            t0 = time.perf_counter()
            p.stdin.write(q.encode() + b"\n")
            if not read_line():
                return None  # no answer line: the mode does not work in batch
            if i >= 50:  # the first 50 warm up, as in the C++ harnesses
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        p.kill()
        p.wait()
    return times


def percentiles(ms):
    s = sorted(ms)

    def pct(p):
        return s[max(1, min(len(s), math.ceil(p / 100 * len(s)))) - 1]

    return {"n": len(s), "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": sum(s) / len(s)}


def query_runs(set_name, size, dbs, qfile):
    heritage_db = dbs.get("threads") or dbs.get("serial")
    rows = {}

    def harness(program, cmd):
        cmd = pinned(cmd)
        log(f"  queries {program}: {' '.join(cmd)}")
        cached(dbs["plain"] if program == "plain" else heritage_db)
        _, _, _, out = run_measured(cmd)
        r = json.loads(out.strip().splitlines()[-1])
        rows[program] = record("query", set=set_name, size=size, program=program,
                               cmd=" ".join(cmd), **{k: v for k, v in r.items() if k != "name"})

    harness("plain", [bin_path("plain_xapian"), "search", "--db", dbs["plain"], "--stem",
                      SETS[set_name]["stem"], "--queries", qfile])
    harness("search", [bin_path("scale_search"), "--db", heritage_db, "--queries", qfile])
    harness("search_no_facets", [bin_path("scale_search"), "--db", heritage_db, "--queries",
                                 qfile, "--no-facets"])
    if has_ask():
        harness("ask", [bin_path("scale_search"), "--db", heritage_db, "--queries", qfile,
                        "--ask"])
    with open(qfile, encoding="utf-8") as f:
        questions = [q for q in f.read().splitlines() if q.strip()]
    cli = pinned([bin_path("heritage-search"), "--db", heritage_db, "--batch", "--json"])
    for program, cmd in [("cli_search", cli), ("cli_ask", cli + ["--ask"])]:
        if program == "cli_ask" and not has_ask():
            record("query", set=set_name, size=size, program=program, na="no --ask")
            continue
        log(f"  queries {program}: {' '.join(cmd)} < questions")
        cached(heritage_db)
        times = pipe_latencies(cmd, questions)
        if times is None:
            record("query", set=set_name, size=size, program=program,
                   na="no line per question in batch mode")
            continue
        if not times:  # every question was one of the first 50, which warm up
            record("query", set=set_name, size=size, program=program,
                   na="no question past the 50 that warm up")
            continue
        rows[program] = record("query", set=set_name, size=size, program=program,
                               cmd=" ".join(cmd), **percentiles(times))
    return rows


# --- HTTP and memory ------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db):
        self.port = free_port()
        self.cmd = [bin_path("heritage-server"), "-q", "--db", db, "--port", str(self.port),
                    "--web-root", ""]
        self.p = subprocess.Popen(self.cmd, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        sys.exit("heritage-server did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def rss_mb(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def wrk(url, connections, seconds, qfile=None, core=None):
    cmd = ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s",
           "-s", os.path.join(HERE, "wrk", "search.lua"), url]
    if qfile:
        cmd += ["--", qfile]
    if core is not None:
        cmd = ["taskset", "-c", str(core)] + cmd
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1]), " ".join(cmd)


def set_affinity(pid, cores):
    """Moves every thread of process pid to cores."""
    subprocess.run(["taskset", "-a", "-p", "-c", ",".join(map(str, cores)), str(pid)],
                   stdout=subprocess.DEVNULL, check=True)


def http_runs(set_name, size, db, qfile):
    if not shutil.which("wrk"):
        log("  wrk is not installed (apt-get install wrk): no HTTP figures")
        return
    cached(db)
    server = Server(db)
    try:
        log(f"  http: {' '.join(server.cmd)}")
        wrk(server.url("/api/search"), 8, 2, qfile)  # warm-up: searchers, caches
        # At one connection the server runs on the core the in-process pass runs on, and wrk on
        # the other: this VM's cores differ by ~15%, as much as the difference measured.
        cores = latency_cores()
        all_cores = sorted(os.sched_getaffinity(0))
        for endpoint in ["/api/ping", "/api/search"]:
            in_process = None
            for c in [1, 8, 64]:
                if cores:
                    set_affinity(server.p.pid, [cores[0]] if c == 1 else all_cores)
                client_core = cores[1] if cores and c == 1 else None
                if endpoint == "/api/search" and c == 1:
                    # The same questions in-process, just before, every one asked once before
                    # the timed pass: what HTTP adds is the difference (this VM's speed drifts).
                    cmd = pinned([bin_path("scale_search"), "--db", db, "--queries", qfile,
                                  "--warm"])
                    _, _, _, out = run_measured(cmd)
                    local = json.loads(out.strip().splitlines()[-1])
                    in_process = local["p50_ms"]
                    # The server's caches as warm: one connection is served by one searcher of
                    # its pool (the last returned), which sees every question once here, in
                    # the order the timed run asks them.
                    once = math.ceil(local["n"] * (local["mean_ms"] + 0.5) * 1.5 / 1000)
                    wrk(server.url(endpoint), 1, max(2, once), qfile, client_core)
                r, cmd = wrk(server.url(endpoint), c, ARGS.http_seconds,
                             qfile if endpoint == "/api/search" else None, client_core)
                record("http", set=set_name, size=size, endpoint=endpoint, connections=c,
                       in_process_p50_ms=in_process, cmd=cmd, **r)
    finally:
        server.stop()


def memory_run(set_name, size, db, qfile):
    if not shutil.which("wrk"):
        return
    server = Server(db)
    samples = []
    try:
        log(f"  memory: {ARGS.memory_seconds} s of wrk -c8 {ARGS.memory_endpoint} against "
            f"{' '.join(server.cmd)}")
        load = subprocess.Popen(["wrk", "-t2", "-c8", f"-d{ARGS.memory_seconds}s", "-s",
                                 os.path.join(HERE, "wrk", "search.lua"),
                                 server.url(ARGS.memory_endpoint), "--", qfile],
                                stdout=subprocess.PIPE, text=True)
        t0 = time.time()
        while load.poll() is None:
            samples.append((round(time.time() - t0, 1), round(server.rss_mb(), 1)))
            time.sleep(1)
        summary = json.loads(load.stdout.read().strip().splitlines()[-1])
    finally:
        server.stop()
    rss = [m for _, m in samples]
    q = lambda f: rss[min(len(rss) - 1, int(f * (len(rss) - 1)))]
    record("memory", set=set_name, size=size, endpoint=ARGS.memory_endpoint,
           seconds=ARGS.memory_seconds,
           requests=summary["requests"], rps=summary["rps"], rss_first_mb=rss[0],
           rss_10pct_mb=q(0.1), rss_50pct_mb=q(0.5), rss_last_mb=rss[-1], rss_max_mb=max(rss),
           samples=samples)


# --- tables ---------------------------------------------------------------------------------

def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


def tables():
    out = []
    idx = [r for r in results if r["kind"] == "index"]
    if idx:
        out.append("### Indexing\n")
        out.append("| set | size | program | MB | wall s | MB/s | ×plain | CPU s | CPU MB/s | "
                   "×plain | passages | passages/s | peak RSS MB | index MB | index MB per MB "
                   "| ×plain |")
        out.append("|" + "---|" * 16)
        paired = []
        for r in idx:
            p = next(x for x in idx if x["set"] == r["set"] and x["size"] == r["size"]
                     and x["program"] == "plain")
            # A round runs every program in turn, so the plain program's time over another's in
            # the same round compares them at one machine speed: robust to a VM's drift.
            rounds = list(zip(p.get("runs_wall_s", []), r.get("runs_wall_s", [])))
            if r["program"] != "plain" and len(rounds) > 1:
                per = [a / b for a, b in rounds if b]
                paired.append(f"{r['set']} {r['size']} {r['program']} "
                              + "/".join(f"{x:.2f}" for x in per)
                              + f" (median {statistics.median(per):.2f}×)")
            out.append(f"| {r['set']} | {r['size']} | {r['program']} | {r['mb']} | "
                       f"{r['wall_s']} | {r['mb_per_s']} | {ratio(r['mb_per_s'], p['mb_per_s'])} "
                       f"| {r['cpu_s']} | {r['cpu_mb_per_s']} | "
                       f"{ratio(r['cpu_mb_per_s'], p['cpu_mb_per_s'])} | {r['passages']} | "
                       f"{r['passages_per_s']} | {r['peak_rss_mb']} | {r['index_mb']} | "
                       f"{r['index_mb'] / r['mb']:.2f} | {ratio(r['index_mb'], p['index_mb'])} |")
        if any(len(r.get("runs_wall_s", [])) > 1 for r in idx):
            out.append("\nWall s and CPU s are medians of the rounds; wall s of each round: " +
                       "; ".join(f"{r['set']} {r['size']} {r['program']} "
                                 + "/".join(map(str, r["runs_wall_s"])) for r in idx))
            if paired:
                out.append("\nThroughput ×plain round by round (the plain program's wall s over "
                           "the program's, same round): " + "; ".join(paired))
        threaded = [r for r in idx if len(r.get("cpu_by_thread", {})) > 1]
        if threaded:
            out.append("\nCPU s by thread (medians of the rounds; sampled every 0.2 s): " +
                       "; ".join(f"{r['set']} {r['size']} {r['program']} " + ", ".join(
                           f"{name} {cpu}" for name, cpu in sorted(
                               r["cpu_by_thread"].items(), key=lambda kv: -kv[1]))
                                 for r in threaded))
        comp = [r for r in results if r["kind"] == "compacted"]
        if comp:
            out.append("\nAfter `xapian-compact` (not part of the timings): " + "; ".join(
                f"{r['set']} {r['size']} {r['program']} {r['index_mb']} MB" for r in comp))
    qs = [r for r in results if r["kind"] == "query"]
    if qs:
        out.append("\n### Query latency (ms; ratios to the plain program, ask to search)\n")
        out.append("| set | size | program | n | p50 | p95 | p99 | p50 ×ref | p99 ×ref | "
                   "CPU p50 | CPU p99 | CPU p50 ×ref | CPU p99 ×ref |")
        out.append("|" + "---|" * 13)
        for r in qs:
            if "na" in r:
                out.append(f"| {r['set']} | {r['size']} | {r['program']} | n/a ({r['na']}) |"
                           + " |" * 9)
                continue
            same = lambda prog: next((x for x in qs if x["set"] == r["set"] and
                                      x["size"] == r["size"] and x["program"] == prog
                                      and "na" not in x), None)
            ref = {"cli_ask": same("cli_search"), "ask": same("search")}.get(r["program"],
                                                                          same("plain"))
            cpu = "cpu_p50_ms" in r
            out.append(
                f"| {r['set']} | {r['size']} | {r['program']} | {r['n']} | {r['p50_ms']:.2f} | "
                f"{r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {ratio(r['p50_ms'], ref['p50_ms'])} | "
                f"{ratio(r['p99_ms'], ref['p99_ms'])} | "
                + (f"{r['cpu_p50_ms']:.2f} | {r['cpu_p99_ms']:.2f} | "
                   f"{ratio(r['cpu_p50_ms'], ref.get('cpu_p50_ms'))} | "
                   f"{ratio(r['cpu_p99_ms'], ref.get('cpu_p99_ms'))} |" if cpu and ref
                   else "– | – | – | – |"))
    staged = [r for r in qs if "match_p50_ms" in r]
    if staged:
        out.append("\n### Where a search's time goes (ms, wall; Searcher's stages: analysing the "
                   "query, Xapian's match with facets, the results' data and snippets)\n")
        out.append("| set | size | program | parse p50 | parse p99 | match p50 | match p99 | "
                   "results p50 | results p99 |")
        out.append("|" + "---|" * 9)
        for r in staged:
            out.append(f"| {r['set']} | {r['size']} | {r['program']} | "
                       + " | ".join(f"{r[f'{stage}_{p}_ms']:.2f}"
                                    for stage in ("parse", "match", "results")
                                    for p in ("p50", "p99")) + " |")
    hs = [r for r in results if r["kind"] == "http"]
    if hs:
        out.append("\n### HTTP (wrk; in-process = the same questions through Searcher::search "
                   "and the JSON, facets on, run just before the 1-connection run; both "
                   "had asked every question once before; at 1 connection the server shares "
                   "the in-process run's core and wrk has the other)\n")
        out.append("| set | size | endpoint | connections | req/s | ×1 connection | p50 ms | "
                   "p95 ms | p99 ms | p50 − in-process p50 | errors |")
        out.append("|" + "---|" * 11)
        for r in hs:
            one = next(x for x in hs if x["set"] == r["set"] and x["size"] == r["size"]
                       and x["endpoint"] == r["endpoint"] and x["connections"] == 1)
            diff = (f"{r['p50_ms'] - r['in_process_p50_ms']:+.2f} ms"
                    if r["endpoint"] == "/api/search" else "–")
            out.append(f"| {r['set']} | {r['size']} | {r['endpoint']} | {r['connections']} | "
                       f"{r['rps']:.0f} | {ratio(r['rps'], one['rps'])} | {r['p50_ms']:.2f} | "
                       f"{r['p95_ms']:.2f} | {r['p99_ms']:.2f} | {diff} | "
                       f"{r['errors'] + r['non2xx']} |")
    ms = [r for r in results if r["kind"] == "memory"]
    if ms:
        out.append("\n### Server memory under load (wrk -t2 -c8)\n")
        out.append("| set | size | endpoint | seconds | requests | req/s | RSS first MB | at 10% | "
                   "at 50% | last | max |")
        out.append("|" + "---|" * 11)
        for r in ms:
            out.append(f"| {r['set']} | {r['size']} | {r['endpoint']} | {r['seconds']} | "
                       f"{r['requests']} | "
                       f"{r['rps']:.0f} | {r['rss_first_mb']} | {r['rss_10pct_mb']} | "
                       f"{r['rss_50pct_mb']} | {r['rss_last_mb']} | {r['rss_max_mb']} |")
    return "\n".join(out)


def machine():
    def sh(cmd):
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
            "uptime": sh("uptime"), "kernel": platform.release(),
            "xapian": sh("xapian-config --version 2>/dev/null || dpkg-query -W libxapian30"),
            "commit": sh(f"git -C {ROOT} rev-parse --short HEAD"), "nice": os.nice(0)}


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build folder")
    ap.add_argument("--work", default="/tmp/heritage-scale", help="scratch folder")
    ap.add_argument("--sets", default="enwiki,norec", help="datasets: enwiki,norec")
    ap.add_argument("--sizes", default="10,50,all", help="MB of each dataset, or all")
    ap.add_argument("--variants", default="serial,threads,shards2",
                    help="heritage-index runs: serial, threads (its default), shards2; and "
                         "plain3000, the reference with heritage-index's flush threshold")
    ap.add_argument("--queries", type=int, default=2000, help="questions per set at most")
    ap.add_argument("--http-size", help="size for HTTP and memory runs (default: the last)")
    ap.add_argument("--http-seconds", type=int, default=10, help="seconds per wrk run")
    ap.add_argument("--memory-seconds", type=int, default=30,
                    help="seconds of the memory run (600 for the 10-minute run); 0 skips it")
    ap.add_argument("--memory-set", default="enwiki", help="dataset of the memory run")
    ap.add_argument("--memory-endpoint", default="/api/search", choices=["/api/search", "/api/ask"],
                    help="what the memory run asks, each question in turn")
    ap.add_argument("--keep", action="store_true", help="keep the indexes in WORK/idx")
    ap.add_argument("--repeat", type=int, default=1,
                    help="rounds of indexing runs, every program once a round; the tables give "
                         "medians")
    ARGS = ap.parse_args()
    if ARGS.repeat < 1:
        ap.error("--repeat must be at least 1")
    ARGS.sets = ARGS.sets.split(",")
    ARGS.sizes = ARGS.sizes.split(",")
    ARGS.variants = ARGS.variants.split(",")
    http_size = ARGS.http_size or ARGS.sizes[-1]
    os.makedirs(ARGS.work, exist_ok=True)
    open(os.path.join(ARGS.work, "results.jsonl"), "w").close()
    env = record("machine", **machine())
    log(f"machine: {env}")
    for set_name in ARGS.sets:
        qfile, n = questions_file(set_name)
        log(f"{set_name}: {n} questions")
        for size in ARGS.sizes:
            log(f"{set_name} {size} MB")
            data = input_file(set_name, size)
            dbs = index_runs(set_name, size, data)
            query_runs(set_name, size, dbs, qfile)
            if size == http_size:
                db = dbs.get("threads") or dbs.get("serial")
                http_runs(set_name, size, db, qfile)
                if set_name == ARGS.memory_set and ARGS.memory_seconds > 0:
                    memory_run(set_name, size, db, qfile)
            if not ARGS.keep:  # the indexes of "all" take gigabytes
                for db in dbs.values():
                    shutil.rmtree(db, ignore_errors=True)
                    shutil.rmtree(db.removesuffix("-merged"), ignore_errors=True)
    record("machine_end", uptime=machine()["uptime"])
    print(f"Machine: {env['nproc']} cores ({env['cpu']}), Xapian {env['xapian']}, commit "
          f"{env['commit']}, niceness {env['nice']}.\nLoad at start: {env['uptime']}\n"
          f"Load at end: {results[-1]['uptime']}\n")
    print(tables())


if __name__ == "__main__":
    main()
