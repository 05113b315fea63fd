#!/usr/bin/env python3
"""Attacks a running `sahel-kg annotate` over raw HTTP, for tests/probe/hostile.sh.

Usage: annotate_probe.py PORT TOKEN SEEDS. Prints one `case|expected|result|ok?` row per case.
"""
import hashlib
import json
import os
import subprocess
import socket
import sys
import threading
import time

PORT, TOKEN, SEEDS = int(sys.argv[1]), sys.argv[2], sys.argv[3]
HOST = f'127.0.0.1:{PORT}'


def raw(request, timeout=10):
    """Sends bytes, returns (status, body) or (None, error)."""
    try:
        s = socket.create_connection(('127.0.0.1', PORT), timeout=timeout)
    except ConnectionRefusedError:
        return None, 'SERVER GONE (connection refused)', b''
    try:
        s.sendall(request)
        data = b''
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return None, 'timeout', data
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b'\r\n\r\n')
            length = [l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')]
            if length and len(body) >= int(length[0].split(b':')[1]):
                break
    except (ConnectionResetError, BrokenPipeError) as e:
        return None, repr(e), b''
    finally:
        s.close()
    head, _, body = data.partition(b'\r\n\r\n')
    try:
        return int(head.split(b' ')[1]), body.decode('utf-8', 'replace'), head
    except (IndexError, ValueError):
        return None, data[:80].decode('latin-1'), head


def get(path, host=HOST, extra=b''):
    return raw(b'GET ' + path.encode('latin-1') + b' HTTP/1.1\r\nHost: ' + host.encode() + b'\r\nConnection: close\r\n' + extra + b'\r\n')


def post(path, body, token=TOKEN, host=HOST, headers=b'', timeout=10):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    h = b'POST ' + path.encode() + b' HTTP/1.1\r\nHost: ' + host.encode() + b'\r\nConnection: close\r\n'
    if token is not None:
        h += b'X-Token: ' + token.encode() + b'\r\n'
    if b'transfer-encoding' not in headers.lower() and b'content-length' not in headers.lower():
        h += b'Content-Length: ' + str(len(body)).encode() + b'\r\n'
    return raw(h + headers + b'\r\n' + body, timeout)


def digest(name):
    try:
        with open(os.path.join(SEEDS, name), 'rb') as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return 'absent'


FAILS = []


def row(case, expected, result, ok):
    print(f'annotate: {case}|{expected}|{result}|{"yes" if ok else "no"}', flush=True)


def live(body):
    """Markup that would run: a hostile tag or handler, not its escaped text."""
    return subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), 'live_markup.py'), '-'],
                          input=body, text=True, capture_output=True).returncode != 0


T = '?token=' + TOKEN
st, body, _ = get('/' + T, host='evil.example:%d' % PORT)
row('GET / with Host evil.example (DNS rebinding)', '421', st, st == 421)
st, body, _ = get('/' + T, host='127.0.0.1')
row('GET / with Host 127.0.0.1 (no port)', '421', st, st == 421)
st, body, _ = post('/api/actor', {'id': 'x'}, host='evil.example:%d' % PORT)
row('POST /api/actor with Host evil.example', '421', st, st == 421)
st, body, _ = get('/')
row('GET / without token', '403', st, st == 403)
st, body, _ = get('/?token=' + '0' * len(TOKEN))
row('GET / with a wrong token of the right length', '403', st, st == 403)
st, body, _ = get('/?token=' + TOKEN + '&token=x')
row('GET / with the token twice', '200 or 403, no panic', st, st in (200, 403))
st, body, _ = get('/source/..%2F..%2F..%2Fetc%2Fpasswd' + T)
row('GET /source/../../../etc/passwd (encoded)', '404, nothing read', st, st in (400, 404) and 'root:' not in body)
st, body, _ = get('/source/../../../etc/passwd' + T)
row('GET /source/../../../etc/passwd (raw)', '404', st, st in (400, 404) and 'root:' not in body)
st, body, _ = get('/source/%00%1b%5b2J' + T)
row('GET /source/NUL ESC', '404, no panic', st, st in (400, 404) and '\x1b' not in body)
st, body, _ = get('/source/%ff%fe' + T)
row('GET /source/ invalid UTF-8', '404, no panic', st, st in (400, 404))
st, body, _ = get('/' + T + '&done=%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E')
row('GET /?done=<script> (reflected message)', '200, escaped', st, st == 200 and not live(body))
st, body, _ = get('/source/doc000' + T + '&done=%3Cscript%3Ealert(1)%3C%2Fscript%3E&file=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&line=18446744073709551616')
row('GET /source/doc000?done=<script>&file=markup&line=overflow', '200, escaped', st, st == 200 and not live(body))
st, body, _ = get('/source/doc000' + T + '&line=' + '9' * 5000 + '&file=' + 'a' * 100000)
row('GET with a 100 KB query string', 'answered or refused, no panic', st, st is not None)
st, body, _ = get('/source/doc000' + T + '&done=%E2%80%AE%1b%5b2J')
row('GET /?done=bidi+ESC', 'escaped', st, st == 200 and '\x1b' not in body)
for path in ('/', '/source/doc000', '/source/doc001'):
    st, body, head = get(path + T)
    csp = b'content-security-policy' in head.lower()
    row(f'GET {path}: hostile corpus labels escaped, CSP sent', '200, nothing live', f'{st} csp={csp}', st == 200 and not live(body) and csp)
