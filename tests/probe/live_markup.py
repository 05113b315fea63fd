#!/usr/bin/env python3
"""Lists markup in HTML or SVG that a hostile value would have made live, for hostile.sh.

Parses each file (or stdin with `-`) as the browser would and reports: an element a value
planted (img, iframe, object, embed, a style or a script that is the planted one), an event handler
attribute (on...=), or a javascript: address in href, src, xlink:href or action. Escaped text
(`&lt;img ...`, `&quot;` inside a value) is not reported: it stays text. Exit 1 if any.
"""
import sys
from html.parser import HTMLParser


class Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.inside = [], None

    def handle_starttag(self, tag, attrs):
        if tag in ('img', 'iframe', 'object', 'embed'):
            self.found.append(f'<{tag}>')
        if tag in ('script', 'style'):
            self.inside = tag
        for name, value in attrs:
            if name.startswith('on'):
                self.found.append(f'<{tag} {name}=>')
            if name in ('href', 'src', 'xlink:href', 'action', 'formaction') and \
                    (value or '').strip().lower().startswith('javascript:'):
                self.found.append(f'<{tag} {name}="{value}">')

    def handle_endtag(self, tag):
        self.inside = None

    def handle_data(self, data):
        # A planted element's whole body, not the page's own script quoting it as data.
        if self.inside and data.strip().startswith(('alert(', '*{display:none')):
            self.found.append(f'<{self.inside}>{data[:40]}')


bad = 0
for path in sys.argv[1:]:
    text = sys.stdin.read() if path == '-' else open(path, encoding='utf-8', errors='replace').read()
    finder = Finder()
    finder.feed(text)
    for what in finder.found:
        print(f'{path}: {what}')
        bad = 1
sys.exit(bad)
