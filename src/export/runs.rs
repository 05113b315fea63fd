//! Sorted runs of N-Triples lines on disk, and their merge into one sorted file.
//!
//! In: lines, written in byte order to a run file (`Run::create`, then `Write`). Out: the lines
//! of many runs merged in byte order, each once (`merge_all`). Used by `shards.rs`, whose runs
//! hold the whole graph between mapping and merging.
//!
//! A run is front-coded: each line is stored as the length of the prefix it shares with the line
//! before (LEB128), then the rest of it, newline included. Sorted N-Triples lines share most of
//! their bytes with their neighbours (a claim's dozen lines begin with its IRI), so the runs
//! are a fraction of `graph.nt`'s size. Writing and reading the runs goes through the page
//! cache, and fewer bytes there is less of the kernel's time.
//!
//! What this does not do: check that a run's lines are sorted (the merge trusts its runs), or
//! read anything but its own runs.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The most runs merged at once: each is an open file and a read buffer.
pub(crate) const FAN_IN: usize = 256;

/// A run being written: whole lines in, front-coded lines out.
#[derive(Debug)]
pub(crate) struct Run<W: Write> {
    out: W,
    /// The line before, which the next one is coded against.
    last: Vec<u8>,
    /// The line being written, until its newline.
    line: Vec<u8>,
}

impl Run<BufWriter<File>> {
    /// Creates the run file `path`.
    pub(crate) fn create(path: &Path) -> anyhow::Result<Self> {
        let file =
            File::create(path).with_context(|| format!("could not create {}", path.display()))?;
        Ok(Self::new(BufWriter::with_capacity(64 << 10, file)))
    }
}

impl<W: Write> Run<W> {
    pub(crate) fn new(out: W) -> Self {
        Self {
            out,
            last: Vec::new(),
            line: Vec::new(),
        }
    }

    /// Writes out a last line without a newline, if any, and flushes.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        if !self.line.is_empty() {
            self.code_line()?;
        }
        self.out.flush()?;
        Ok(self.out)
    }

    fn code_line(&mut self) -> io::Result<()> {
        // The newline is never shared: a line equal to the one before still ends its record,
        // which is how the reader finds where the next one starts.
        let shared = shared_prefix(&self.last, &self.line).min(self.line.len().saturating_sub(1));
        write_leb128(&mut self.out, shared)?;
        self.out.write_all(&self.line[shared..])?;
        std::mem::swap(&mut self.last, &mut self.line);
        self.line.clear();
        Ok(())
    }
}

impl<W: Write> Write for Run<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(end) = memchr::memchr(b'\n', rest) {
            self.line.extend_from_slice(&rest[..=end]);
            self.code_line()?;
            rest = &rest[end + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// How many bytes `a` and `b` begin with in common.
fn shared_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    // Sixteen bytes at a time: the shared prefix is most of a line.
    let whole = a
        .chunks_exact(16)
        .zip(b.chunks_exact(16))
        .take_while(|(x, y)| x == y)
        .count()
        * 16;
    whole
        + a[whole..]
            .iter()
            .zip(&b[whole..])
            .take_while(|(x, y)| x == y)
            .count()
}

fn write_leb128(out: &mut impl Write, mut n: usize) -> io::Result<()> {
    loop {
        // The low seven bits, with the high bit set when more follow.
        let low = n.to_le_bytes()[0] & 0x7f;
        n >>= 7;
        if n == 0 {
            return out.write_all(&[low]);
        }
        out.write_all(&[low | 0x80])?;
    }
}

/// A run being read back, line by line.
#[derive(Debug)]
struct Lines<R> {
    input: R,
    /// The line last read, which the next one is coded against.
    line: Vec<u8>,
}

impl<R: io::BufRead> Lines<R> {
    fn new(input: R) -> Self {
        Self {
            input,
            line: Vec::new(),
        }
    }

