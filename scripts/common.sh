# shellcheck shell=bash
# common.sh: the local stack shared by scripts/demo and scripts/check
#
# Sourced, not run.  The caller sets RP_PROG (its name, for messages) and
# calls rp_init with the stack's directory and ports; everything else
# lives under that directory (VAR):
#   VAR/build        the build (configure + make)
#   VAR/db           MariaDB data;  VAR/run  sockets and pid files
#   VAR/log          one log per service (and ASan reports in them)
#   VAR/mail         messages caught by the SMTP sink
#   VAR/nginx        nginx prefix and temp files
#   VAR/artifacts    stage logs and test artifacts (scripts/check)
#   VAR/refportal.conf, VAR/nginx.conf, VAR/db-password
# The stylesheets are served from XSLT (SRC/xslt unless the caller sets
# another tree after rp_init, as scripts/check does with a copy that
# tests may edit).
# Services are started in their own session (setsid), so that a stop can
# end each one with all the processes it forked, by process group id.

# Debian packages the build, the stack and the tests need.  (nginx: in
# Debian 12 nginx-light is a transitional package for it.)
RP_DEB_PACKAGES=(
	autoconf automake pkg-config gcc make
	libfcgi-dev libmariadb-dev libxml2-dev libxslt1-dev libsodium-dev
	libmimalloc-dev
	check libcurl4-openssl-dev
	mariadb-server mariadb-client nginx
	python3 python3-aiosmtpd python3-pytest python3-selenium
	python3-requests python3-pymysql
	chromium chromium-driver default-jre-headless
	xsltproc curl util-linux
)

# The services in the order they stop (the cgi-bin programs are found by
# their pid files).
RP_STOP_FIRST=(nginx mailer)
RP_STOP_LAST=(smtp-sink mariadb)

rp_log() {
	printf '%s: %s\n' "${RP_PROG:-refportal}" "$*" >&2
}

rp_die() {
	rp_log "error: $*"
	exit 1
}

# Run a command as root: directly when root, else through sudo.
rp_as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		rp_die "need root for: $* (run as root or install sudo)"
	fi
}

# rp_init VAR HTTP_PORT SMTP_PORT: set the paths every function uses.
rp_init() {
	SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
	mkdir -p "$1"
	VAR=$(cd "$1" && pwd -P)
	BUILD=$VAR/build
	HTTP_PORT=$2
	SMTP_PORT=$3
	RUN=$VAR/run
	LOG=$VAR/log
	DB_SOCKET=$RUN/mysql.sock
	DB_NAME=refportal
	DB_USER=refportal
	DB_PASSWORD=
	RP_URL=http://127.0.0.1:$HTTP_PORT
	XSLT=$SRC/xslt
	RP_NODE_MODULES=$SRC/var/node/node_modules
	# Who nginx's workers run as; decided by rp_web_user.
	WEB_USER=$(id -un)
	WEB_GROUP=$(id -gn)
	export SRC VAR BUILD
}

# ------------------------------------------------------------------ packages

