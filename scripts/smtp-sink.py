#!/usr/bin/python3
"""smtp-sink.py: a local SMTP server that stores every message as a file.

Used by scripts/demo and scripts/check in place of a real mail server:
every message accepted on HOST:PORT is written to DIR/<time>-<n>.eml
(the raw message as received, preceded by X-Sink-Mail-From and
X-Sink-Rcpt-To headers naming the envelope), and the client gets 250.
Runs until SIGTERM or SIGINT.  Needs python3-aiosmtpd (Debian).
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    """aiosmtpd handler: write each message to a file in a directory."""

    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        name = "%s-%06d.eml" % (stamp, n)
        head = "X-Sink-Mail-From: <%s>\r\nX-Sink-Rcpt-To: %s\r\n" % (
            envelope.mail_from,
            ", ".join("<%s>" % r for r in envelope.rcpt_tos),
        )
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        # Write to a temporary name and rename, so that a reader never sees
        # half a message.
        tmp = os.path.join(self.directory, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(head.encode("utf-8"))
            f.write(data)
        os.rename(tmp, os.path.join(self.directory, name))
        print("stored %s from <%s> to %s" % (name, envelope.mail_from,
              ", ".join(envelope.rcpt_tos)), flush=True)
        return "250 OK stored as " + name


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=2525)
    ap.add_argument("--dir", required=True, help="where messages are stored")
    ap.add_argument("--pid-file", help="write the process id here")
    args = ap.parse_args()

    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Store(args.dir), hostname=args.host,
                            port=args.port, data_size_limit=32 * 1024 * 1024,
                            enable_SMTPUTF8=True)
    controller.start()
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write("%d\n" % os.getpid())
    print("smtp-sink listening on %s:%d, storing into %s"
          % (args.host, args.port, args.dir), flush=True)

    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        loop.run_until_complete(stop.wait())
    finally:
        controller.stop()
        loop.close()
    print("smtp-sink stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
