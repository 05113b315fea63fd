#!/usr/bin/env python3
"""A hostile SPARQL endpoint for tests/probe/hostile.sh, on 127.0.0.1 only.

The first path segment chooses the misbehaviour: /hostile answers every SELECT with values
meant to run in a page or a spreadsheet, /hang never answers, /huge streams without end,
/garbage answers what is not a result set, /error fails with markup in its body,
/redirect sends the client to a file: address, /store accepts uploads.
Prints its port on stdout once listening.
"""
import json
import re
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOSTILE = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    '=HYPERLINK("http://evil.example/","x")',
    '\u200b=1+1',
    '\uff1dcmd|calc',
    '\u202eevil\u202c',
    'a\u0000b\u001b[31mred',
    '</text><a href="javascript:alert(1)">x</a>',
    "'; <style>*{display:none}</style>",
]


def variables(query):
    """The projected variables of the first SELECT."""
    m = re.search(r'SELECT\s+(?:DISTINCT\s+)?(.*?)\s*(?:WHERE|\{)', query, re.S | re.I)
    if not m:
        return ['x']
    names = []
    for part in re.findall(r'\(.*?AS\s+\?(\w+)\)|\?(\w+)', m.group(1), re.S | re.I):
        name = part[0] or part[1]
        if name not in names:
            names.append(name)
    return names or ['x']


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n else b''

    def answer(self, status, ctype, data, headers=()):
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, raw):
        mode = self.path.strip('/').split('/')[0].split('?')[0]
        if mode == 'hang':
            time.sleep(3600)
            return
        if mode == 'huge':
            self.send_response(200)
            self.send_header('Content-Type', 'application/sparql-results+json')
            self.end_headers()
            try:
                self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
                chunk = b'{"x":{"type":"literal","value":"' + b'A' * 65536 + b'"}},'
                while True:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return
        if mode == 'garbage':
            return self.answer(200, 'application/sparql-results+json', b'\x00\xff{"head":' + b'[' * 100000)
        if mode == 'error':
            return self.answer(500, 'text/html', b'<html><script>alert(1)</script>\x1b[31mboom</html>')
        if mode == 'redirect':
            return self.answer(302, 'text/plain', b'', [('Location', 'file:///etc/passwd')])
        if mode == 'store':
            return self.answer(204, 'text/plain', b'')
        form = urllib.parse.parse_qs(raw.decode('utf-8', 'replace'))
        query = (form.get('query') or [''])[0]
        if not query and '?' in self.path:
            query = (urllib.parse.parse_qs(self.path.split('?', 1)[1]).get('query') or [''])[0]
        names = variables(query)
        rows = []
        for i, value in enumerate(HOSTILE):
            row = {}
            for j, name in enumerate(names):
                v = HOSTILE[(i + j) % len(HOSTILE)]
                if j % 3 == 1:
                    row[name] = {'type': 'uri', 'value': 'javascript:alert(%d)' % i}
                else:
                    row[name] = {'type': 'literal', 'value': v}
            rows.append(row)
        data = json.dumps({'head': {'vars': names}, 'results': {'bindings': rows}}).encode()
        self.answer(200, 'application/sparql-results+json', data)

    def do_GET(self):
        self.handle_any(b'')

    def do_POST(self):
        self.handle_any(self.body())

    def do_PUT(self):
        self.body()
        self.handle_any(b'')


server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