# Install the Debian packages that are missing (apt-get update only then).
rp_install_packages() {
	local p missing=()

	for p in "${RP_DEB_PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q '^install ok installed$'; then
			missing+=("$p")
		fi
	done
	# node and npm may come from Debian (nodejs, npm) or from elsewhere.
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		missing+=(nodejs npm)
	fi
	if [ ${#missing[@]} -eq 0 ]; then
		return 0
	fi
	rp_log "installing Debian packages: ${missing[*]}"
	rp_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	rp_as_root env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq -o Dpkg::Use-Pty=0 "${missing[@]}"
}

# Install the test tools of package-lock.json (vnu-jar, axe-core) into
# SRC/var/node, once per lock file.  Sets RP_NODE_MODULES.
rp_install_node_modules() {
	local dir=$SRC/var/node

	RP_NODE_MODULES=$dir/node_modules
	if [ -d "$RP_NODE_MODULES" ] &&
	    cmp -s "$SRC/package-lock.json" "$dir/package-lock.json"; then
		return 0
	fi
	rp_log "installing node test tools into $dir"
	mkdir -p "$dir"
	rm -f "$dir/package-lock.json"
	cp "$SRC/package.json" "$dir/package.json"
	cp "$SRC/package-lock.json" "$dir/package-lock.json.new"
	mv "$dir/package-lock.json.new" "$dir/package-lock.json"
	# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime;
	# the jar itself is in the package and runs on Debian's JRE.
	if ! (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund \
	    --loglevel=error >"$dir/npm.log" 2>&1); then
		rm -f "$dir/package-lock.json"
		tail -n 20 "$dir/npm.log" >&2
		rp_die "npm ci failed (see $dir/npm.log)"
	fi
}

# ------------------------------------------------------------------ build

# rp_build CONFIGURE-ARGS...: autoreconf when needed, configure BUILD
# (again when the arguments change), make.  Output goes to
# VAR/artifacts/build.log; its tail is shown on failure.  Returns 0 or 1.
rp_build() {
	local args="$*" log=$VAR/artifacts/build.log

	mkdir -p "$BUILD" "$VAR/artifacts"
	if [ -f "$SRC/config.status" ]; then
		rp_die "$SRC is configured in place; run 'make distclean' there first (the scripts build in $BUILD)"
	fi
	: >"$log"
	if [ ! -x "$SRC/configure" ] || [ ! -f "$SRC/Makefile.in" ]; then
		rp_log "autoreconf"
		if ! (cd "$SRC" && ./autogen.sh) >>"$log" 2>&1; then
			tail -n 30 "$log" >&2
			return 1
		fi
	fi
	if [ ! -f "$BUILD/Makefile" ] ||
	    [ "$(cat "$BUILD/.rp-configure-args" 2>/dev/null)" != "$args" ]; then
		rp_log "configure $args"
		rm -f "$BUILD/.rp-configure-args"
		# shellcheck disable=SC2086 # the arguments are words
		if ! (cd "$BUILD" && "$SRC/configure" $args) >>"$log" 2>&1; then
			tail -n 30 "$log" >&2
			return 1
		fi
		printf '%s' "$args" >"$BUILD/.rp-configure-args"
	fi
	rp_log "make (log: $log)"
	if ! make -C "$BUILD" -j2 >>"$log" 2>&1; then
		grep -E 'error|Error' "$log" | tail -n 40 >&2 || true
		tail -n 15 "$log" >&2
		return 1
	fi
}

# ------------------------------------------------------------------ processes

# rp_spawn NAME LOGFILE COMMAND...: start a service in its own session,
# its output appended to LOGFILE, its pid (= process group) in RUN/NAME.pid.
rp_spawn() {
	local name=$1 logfile=$2
	shift 2
	rm -f "$RUN/$name.pid"
	# The inner shell writes its own pid, so that it is right even if
	# setsid had to fork; then it becomes the program.
	# shellcheck disable=SC2016 # expanded by the inner shell
	setsid bash -c 'echo $$ >"$0"; exec "$@"' "$RUN/$name.pid" "$@" \
	    >>"$logfile" 2>&1 </dev/null &
	local i
	for i in $(seq 1 50); do
		[ -s "$RUN/$name.pid" ] && return 0
		sleep 0.1
	done
	rp_die "$name did not start (see $logfile)"
}

# The pid of service NAME if it runs, else nothing (status 1).
rp_pid() {
	local pid
	pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
	case $pid in '' | *[!0-9]*) return 1 ;; esac
	kill -0 "$pid" 2>/dev/null || return 1
	echo "$pid"
}

# 1 (status 0) if anything of process group PGID still runs.
rp_group_alive() {
	[ -n "$(pgrep -g "$1" 2>/dev/null)" ]
}

# rp_stop NAME [SECONDS]: TERM the service's process group, wait, KILL.
# A pid file whose live process is not ours (its command line does not
# name VAR) is left alone.
rp_stop() {
	local name=$1 wait=${2:-10} pidfile=$RUN/$1.pid pid i
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile" 2>/dev/null || true)
	case $pid in '' | *[!0-9]*) rm -f "$pidfile"; return 0 ;; esac
	if [ -r "/proc/$pid/cmdline" ] &&
	    ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$VAR"; then
		rp_log "pid $pid of $pidfile is not ours: left alone"
		rm -f "$pidfile"
		return 0
	fi
	if rp_group_alive "$pid"; then
		kill -TERM -- "-$pid" 2>/dev/null || true
		for i in $(seq 1 $((wait * 10))); do
			rp_group_alive "$pid" || break
			sleep 0.1
		done
		if rp_group_alive "$pid"; then
			rp_log "$name did not stop within ${wait}s: killing it"
			kill -KILL -- "-$pid" 2>/dev/null || true
			sleep 0.2
		fi
	fi
	rm -f "$pidfile"
}