    /// Reads the next line into `out` (replacing what it held); `false` at the end of the run.
    fn next_into(&mut self, out: &mut Vec<u8>) -> io::Result<bool> {
        let Some(shared) = self.read_leb128()? else {
            return Ok(false);
        };
        if shared > self.line.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "a run's line shares more than the line before it has",
            ));
        }
        self.line.truncate(shared);
        self.input.read_until(b'\n', &mut self.line)?;
        out.clear();
        out.extend_from_slice(&self.line);
        Ok(true)
    }

    /// `None` at the end of the input.
    fn read_leb128(&mut self) -> io::Result<Option<usize>> {
        let mut n = 0_usize;
        let mut byte = [0];
        for shift in (0..usize::BITS).step_by(7) {
            if self.input.read(&mut byte)? == 0 {
                return if shift == 0 {
                    Ok(None)
                } else {
                    Err(io::ErrorKind::UnexpectedEof.into())
                };
            }
            n |= usize::from(byte[0] & 0x7f) << shift;
            if byte[0] & 0x80 == 0 {
                return Ok(Some(n));
            }
        }
        Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a run's prefix length is too long",
        ))
    }
}

fn open(path: &Path) -> anyhow::Result<Lines<BufReader<File>>> {
    let file = File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    Ok(Lines::new(BufReader::with_capacity(32 << 10, file)))
}

