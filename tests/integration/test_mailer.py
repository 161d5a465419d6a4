"""test_mailer.py: refportal-mailer against real SMTP servers (issue 4;
DESIGN.md 5, 5.2).

Every template in both languages goes through the stack's own sink and is
read back with Python's email package; the rest runs private mailers
(--once, or looping until a signal) against SMTP servers of this process
(mailer_helpers.Sink) with short retry delays and leases from a private
copy of the stack's refportal.conf.  While those run, the stack's own
mailer is paused (SIGSTOP, SIGCONT at the end of the module) so that it
cannot take their rows to the stack's sink.  Every row this file makes has
a cause "mt:TOKEN-..." and is deleted at the end.
"""

import email
import email.policy
import glob
import os
import re
import secrets
import signal
import subprocess
import time

import pytest

import rptest
from rptest import ADMIN_EN
import rpprogress as rp
from mailer_helpers import (Greeter, Sink, ServicePause, free_port, insert_rows, mailer_path, msgid_row,
                            private_conf, run_once, start_loop, statuses, wait_for)

TOKEN = secrets.token_hex(3)
CANDIDATE = "Élise Dubé-Ørsted"
VACANCY = "Verzorgende IG – nachtdienst"
ORG = "Zorggroep De Linde & Co"
REFERRER = "Jan de Vriés"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


# The payloads the queueing code writes (lib/outbox.c, lib/progress.c).
PAYLOADS = {
    "new_candidate": '<mail kind="new_candidate"><org>%s</org><candidate id="42" email="elise@example.org" '
                     'phone="+31 6 1234 5678" postcode="1234 AB">%s</candidate><vacancy id="7" location="Zwolle">%s'
                     '</vacancy><referrer id="3">%s</referrer></mail>' % (esc(ORG), esc(CANDIDATE), esc(VACANCY), esc(REFERRER)),
    "referrer_eoi": '<mail kind="referrer_eoi"><org>%s</org><candidate id="42">%s</candidate><vacancy id="7">%s</vacancy>'
                    '<referrer id="3">%s</referrer></mail>' % (esc(ORG), esc(CANDIDATE), esc(VACANCY), esc(REFERRER)),
    "referrer_outcome": '<mail kind="referrer_outcome"><org>%s</org><referrer>%s</referrer><candidate>%s</candidate>'
                        '<vacancy>%s</vacancy><outcome milestone="interview" key="completed" color="green" points="10"/>'
                        '</mail>' % (esc(ORG), esc(REFERRER), esc(CANDIDATE), esc(VACANCY)),
    "candidate_thanks": '<mail kind="candidate_thanks"><org>%s</org><candidate id="42">%s</candidate><vacancy id="7">%s'
                        '</vacancy><referrer id="3">%s</referrer><privacy url="https://example.org/privacy" '
                        'retention="4 weeks"/></mail>' % (esc(ORG), esc(CANDIDATE), esc(VACANCY), esc(REFERRER)),
    "password_reset": '<mail kind="password_reset"><to>Zoë</to><link minutes="60">https://portal.example/reset?t=abc123'
                      '</link></mail>',
    "invitation": '<mail kind="invitation" role="recruiter"><org>%s</org><to>Zoë</to><inviter>%s</inviter>'
                  '<link days="7">https://portal.example/invite?t=def456</link></mail>' % (esc(ORG), esc(REFERRER)),
}
SUBJECT_KEY = {
    "new_candidate": "mail.new_candidate.subject",
    "referrer_eoi": "mail.referrer_eoi.subject",
    "referrer_outcome": "mail.referrer_outcome.subject_green",
    "candidate_thanks": "mail.candidate_thanks.subject",
    "password_reset": "mail.password_reset.subject",
    "invitation": "mail.invitation.subject",
}
# What the body must show, besides the greeting.
MUST_SHOW = {
    "new_candidate": [CANDIDATE, VACANCY, "+31 6 1234 5678", "/candidates/42"],
    "referrer_eoi": [CANDIDATE, VACANCY],
    "referrer_outcome": [CANDIDATE, "10"],
    "candidate_thanks": [VACANCY, "https://example.org/privacy"],
    "password_reset": ["https://portal.example/reset?t=abc123"],
    "invitation": [ORG, "https://portal.example/invite?t=def456"],
}
# A simple-enough payload for the tests of delivery.
BULK = PAYLOADS["referrer_outcome"]


