"""test_docs.py: the configuration is documented in one place each
(issue 6): every key of lib/conf.h is in conf/refportal.conf.example and
in man/refportal.conf.5, and nothing else is."""

import os
import re

import rptest


def read(*parts):
    with open(os.path.join(rptest.src_dir(), *parts), encoding="utf-8") as f:
        return f.read()


def conf_h_keys():
    body = read("lib", "conf.h").split("struct conf {", 1)[1].split("};", 1)[0]
    return set(re.findall(r"^\s*(?:char\s*\*|int|size_t)\s*(\w+);", body, re.M))


def test_every_key_is_in_the_example_and_the_man_page():
    keys = conf_h_keys()
    assert len(keys) > 20, keys
    example = set(re.findall(r"^(\w+) = ", read("conf", "refportal.conf.example"), re.M))
    man = set(re.findall(r"^\.It Cm (\w+)", read("man", "refportal.conf.5"), re.M))
    assert keys - example == set(), "keys missing from conf/refportal.conf.example"
    assert example - keys == set(), "keys in the example that lib/conf.h does not know"
    assert keys - man == set(), "keys missing from man/refportal.conf.5"
    assert man - keys == set(), "keys in man/refportal.conf.5 that lib/conf.h does not know"
