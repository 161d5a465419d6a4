"""rpfaults.py: what the fault tests share: the environment, processes
seen through /proc, sanitizer report patterns."""

import os
import re

import pytest

import rptest

SANITIZER = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer")


def env_or_fail(name):
    try:
        return rptest.env(name)
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)


def ppid_of(pid):
    with open("/proc/%d/stat" % pid) as f:
        return int(f.read().rsplit(")", 1)[1].split()[1])


def children(pid):
    """Pids whose parent is pid."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            if ppid_of(int(d)) == pid:
                out.append(int(d))
        except (OSError, IndexError, ValueError):
            continue
    return out


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)
