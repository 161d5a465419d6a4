# rp_lib.m4: find a library by pkg-config, else by header and symbol
#
# RP_CHECK_LIB(VAR, PKG, HEADER, LIB, FUNCTION, DEBIAN-PACKAGE, [FALLBACK-CFLAGS])
# Sets and substitutes VAR_CFLAGS and VAR_LIBS, and rp_VAR_via (for the
# configure summary).  pkg-config module PKG first; without it, HEADER
# (compiled with FALLBACK-CFLAGS) and FUNCTION in -lLIB; else a clear
# error that names DEBIAN-PACKAGE.
AC_DEFUN([RP_CHECK_LIB], [
AC_REQUIRE([PKG_PROG_PKG_CONFIG])
PKG_CHECK_MODULES([$1], [$2], [rp_$1_via="pkg-config $2"], [
	AC_MSG_NOTICE([pkg-config $2 not found, trying -l$4 and $3])
	rp_$1_save_CPPFLAGS=$CPPFLAGS
	CPPFLAGS="$CPPFLAGS $7"
	AC_CHECK_HEADER([$3], [],
	    [AC_MSG_ERROR([$3 not found: install $6 (Debian, Ubuntu), or set $1_CFLAGS and $1_LIBS])])
	AC_CHECK_LIB([$4], [$5], [:],
	    [AC_MSG_ERROR([lib$4 not found: install $6 (Debian, Ubuntu), or set $1_CFLAGS and $1_LIBS])], [])
	CPPFLAGS=$rp_$1_save_CPPFLAGS
	$1_CFLAGS="$7"
	$1_LIBS="-l$4"
	rp_$1_via="-l$4"
])
])
