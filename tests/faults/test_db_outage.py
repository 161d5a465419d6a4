"""test_db_outage.py: the database stops under load and comes back (issue 8, item 6).

Four clients keep asking for pages (the health check, the candidate list
and a candidate with a session, a sign-in page) while the stack's MariaDB
is stopped with RP_DB_STOP_CMD.  Within 5 s of the stop every answer is
503 with Retry-After and the security headers (and no request hangs);
before that only 200 or 503 (a request caught half-way is a 503, not a
500); no program process dies or is replaced.  MariaDB is started again with
RP_DB_START_CMD: within 10 s of that every page answers as before, with
the same session, without restarting any program.

It stops the database of the stack it runs against: scripts/check runs
it in the fault stage, alone.
"""

import os
import subprocess
import threading
import time

import pytest

import rptest
from rpfaults import env_or_fail
from rptest import ADMIN_EN, Client
from test_cut_connections import program_pids

WITHIN_DOWN = 5.0
WITHIN_UP = 10.0


class Load:
    """Clients requesting pages in a loop; every answer recorded with its time."""

    def __init__(self, paths, cookie):
        self.paths = paths
        self.cookie = cookie
        self.log = []       # (t_sent, t_done, path, status, headers)
        self.stop = False
        self.lock = threading.Lock()

    def worker(self, k):
        import requests
        s = requests.Session()
        s.headers["User-Agent"] = "refportal-fault-tests"
        i = k
        while not self.stop:
            path, signed = self.paths[i % len(self.paths)]
            i += 1
            t0 = time.time()
            try:
                r = s.get(rptest.base_url() + path, allow_redirects=False, timeout=20,
                          headers={"Cookie": self.cookie} if signed else {})
                rec = (t0, time.time(), path, r.status_code, r.headers)
            except Exception as e:  # noqa: BLE001 (a refused or reset connection is recorded)
                rec = (t0, time.time(), path, -1, {"error": repr(e)})
            with self.lock:
                self.log.append(rec)
            time.sleep(0.02)

    def start(self, n=4):
        self.threads = [threading.Thread(target=self.worker, args=(k,), daemon=True) for k in range(n)]
        for t in self.threads:
            t.start()

    def finish(self):
        self.stop = True
        for t in self.threads:
            t.join(30)

    def between(self, a, b):
        with self.lock:
            return [r for r in self.log if r[0] >= a and r[0] < b]


def shell(cmd, what):
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, "%s failed (%d): %s %s" % (what, p.returncode, p.stdout[-1500:], p.stderr[-1500:])


def test_database_outage_under_load(portal):
    stop_cmd = env_or_fail("RP_DB_STOP_CMD")
    start_cmd = env_or_fail("RP_DB_START_CMD")
    db = rptest.DB()       # closed before the stop: the fixture's would die
    c = Client()
    c.login(ADMIN_EN)
    cookie = "%s=%s" % (rptest.SESSION_COOKIE, c.session_token())
    cid = db.one("SELECT id FROM candidates WHERE org_id = (SELECT org_id FROM users WHERE email = %s) "
                 "AND deleted_at IS NULL ORDER BY id LIMIT 1", ADMIN_EN)
    paths = [("/health", False), ("/candidates", True), ("/candidates/%d" % cid, True), ("/login", False),
             ("/archive", True)]
    for p, signed in paths:
        r = c.get(p) if signed else Client().get(p)
        assert r.status == 200, "before the outage: " + r.describe()
    pids = program_pids()
    db.close()

    load = Load(paths, cookie)
    load.start()
    try:
        time.sleep(1.0)
        t_stop0 = time.time()
        shell(stop_cmd, "stopping MariaDB")
        t_down = time.time()
        time.sleep(WITHIN_DOWN + 2.0)
        t_start0 = time.time()
        shell(start_cmd, "starting MariaDB")
        t_up = time.time()
        # Service must be back within WITHIN_UP of the start command's return.
        back = None
        while time.time() - t_up < WITHIN_UP + 5:
            recent = load.between(time.time() - 1.0, time.time())
            if recent and all(r[3] == 200 for r in recent) and \
                    {p for _, _, p, _, _ in recent} >= {"/health", "/candidates"}:
                back = max(r[0] for r in recent)
                break
            time.sleep(0.25)
        time.sleep(1.0)
    finally:
        load.finish()

    report = ["stop took %.1f s, start %.1f s" % (t_down - t_stop0, t_up - t_start0)]
    bad = []
    # After the stop: within WITHIN_DOWN every answer is 503 + Retry-After.
    settled = [r for r in load.between(t_down + WITHIN_DOWN, t_start0)]
    assert settled, "no requests while the database was down"
    for t0, t1, path, status, h in settled:
        if status != 503:
            bad.append("%.1f s after the stop: %s answered %s" % (t0 - t_down, path, status))
            continue
        if not h.get("Retry-After", "").isdigit():
            bad.append("503 of %s without Retry-After" % path)
        if "frame-ancestors 'none'" not in h.get("Content-Security-Policy", "") or \
                h.get("X-Content-Type-Options") != "nosniff":
            bad.append("503 of %s without the security headers: %r" % (path, dict(h)))
    first503 = min((r[1] for r in load.between(t_stop0, t_start0) if r[3] == 503), default=None)
    report.append("first 503 %.1f s after the stop began" % (first503 - t_stop0) if first503 else "no 503 at all")
    slow = [r for r in load.between(t_stop0, t_start0) if r[1] - r[0] > WITHIN_DOWN]
    if slow:
        bad.append("%d requests took longer than %.0f s while the database was down (longest %.1f s)"
                   % (len(slow), WITHIN_DOWN, max(r[1] - r[0] for r in slow)))
    odd = [r for r in load.between(t_stop0, t_start0) if r[3] not in (200, 503)]
    report.append("answers during the outage: %r" % sorted({r[3] for r in load.between(t_stop0, t_start0)}))
    if odd:
        # A request the outage caught half-way is a 503 too (lib/loop.c), never a 500.
        bad.append("answers other than 200 and 503 while it went down: %r" % sorted({(r[2], r[3]) for r in odd}))
    # Back up.
    if back is None:
        bad.append("service did not return within %.0f s of the restart" % (WITHIN_UP + 5))
    else:
        report.append("service back %.1f s after MariaDB answered again" % (back - t_up))
        if back - t_up > WITHIN_UP:
            bad.append("service returned only %.1f s after the restart" % (back - t_up))
    after_pids = program_pids()
    if after_pids != pids:
        bad.append("program processes changed: %r -> %r" % (pids, after_pids))
    # The same session still works: nothing was restarted or forgotten.
    for p, signed in paths:
        r = c.get(p) if signed else Client().get(p)
        if r.status != 200:
            bad.append("after the outage: " + r.describe())
    with open(os.path.join(rptest.artifacts_dir(), "db-outage.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(report + bad) + "\n")
    print("\n".join(report))
    assert not bad, "\n".join(report + bad[:30])