def subject_of(kind, lang):
    text = rptest.catalogue(lang)[SUBJECT_KEY[kind]]
    return (text.replace("{candidate}", CANDIDATE).replace("{vacancy}", VACANCY).replace("{org}", ORG))


@pytest.fixture(scope="module", autouse=True)
def cleanup(db):
    yield
    db.exec("DELETE FROM outbox WHERE cause LIKE %s", "mt:%s-%%" % TOKEN)


@pytest.fixture(scope="module")
def paused():
    """The stack's mailer stopped until the end of this module."""
    p = ServicePause()
    p.pause()
    yield
    p.resume()


@pytest.fixture
def tag(request):
    """A word unique to this run and test, fit for causes and addresses."""
    return "%s-%s" % (TOKEN, re.sub(r"[^a-z0-9]+", "", request.node.name.lower())[:40])


def sink_files(recipient):
    """Messages in the stack's sink addressed to recipient (raw bytes)."""
    out = []
    for path in glob.glob(os.path.join(rptest.env("RP_MAIL_DIR"), "*.eml")):
        with open(path, "rb") as f:
            raw = f.read()
        head = raw.split(b"\r\n", 2)
        if len(head) > 1 and (b"<" + recipient.encode() + b">") in head[1]:
            out.append(raw)
    return out


# ------------------------------------------------------------------ templates

