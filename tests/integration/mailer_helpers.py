"""mailer_helpers.py: what tests/integration/test_mailer.py needs besides
rptest: SMTP servers of its own (in this process, on free loopback ports,
answering as told), private mailer configurations and runs, outbox rows
made with SQL, and the stack's own mailer paused while a test needs the
outbox to itself."""

import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import threading
import time

from aiosmtpd.controller import Controller

import rptest


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Sink:
    """An SMTP server in a thread that keeps what it receives in memory.
    refuse: an answer to every RCPT TO ("550 5.1.1 no such user"), else
    250; refuse_mail: the same for MAIL FROM; delay: seconds each DATA
    takes before its 250."""

    def __init__(self, port=None, refuse=None, delay=0.0, refuse_mail=None):
        self.port = port or free_port()
        self.refuse = refuse
        self.refuse_mail = refuse_mail
        self.delay = delay
        self.messages = []          # raw bytes, in arrival order
        self.rcpt_refused = 0
        self.mail_refused = 0
        self.lock = threading.Lock()
        self.ctl = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_mail:
            with self.lock:
                self.mail_refused += 1
            return self.refuse_mail
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            with self.lock:
                self.rcpt_refused += 1
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        with self.lock:
            self.messages.append(data)
        return "250 OK stored"

    def start(self):
        self.ctl = Controller(self, hostname="127.0.0.1", port=self.port,
                              data_size_limit=32 * 1024 * 1024)
        self.ctl.start()
        return self

    def stop(self):
        if self.ctl is not None:
            self.ctl.stop()
            self.ctl = None

    def count(self):
        with self.lock:
            return len(self.messages)

    def message_ids(self):
        with self.lock:
            raw = list(self.messages)
        return [email.message_from_bytes(m, policy=email.policy.default)["Message-ID"] for m in raw]


class Greeter:
    """A server that answers every connection with one line (a refusal
    such as "554 5.7.1 no service") and hangs up; counts them."""

    def __init__(self, line):
        self.line = line.encode("ascii") + b"\r\n"
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.listen(8)
        self.connections = 0
        self.thread = None

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            try:
                conn.sendall(self.line)
                time.sleep(0.05)
            finally:
                conn.close()

    def start(self):
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        if self.thread is not None:
            self.thread.join(5)


def mailer_path():
    build = rptest.env("RP_BUILD")
    path = os.path.join(build, "mailer", "refportal-mailer")
    if not os.access(path, os.X_OK):
        raise rptest.EnvError("%s was not built (is libcurl installed?)" % path)
    return path


def private_conf(tmp_path, name, port, **keys):
    """The stack's refportal.conf with SMTP to 127.0.0.1:port and the
    given keys (later lines win); returns its path."""
    with open(rptest.env("RP_CONF"), encoding="utf-8") as f:
        text = f.read()
    text += "\n# test_mailer.py\nsmtp_url = smtp://127.0.0.1:%d\nsmtp_starttls = off\n" % port
    for k, v in keys.items():
        text += "%s = %s\n" % (k, v)
    path = os.path.join(str(tmp_path), name + ".conf")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run_once(conf, timeout=120):
    """refportal-mailer --once; returns the CompletedProcess (stderr text)."""
    p = subprocess.run([mailer_path(), "--config", conf, "--once"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    p.stderr = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 0, "mailer --once exited %d:\n%s" % (p.returncode, p.stderr[-3000:])
    return p


def start_loop(conf, log_path):
    """refportal-mailer running until a signal; its stderr goes to log_path."""
    log = open(log_path, "wb")
    p = subprocess.Popen([mailer_path(), "--config", conf], stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log)
    log.close()
    return p


def insert_rows(db, tag, n, kind, lang, payload, due_in=0):
    """n outbox rows of one kind with causes mt:TAG:i and recipients
    mt-TAG-i@mailer.test, due in due_in seconds; returns their ids."""
    db.exec("INSERT INTO outbox (cause, kind, recipient, recipient_name, lang, payload, due_at) "
            "SELECT CONCAT('mt:', %s, ':', seq), %s, CONCAT('mt-', %s, '-', seq, '@mailer.test'), "
            "CONCAT('Zoë ', seq), %s, %s, UTC_TIMESTAMP() + INTERVAL %s SECOND "
            "FROM seq_1_to_" + str(int(n)), tag, kind, tag, lang, payload, due_in)
    return db.col("SELECT id FROM outbox WHERE cause LIKE %s ORDER BY id", "mt:%s:%%" % tag)


def statuses(db, ids):
    """{id: (status, attempts, last_error)}"""
    if not ids:
        return {}
    marks = ",".join(["%s"] * len(ids))
    return {r[0]: (r[1], r[2], r[3]) for r in
            db.rows("SELECT id, status, attempts, last_error FROM outbox WHERE id IN (%s)" % marks, *ids)}


def wait_for(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.05)
    raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))


def msgid_row(msgid):
    """The outbox id in a Message-ID <outbox-ID.CREATED@host>, or None."""
    if not msgid or not msgid.startswith("<outbox-"):
        return None
    return int(msgid[len("<outbox-"):].split(".", 1)[0])


class ServicePause:
    """SIGSTOP the stack's own mailer (RP_VAR/run/mailer.pid), so that a
    test has the outbox to itself; resume() sends SIGCONT.  Without a
    running service there is nothing to pause."""

    def __init__(self):
        self.pid = None
        var = os.environ.get("RP_VAR")
        if not var:
            return
        try:
            with open(os.path.join(var, "run", "mailer.pid")) as f:
                pid = int(f.read().strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return
        self.pid = pid

    def pause(self):
        if self.pid:
            os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGCONT)
            except OSError:
                pass
