#!/usr/bin/env bash
# A hostile probe of every sahel-kg command (issue 26): each case plants something an attacker
# could commit (or an endpoint could answer) in a fresh temporary copy of the corpus, runs one
# command under `timeout 60`, and checks the promise of docs/security.md it attacks: the exit
# status, no panic, no hang, no secret or raw control character on the terminal, and which
# files changed (sha256 of every entry of the case's folder before and after).
#
# Usage: tests/probe/hostile.sh [PATTERN]   (from the repository; builds nothing: set BIN or
# run `cargo build --release` first). Prints a table and exits 1 if any case failed.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$ROOT/target/release/sahel-kg}
PATTERN=${1:-}
[ -x "$BIN" ] || { echo "no binary at $BIN: cargo build --release" >&2; exit 2; }
TMP=$(mktemp -d /tmp/sahel-probe.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    chmod -R u+w "$TMP" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
SECRET=SECRET-CANARY-7f3a
mkdir -p "$TMP/outside/dir"
printf 'root:x:0:0:%s\n' "$SECRET" >"$TMP/outside/secret.txt"
printf 'id,subject\n%s,x\n' "$SECRET" >"$TMP/outside/secret.csv"
printf '%s\n' "$SECRET" >"$TMP/outside/dir/doc000.csv"
# The baseline: a copy of the corpus and a finished export of it.
BASE=$TMP/base
mkdir -p "$BASE"
cp -r "$ROOT/seeds" "$ROOT/ontology" "$ROOT/queries" "$BASE/"
(cd "$BASE" && "$BIN" export -q >/dev/null 2>&1) || { echo "baseline export failed" >&2; exit 2; }

N=0; K=0; FAILS=0; PANICS=0; HANGS=0; WRITES=0; LIVE=0; LEAKS=0
ROWS=()
FAILED=()
W=
newcase() { # NAME: a fresh copy of the baseline in $W
    CASE=$1; N=$((N + 1)); K=$((K + 1)); CD=c$K
    W=$TMP/$CD
    cp -a "$BASE" "$W"
}
snap() { # every entry of the case and of outside/, with its type, link target and digest
    (cd "$TMP" && find "$CD" outside \( -path "$CD/.stdout" -o -path "$CD/.stderr" \) -prune -o -printf '%y %p -> %l\n' | sort
     cd "$TMP" && find "$CD" outside -type f ! -name .stdout ! -name .stderr -print0 | sort -z | xargs -0 -r sha256sum)
}
# run EXPECT CMD...: EXPECT is `refuse` (exit 1 or 2, nothing changed anywhere), `ok` (exit 0,
# nothing changed outside output/), `any` (any exit, nothing changed outside output/), or
# `refuse-out` (exit 1 or 2, nothing changed outside output/: for cases that only stage files).
RC=0
SKIP=0
run() {
    local expect=$1; shift
    if [ -n "$PATTERN" ] && [[ "$CASE" != *$PATTERN* ]]; then N=$((N - 1)); SKIP=1; return; fi
    SKIP=0
    local before after
    before=$(snap)
    (cd "$W" && timeout 60 "$@" >"$W/.stdout" 2>"$W/.stderr" </dev/null)
    RC=$?
    after=$(snap)
    local notes=() ok=yes
    if [ $RC -eq 124 ]; then notes+=("HANG"); HANGS=$((HANGS + 1)); ok=no; fi
    if grep -q panicked "$W/.stderr" "$W/.stdout"; then notes+=("PANIC"); PANICS=$((PANICS + 1)); ok=no; fi
    if grep -qa "$SECRET" "$W/.stderr" "$W/.stdout"; then notes+=("LEAK"); LEAKS=$((LEAKS + 1)); ok=no; fi
    local screens=("$W/.stderr"); [ "${NOCTRL:-0}" = 1 ] || screens+=("$W/.stdout")
    if grep -qaP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xe2\x80[\xae\xab\xaa\xad\xac]|\xe2\x81[\xa6-\xa9]' "${screens[@]}"; then
        notes+=("RAW-CTRL"); ok=no
    fi
    local changed outside_changed foreign
    changed=$(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | grep -v " $CD/output[/ ]" | grep -v " $CD/output$" | head -3)
    outside_changed=$(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -3)
    foreign=$(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | grep -v " $CD/" | head -3)
    case $expect in
        refuse)
            [ $RC -eq 1 ] || [ $RC -eq 2 ] || { notes+=("exit $RC"); ok=no; }
            [ -z "$outside_changed" ] || { notes+=("WROTE: $(echo "$outside_changed" | head -1)"); WRITES=$((WRITES + 1)); ok=no; } ;;
        refuse-out)
            [ $RC -eq 1 ] || [ $RC -eq 2 ] || { notes+=("exit $RC"); ok=no; }
            [ -z "$changed" ] || { notes+=("WROTE: $(echo "$changed" | head -1)"); WRITES=$((WRITES + 1)); ok=no; } ;;
        ok)
            [ $RC -eq 0 ] || { notes+=("exit $RC"); ok=no; }
            [ -z "$changed" ] || { notes+=("WROTE: $(echo "$changed" | head -1)"); WRITES=$((WRITES + 1)); ok=no; } ;;
        inside)
            [ -z "$foreign" ] || { notes+=("WROTE: $(echo "$foreign" | head -1)"); WRITES=$((WRITES + 1)); ok=no; } ;;
        any)
            [ -z "$changed" ] || { notes+=("WROTE: $(echo "$changed" | head -1)"); WRITES=$((WRITES + 1)); ok=no; } ;;
    esac
    RESULT="exit $RC: $(grep -v '^ *$' "$W/.stderr" | head -1 | tr -d '\000-\037' | cut -c1-90)"
    [ ${#notes[@]} -eq 0 ] || RESULT="${notes[*]} | $RESULT"
    OK=$ok
}
record() { # EXPECTED-TEXT
    [ "$SKIP" = 1 ] && return
    ROWS+=("$CASE|$1|$RESULT|$OK")
    if [ "$OK" != yes ]; then FAILS=$((FAILS + 1)); FAILED+=("$CASE"); fi
}
# extra checks on a case already run: mark it failed with a note
fail() { [ "$SKIP" = 1 ] || { OK=no; RESULT="$1 | $RESULT"; }; }
stderr_has() { [ "$SKIP" = 1 ] || grep -qaF -- "$1" "$W/.stderr" || fail "stderr lacks \`$1\`"; }
addsrc() { # ID FILE: a sources.csv row for FILE with a wrong digest
    printf '%s,%s,T,NewsArticle,,,2024,,fr,,%s,\n' "$1" "$2" "$(printf 0%.0s {1..64})" >>"$W/seeds/sources.csv"
}
S="$BIN"

# ---------------------------------------------------------------- the corpus: links, FIFOs, devices
for cmd in validate export; do
    newcase "$cmd: document symlink to a secret outside"
    ln -s "$TMP/outside/secret.txt" "$W/seeds/documents/leak.txt"
    printf 'doc099,leak.txt,T,NewsArticle,,,2024,,fr,,%s,\n' "$(sha256sum "$TMP/outside/secret.txt" | cut -d' ' -f1)" >>"$W/seeds/sources.csv"
    printf 'f999,mali,allyOf,russia,doc099,,root:x:0:0 close,,stated,,,\n' >>"$W/seeds/facts.csv"
    run refuse "$S" $cmd -q; stderr_has "outside"; record "refused, link named, secret never shown"

    newcase "$cmd: document is a FIFO"
    mkfifo "$W/seeds/documents/pipe.txt"; addsrc doc099 pipe.txt
    run refuse "$S" $cmd -q; record "refused from metadata, no hang"

    newcase "$cmd: document is a symlink to /dev/zero"
    ln -s /dev/zero "$W/seeds/documents/zero.txt"; addsrc doc099 zero.txt
    run refuse "$S" $cmd -q; record "refused, never read"

    newcase "$cmd: document is a directory"
    mkdir "$W/seeds/documents/dir.txt"; addsrc doc099 dir.txt
    run refuse "$S" $cmd -q; record "refused"

    newcase "$cmd: sources.csv is a symlink outside"
    rm "$W/seeds/sources.csv"; ln -s "$TMP/outside/secret.csv" "$W/seeds/sources.csv"
    run refuse "$S" $cmd -q; record "refused, secret never shown"

    newcase "$cmd: facts.csv is a FIFO"
    rm "$W/seeds/facts.csv"; mkfifo "$W/seeds/facts.csv"
    run refuse "$S" $cmd -q; record "refused, no hang"

    newcase "$cmd: actors.csv is a directory"
    rm "$W/seeds/actors.csv"; mkdir "$W/seeds/actors.csv"
    run refuse "$S" $cmd -q; record "refused"

    newcase "$cmd: facts/ entry is a symlink outside"
    mkdir "$W/seeds/facts"; ln -s "$TMP/outside/secret.csv" "$W/seeds/facts/doc000.csv"
    run refuse "$S" $cmd -q; record "refused, secret never shown"

    newcase "$cmd: facts/ is a symlink to a folder outside"
    ln -s "$TMP/outside/dir" "$W/seeds/facts"
    run refuse "$S" $cmd -q; record "refused, secret never shown"

    newcase "$cmd: facts/ entry is a FIFO"
    mkdir "$W/seeds/facts"; mkfifo "$W/seeds/facts/doc000.csv"
    run refuse "$S" $cmd -q; record "refused, no hang"

    newcase "$cmd: documents/ is a symlink outside seeds"
    mv "$W/seeds/documents" "$TMP/outside/docs$N"; ln -s "$TMP/outside/docs$N" "$W/seeds/documents"
    run refuse "$S" $cmd -q; record "refused"

    newcase "$cmd: ontology file is a symlink outside"
    ln -s "$TMP/outside/secret.txt" "$W/ontology/evil.ttl"
    run refuse "$S" $cmd -q; record "refused, secret never shown"

    newcase "$cmd: ontology file is a FIFO"
    mkfifo "$W/ontology/pipe.ttl"
    run refuse "$S" $cmd -q; record "refused, no hang"
done

newcase "export: stored query is a symlink to /etc/passwd"
ln -s /etc/passwd "$W/queries/evil.rq"
run refuse "$S" export -q; record "refused"

newcase "export: stored query is a FIFO"
mkfifo "$W/queries/pipe.rq"
run refuse "$S" export -q; record "refused, no hang"

newcase "export: stored query is /dev/zero by symlink"
ln -s /dev/zero "$W/queries/zero.rq"
run refuse "$S" export -q; record "refused, never read"

newcase "export --no-store: facts.csv is /dev/zero by symlink"
rm "$W/seeds/facts.csv"; ln -s /dev/zero "$W/seeds/facts.csv"
run refuse "$S" export --no-store -q; record "refused"

newcase "export --no-store: facts/ entry is a FIFO"
mkdir "$W/seeds/facts"; mkfifo "$W/seeds/facts/doc000.csv"
run refuse "$S" export --no-store -q; record "refused, no hang"

# ---------------------------------------------------------------- names from the corpus
newcase "validate: file cell with a NUL byte"
printf 'doc099,a\0b.txt,T,NewsArticle,,,2024,,fr,,%s,\n' "$(printf 0%.0s {1..64})" >>"$W/seeds/sources.csv"
run refuse "$S" validate; record "refused, NUL escaped"

newcase "validate: file cell ../../outside/secret.txt"
addsrc doc099 ../../../outside/secret.txt
run refuse "$S" validate; record "refused, secret never shown"

newcase "validate: file cell /etc/passwd"
addsrc doc099 /etc/passwd
run refuse "$S" validate; record "refused"

newcase "validate: file cell with ESC and bidi"
addsrc doc099 $'\e[2J\e]0;pwn\a\u202etxt.exe'
run refuse "$S" validate; record "refused, escaped on terminal"

newcase "validate: document file name with control chars and a symlink"
ln -s /etc/passwd "$W/seeds/documents/"$'x\e[31m.txt'; addsrc doc099 $'x\e[31m.txt'
run refuse "$S" validate; record "refused, name and target escaped"

# ---------------------------------------------------------------- cells
setcell() { # FILE COLUMN VALUE [ROW]: put VALUE in COLUMN of data row ROW (1)
    python3 - "$1" "$2" "$3" "${4:-1}" <<'PY'
import csv, sys
path, column, value, row = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
import re
raw = re.sub(r'\\u([0-9a-fA-F]{4})', lambda m: chr(int(m.group(1), 16)), value).encode('utf-8')
raw = re.sub(rb'\\x([0-9a-fA-F]{2})', lambda m: bytes([int(m.group(1), 16)]), raw)
value = raw.decode('utf-8', 'surrogateescape')
with open(path, newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
rows[row][rows[0].index(column)] = value
with open(path, 'w', newline='', encoding='utf-8', errors='surrogateescape') as f:
    csv.writer(f, lineterminator='\n').writerows(rows)
PY
}
CELLS="sources.csv:title sources.csv:publisher sources.csv:note sources.csv:cites parts.csv:author parts.csv:note
actors.csv:label_fr actors.csv:aliases actors.csv:note actors.csv:wikidata facts.csv:note facts.csv:claimed_by facts.csv:quote
not-facts.csv:excerpt not-facts.csv:reason"
for cell in $CELLS; do
    f=${cell%%:*}; c=${cell#*:}
    newcase "export: NUL+ESC+bidi in $f $c"
    setcell "$W/seeds/$f" "$c" 'a\x00b\x1b[31m\u202ec'
    run refuse "$S" export -q; stderr_has "$f"; record "refused on its cell, escaped"
done
for cell in sources.csv:title actors.csv:label_fr facts.csv:note; do
    f=${cell%%:*}; c=${cell#*:}
    newcase "export: invalid UTF-8 in $f $c"
    setcell "$W/seeds/$f" "$c" 'a\xff\xfeb'
    run refuse "$S" export -q; record "refused"
    newcase "export: U+FFFF and a lone CR in $f $c"
    setcell "$W/seeds/$f" "$c" 'a\uffffb\rc'
    run refuse "$S" export -q; record "refused (not writable in XML/N-Triples)"
done

livemarkup() { # grep the case's output for markup that would run
    [ "$SKIP" = 1 ] && return
    local hits
    if ! hits=$(python3 "$ROOT/tests/probe/live_markup.py" "$W"/output/*.html "$W"/output/*.svg); then
        LIVE=$((LIVE + 1)); fail "LIVE MARKUP: $(echo "$hits" | head -2 | tr '\n' ' ')"
    fi
    local formula
    formula=$(grep -laP '(^|,)"?(=|\+|-|@|\x{200b}=|\x{ff1d})HYPERLINK|(^|,)"?(\xe2\x80\x8b)?(=|\xef\xbc\x9d)(1|cmd|HYPER)' "$W"/output/*.csv 2>/dev/null)
    [ -z "$formula" ] || fail "FORMULA in $(basename -a $formula | tr '\n' ' ')"
}
newcase "export: markup and javascript: in labels, notes, titles"
setcell "$W/seeds/actors.csv" label_fr '<script>alert(1)</script>'
setcell "$W/seeds/actors.csv" label_en '"><img src=x onerror=alert(1)>'
setcell "$W/seeds/actors.csv" note '</text><a href="javascript:alert(1)">x</a>'
setcell "$W/seeds/sources.csv" title "'; <style>*{display:none}</style>"
setcell "$W/seeds/facts.csv" note '=HYPERLINK("http://evil.example/","x")'
setcell "$W/seeds/actors.csv" label_fr '\u200b=1+1' 2
setcell "$W/seeds/actors.csv" label_fr '\uff1dcmd|calc' 3
run any "$S" export -q; livemarkup; record "accepted or refused; nothing live, formulas quoted"

newcase "export: javascript: URL in sources.csv cites and actors wikidata"
setcell "$W/seeds/sources.csv" cites 'javascript:alert(1)'
setcell "$W/seeds/actors.csv" wikidata 'javascript:alert(1)'
run refuse "$S" export -q; record "refused: not an http(s) IRI"

# ---------------------------------------------------------------- sizes and shapes
newcase "validate: a 20 MB cell"
setcell "$W/seeds/facts.csv" note "$(head -c 20000000 /dev/zero | tr '\0' a)" 2>/dev/null || python3 -c "
import csv,sys; p='$W/seeds/facts.csv'; r=list(csv.reader(open(p,newline=''))); r[1][r[0].index('note')]='a'*20000000
csv.writer(open(p,'w',newline=''),lineterminator='\n').writerows(r)"
run any "$S" validate; record "no panic, no hang"

newcase "validate: a 64 MB line without a newline"
head -c 67108864 /dev/zero | tr '\0' x >>"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused, no panic"

newcase "validate: a million nested quotes"
python3 -c "import sys; sys.stdout.write('f998,mali,allyOf,russia,doc000,,\"' + '\"\"' * 1000000 + '\",,stated,,,\n')" >>"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused on its cell"

newcase "validate: an unterminated quote at the end"
printf 'f998,mali,allyOf,russia,doc000,,"never closed\n' >>"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused, located"

newcase "validate: BOM + CRLF on some lines"
python3 -c "
p='$W/seeds/facts.csv'; b=open(p,'rb').read(); ls=b.split(b'\n'); ls=[l+b'\r' if i%2 else l for i,l in enumerate(ls[:-1])]+ls[-1:]
open(p,'wb').write(b'\xef\xbb\xbf'+b'\n'.join(ls))"
run any "$S" validate; record "accepted or located problems, no panic"

newcase "validate: BOM in the middle of facts.csv"
printf '\xef\xbb\xbff997,mali,allyOf,russia,doc000,,x,,stated,,,\n' >>"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused, located"

newcase "validate: a lone CR as line ending"
python3 -c "p='$W/seeds/parts.csv'; b=open(p,'rb').read(); open(p,'wb').write(b.replace(b'\n',b'\r'))"
run any "$S" validate; record "no panic"

newcase "validate: unknown column"
sed -i '1s/$/,evil/' "$W/seeds/facts.csv"
run refuse "$S" validate; stderr_has "evil"; record "refused, column named"

newcase "validate: duplicate column"
sed -i '1s/,note$/,note,note/' "$W/seeds/facts.csv"; sed -i '2,$s/$/,/' "$W/seeds/facts.csv"
run refuse "$S" validate; record "refused, column named"

newcase "validate: header only BOM, empty file"
printf '\xef\xbb\xbf' >"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused"

newcase "validate: 100000 columns in a row"
python3 -c "print('f997,' + ','*100000)" >>"$W/seeds/facts.csv"
run refuse "$S" validate; record "refused"

for v in 18446744073709551616 18446744073709551615 99999999999999999999999 -1 0 1e3 '３'; do
    newcase "validate: parts.csv first_line=$v"
    setcell "$W/seeds/parts.csv" first_line "$v"
    run refuse "$S" validate; record "refused, value named"
done
for v in +3 ' 3'; do
    newcase "validate: parts.csv first_line=$v"
    setcell "$W/seeds/parts.csv" first_line "$v"
    run any "$S" validate; record "read as 3 (lenient, harmless) or refused"
done
newcase "validate: parts.csv last_line 4294967296 (beyond any line)"
setcell "$W/seeds/parts.csv" last_line 4294967296
run refuse "$S" validate; record "refused"

newcase "validate: dates at the edges"
setcell "$W/seeds/facts.csv" start 99999-12-31
setcell "$W/seeds/facts.csv" end -0001-01-01 2
setcell "$W/seeds/facts.csv" start 2024-02-30 3
setcell "$W/seeds/sources.csv" published 18446744073709551616
run refuse "$S" validate; record "refused, each located"

newcase "validate: a 64 MiB document of NUL bytes"
truncate -s 64M "$W/seeds/documents/big.txt"; addsrc doc099 big.txt
run refuse "$S" validate; record "refused (digest), no panic"

newcase "validate: a document of invalid UTF-8 with matching digest"
printf 'Mali \xff\xfe alli\xe9s\n' >"$W/seeds/documents/bad.txt"
printf 'doc099,bad.txt,T,NewsArticle,,,2024,,fr,,%s,\n' "$(sha256sum "$W/seeds/documents/bad.txt" | cut -d' ' -f1)" >>"$W/seeds/sources.csv"
run refuse "$S" validate; record "refused"

newcase "validate: ontology with a huge literal and deep nesting"
python3 -c "print('@prefix ex: <http://ex/> . ex:a ex:b ' + '(' * 100000 + ')' * 100000 + ' .')" >"$W/ontology/deep.ttl"
run any "$S" validate; record "no panic (stack), no hang"

newcase "export: stored query that never ends, --query-timeout 2"
cat >"$W/queries/zz-forever.rq" <<'RQ'
SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }
RQ
run refuse "$S" export -q --query-timeout 2; record "refused after 2 s, previous export intact"

newcase "query --sparql that never ends, --query-timeout 2"
run refuse "$S" query -q --query-timeout 2 --sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }'; record "refused after 2 s"

newcase "export: stored query with a property path over everything"
printf 'SELECT ?a ?b WHERE { ?a (<http://x/p>|!<http://x/q>)* ?b }\n' >"$W/queries/zz-path.rq"
run any "$S" export -q --query-timeout 5; record "finished or refused within the timeout"

newcase "export: stored query that is not SPARQL, with control chars"
printf 'SELECT \x1b[2J \x00 WHERE {\n' >"$W/queries/zz-bad.rq"
run refuse "$S" export -q; record "refused, escaped"

newcase "export: stored query that is an UPDATE"
printf 'DELETE WHERE { ?s ?p ?o }\n' >"$W/queries/zz-update.rq"
run refuse "$S" export -q; record "refused"

newcase "export: stored query with SERVICE to a remote"
printf 'SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n' >"$W/queries/zz-service.rq"
run refuse "$S" export -q; record "refused, no request made"

newcase "export: stored query that LOADs a file (CONSTRUCT/FROM file:)"
printf 'SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }\n' >"$W/queries/zz-from.rq"
run any "$S" export -q; grep -qa root: "$W"/output/*.csv 2>/dev/null && fail "FROM file: read"; record "no file read"

# ---------------------------------------------------------------- the output folder's leftovers
journal() { mkdir -p "$W/output/.kept-x.sahel-kg-tmp"; printf "$1" >"$W/output/.kept-x.sahel-kg-tmp/journal"; }
newcase "export: planted journal removing ../seeds/facts.csv"
journal '+ ../seeds/facts.csv\n'
run refuse "$S" export -q; stderr_has "journal:1"; record "refused, nothing touched"
newcase "export: planted journal restoring an absolute path"
journal '= /etc/hostname\n'
run refuse "$S" export -q; record "refused"
newcase "export: planted journal with a valid entry then a bad one"
journal '= actors.csv\n* x\n'; echo EVIL >"$W/output/.kept-x.sahel-kg-tmp/actors.csv"
run refuse "$S" export -q; record "refused whole, valid entry not applied"
newcase "export: planted journal whose kept file is a symlink outside"
mkdir -p "$W/output/.kept-x.sahel-kg-tmp"; ln -s "$TMP/outside/secret.txt" "$W/output/.kept-x.sahel-kg-tmp/actors.csv"
journal '= actors.csv\n'
run refuse "$S" export -q; record "refused, link not followed"
newcase "export: planted journal that is a FIFO"
mkdir -p "$W/output/.kept-x.sahel-kg-tmp"; mkfifo "$W/output/.kept-x.sahel-kg-tmp/journal"
run refuse "$S" export -q; record "refused, no hang"
newcase "export: planted journal that is /dev/zero"
mkdir -p "$W/output/.kept-x.sahel-kg-tmp"; ln -s /dev/zero "$W/output/.kept-x.sahel-kg-tmp/journal"
run refuse "$S" export -q; record "refused, never read"
newcase "export: planted journal of 100 MB"
mkdir -p "$W/output/.kept-x.sahel-kg-tmp"; truncate -s 100M "$W/output/.kept-x.sahel-kg-tmp/journal"
run refuse "$S" export -q; record "refused, not read"
newcase "export: planted kept folder that is a symlink outside"
ln -s "$TMP/outside/dir" "$W/output/.kept-y.sahel-kg-tmp"
run any "$S" export -q; record "outside untouched"
newcase "export: stale temp file is a symlink to a file outside"
ln -s "$TMP/outside/secret.txt" "$W/output/.index.html.sahel-kg-tmp"
run ok "$S" export -q; record "link removed, target untouched"
newcase "export: stale scratch dir holding a symlink outside"
mkdir "$W/output/.scratch-x1.sahel-kg-tmp"; ln -s "$TMP/outside/dir" "$W/output/.scratch-x1.sahel-kg-tmp/d"
run ok "$S" export -q; record "removed without following"
newcase "export: out/index.html is a symlink outside"
rm "$W/output/index.html"; ln -s "$TMP/outside/secret.txt" "$W/output/index.html"
run ok "$S" export -q; record "link replaced, target untouched"
newcase "export: out/graph.nt is a FIFO"
rm "$W/output/graph.nt"; mkfifo "$W/output/graph.nt"
run any "$S" export -q; record "no hang"
newcase "export: out/actors.csv is a directory"
rm "$W/output/actors.csv"; mkdir "$W/output/actors.csv"; touch "$W/output/actors.csv/keep"
run any "$S" export -q; record "no panic"
newcase "export: a planted .sahel-kg-preview- dir with a symlink (seeds)"
mkdir "$W/seeds/.sahel-kg-preview-abc"; ln -s "$TMP/outside/dir" "$W/seeds/.sahel-kg-preview-abc/d"
run ok "$S" export -q; record "ignored or removed without following"
newcase "add-source: a planted .sahel-kg-preview- dir with a symlink"
mkdir "$W/seeds/.sahel-kg-preview-abc"; ln -s "$TMP/outside/dir" "$W/seeds/.sahel-kg-preview-abc/d"
printf '# Titre\n\nMali et Russie.\n' >"$W/new.txt"
run any "$S" add-source new.txt --published 2024 --dry-run; record "outside untouched"

for out in seeds seeds/documents ontology queries . seeds/../queries/new ./ontology/sub/deeper seeds/documents/../../seeds; do
    newcase "export --out $out"
    run refuse "$S" export -q --out "$out"; record "refused exit 2, both named"
    [ "$RC" = 2 ] || true
done
newcase "export --out a symlink to seeds"
ln -s seeds "$W/alias"
run refuse "$S" export -q --out alias/x; record "refused exit 2"
newcase "export --no-store --out seeds"
run refuse "$S" export --no-store -q --out seeds; record "refused exit 2"

# ---------------------------------------------------------------- numeric flags
for flag in "export --query-timeout 18446744073709551616" "export --query-timeout 0" "export --query-timeout 604801" \
    "export --query-timeout -1" "query --query-timeout 99999999999999999999 --sparql SELECT*{}" \
    "export --no-store --shard-size 18446744073709551615" "export --no-store --shard-size 0" \
    "export --no-store --shard-size 18446744073709551616" "export --no-store --shard-size 1" \
    "export --endpoint http://127.0.0.1:9/q --timeout 18446744073709551615" \
    "export --endpoint http://127.0.0.1:9/q --max-answer-size 18446744073709551615 --timeout 2" \
    "export --endpoint http://127.0.0.1:9/q --max-answer-size 0" \
    "publish --endpoint http://127.0.0.1:9/s --batch 18446744073709551615 --timeout 2" \
    "publish --endpoint http://127.0.0.1:9/s --batch 0" \
    "synth --facts 18446744073709551616 --out output/s" "synth --facts 100000001 --out output/s" \
    "synth --facts 10 --seed 18446744073709551616 --out output/s" "synth --facts 10 --seed 18446744073709551615 --out output/s" \
    "annotate --port 65536" "annotate --port -1" "query --format nope --sparql SELECT*{}"; do
    newcase "flag: $flag"
    run any "$S" $flag; record "usage error or bounded run, no panic, no overflow"
done
newcase "export --endpoint file:///etc/passwd"
run refuse "$S" export -q --endpoint file:///etc/passwd; record "refused"
newcase "query --endpoint with control chars in the URL"
run refuse "$S" query -q --endpoint $'http://127.0.0.1:9/\e[2J' --sparql 'SELECT * {}'; record "refused, escaped"

# ---------------------------------------------------------------- an endpoint's answers
python3 "$ROOT/tests/probe/fake_endpoint.py" >"$TMP/port" 2>/dev/null &
PIDS+=($!)
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
EP=http://127.0.0.1:$(cat "$TMP/port")
newcase "export --endpoint: hostile answers (markup, javascript:, formulas)"
run any "$S" export -q --endpoint "$EP/hostile/query" --timeout 10; livemarkup; record "nothing live, formulas quoted, or refused"
newcase "query --endpoint: hostile answers on the terminal"
run any "$S" query -q --endpoint "$EP/hostile/query" --timeout 10 --sparql 'SELECT ?a ?b ?c WHERE {}'; record "control chars escaped"
newcase "query --endpoint --format csv: hostile answers"
NOCTRL=1 run any "$S" query -q --format csv --endpoint "$EP/hostile/query" --timeout 10 --sparql 'SELECT ?a ?b ?c WHERE {}'
grep -qaP '^(=|\xe2\x80\x8b=|\xef\xbc\x9d)' "$W/.stdout" 2>/dev/null && fail "FORMULA on stdout"; record "formulas quoted (raw bytes kept: a machine format)"
newcase "export --endpoint: an endpoint that never answers, --timeout 2"
run refuse "$S" export -q --endpoint "$EP/hang/query" --timeout 2; record "refused after 2 s"
newcase "query --endpoint: an answer without end, --max-answer-size 1000000"
run refuse "$S" query -q --endpoint "$EP/huge/query" --max-answer-size 1000000 --timeout 20 --sparql 'SELECT ?x {}'; record "refused at the cap"
newcase "export --endpoint: garbage answer"
run refuse "$S" export -q --endpoint "$EP/garbage/query" --timeout 10; record "refused, no panic"
newcase "export --endpoint: 500 with markup and ESC"
run refuse "$S" export -q --endpoint "$EP/error/query" --timeout 10; record "refused, body escaped"
newcase "query --endpoint: redirect to file:///etc/passwd"
run refuse "$S" query -q --endpoint "$EP/redirect/query" --timeout 10 --sparql 'SELECT ?x {}'; record "refused, file not read"
newcase "publish: to an endpoint that never answers, --timeout 2"
run refuse "$S" publish -q --endpoint "$EP/hang/store" --timeout 2; record "refused after 2 s"
newcase "publish: 500 with markup and ESC"
run refuse "$S" publish -q --endpoint "$EP/error/store" --timeout 10; record "refused, body escaped"
newcase "publish: a corpus with a FIFO document"
mkfifo "$W/seeds/documents/pipe.txt"; addsrc doc099 pipe.txt
run refuse "$S" publish -q --endpoint "$EP/store/x" --timeout 10; record "refused before sending"
newcase "publish: redirect to file:"
run refuse "$S" publish -q --endpoint "$EP/redirect/store" --timeout 10; record "refused"

# ---------------------------------------------------------------- add-source
for f in /dev/zero /dev/null /dev/stdin "$TMP/outside/dir"; do
    newcase "add-source $f"
    run refuse "$S" add-source "$f" --published 2024; record "refused, no hang"
done
newcase "add-source a FIFO"
mkfifo "$W/p.txt"
run refuse "$S" add-source p.txt --published 2024; record "refused, no hang"
newcase "add-source a 17 MiB file"
truncate -s 17M "$W/big.txt"
run refuse "$S" add-source big.txt --published 2024; record "refused (16 MiB cap)"
newcase "add-source invalid UTF-8"
printf '# T\n\xff\xfe\n' >"$W/bad.txt"
run refuse "$S" add-source bad.txt --published 2024; record "refused"
newcase "add-source text with NUL, ESC and bidi"
printf '# Ti\x1b[2Jtle\n\nMali \x00 et \xe2\x80\xae Russie.\n' >"$W/ctl.txt"
run refuse "$S" add-source ctl.txt --published 2024; record "refused or escaped"
printf '# Titre\n\nMali et Russie sont alliés.\n' >"$TMP/new.txt"
for opt in "--id ../../pwn" "--id doc000" "--id a/b" "--id $(printf 'x%.0s' {1..5000})" "--url 'javascript:alert(1)'" \
    "--url http://a b" "--retrieved 99999-01-01" "--published 2024-13-45" "--kind ../../x" "--language ../x" \
    "--title $'\e[2J'"; do
    newcase "add-source $opt"
    eval "run refuse \"\$S\" add-source \"\$TMP/new.txt\" --published 2024 $opt"; record "refused, nothing written"
done
newcase "add-source --publisher '<script>'"
run inside "$S" add-source "$TMP/new.txt" --published 2024 --publisher '<script>'; record "accepted as text (escaped where it lands)"
newcase "add-source: facts/ID.csv already a symlink outside"
mkdir "$W/seeds/facts"; ln -s "$TMP/outside/secret.csv" "$W/seeds/facts/doc005.csv"
run refuse "$S" add-source "$TMP/new.txt" --published 2024; record "refused, target untouched"
newcase "add-source: facts/ is a symlink to a folder outside"
ln -s "$TMP/outside/dir" "$W/seeds/facts"
run refuse "$S" add-source "$TMP/new.txt" --published 2024; record "refused, outside untouched"
newcase "add-source: documents/ target name is a symlink outside"
h=$(sha256sum "$TMP/new.txt" | cut -c1-16)
for i in 005 006; do ln -s "$TMP/outside/secret.txt" "$W/seeds/documents/${i}_$h.txt"; done
run inside "$S" add-source "$TMP/new.txt" --published 2024; record "another name or refused, link target untouched"
newcase "add-source: sources.csv is a symlink outside"
rm "$W/seeds/sources.csv"; ln -s "$TMP/outside/secret.csv" "$W/seeds/sources.csv"
run refuse "$S" add-source "$TMP/new.txt" --published 2024; record "refused"
newcase "add-source: parts.csv is a FIFO"
rm "$W/seeds/parts.csv"; mkfifo "$W/seeds/parts.csv"
run refuse "$S" add-source "$TMP/new.txt" --published 2024; record "refused, no hang"

# ---------------------------------------------------------------- locate
for src in ../../outside/secret.txt /etc/passwd "$TMP/outside/secret.txt" $'doc\e[2J' 'doc000/../..'; do
    newcase "locate $src"
    run refuse "$S" locate "$src" root; record "refused, nothing shown"
done
newcase "locate: document symlinked outside with its true digest"
ln -s "$TMP/outside/secret.txt" "$W/seeds/documents/leak.txt"
printf 'doc099,leak.txt,T,NewsArticle,,,2024,,fr,,%s,\n' "$(sha256sum "$TMP/outside/secret.txt" | cut -d' ' -f1)" >>"$W/seeds/sources.csv"
run refuse "$S" locate doc099 root; record "refused, secret never shown"
newcase "locate: edited document (digest mismatch)"
echo "$SECRET" >>"$W/seeds/documents/000_405de13ef3482806.txt"
run refuse "$S" locate doc000 SECRET-CANARY; record "refused, no text shown"
newcase "locate: document is a FIFO"
mkfifo "$W/seeds/documents/pipe.txt"; addsrc doc099 pipe.txt
run refuse "$S" locate doc099 x; record "refused, no hang"
newcase "locate: a 1 MB quote with control chars"
run any "$S" locate doc000 "$(head -c 1000000 /dev/zero | tr '\0' 'a')"$'\e[2J'; record "no panic, escaped"

# ---------------------------------------------------------------- synth
newcase "synth --out into the existing seeds"
run refuse "$S" synth --facts 10 --out seeds; grep -q '^f001,fama' "$W/seeds/facts.csv" || fail "OVERWROTE the corpus"
record "refused, corpus untouched (command line trusted: a foot-gun, not an attack)"
newcase "synth --out its own earlier output"
(cd "$W" && "$S" synth --facts 10 --out output/s >/dev/null 2>&1)
run ok "$S" synth --facts 20 --out output/s; record "written again"
newcase "synth --out a FIFO"
mkfifo "$W/p"
run refuse "$S" synth --facts 10 --out p; record "refused, no hang"

# ---------------------------------------------------------------- annotate
newcase "annotate"
if [ -z "$PATTERN" ] || [[ "$CASE" == *$PATTERN* ]]; then
    N=$((N - 1))
    setcell "$W/seeds/actors.csv" label_fr '<script>alert(1)</script>'
    setcell "$W/seeds/actors.csv" label_en '"><img src=x onerror=alert(1)>'
    setcell "$W/seeds/sources.csv" title '</title><script>alert(1)</script>'
    setcell "$W/seeds/facts.csv" note '<a href="javascript:alert(1)">x</a>'
    printf '../../pwn,000_405de13ef3482806.txt,T,NewsArticle,,,2024,,fr,,a6fbac274bf31cbb834f383422eca56a49233d90061f5be54ab5fb71115f116b,\n' >>"$W/seeds/sources.csv"
    (cd "$W" && exec "$S" annotate >"$W/.astdout" 2>"$W/.astderr") &
    APID=$!; PIDS+=($APID)
    for _ in $(seq 100); do grep -qa 'token=' "$W/.astdout" "$W/.astderr" 2>/dev/null && break; sleep 0.1; done
    addr=$(grep -ahoE 'http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]+' "$W/.astdout" "$W/.astderr" | head -1)
    port=$(echo "$addr" | sed -E 's#http://127.0.0.1:([0-9]+)/.*#\1#'); token=${addr##*token=}
    if [ -z "$addr" ]; then
        N=$((N + 1)); ROWS+=("annotate: start|prints its address|$(head -c 200 "$W/.astderr")|no"); FAILS=$((FAILS + 1))
    else
        while IFS= read -r line; do
            N=$((N + 1)); ROWS+=("$line")
            [ "${line##*|}" = yes ] || { FAILS=$((FAILS + 1)); FAILED+=("${line%%|*}"); }
        done < <(timeout 120 python3 "$ROOT/tests/probe/annotate_probe.py" "$port" "$token" "$W/seeds")
    fi
    if kill "$APID" 2>/dev/null; then wait "$APID" 2>/dev/null; astatus=alive
    else wait "$APID" 2>/dev/null; astatus="DIED (exit $?): $(grep -av '^ ' "$W/.astderr" | head -1 | cut -c1-60)"; fi
    N=$((N + 1))
    res="server $astatus; $(grep -ac panicked "$W/.astderr") panics"
    ok=yes; grep -q panicked "$W/.astderr" && { ok=no; PANICS=$((PANICS + 1)); }
    [ "$astatus" = alive ] || { ok=no; PANICS=$((PANICS + 1)); }
    [ -z "$(find "$TMP" -maxdepth 3 -name 'pwn*')" ] || { ok=no; res="WROTE pwn outside seeds | $res"; }
    ROWS+=("annotate: the whole session|server alive, no panic or abort, nothing written outside seeds|$res|$ok")
    [ $ok = yes ] || { FAILS=$((FAILS + 1)); FAILED+=("annotate session"); }
fi

# ---------------------------------------------------------------- the table
printf '%s\n' "case | expected | result | ok?" "${ROWS[@]//|/ | }"
echo
echo "$N cases, $FAILS failed; panics $PANICS, hangs $HANGS, wrote or changed files $WRITES, live markup $LIVE, leaks $LEAKS"
[ $FAILS -eq 0 ] || { printf 'failed: %s\n' "${FAILED[@]}"; exit 1; }