def test_every_template_in_both_languages_is_valid_mime(db, tag):
    """Each kind in nl and en through the stack's own sink: multipart/
    alternative with a text and an HTML part, the subject from the
    catalogue, 7-bit headers, the stable Message-ID, Auto-Submitted."""
    rows = {}
    for kind, payload in PAYLOADS.items():
        for lang in ("nl", "en"):
            ids = insert_rows(db, "%s-%s-%s" % (tag, kind, lang), 1, kind, lang, payload)
            rows[ids[0]] = (kind, lang, "mt-%s-%s-%s-1@mailer.test" % (tag, kind, lang))
    # The stack's mailer may take them, or this one: both use its sink.
    run_once(rptest.env("RP_CONF"))
    wait_for(lambda: all(s[0] == "sent" for s in statuses(db, list(rows)).values()), 30,
             "the stack's mailer to send %d messages" % len(rows))
    for rid, (kind, lang, rcpt) in rows.items():
        what = "%s/%s (outbox %d)" % (kind, lang, rid)
        found = sink_files(rcpt)
        assert len(found) == 1, "%s: %d messages in the sink" % (what, len(found))
        raw = found[0]
        header = raw.split(b"\r\n\r\n", 1)[0]
        assert all(b < 0x80 for b in header), "%s: raw 8-bit bytes in the header" % what
        assert b"\n" not in header.replace(b"\r\n", b""), "%s: a bare LF in the header" % what
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert not msg.defects, "%s: %r" % (what, msg.defects)
        assert msg.get_content_type() == "multipart/alternative", what
        parts = list(msg.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"], what
        for p in parts:
            assert not p.defects, "%s: %r" % (what, p.defects)
            assert p.get_content_charset() == "utf-8", what
        assert str(msg["Subject"]) == subject_of(kind, lang), what
        assert msg["Message-ID"].startswith("<outbox-%d." % rid), what
        assert msg["Auto-Submitted"] == "auto-generated", what
        assert msg["Date"].datetime is not None, what
        assert msg["MIME-Version"] == "1.0", what
        to = msg["To"].addresses[0]
        assert (to.addr_spec, to.display_name) == (rcpt, "Zoë 1"), what
        text, html = parts[0].get_content(), parts[1].get_content()
        cat = rptest.catalogue(lang)
        greeting = cat["mail.hello"].replace("{to}", "Zoë 1")
        for body in (" ".join(text.split()), " ".join(html.split())):
            assert greeting in body, "%s: no greeting %r" % (what, greeting)
            for s in MUST_SHOW[kind]:
                assert s in body or s.replace("&", "&amp;") in body, "%s: %r missing" % (what, s)
        assert html.lstrip().startswith("<!DOCTYPE html>") and '<html lang="%s"' % lang in html, what
        assert max(len(line) for line in text.splitlines()) <= 80 or "http" in text, what
        if kind == "candidate_thanks":
            for key in ("mail.privacy.title", "mail.privacy.rights"):
                want = cat[key].replace("{org}", ORG)
                assert want in " ".join(text.split()), "%s: privacy notice %s missing in the text" % (what, key)
                assert want.replace("&", "&amp;") in " ".join(html.split()), \
                    "%s: privacy notice %s missing in the HTML" % (what, key)


# ------------------------------------------------------------------ delivery

def test_server_down_then_up_loses_nothing(db, tmp_path, tag, paused):
    port = free_port()
    conf = private_conf(tmp_path, "down", port, mail_retry_first=1, mail_retry_max=2)
    ids = insert_rows(db, tag, 30, "referrer_outcome", "en", BULK)
    p = run_once(conf)
    st = statuses(db, ids)
    assert all(s[0] == "pending" and s[1] == 1 and s[2] for s in st.values()), st
    assert "retry id=%d " % ids[0] in p.stderr
    sink = Sink(port).start()
    try:
        wait_for(lambda: db.one("SELECT COUNT(*) FROM outbox WHERE id IN (%s) AND due_at <= UTC_TIMESTAMP()"
                                % ",".join(map(str, ids))) == len(ids), 10, "the retry to fall due")
        run_once(conf)
        st = statuses(db, ids)
        assert all(s[0] == "sent" for s in st.values()), st
        got = sorted(msgid_row(m) for m in sink.message_ids())
        assert got == sorted(ids), "each message exactly once after the server came back"
    finally:
        sink.stop()


@pytest.mark.parametrize("answer,status", [("550 5.1.1 No such user here", "failed"),
                                           ("451 4.3.0 Try again later", "pending")])
def test_refusals(db, tmp_path, tag, paused, answer, status):
    """A 5xx marks the row failed and it is never tried again; a 4xx is
    tried again later."""
    sink = Sink(refuse=answer).start()
    try:
        conf = private_conf(tmp_path, "refuse", sink.port, mail_retry_first=1, mail_retry_max=1)
        ids = insert_rows(db, tag, 3, "referrer_outcome", "nl", BULK)
        run_once(conf)
        st = statuses(db, ids)
        assert all(s[0] == status and s[1] == 1 and answer in s[2] for s in st.values()), st
        if status == "failed":
            time.sleep(1.1)
            db.exec("UPDATE outbox SET due_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id IN (%s)"
                    % ",".join(map(str, ids)))
            refused = sink.rcpt_refused
            run_once(conf)
            assert statuses(db, ids) == st, "a failed row was tried again"
            assert sink.rcpt_refused == refused
        else:
            db.exec("DELETE FROM outbox WHERE id IN (%s)" % ",".join(map(str, ids)))
        assert sink.count() == 0
    finally:
        sink.stop()


@pytest.mark.parametrize("where,answer", [("greeting", "554 5.7.1 No SMTP service here"),
                                          ("mail", "530 5.7.0 Authentication required"),
                                          ("mail", "421 4.3.2 System not accepting network messages")])
def test_sender_refused(db, tmp_path, tag, paused, where, answer):
    """A server that refuses the connection or our sender (a blocked
    address, a login the settings lack) refuses every message alike: the
    rows stay pending to be tried again, with the server's own answer as
    their error, and the batch stops at the first; when the server takes
    mail again, they go out."""
    srv = Greeter(answer).start() if where == "greeting" else Sink(refuse_mail=answer).start()
    try:
        conf = private_conf(tmp_path, "sender", srv.port, mail_retry_first=1, mail_retry_max=1)
        ids = insert_rows(db, tag, 4, "referrer_outcome", "nl", BULK)
        p = run_once(conf)
        st = statuses(db, ids)
        assert all(x[0] == "pending" and x[2] and answer in x[2] for x in st.values()), (st, p.stderr[-2000:])
        tried = srv.connections if where == "greeting" else srv.mail_refused
        assert tried == 1, tried
    finally:
        srv.stop()
    sink = Sink(port=srv.port).start()
    try:
        time.sleep(1.1)
        db.exec("UPDATE outbox SET due_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id IN (%s)"
                % ",".join(map(str, ids)))
        run_once(conf)
        assert all(x[0] == "sent" for x in statuses(db, ids).values()), statuses(db, ids)
        assert sink.count() == 4
    finally:
        sink.stop()


@pytest.mark.parametrize("keys", [{"mail_lease": 200, "smtp_timeout": 100},
                                  {"mail_lease": 30, "smtp_timeout": 20}])
def test_a_lease_too_short_for_a_send_is_refused(db, tmp_path, tag, paused, keys):
    """A batch starts no message after half its lease, so a send must fit
    in the other half: a lease not more than twice smtp_timeout would let
    another mailer claim a row in the middle of its send.  The mailer
    says so and exits before touching the outbox."""
    conf = private_conf(tmp_path, "lease", free_port(), **keys)
    ids = insert_rows(db, tag, 1, "referrer_outcome", "nl", BULK)
    p = subprocess.run([mailer_path(), "--config", conf, "--once"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode != 0, err
    assert "mail_lease (%d s)" % keys["mail_lease"] in err and "smtp_timeout" in err, err
    assert statuses(db, ids)[ids[0]][:2] == ("pending", 0)
    db.exec("DELETE FROM outbox WHERE id = %s", ids[0])


def test_two_mailers_deliver_2000_exactly_once(db, tmp_path, tag, paused):
    sink = Sink().start()
    try:
        conf = private_conf(tmp_path, "two", sink.port)
        ids = insert_rows(db, tag, 2000, "referrer_outcome", "en", BULK)
        t0 = time.time()
        procs = [subprocess.Popen([mailer_path(), "--config", conf, "--once"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
        logs = [p.communicate(timeout=150)[1].decode() for p in procs]
        took = time.time() - t0
        assert [p.returncode for p in procs] == [0, 0], logs
        st = statuses(db, ids)
        assert sum(1 for s in st.values() if s[0] == "sent") == len(ids)
        assert all(s[1] == 1 for s in st.values()), "a row was claimed twice"
        got = [msgid_row(m) for m in sink.message_ids()]
        assert len(got) == len(ids) and sorted(got) == sorted(ids), \
            "%d messages for %d rows, %d distinct" % (len(got), len(ids), len(set(got)))
        per = [log.count(" sent id=") for log in logs]
        assert sum(per) == len(ids) and min(per) > 0, "messages per mailer: %r" % per
        print("two mailers: %d messages in %.1f s (%.0f/s), split %r" % (len(ids), took, len(ids) / took, per))
    finally:
        sink.stop()


def test_killed_mailer_leases_expire_none_lost(db, tmp_path, tag, paused):
    sink = Sink(delay=0.05).start()
    p = None
    try:
        conf = private_conf(tmp_path, "kill", sink.port, mail_lease=3, smtp_timeout=1)
        ids = insert_rows(db, tag, 60, "referrer_outcome", "en", BULK)
        p = start_loop(conf, str(tmp_path / "kill.log"))
        wait_for(lambda: sink.count() >= 3, 30, "the mailer to start sending")
        p.kill()
        p.wait(timeout=10)
        leased = [i for i, s in statuses(db, ids).items() if s[0] == "sending"]
        assert leased, "no row in 'sending' after SIGKILL mid-batch"
        sink.delay = 0
        # Not before the lease ends ...
        run_once(conf)
        assert all(statuses(db, leased)[i][0] == "sending" for i in leased), "a leased row was taken early"
        # ... and after it.
        wait_for(lambda: db.one("SELECT COUNT(*) FROM outbox WHERE id IN (%s) AND lease_until >= UTC_TIMESTAMP()"
                                % ",".join(map(str, leased))) == 0, 10, "the lease to expire")
        run_once(conf)
        st = statuses(db, ids)
        assert all(s[0] == "sent" for s in st.values()), st
        got = [msgid_row(m) for m in sink.message_ids()]
        assert set(got) == set(ids), "lost: %r" % sorted(set(ids) - set(got))
        assert len(got) - len(set(got)) <= 1, "only the message in hand may go out twice"
    finally:
        if p is not None and p.poll() is None:
            p.kill()
        sink.stop()


def test_sigterm_finishes_the_message_in_hand(db, tmp_path, tag, paused):
    sink = Sink(delay=0.3).start()
    try:
        conf = private_conf(tmp_path, "term", sink.port)
        ids = insert_rows(db, tag, 10, "referrer_outcome", "en", BULK)
        log = tmp_path / "term.log"
        p = start_loop(conf, str(log))
        wait_for(lambda: db.one("SELECT COUNT(*) FROM outbox WHERE id IN (%s) AND status = 'sending'"
                                % ",".join(map(str, ids))) > 0, 30, "a claim")
        time.sleep(0.4)
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=10) == 0
        st = statuses(db, ids)
        sent = [i for i, s in st.items() if s[0] == "sent"]
        assert all(s[0] in ("sent", "pending") for s in st.values()), st
        assert all(s[1] == 0 for i, s in st.items() if s[0] == "pending"), "a given-back row kept its attempt"
        assert sorted(msgid_row(m) for m in sink.message_ids()) == sorted(sent)
        assert 0 < len(sent) < len(ids)
        assert "stopping:" in log.read_text()
        # Idle: the signal ends the wait at once.
        run_once(conf)
        p = start_loop(conf, str(tmp_path / "idle.log"))
        time.sleep(0.5)
        t0 = time.time()
        p.send_signal(signal.SIGTERM)
        assert p.wait(timeout=5) == 0 and time.time() - t0 < 2
        assert all(s[0] == "sent" for s in statuses(db, ids).values())
    finally:
        sink.stop()


def test_undo_within_grace_is_never_sent(request, db, tmp_path, paused):
    """A green outcome queues the referrer's message after the grace
    delay; undoing it cancels the message, which no mailer sends, even
    once it would have been due."""
    client = request.getfixturevalue("admin_en")
    fresh = rp.Fresh(db)
    sink = Sink().start()
    try:
        cand = fresh.make(ADMIN_EN)
        org = cand.org
        page = rp.post_outcome(client, cand.id, org.keys[0], org.first(org.keys[0], "green"),
                               rp.state(db, cand.id)["version"])
        assert page.status == 303, page.describe()
        row = db.rows("SELECT id, status, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), due_at) FROM outbox "
                      "WHERE candidate_id = %s AND kind = 'referrer_outcome' ORDER BY id DESC LIMIT 1", cand.id)
        assert row and row[0][1] == "pending" and row[0][2] > 0, row
        rid = row[0][0]
        page = rp.post_undo(client, cand.id, rp.state(db, cand.id)["version"])
        assert page.status == 303, page.describe()
        assert statuses(db, [rid])[rid][0] == "cancelled"
        db.exec("UPDATE outbox SET due_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = %s", rid)
        run_once(private_conf(tmp_path, "undo", sink.port))
        assert statuses(db, [rid])[rid][:2] == ("cancelled", 0)
        assert rid not in [msgid_row(m) for m in sink.message_ids()]
    finally:
        sink.stop()
        fresh.cleanup()


@pytest.mark.parametrize("code,status", [(0, "sent"), (75, "pending"), (67, "failed")])
def test_sendmail_program(db, tmp_path, tag, paused, code, status):
    """The message goes to the program's stdin with -t -i; its exit
    status decides: 0 sent, EX_TEMPFAIL again later, EX_NOUSER failed."""
    out = tmp_path / "sendmail-out"
    prog = tmp_path / "fake-sendmail"
    prog.write_text("#!/bin/sh\nprintf '%%s\\n' \"$*\" > '%s.args'\ncat > '%s'\nexit %d\n" % (out, out, code))
    prog.chmod(0o755)
    conf = private_conf(tmp_path, "sendmail", free_port(), sendmail='"%s"' % prog)
    ids = insert_rows(db, tag, 1, "password_reset", "nl", PAYLOADS["password_reset"])
    run_once(conf)
    assert statuses(db, ids)[ids[0]][0] == status
    args = (tmp_path / "sendmail-out.args").read_text().split()
    assert args[:2] == ["-t", "-i"], args
    msg = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert b"\r\n" not in out.read_bytes(), "sendmail gets LF line ends"
    assert msg["To"].addresses[0].addr_spec == "mt-%s-1@mailer.test" % tag
    assert str(msg["Subject"]) == rptest.catalogue("nl")["mail.password_reset.subject"]


# ------------------------------------------------------------------ faults

class BadServer:
    """A TCP server in a thread that misbehaves as an SMTP server:
    'stall' accepts and never says a word; 'drop' plays along until the
    message text has started, then closes the connection."""

    def __init__(self, mode):
        import socket
        import threading
        self.mode = mode
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.stopping = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopping:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(c)
            if self.mode == "drop":
                self.play_then_drop(c)

    def play_then_drop(self, c):
        f = c.makefile("rb")
        c.sendall(b"220 bad.test ESMTP\r\n")
        try:
            for line in f:
                cmd = line[:4].upper()
                if cmd in (b"EHLO", b"HELO"):
                    c.sendall(b"250 bad.test\r\n")
                elif cmd in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                    c.sendall(b"250 ok\r\n")
                elif cmd == b"DATA":
                    c.sendall(b"354 go ahead\r\n")
                    f.readline()          # the first line of the message
                    break
                elif cmd == b"QUIT":
                    break
        except OSError:
            pass
        try:
            c.close()
        except OSError:
            pass

    def stop(self):
        self.stopping = True
        self.sock.close()
        for c in self.conns:
            try:
                c.close()
            except OSError:
                pass


@pytest.mark.parametrize("mode", ["stall", "drop"])
def test_server_stalls_or_hangs_up(db, tmp_path, tag, paused, mode):
    """A server that never answers (smtp_timeout) or hangs up in the middle
    of a message: the mailer gives up on it in time, exits cleanly, keeps
    the rows to try again, and they go out once a good server answers."""
    bad = BadServer(mode)
    try:
        conf = private_conf(tmp_path, mode, bad.port, smtp_timeout=2,
                            mail_retry_first=1, mail_retry_max=1)
        ids = insert_rows(db, tag, 2, "referrer_outcome", "en", BULK)
        t0 = time.time()
        p = run_once(conf, timeout=60)
        took = time.time() - t0
        st = statuses(db, ids)
        assert all(s[0] == "pending" and s[1] == 1 and s[2] for s in st.values()), (st, p.stderr[-2000:])
        if mode == "stall":
            assert took < 20, "the mailer waited %.1f s on a silent server" % took
    finally:
        bad.stop()
    sink = Sink().start()
    try:
        good = private_conf(tmp_path, mode + "-good", sink.port, mail_retry_first=1, mail_retry_max=1)
        wait_for(lambda: db.one("SELECT COUNT(*) FROM outbox WHERE id IN (%s) AND due_at <= UTC_TIMESTAMP()"
                                % ",".join(map(str, ids))) == len(ids), 10, "the retry to fall due")
        run_once(good)
        assert all(s[0] == "sent" for s in statuses(db, ids).values())
        assert sorted(msgid_row(m) for m in sink.message_ids()) == sorted(ids)
    finally:
        sink.stop()