/// Merges sorted runs into `out` as plain lines, each line once; returns the number of lines.
/// Past `FAN_IN` runs, the smallest are merged into one run first (in `scratch`). The runs are
/// removed as they are merged.
pub(crate) fn merge_all(
    mut runs: Vec<PathBuf>,
    scratch: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<usize> {
    let mut round = 0;
    while runs.len() > FAN_IN {
        // The smallest runs first, and only as many as brings the count down to `FAN_IN`: the
        // relations' runs are small, so past `FAN_IN` runs the extra round copies little,
        // where merging the runs in order of shard copied most of the graph once more.
        let mut sized = runs
            .into_iter()
            .map(|run| Ok((std::fs::metadata(&run)?.len(), run)))
            .collect::<io::Result<Vec<_>>>()?;
        sized.sort();
        let take = (sized.len() - FAN_IN + 1).min(FAN_IN);
        let group: Vec<PathBuf> = sized.drain(..take).map(|(_, run)| run).collect();
        let path = scratch.join(format!("merged-{round}.nt"));
        let mut merged = Run::create(&path)?;
        merge(&group, &mut merged)?;
        merged.finish()?;
        remove(&group);
        runs = sized.into_iter().map(|(_, run)| run).collect();
        runs.push(path);
        round += 1;
    }
    let count = merge(&runs, out)?;
    remove(&runs);
    Ok(count)
}

fn remove(runs: &[PathBuf]) {
    for run in runs {
        std::fs::remove_file(run).ok();
    }
}

/// Merges sorted runs into `out`, dropping a line equal to the one before it.
///
/// A run is taken from for as long as its lines come before every other run's next line: a
/// claim's dozen lines are in one run, so most lines cost one comparison, not a trip through
/// the heap.
fn merge(runs: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<usize> {
    let mut readers = runs
        .iter()
        .map(|p| open(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut heap = BinaryHeap::with_capacity(readers.len());
    for (i, reader) in readers.iter_mut().enumerate() {
        let mut line = Vec::new();
        if reader.next_into(&mut line)? {
            heap.push(Reverse((line, i)));
        }
    }
    let mut last = Vec::new();
    let mut count = 0;
    while let Some(Reverse((mut line, i))) = heap.pop() {
        loop {
            if line != last {
                out.write_all(&line)?;
                count += 1;
                std::mem::swap(&mut line, &mut last);
            }
            if !readers[i].next_into(&mut line)? {
                break;
            }
            if heap.peek().is_some_and(|Reverse((next, _))| *next < line) {
                heap.push(Reverse((line, i)));
                break;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn write(path: &Path, text: &str) -> PathBuf {
        let mut run = Run::create(path).unwrap();
        run.write_all(text.as_bytes()).unwrap();
        run.finish().unwrap();
        path.to_owned()
    }

    fn read(bytes: &[u8]) -> Vec<String> {
        let mut lines = Lines::new(bytes);
        let mut line = Vec::new();
        let mut all = Vec::new();
        while lines.next_into(&mut line).unwrap() {
            all.push(String::from_utf8(line.clone()).unwrap());
        }
        all
    }

    #[test]
    fn a_line_is_stored_as_what_it_shares_with_the_one_before_and_the_rest() {
        let mut run = Run::new(Vec::new());
        run.write_all(b"<a> <p> <o> .\n<a> <p> <q> .\n").unwrap();
        run.write_all(b"<b>").unwrap();
        run.write_all(b" <p> <o> .\n").unwrap();
        let bytes = run.finish().unwrap();
        assert_eq!(
            bytes,
            b"\x00<a> <p> <o> .\n\x09q> .\n\x01b> <p> <o> .\n".to_vec()
        );
        assert_eq!(
            read(&bytes),
            ["<a> <p> <o> .\n", "<a> <p> <q> .\n", "<b> <p> <o> .\n"]
        );
    }

    #[test]
    fn a_line_equal_to_the_one_before_still_ends_with_its_newline() {
        let mut run = Run::new(Vec::new());
        run.write_all(b"\n\n<a> .\n<a> .\n<a> .\n").unwrap();
        let bytes = run.finish().unwrap();
        assert_eq!(bytes, b"\x00\n\x00\n\x00<a> .\n\x05\n\x05\n".to_vec());
        assert_eq!(read(&bytes), ["\n", "\n", "<a> .\n", "<a> .\n", "<a> .\n"]);
    }

    #[test]
    fn a_shared_prefix_of_128_bytes_or_more_takes_two_bytes() {
        let long = "x".repeat(300);
        let text = format!("{long}a\n{long}b\n");
        let mut run = Run::new(Vec::new());
        run.write_all(text.as_bytes()).unwrap();
        let bytes = run.finish().unwrap();
        // 300 = 0b10_0101100: 0xac, then 0x02.
        assert_eq!(&bytes[303..306], b"\xac\x02b");
        assert_eq!(read(&bytes).concat(), text);
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_panic() {
        for bytes in [&b"\x05abc\n"[..], b"\x00a\n\x80"] {
            let mut lines = Lines::new(bytes);
            let mut line = Vec::new();
            let result = (0..3).try_for_each(|_| lines.next_into(&mut line).map(|_| ()));
            assert!(result.is_err(), "{bytes:?}");
        }
    }

    proptest! {
        #[test]
        fn any_lines_are_read_back_as_they_were_written(
            // Short lines over few characters too, so that lines often repeat or share all but
            // their end.
            lines in proptest::collection::vec(
                prop_oneof!["[<>a-c\"é\\n\\x00\\x7f ]{0,200}", "[ab]{0,3}"],
                0..40,
            )
        ) {
            let lines: Vec<String> = lines.iter().map(|l| l.replace('\n', "") + "\n").collect();
            let mut run = Run::new(Vec::new());
            for line in &lines {
                run.write_all(line.as_bytes()).unwrap();
            }
            prop_assert_eq!(read(&run.finish().unwrap()), lines);
        }
    }

    #[test]
    fn merged_runs_give_each_line_once_in_byte_order() {
        let dir = tempfile::tempdir().unwrap();
        let runs = [
            write(&dir.path().join("a"), "<a> <p> \"1\" .\n<c> <p> <d> .\n"),
            write(&dir.path().join("b"), "<a-b> <p> <x> .\n<c> <p> <d> .\n"),
            write(&dir.path().join("c"), ""),
            write(&dir.path().join("d"), "<a> <p> \"1\"@fr .\n<e> <p> <f> .\n"),
        ];
        let mut out = Vec::new();
        let count = merge(&runs, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<a-b> <p> <x> .\n<a> <p> \"1\" .\n<a> <p> \"1\"@fr .\n<c> <p> <d> .\n<e> <p> <f> .\n"
        );
        assert_eq!(count, 5);
    }

    #[test]
    fn more_runs_than_are_merged_at_once_are_merged_in_rounds() {
        let dir = tempfile::tempdir().unwrap();
        let runs: Vec<PathBuf> = (0..FAN_IN * 2 + 3)
            .map(|i| {
                // Every run holds `<shared>`, and its own line, in order.
                write(
                    &dir.path().join(format!("run-{i}")),
                    &format!("<n{:04}> <p> <o> .\n<shared> <p> <o> .\n", i * 7 % 1000),
                )
            })
            .collect();
        let mut out = Vec::new();
        let count = merge_all(runs, dir.path(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut expected = lines.clone();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(lines, expected);
        assert_eq!(count, FAN_IN * 2 + 3 + 1);
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("<shared>")).count(),
            1
        );
        // Every run, and every run merged in a round, is removed.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
