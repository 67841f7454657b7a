"""``liclogic serve`` under load: concurrent clients on loopback asking distinct compat
questions, as the serve issue asks (20 clients, 30 s, p95 ≤ 100 ms warm, no errors).

    python benchmarks/serve_load.py [--clients 20] [--seconds 30] [--licenses 10]

Starts ``liclogic serve`` as a process of its own on a free loopback port. The questions:
every ordered pair of ``--licenses`` bundled licenses (10: 90 distinct compat questions),
shared out among the clients so that no two clients ask the same question. Warm-up: each
question asked once, one at a time (its cold time recorded: the server solves it and keeps
the answer). Then each client — a thread with its own keep-alive HTTP connection — asks its
questions in turn for ``--seconds``; every request is timed from send to the last byte of
the answer, and any status but 200, any answer that is not the warm-up's, and any transport
error counts as an error. Writes benchmarks/serve_load.json and prints the figures with the
machine's load average.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
LICENSES = ["MIT", "Apache-2.0", "GPL-2.0-only", "GPL-3.0-only", "LGPL-2.1-only", "MPL-2.0",
            "BSD-3-Clause", "AGPL-3.0-only", "EPL-2.0", "CC-BY-4.0", "ISC", "Unlicense",
            "CC-BY-SA-4.0", "EUPL-1.2", "BSD-2-Clause", "Zlib"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs)) - 1))]


def measure(clients: int = 20, seconds: float = 30.0, licenses: int = 10) -> dict[str, Any]:
    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LICLOGIC_NO_CACHE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "liclogic", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        started = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{base}/api/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.perf_counter() - started > 300:
                raise RuntimeError("liclogic serve did not start: "
                                   + (proc.stderr.read().decode()[-2000:] if proc.stderr
                                      else ""))
            time.sleep(0.2)
        start_s = time.perf_counter() - started
        names = LICENSES[:licenses]
        questions = [(a, b) for a in names for b in names if a != b]
        expected: dict[tuple[str, str], bytes] = {}
        cold: list[float] = []
        with httpx.Client(base_url=base, timeout=120) as c:
            for a, b in questions:
                t = time.perf_counter()
                r = c.get("/api/compat", params={"inbound": a, "outbound": b})
                cold.append(time.perf_counter() - t)
                r.raise_for_status()
                expected[(a, b)] = r.content
        shares = [questions[i::clients] for i in range(clients)]
        latencies: list[list[float]] = [[] for _ in range(clients)]
        errors: list[str] = []
        lock = threading.Lock()
        until = time.perf_counter() + seconds
        barrier = threading.Barrier(clients)

        def client(n: int) -> None:
            # the standard library's client: its own overhead is small beside httpx's, and
            # the figure is the server's latency, not the client's
            mine = [(a, b, "/api/compat?" + urlencode({"inbound": a, "outbound": b}))
                    for a, b in (shares[n] or questions[:1])]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            barrier.wait()
            i = 0
            while time.perf_counter() < until:
                a, b, path = mine[i % len(mine)]
                i += 1
                t = time.perf_counter()
                try:
                    conn.request("GET", path)
                    r = conn.getresponse()
                    content = r.read()
                    ok = r.status == 200 and content == expected[(a, b)]
                    why = f"{a}->{b}: HTTP {r.status}" if not ok else ""
                except (OSError, http.client.HTTPException) as exc:
                    ok, why = False, f"{a}->{b}: {exc!r}"
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                latencies[n].append(time.perf_counter() - t)
                if not ok:
                    with lock:
                        errors.append(why)
            conn.close()

        load_before = os.getloadavg()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        wall = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - wall
        load_after = os.getloadavg()
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    every = [x * 1000 for xs in latencies for x in xs]
    return {"clients": clients, "seconds": round(wall, 1), "questions": len(questions),
            "licenses": names, "start_s": round(start_s, 1),
            "cold_ms": {"median": round(statistics.median(cold) * 1000, 1),
                        "p95": round(_percentile([x * 1000 for x in cold], 95), 1),
                        "max": round(max(cold) * 1000, 1)},
            "requests": len(every), "errors": len(errors), "error_examples": errors[:5],
            "throughput_rps": round(len(every) / wall, 1),
            "latency_ms": {"median": round(statistics.median(every), 2),
                           "p95": round(_percentile(every, 95), 2),
                           "p99": round(_percentile(every, 99), 2),
                           "max": round(max(every), 2)},
            "load_average": {"before": [round(x, 2) for x in load_before],
                             "after": [round(x, 2) for x in load_after]},
            "cpus": os.cpu_count()}


def section(r: dict[str, Any], command: str) -> list[str]:
    lat, cold = r["latency_ms"], r["cold_ms"]
    return ["## Serve under load", "",
            f"`liclogic serve` on loopback (`{command}`): {r['clients']} concurrent clients "
            "(threads, a keep-alive http.client connection each) asking "
            f"{r['questions']} distinct compat questions (every ordered pair of "
            f"{len(r['licenses'])} licenses, no two clients "
            f"the same) for {r['seconds']} s, after one warm-up pass (cold: median "
            f"{cold['median']} ms, p95 {cold['p95']} ms, max {cold['max']} ms per question, "
            "one at a time): "
            f"**{r['requests']:,} requests, {r['errors']} errors, p95 {lat['p95']} ms** "
            f"(median {lat['median']} ms, p99 {lat['p99']} ms, max {lat['max']} ms; "
            f"{r['throughput_rps']} requests/s). Warm answers come from the server's answer "
            "cache; the solver runs one question at a time under its lock. Load average "
            f"{r['load_average']['before'][0]} before, {r['load_average']['after'][0]} after, "
            f"{r['cpus']} CPUs.", ""]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--licenses", type=int, default=10)
    args = ap.parse_args()
    r = measure(args.clients, args.seconds, args.licenses)
    (ROOT / "benchmarks" / "serve_load.json").write_text(json.dumps(r, indent=1) + "\n")
    print("\n".join(section(r, "python benchmarks/serve_load.py")))
    if r["errors"] or r["latency_ms"]["p95"] > 100:
        sys.exit(1)


if __name__ == "__main__":
    main()
