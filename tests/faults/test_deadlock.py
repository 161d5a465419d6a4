"""test_deadlock.py: a write transaction that hits a deadlock is retried
and succeeds (issue 8, item 6).

tests/faults/txn_deadlock (built with the programs) makes two connections
to the stack's database cross their row locks so that InnoDB rolls back
the one running inside db_txn() with error 1213; db_txn must run it again
and commit.  The program checks the attempt counts (2 and 1) and that
both transactions' changes are in the table exactly once.
"""

import os
import subprocess

import rptest
from rpfaults import SANITIZER, env_or_fail


def test_deadlocked_transaction_is_retried_and_succeeds(portal):
    prog = os.path.join(env_or_fail("RP_BUILD"), "tests", "faults", "txn_deadlock")
    assert os.access(prog, os.X_OK), "%s is not built" % prog
    p = subprocess.run([prog, "--config", env_or_fail("RP_CONF")], capture_output=True, text=True,
                       timeout=120)
    out = p.stdout + p.stderr
    with open(os.path.join(rptest.artifacts_dir(), "deadlock.txt"), "w", encoding="utf-8") as f:
        f.write(out)
    assert not SANITIZER.search(out), out
    assert "1213" in p.stderr, "no deadlock happened (InnoDB chose another victim?):\n" + out
    assert p.returncode == 0 and "attempts A=2 B=1 rc A=1 B=1" in p.stdout, out
