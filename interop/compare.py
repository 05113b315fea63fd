#!/usr/bin/env python3
"""Compare a stored-query CSV written by `sahel-kg export` with the same query's result from
another SPARQL engine.

    compare.py --name QUERY --engine ENGINE EXPECTED.csv ACTUAL.csv

EXPECTED is the project's file (UTF-8 with a byte-order mark, CRLF, RFC 4180, formula cells
neutralised with a leading `'`). ACTUAL is the engine's text/csv answer (W3C SPARQL CSV from
Oxigraph and Jena; Virtuoso quotes every string field). Both are parsed with the csv module,
never compared as text.

Normalisation, applied to both sides:
  * the byte-order mark is dropped (utf-8-sig); line ends do not matter (csv module);
  * formula neutralisation is undone: a cell that starts with `'` followed by one of
    = + - @ TAB CR loses the `'` (the engines never add it);
  * header: names compared as they are (no `?` on either side).
Cell comparison: plain string equality first; when that fails and the column is one of the
GROUP_CONCAT list columns (--set-columns, default `documents,relations,ended`), the cell is
compared as a set of space-separated tokens (sorted(cell.split(' '))), because GROUP_CONCAT
order is engine-dependent. The summary line names every column where that rule was needed, so
it is never silent. A new GROUP_CONCAT column fails until it is added to --set-columns.
Nothing else is normalised: a number written differently (`2` vs `2.0`, `"2"^^xsd:integer` formatting), a
date formatted differently, or a lost language tag shows up as a difference.
Rows are compared in order (every stored query has a total ORDER BY). If the rows differ only
in their order, the summary says so explicitly (ORDER) and the check fails.

Exit status: 0 equal, 1 different, 2 unreadable input.
Prints one summary line starting with PASS or FAIL, then details of differences (at most
--max-diffs rows).
"""

import argparse
import csv
import io
import sys
from collections import Counter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(cell):
    if len(cell) >= 2 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8-sig")  # strict: invalid UTF-8 is an error
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not rows:
        raise ValueError(f"{path}: empty file (no header)")
    header, body = rows[0], rows[1:]
    # a trailing empty line is not a row; a row of the wrong width is an error
    body = [r for r in body if r != []]
    for i, r in enumerate(body, 1):
        if len(r) != len(header):
            raise ValueError(f"{path}: row {i} has {len(r)} fields, header has {len(header)}")
    return header, [[unneutralise(c) for c in r] for r in body], data


def tokens(cell):
    return sorted(cell.split(" "))


def cells_equal(a, b, as_set):
    """'same', 'set' (equal only as sets of space-separated tokens) or None."""
    if a == b:
        return "same"
    if as_set and tokens(a) == tokens(b):
        return "set"
    return None


def fmt_row(header, row):
    return ", ".join(f"{h}={c!r}" for h, c in zip(header, row))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--name", required=True, help="query name, for the messages")
    ap.add_argument("--engine", required=True, help="engine name, for the messages")
    ap.add_argument("--max-diffs", type=int, default=5)
    ap.add_argument("--set-columns", default="documents,relations,ended",
                    help="comma-separated columns compared as sets of space-separated tokens")
    args = ap.parse_args()
    tag = f"{args.engine}/{args.name}"

    try:
        eh, erows, _ = read_csv(args.expected)
        ah, arows, _ = read_csv(args.actual)
    except (OSError, ValueError, UnicodeDecodeError, csv.Error) as e:
        print(f"FAIL  {tag}: cannot read CSV: {e}")
        return 2

    if eh != ah:
        print(f"FAIL  {tag}: header differs")
        print(f"      expected: {eh}")
        print(f"      {args.engine:>8}: {ah}")
        return 1

    set_names = {c for c in args.set_columns.split(",") if c}
    set_cols = Counter()
    diffs = []
    for i, (er, ar) in enumerate(zip(erows, arows), 1):
        bad = []
        for h, ec, ac in zip(eh, er, ar):
            how = cells_equal(ec, ac, h in set_names)
            if how is None:
                bad.append(h)
            elif how == "set":
                set_cols[h] += 1
        if bad:
            diffs.append((i, er, ar, bad))

    note = ""
    if set_cols:
        note = " (equal as token sets only in: " + ", ".join(
            f"{c} x{n}" for c, n in sorted(set_cols.items())) + ")"

    if not diffs and len(erows) == len(arows):
        print(f"PASS  {tag}: {len(erows)} rows equal{note}")
        return 0

    # Same rows in another order? (cells normalised as token sets for this test)
    def key(r):
        return tuple(" ".join(tokens(c)) if h in set_names else c for h, c in zip(eh, r))

    same_multiset = Counter(map(key, erows)) == Counter(map(key, arows))
    if same_multiset:
        print(f"FAIL  {tag}: ORDER: the same {len(erows)} rows, in a different order "
              f"(ties or collation ordered differently, or the export is not in the query's order){note}")
    else:
        counts = "" if len(erows) == len(arows) else (
            f"row counts differ ({len(erows)} expected, {len(arows)} {args.engine}); ")
        print(f"FAIL  {tag}: {counts}{len(diffs)} of the first {min(len(erows), len(arows))} "
              f"rows differ{note}")
    for i, er, ar, bad in diffs[: args.max_diffs]:
        print(f"      row {i}: columns differ: {', '.join(bad)}")
        print(f"        expected:  {fmt_row(eh, er)}")
        print(f"        {args.engine + ':':<10} {fmt_row(ah, ar)}")
    if len(diffs) > args.max_diffs:
        print(f"      ... {len(diffs) - args.max_diffs} more differing rows")
    if len(erows) != len(arows):
        n = min(len(erows), len(arows))
        extra_e, extra_a = erows[n:], arows[n:]
        for r in extra_e[: args.max_diffs]:
            print(f"      only expected (row {erows.index(r) + 1}): {fmt_row(eh, r)}")
        for r in extra_a[: args.max_diffs]:
            print(f"      only {args.engine} (row {arows.index(r) + 1}): {fmt_row(ah, r)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