# Stop every service of VAR (nginx first, the database last).
rp_stop_all() {
	local name f
	[ -d "${RUN:-}" ] || return 0
	for name in "${RP_STOP_FIRST[@]}"; do
		rp_stop "$name"
	done
	for f in "$RUN"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		case " ${RP_STOP_LAST[*]} " in *" $name "*) continue ;; esac
		rp_stop "$name"
	done
	rp_stop smtp-sink
	rp_stop mariadb 60
}

# The names of services whose pid file is there but whose process is gone.
rp_dead_services() {
	local f name
	for f in "$RUN"/*.pid; do
		[ -e "$f" ] || continue
		name=$(basename "$f" .pid)
		rp_pid "$name" >/dev/null || echo "$name"
	done
}

# Remove VAR's state but keep the build (and nothing runs from it).
rp_wipe_var() {
	local f
	rp_stop_all
	for f in "$VAR"/* "$VAR"/.[!.]*; do
		[ -e "$f" ] || continue
		[ "$f" = "$BUILD" ] && continue
		rm -rf "$f" || rp_die "cannot remove $f (made by another user? remove $VAR as root)"
	done
	mkdir -p "$RUN" "$LOG" "$VAR/mail" "$VAR/nginx" "$VAR/artifacts" "$VAR/tmp"
	chmod 0755 "$VAR" "$VAR/nginx"
	chmod 0700 "$VAR/tmp"
}

# Wait up to $1 seconds for the command that follows to succeed; fail
# early when service $2 has died.
rp_wait_for() {
	local secs=$1 name=$2 i
	shift 2
	for i in $(seq 1 $((secs * 10))); do
		"$@" >/dev/null 2>&1 && return 0
		if [ $((i % 10)) = 0 ] && ! rp_pid "$name" >/dev/null; then
			return 1
		fi
		sleep 0.1
	done
	return 1
}

rp_tcp_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# rp_show_log FILE: the end of a service log, for an error message.
rp_show_log() {
	[ -f "$1" ] || return 0
	rp_log "--- last lines of $1:"
	tail -n 25 "$1" >&2
}

# ------------------------------------------------------------------ services

# A random password of letters and digits.
rp_random_password() {
	head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24
}

# Private MariaDB: data in VAR/db, socket RUN/mysql.sock, no TCP.  Creates
# the database and its user (password in VAR/db-password) on first start.
rp_start_mariadb() {
	local db=$VAR/db user root_cnf=$VAR/db-root.cnf fresh=0 rootpw
	user=$(id -un)
	if [ ! -d "$db/mysql" ]; then
		fresh=1
		rp_log "mariadb-install-db into $db"
		if ! mariadb-install-db --no-defaults --datadir="$db" --user="$user" \
		    --auth-root-authentication-method=normal --skip-test-db \
		    --skip-name-resolve >"$LOG/mariadb-install.log" 2>&1; then
			rp_show_log "$LOG/mariadb-install.log"
			rp_die "mariadb-install-db failed"
		fi
	fi
	rp_spawn mariadb "$LOG/mariadb.log" mariadbd --no-defaults \
	    --datadir="$db" --socket="$DB_SOCKET" --skip-networking \
	    --pid-file="$db/mariadbd.pid" --log-error="$LOG/mariadb.log" \
	    --tmpdir="$VAR/tmp" --user="$user" --skip-name-resolve \
	    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
	    --innodb-buffer-pool-size="${RP_DB_BUFFER_POOL:-256M}" --innodb-flush-log-at-trx-commit=2 \
	    --max-connections=200
	if ! rp_wait_for 60 mariadb mariadb-admin --no-defaults \
	    --socket="$DB_SOCKET" --user=root ping; then
		rp_show_log "$LOG/mariadb.log"
		rp_die "MariaDB did not answer on $DB_SOCKET"
	fi
	if [ "$fresh" = 1 ]; then
		rootpw=$(rp_random_password)
		DB_PASSWORD=$(rp_random_password)
		(umask 077; printf '%s\n' "$DB_PASSWORD" >"$VAR/db-password")
		(umask 077; printf '[client]\nsocket=%s\nuser=root\npassword=%s\n' \
		    "$DB_SOCKET" "$rootpw" >"$root_cnf")
		# Named time zones (Europe/Amsterdam) for CONVERT_TZ.
		if command -v mariadb-tzinfo-to-sql >/dev/null 2>&1; then
			mariadb-tzinfo-to-sql /usr/share/zoneinfo 2>/dev/null |
			    mariadb --no-defaults --socket="$DB_SOCKET" --user=root mysql ||
			    rp_log "warning: loading time zones failed"
		fi
		mariadb --no-defaults --socket="$DB_SOCKET" --user=root <<-EOF
			ALTER USER 'root'@'localhost' IDENTIFIED BY '$rootpw';
			CREATE DATABASE IF NOT EXISTS \`$DB_NAME\`
			    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
			CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
			GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';
			FLUSH PRIVILEGES;
		EOF
	else
		DB_PASSWORD=$(cat "$VAR/db-password")
	fi
}

# VAR/refportal.conf for this stack.
rp_write_conf() {
	(umask 077; cat >"$VAR/refportal.conf" <<-EOF
		# refportal.conf of the local stack, written by scripts/$RP_PROG
		# (keys: conf/refportal.conf.example)
		db_socket = "$DB_SOCKET"
		db_user = $DB_USER
		db_password = "$DB_PASSWORD"
		db_name = $DB_NAME
		xslt_dir = "$XSLT"
		sql_dir = "$SRC/sql"
		static_path = /static
		public_url = $RP_URL
		smtp_url = smtp://127.0.0.1:$SMTP_PORT
		smtp_starttls = off
		timing_log = "$LOG/timing.log"
		workers = 2
	EOF
	)
}

# refportal-admin on the stack's configuration; output in LOG/admin.log.
rp_admin() {
	local admin=$BUILD/admin/refportal-admin
	[ -x "$admin" ] || rp_die "$admin was not built"
	echo "+ refportal-admin $*" >>"$LOG/admin.log"
	if ! "$admin" --config "$VAR/refportal.conf" "$@" >>"$LOG/admin.log" 2>&1; then
		rp_show_log "$LOG/admin.log"
		rp_die "refportal-admin $* failed"
	fi
}

# SMTP sink on 127.0.0.1:SMTP_PORT storing into VAR/mail.
rp_start_smtp_sink() {
	rp_spawn smtp-sink "$LOG/smtp-sink.log" /usr/bin/python3 \
	    "$SRC/scripts/smtp-sink.py" --port "$SMTP_PORT" --dir "$VAR/mail"
	if ! rp_wait_for 20 smtp-sink rp_tcp_open "$SMTP_PORT"; then
		rp_show_log "$LOG/smtp-sink.log"
		rp_die "the SMTP sink did not listen on port $SMTP_PORT"
	fi
}

# Who nginx's workers run as.  As root: www-data (or nobody) when that
# user can reach the sockets and the static files, else root.  The run
# directory is then group-traversable for that group only.
rp_web_user() {
	local u
	if [ "$(id -u)" != 0 ]; then
		WEB_USER=$(id -un)
		WEB_GROUP=$(id -gn)
		chmod 0700 "$RUN"
		return 0
	fi
	for u in www-data nobody; do
		id "$u" >/dev/null 2>&1 || continue
		WEB_USER=$u
		WEB_GROUP=$(id -gn "$u")
		chgrp "$WEB_GROUP" "$RUN"
		chmod 0750 "$RUN"
		# shellcheck disable=SC2016 # expanded by the inner shell
		if setpriv --reuid="$u" --regid="$WEB_GROUP" --clear-groups \
		    sh -c 'test -x "$1" && test -x "$2" && test -r "$2"' sh \
		    "$RUN" "$XSLT/static" 2>/dev/null; then
			return 0
		fi
		rp_log "warning: $u cannot reach $RUN or $XSLT/static (a parent directory is closed): nginx workers run as root"
		break
	done
	WEB_USER=root
	WEB_GROUP=root
	chgrp root "$RUN"
	chmod 0700 "$RUN"
}

# Every built cgi-bin program on RUN/NAME.sock (mode 0660, group of nginx).
rp_start_fcgi() {
	local prog name sock
	for prog in "$BUILD"/cgi-bin/*.fcgi; do
		[ -x "$prog" ] || continue
		name=$(basename "$prog" .fcgi)
		sock=$RUN/$name.sock
		rm -f "$sock"
		rp_spawn "$name" "$LOG/$name.log" "$prog" \
		    --config "$VAR/refportal.conf" --socket "$sock"
		if ! rp_wait_for 30 "$name" test -S "$sock"; then
			rp_show_log "$LOG/$name.log"
			rp_die "$name.fcgi did not create $sock"
		fi
		if [ "$(id -u)" = 0 ] && [ "$WEB_GROUP" != root ]; then
			chgrp "$WEB_GROUP" "$sock"
		fi
		chmod 0660 "$sock"
	done
}

# The mailer, once it is built.
rp_start_mailer() {
	local mailer=$BUILD/mailer/refportal-mailer
	[ -x "$mailer" ] || return 0
	rp_spawn mailer "$LOG/mailer.log" "$mailer" --config "$VAR/refportal.conf"
}

# Replace @KEY@ placeholders: rp_subst FILE KEY=VALUE... > OUT
rp_subst() {
	local file=$1 kv key val expr=()
	shift
	for kv in "$@"; do
		key=${kv%%=*}
		val=${kv#*=}
		val=$(printf '%s' "$val" | sed -e 's/[\\|&]/\\&/g')
		expr+=(-e "s|@${key}@|${val}|g")
	done
	sed "${expr[@]}" "$file"
}

# nginx on 127.0.0.1:HTTP_PORT from conf/nginx/*.in; waits for /health.
rp_start_nginx() {
	local userline
	if [ "$(id -u)" = 0 ]; then
		userline="user $WEB_USER $WEB_GROUP;"
	else
		userline="# not started as root: the workers run as $(id -un)"
	fi
	rp_subst "$SRC/conf/nginx/local.conf.in" VAR="$VAR" USER="$userline" \
	    >"$VAR/nginx.conf"
	rp_subst "$SRC/conf/nginx/refportal.conf.in" LISTEN="127.0.0.1:$HTTP_PORT" \
	    RUN="$RUN" STATIC="$XSLT/static/" SITE="$XSLT/site/" \
	    >"$VAR/nginx/refportal.conf"
	if ! nginx -t -q -c "$VAR/nginx.conf" -p "$VAR/nginx/" \
	    -e "$LOG/nginx-error.log" >>"$LOG/nginx-test.log" 2>&1; then
		rp_show_log "$LOG/nginx-test.log"
		rp_show_log "$LOG/nginx-error.log"
		rp_die "nginx rejected $VAR/nginx.conf"
	fi
	rp_spawn nginx "$LOG/nginx-error.log" nginx -c "$VAR/nginx.conf" \
	    -p "$VAR/nginx/" -e "$LOG/nginx-error.log"
	if ! rp_wait_for 30 nginx rp_tcp_open "$HTTP_PORT"; then
		rp_show_log "$LOG/nginx-error.log"
		rp_die "nginx did not listen on port $HTTP_PORT"
	fi
}

# 0 when /health answers 200.
rp_health() {
	[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$RP_URL/health")" = 200 ]
}

# The whole stack on a wiped VAR: database, migrations and demo data,
# SMTP sink, cgi-bin programs, mailer, nginx; then waits for /health.
rp_start_stack() {
	local f port
	for port in "$HTTP_PORT" "$SMTP_PORT"; do
		if rp_tcp_open "$port"; then
			rp_die "port $port on 127.0.0.1 is in use (another demo or check? stop it first)"
		fi
	done
	rp_start_mariadb
	rp_write_conf
	rp_log "migrate and load the demo data"
	rp_admin migrate
	rp_admin seed-demo
	rp_start_smtp_sink
	rp_web_user
	rp_start_fcgi
	rp_start_mailer
	rp_start_nginx
	if ! rp_wait_for 30 nginx rp_health; then
		rp_show_log "$LOG/nginx-error.log"
		for f in "$LOG"/*.log; do
			case $f in */nginx-*|*/mariadb*|*/admin.log|*/smtp-sink.log) ;; *) rp_show_log "$f" ;; esac
		done
		rp_die "$RP_URL/health did not answer 200"
	fi
}
