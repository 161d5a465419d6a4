"""fcgi.py: a minimal FastCGI client (one request per connection, as
nginx talks to the programs), for driving a program directly on its unix
socket without a web server in between."""

import socket
import struct

import rptest

BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7


def _record(rtype, content, req_id=1):
    out = b""
    # Records carry at most 65535 bytes.
    for i in range(0, max(len(content), 1), 65535):
        chunk = content[i:i + 65535]
        pad = (8 - len(chunk) % 8) % 8
        out += struct.pack("!BBHHBx", 1, rtype, req_id, len(chunk), pad) + chunk + b"\0" * pad
        if not content:
            break
    return out


def _nv_len(n):
    return struct.pack("!B", n) if n < 128 else struct.pack("!I", n | 0x80000000)


def encode_params(params):
    out = b""
    for k, v in params.items():
        k = k.encode() if isinstance(k, str) else k
        v = v.encode() if isinstance(v, str) else v
        out += _nv_len(len(k)) + _nv_len(len(v)) + k + v
    return out


def request(sock_path, params, body=b"", timeout=30):
    """Send one request; returns (status, {header: value}, body, stderr)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(sock_path)
        msg = _record(BEGIN_REQUEST, struct.pack("!HB5x", 1, 0))
        p = encode_params(params)
        if p:
            msg += _record(PARAMS, p)
        msg += _record(PARAMS, b"")
        if body:
            msg += _record(STDIN, body)
        msg += _record(STDIN, b"")
        s.sendall(msg)
        buf = rptest.recv_all(s)
    finally:
        s.close()
    out, err, pos = b"", b"", 0
    while pos + 8 <= len(buf):
        _, rtype, _, clen, plen = struct.unpack("!BBHHBx", buf[pos:pos + 8])
        content = buf[pos + 8:pos + 8 + clen]
        pos += 8 + clen + plen
        if rtype == STDOUT:
            out += content
        elif rtype == STDERR:
            err += content
    head, _, rest = out.partition(b"\r\n\r\n")
    headers = {}
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        if k:
            headers[k.strip().lower()] = v.strip()
    status = int(headers.get("status", "200").split()[0]) if head else 0
    return status, headers, rest, err


def cgi_params(method, path, query="", cookie=None, body=b"", host="127.0.0.1"):
    p = {
        "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1", "REQUEST_METHOD": method,
        "PATH_INFO": path, "REQUEST_URI": path + ("?" + query if query else ""), "QUERY_STRING": query,
        "SCRIPT_NAME": "", "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": host,
    }
    if cookie:
        p["HTTP_COOKIE"] = cookie
    if method == "POST":
        p["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        p["CONTENT_LENGTH"] = str(len(body))
    return p
