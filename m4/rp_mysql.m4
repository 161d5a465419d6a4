# rp_mysql.m4: find the MariaDB or MySQL client library
#
# RP_CHECK_MYSQL: sets and substitutes MYSQL_CFLAGS and MYSQL_LIBS, and
# rp_mysql_via (how it was found, for the configure summary).  Tries, in
# order: MYSQL_CFLAGS/MYSQL_LIBS given by the user, pkg-config libmariadb,
# pkg-config mysqlclient, mariadb_config, mysql_config.  Then checks that
# <mysql.h> compiles and mysql_init links, else stops with an error that
# names the Debian package.
AC_DEFUN([RP_CHECK_MYSQL], [
AC_REQUIRE([PKG_PROG_PKG_CONFIG])
AC_ARG_VAR([MYSQL_CFLAGS], [C compiler flags for the MariaDB/MySQL client, overriding the search])
AC_ARG_VAR([MYSQL_LIBS], [linker flags for the MariaDB/MySQL client, overriding the search])
AC_ARG_VAR([MYSQL_CONFIG], [path of mariadb_config or mysql_config])
rp_mysql_via=
AC_MSG_CHECKING([for the MariaDB/MySQL client library])
if test -n "$MYSQL_LIBS"; then
	rp_mysql_via="MYSQL_CFLAGS/MYSQL_LIBS"
elif test -n "$PKG_CONFIG"; then
	for rp_mysql_pkg in libmariadb mysqlclient; do
		if $PKG_CONFIG --exists "$rp_mysql_pkg" 2>/dev/null; then
			MYSQL_CFLAGS=`$PKG_CONFIG --cflags "$rp_mysql_pkg"`
			MYSQL_LIBS=`$PKG_CONFIG --libs "$rp_mysql_pkg"`
			rp_mysql_via="pkg-config $rp_mysql_pkg"
			break
		fi
	done
fi
AC_MSG_RESULT([${rp_mysql_via:-not by pkg-config}])
if test -z "$rp_mysql_via"; then
	AC_PATH_PROGS([MYSQL_CONFIG], [mariadb_config mysql_config])
	if test -n "$MYSQL_CONFIG"; then
		MYSQL_CFLAGS=`$MYSQL_CONFIG --cflags`
		MYSQL_LIBS=`$MYSQL_CONFIG --libs`
		rp_mysql_via="$MYSQL_CONFIG"
	fi
fi
if test -z "$rp_mysql_via"; then
	AC_MSG_ERROR([no MariaDB/MySQL client library found: install libmariadb-dev (Debian, Ubuntu), mariadb-connector-c-devel (Fedora), or set MYSQL_CFLAGS and MYSQL_LIBS])
fi
rp_mysql_save_CPPFLAGS=$CPPFLAGS
rp_mysql_save_LIBS=$LIBS
CPPFLAGS="$CPPFLAGS $MYSQL_CFLAGS"
LIBS="$MYSQL_LIBS $LIBS"
AC_CHECK_HEADER([mysql.h], [],
    [AC_MSG_ERROR([mysql.h not found with MYSQL_CFLAGS="$MYSQL_CFLAGS" (from $rp_mysql_via): install libmariadb-dev])])
AC_MSG_CHECKING([whether mysql_init links])
AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <mysql.h>]], [[MYSQL *m = mysql_init(0); mysql_close(m);]])],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([cannot link mysql_init with MYSQL_LIBS="$MYSQL_LIBS" (from $rp_mysql_via): install libmariadb-dev])])
CPPFLAGS=$rp_mysql_save_CPPFLAGS
LIBS=$rp_mysql_save_LIBS
AC_SUBST([MYSQL_CFLAGS])
AC_SUBST([MYSQL_LIBS])
])
