#!/bin/sh
# autogen.sh: make ./configure from configure.ac and Makefile.am
exec autoreconf -fi
