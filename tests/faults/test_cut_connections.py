"""test_cut_connections.py: outcome and undo requests cut off at random
points change all or nothing (issue 8, item 6).

1,000 requests (RP_CUT_REQUESTS) on a dozen fresh candidates, from four
threads at once, through nginx over raw sockets: some read their answer,
others close after sending the request, after part of the body, after
part of the headers, or a moment after sending.  Afterwards:
- every candidate's cached state (status, stage_pos, progress) equals
  what its effective outcome events say (DESIGN.md 2), for every
  candidate in the database, not only the test's;
- every award has its event (an outcome of the same candidate, green);
  every reversal's event is undone; no event has two awards or reversals;
- on the test's candidates, every effective green outcome with points has
  its award and every undone one its reversal;
- every referrer message (outbox) has its event, of the same candidate,
  and none of an undone event is still pending;
- no program process died or was replaced.
"""

import os
import random
import socket
import threading
import time
import urllib.parse

import pytest

import rpprogress
import rptest
from rpfaults import children
from rptest import ADMIN_EN, Client

N_CANDIDATES = 12
THREADS = 4


def program_pids():
    """{name: (master pid, sorted worker pids)} of the stack's cgi-bin
    programs and the mailer, from RP_VAR/run/*.pid."""
    run = os.path.join(rptest.env("RP_VAR"), "run")
    out = {}
    for f in sorted(os.listdir(run)):
        if not f.endswith(".pid") or f[:-4] in ("nginx", "mariadb", "smtp-sink") or f.startswith("apache"):
            continue
        try:
            pid = int(open(os.path.join(run, f)).read().strip())
        except (OSError, ValueError):
            continue
        if os.path.exists("/proc/%d" % pid):
            out[f[:-4]] = (pid, sorted(children(pid)))
    return out