st, body, _ = raw(b'PUT / HTTP/1.1\r\nHost: ' + HOST.encode() + b'\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
row('PUT /', '405', st, st == 405)
st, body, _ = post('/api/actor', {'id': 'x'}, token=None)
row('POST /api/actor without X-Token', '403', st, st == 403)
st, body, _ = post('/api/actor', {'id': 'x'}, token='0' * len(TOKEN))
row('POST /api/actor with a wrong X-Token', '403', st, st == 403)
st, body, _ = post('/api/actor', b'{"id":"' + b'a' * 70000 + b'"}')
row('POST a 70 KB body', '413', st, st == 413)
chunk = b'{"id":"' + b'a' * 100000 + b'"}'  # the server may answer 413 and hang up mid-send
chunked = hex(len(chunk))[2:].encode() + b'\r\n' + chunk + b'\r\n0\r\n\r\n'
st, body, _ = post('/api/actor', chunked, headers=b'Transfer-Encoding: chunked\r\n')
row('POST a 100 KB chunked body', '413 (or hung up on)', st, st == 413 or (st is None and 'GONE' not in body))
st, body, _ = post('/api/actor', b'\xff\xfe not json')
row('POST a body that is not JSON', '400', st, st == 400)
st, body, _ = post('/api/actor', b'[' * 100000 + b']' * 100000)
row('POST 100000 nested arrays (64 KiB cap lets 32 K through)', '400 or 413, no panic', st, st in (400, 413))
st, body, _ = post('/api/nope', {})
row('POST /api/nope', '404', st, st == 404)
st, body, _ = post('/api/actor', {'id': 'pwn1', 'type': 'State', 'label_fr': 'x', 'label_en': 'x', 'versions': {'actors.csv': '0' * 64}})
row('POST /api/actor with a stale version', '409, nothing written', st, st == 409)
before = digest('actors.csv')
st, body, _ = post('/api/actor', {'id': 'pwn2', 'type': 'State', 'label_fr': 'x', 'label_en': 'x',
                                  'versions': {'actors.csv': before, '../../outside.csv': 'absent'}})
row('POST /api/actor with an extra ../ version key', 'written inside seeds only', st, st == 200 and not os.path.exists(os.path.join(SEEDS, '..', '..', 'outside.csv')))
st, body, _ = post('/api/fact', {'source': '../../pwn', 'from': 0, 'to': 4, 'versions': {}})
row('POST /api/fact for source ../../pwn', 'refused, no file outside seeds', st, st in (400, 404, 409, 422) and not os.path.exists(os.path.join(SEEDS, '..', '..', 'pwn.csv')))
st, body, _ = post('/api/fact', {'source': 'doc000', 'from': 18446744073709551615, 'to': 18446744073709551616})
row('POST /api/fact with offsets past u64', 'refused, no panic', st, st is not None and st < 500)
st, body, _ = post('/api/fact', {'source': 'doc000', 'from': 1, 'to': 2, 'subject': 'a\u0000\u001b[2J', 'versions': 'x'})
row('POST /api/fact with versions not an object, NUL in subject', 'refused, no panic', st, st is not None and st < 500)
st, body, _ = post('/api/delete', {'id': 'f001', 'versions': {'facts.csv': '0' * 64}})
row('POST /api/delete with a stale version', '409', st, st == 409)
# Concurrent edits: eight saves built on the same version; one may land, the others must be refused.
version = digest('actors.csv')
results = []


def save(i):
    results.append(post('/api/actor', {'id': f'race{i}', 'type': 'State', 'label_fr': f'R{i}', 'label_en': f'R{i}',
                                       'versions': {'actors.csv': version}})[0])


threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(os.path.join(SEEDS, 'actors.csv'), encoding='utf-8') as f:
    landed = sum(1 for line in f if line.startswith('race'))
row('8 concurrent saves on the same version', 'one 200, seven 409, one row', f'{sorted(results)} rows={landed}',
    results.count(200) == 1 and results.count(409) == 7 and landed == 1)
# A client that sends half a request and waits must not stop the server for everyone; the server
# gives up on it after its timeouts (10 s for a head, 10 s for a body).
GET_T = b'GET /' + T.encode() + b' HTTP/1.1\r\nHost: ' + HOST.encode() + b'\r\nConnection: close\r\n\r\n'


def answer_of(sock, timeout):
    """What the server sends on a connection until it closes it: (status or None, seconds)."""
    t0 = time.time()
    sock.settimeout(timeout)
    data = b''
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except socket.timeout:
        return 'still open', time.time() - t0
    except OSError as e:
        return repr(e), time.time() - t0
    finally:
        sock.close()
    try:
        return int(data.split(b' ')[1]), time.time() - t0
    except (IndexError, ValueError):
        return ('closed, no answer' if not data else data[:40]), time.time() - t0


slow = socket.create_connection(('127.0.0.1', PORT))
slow.sendall(b'POST /api/actor HTTP/1.1\r\nHost: ' + HOST.encode() + b'\r\nX-Token: ' + TOKEN.encode() + b'\r\nContent-Length: 1000\r\n\r\n{"id":')
time.sleep(0.5)
t0 = time.time()
st, body, _ = raw(GET_T, timeout=10)
row('GET / while another client holds a half-sent POST body', '200 within 10 s', f'{st} after {time.time() - t0:.1f}s', st == 200)
st, took = answer_of(slow, 30)
row('the client holding a half-sent POST body', '408 after the 10 s body timeout', f'{st} after {took:.1f}s', st == 408)
slow = socket.create_connection(('127.0.0.1', PORT))
slow.sendall(b'POST /api/actor HTTP/1.1\r\nHost: evil.example\r\nContent-Length: 5000\r\n\r\n{"id":')
time.sleep(0.5)
t0 = time.time()
st, body, _ = raw(GET_T, timeout=10)
row('GET / while a client without token holds a half-sent 5000-byte POST body', '200 within 10 s', f'{st} after {time.time() - t0:.1f}s', st == 200)
st, took = answer_of(slow, 30)
row('the client without token holding a half-sent body', '421, closed within 10 s', f'{st} after {took:.1f}s', st == 421)
slow = socket.create_connection(('127.0.0.1', PORT))
slow.sendall(b'GET / HTTP/1.1\r\nHost: ')
time.sleep(0.5)
st, body, _ = raw(GET_T, timeout=10)
row('GET / while another client holds half-sent headers', '200 within 10 s', st, st == 200)
st, took = answer_of(slow, 30)
row('the client holding half-sent headers', 'closed without answer after the 10 s head timeout', f'{st} after {took:.1f}s', st == 'closed, no answer')
# More idle connections than the server's cap (64): a request waits until the idle ones are
# closed by the head timeout, then is served.
idle = [socket.create_connection(('127.0.0.1', PORT)) for _ in range(100)]
time.sleep(0.5)
t0 = time.time()
st, body, _ = raw(GET_T, timeout=30)
row('GET / while 100 idle connections are open (cap 64)', '200 within 30 s', f'{st} after {time.time() - t0:.1f}s', st == 200)
for s in idle:
    s.close()
st, body, _ = post('/api/actor', b'{}', headers=b'Content-Length: 99999999999999\r\n', timeout=30)
row('POST Content-Length 10^14 with the token, no body sent', '413 at once', st, st == 413)
st, body, _ = get('/' + T)
row('server still answers at the end', '200', st, st == 200)
# Last, as each may stop the server: a body announced larger than memory, unsent.
# Without token and with a foreign Host: anyone who can reach the port.
for length, name in ((b'99999999999999', '10^14'),):
    for host, token in (('evil.example:%d' % PORT, None),):
        st, body, _ = post('/api/actor', b'{}', token=token, host=host, headers=b'Content-Length: ' + length + b'\r\n')
        time.sleep(0.3)
        alive, why, _ = get('/' + T)
        row(f'POST Content-Length {name}, tiny body, Host {host.split(":")[0]}, token {bool(token)}; then GET /',
            '413/421, server still answers', f'{st}; then {alive} {why[:40] if alive is None else ""}', st in (400, 413, 421) and alive == 200)