class Cutter:
    def __init__(self, client, db, cands, seed):
        self.client = client
        self.db = db
        self.cands = cands
        self.rng = random.Random(seed)
        parts = urllib.parse.urlsplit(rptest.base_url())
        self.addr = (parts.hostname, parts.port or 80)
        self.host = "%s:%d" % self.addr
        self.cookie = "; ".join("%s=%s" % (c.name, c.value) for c in client.http.cookies)
        self.csrf = rpprogress.csrf_of(client)
        self.lock = threading.Lock()
        self.modes = {}
        self.statuses = {}

    def body_for(self, rng, cand):
        r = self.db_rows("SELECT c.version, c.status, COALESCE(m.mkey, '') FROM candidates c "
                         "LEFT JOIN milestones m ON m.org_id = c.org_id AND m.pos = c.stage_pos "
                         "WHERE c.id = %s", cand.id)[0]
        version, status, mkey = r
        if status in ("archived", "complete") or not mkey or rng.random() < 0.35:
            return "/candidates/%d/undo" % cand.id, [("version", version), ("csrf", self.csrf)]
        color = rng.choices(["green", "orange", "red"], [6, 2, 1])[0]
        okeys = [o for o, c, _ in cand.org.outcomes[mkey] if c == color] or \
            [o for o, _, _ in cand.org.outcomes[mkey]]
        f = [("milestone", mkey), ("outcome", rng.choice(okeys)), ("version", version), ("csrf", self.csrf)]
        if rng.random() < 0.3:
            f.append(("note", "cut test ✓ " * rng.randint(1, 20)))
        return "/candidates/%d/outcome" % cand.id, f

    def db_rows(self, sql, *args):
        with self.lock:
            return self.db.rows(sql, *args)

    def one(self, rng):
        cand = rng.choice(self.cands)
        path, fields = self.body_for(rng, cand)
        body = urllib.parse.urlencode(fields).encode()
        head = ("POST %s HTTP/1.1\r\nHost: %s\r\nCookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                "Content-Length: %d\r\nConnection: close\r\n\r\n" % (path, self.host, self.cookie, len(body))).encode()
        mode = rng.choices(["read", "close", "close-later", "part-body", "part-head", "no-body"],
                           [30, 25, 15, 15, 10, 5])[0]
        s = socket.create_connection(self.addr, timeout=30)
        status = None
        try:
            if mode == "part-head":
                s.sendall(head[:rng.randint(1, len(head) - 1)])
            elif mode == "part-body":
                s.sendall(head + body[:rng.randint(0, len(body) - 1)])
                time.sleep(rng.random() * 0.01)
            elif mode == "no-body":
                s.sendall(head)
                time.sleep(rng.random() * 0.05)
            else:
                s.sendall(head + body)
                if mode == "close-later":
                    time.sleep(rng.random() * 0.03)
                elif mode == "read":
                    data = rptest.recv_all(s)
                    status = int(data.split(b" ", 2)[1]) if data else 0
        finally:
            # An abortive close (RST) now and then, as a dropped connection.
            if rng.random() < 0.3:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()
        with self.lock:
            self.modes[mode] = self.modes.get(mode, 0) + 1
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1

    def run(self, n):
        errors = []

        def worker(k):
            rng = random.Random(self.rng.random())
            for _ in range(k):
                try:
                    self.one(rng)
                except OSError as e:       # the server may reset a cut request: that is fine
                    with self.lock:
                        self.modes["oserror"] = self.modes.get("oserror", 0) + 1
                except Exception as e:      # noqa: BLE001 (reported below)
                    errors.append(repr(e))
        per = [n // THREADS + (1 if i < n % THREADS else 0) for i in range(THREADS)]
        ts = [threading.Thread(target=worker, args=(k,)) for k in per]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return errors


def quiet(db, secs=2.0, limit=60):
    """Wait until no event has been written for secs (requests whose client
    went away may still be running)."""
    last, since, t0 = None, time.time(), time.time()
    while time.time() - t0 < limit:
        cur = db.rows("SELECT COALESCE(MAX(id), 0), COUNT(*) FROM candidate_events")[0]
        if cur != last:
            last, since = cur, time.time()
        elif time.time() - since >= secs:
            return
        time.sleep(0.2)


def check_consistency(db, test_ids):
    bad = []
    orgs = {}
    for cid, org_id, status, pos, progress in db.rows(
            "SELECT id, org_id, status, stage_pos, progress FROM candidates WHERE deleted_at IS NULL"):
        if org_id not in orgs:
            email = db.one("SELECT email FROM users WHERE org_id = %s ORDER BY id LIMIT 1", org_id)
            orgs[org_id] = rpprogress.Org(db, email)
        want = rpprogress.derive(orgs[org_id], rpprogress.effective(db, cid))
        if (status, pos, progress) != want:
            bad.append("candidate %d: cached %r, its events say %r" % (cid, (status, pos, progress), want))
    for lid, kind, cid, ev, ekind, ecand, undone, color in db.rows(
            "SELECT l.id, l.kind, l.candidate_id, l.event_id, e.kind, e.candidate_id, e.undone, o.color "
            "FROM points_ledger l LEFT JOIN candidate_events e ON e.id = l.event_id "
            "LEFT JOIN outcomes o ON o.id = e.outcome_id WHERE l.kind IN ('award', 'reversal')"):
        if ev is None or ekind != "outcome" or ecand != cid:
            bad.append("%s %d has no outcome event of its candidate (event %r)" % (kind, lid, ev))
        elif kind == "award" and color != "green":
            bad.append("award %d for a %s outcome" % (lid, color))
        elif kind == "reversal" and not undone:
            bad.append("reversal %d of event %d, which is not undone" % (lid, ev))
    for ev, kind, n in db.rows("SELECT event_id, kind, COUNT(*) FROM points_ledger WHERE event_id IS NOT NULL "
                               "GROUP BY event_id, kind HAVING COUNT(*) > 1"):
        bad.append("event %d has %d %s rows" % (ev, n, kind))
    for oid, cid, ev, status, ekind, ecand, undone in db.rows(
            "SELECT x.id, x.candidate_id, x.event_id, x.status, e.kind, e.candidate_id, e.undone "
            "FROM outbox x LEFT JOIN candidate_events e ON e.id = x.event_id "
            "WHERE x.kind = 'referrer_outcome' OR x.event_id IS NOT NULL"):
        if ev is None or ekind != "outcome" or ecand != cid:
            bad.append("outbox %d has no outcome event of its candidate (event %r)" % (oid, ev))
        elif undone and status == "pending":
            bad.append("outbox %d is still pending for undone event %d" % (oid, ev))
    if test_ids:
        marks = ",".join(["%s"] * len(test_ids))
        for ev, cid, undone, n_aw, n_rev in db.rows(
                "SELECT e.id, e.candidate_id, e.undone, "
                "(SELECT COUNT(*) FROM points_ledger l WHERE l.event_id = e.id AND l.kind = 'award'), "
                "(SELECT COUNT(*) FROM points_ledger l WHERE l.event_id = e.id AND l.kind = 'reversal') "
                "FROM candidate_events e JOIN outcomes o ON o.id = e.outcome_id "
                "JOIN milestones m ON m.id = e.milestone_id JOIN candidates c ON c.id = e.candidate_id "
                "WHERE e.kind = 'outcome' AND o.color = 'green' AND m.points <> 0 "
                "AND c.referrer_id IS NOT NULL AND e.candidate_id IN (%s)" % marks, *test_ids):
            if n_aw != 1 or n_rev != (1 if undone else 0):
                bad.append("event %d (candidate %d, undone %d): %d awards, %d reversals"
                           % (ev, cid, undone, n_aw, n_rev))
    return bad


@pytest.fixture
def fresh(db):
    f = rpprogress.Fresh(db)
    yield f
    f.cleanup()


def test_cut_outcome_requests_change_all_or_nothing(portal, db, fresh):
    n = int(os.environ.get("RP_CUT_REQUESTS", "1000"))
    before_pids = program_pids()
    assert "candidates" in before_pids, "no candidates program in %s/run" % rptest.env("RP_VAR")
    assert check_consistency(db, []) == [], "the database is inconsistent before the test"
    cands = [fresh.make(ADMIN_EN, eoi_days=200) for _ in range(N_CANDIDATES)]
    ev0 = db.one("SELECT COUNT(*) FROM candidate_events WHERE candidate_id IN (%s)"
                 % ",".join(str(c.id) for c in cands))
    client = Client()
    client.login(ADMIN_EN)
    cut = Cutter(client, rptest.DB(), cands, 8)
    t0 = time.time()
    errors = cut.run(n)
    quiet(db)
    took = time.time() - t0
    events = db.one("SELECT COUNT(*) FROM candidate_events WHERE candidate_id IN (%s)"
                    % ",".join(str(c.id) for c in cands)) - ev0
    summary = "cut connections: %d requests in %.0f s, modes %r, statuses of those read %r, %d events written" % (
        n, took, dict(sorted(cut.modes.items())), dict(sorted(cut.statuses.items())), events)
    with open(os.path.join(rptest.artifacts_dir(), "cut-connections.txt"), "w", encoding="utf-8") as f:
        f.write(summary + "\n")
    print(summary)
    assert not errors, "client errors: %r" % errors[:5]
    assert events >= n // 10, "too few requests got through to be a test: " + summary
    assert not any(s >= 500 for s in cut.statuses), "5xx answers: " + summary
    bad = check_consistency(db, [c.id for c in cands])
    assert not bad, "%d inconsistencies after cut requests:\n%s" % (len(bad), "\n".join(bad[:30]))
    after_pids = program_pids()
    assert after_pids == before_pids, "program processes changed (a crash?): %r -> %r" % (before_pids, after_pids)
