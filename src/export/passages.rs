//! Shared passages of a corpus too big for memory (`export --no-store`).
//!
//! In: every document of the corpus as `shards.rs` lists it (id, file, the lines of its parts,
//! what it reprints), the documents directory and a scratch directory. Out: the same
//! `Passages` as `pipeline::passages::detect` finds on the whole corpus in memory, or `None`
//! when a document cannot be read as it must be (validation then says why), or when what a
//! source reprints is not a source of the corpus, is itself, or is itself a reprint.
//!
//! How: the same steps as in memory, each bucket of them on disk. Each document's seeds go to
//! bucket files by seed; each bucket, sorted, gives its seeds' matches, which go to bucket files
//! by pair of documents; each of those, sorted, gives its pairs' passages. What is held at once
//! is one bucket, the listing (a line per document) and the passages found. What this does not
//! do: validate anything else, or map the passages (`map::passage_statements` does).

use crate::corpus_file::Folder;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::RangeInclusive;
use std::path::Path;

use anyhow::Context;

use crate::pipeline::passages::{self, Layout, Match, Passages, Resolver, Words};
use crate::pipeline::text::Document;
use crate::splitmix::mix;

/// A document of the corpus, as its rows in `sources.csv` and `parts.csv` describe it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Listed {
    /// The source's id.
    pub id: String,
    /// Its file under the documents directory.
    pub file: String,
    /// What it reprints (`reprints`), empty for nothing.
    pub reprints: String,
    /// The lines of its boilerplate parts.
    pub skip: Vec<RangeInclusive<usize>>,
    /// The lines of its other parts.
    pub parts: Vec<RangeInclusive<usize>>,
}

/// The bytes of seeds or matches a bucket holds, about: what is held at once.
const BUCKET_BYTES: u64 = 8 << 20;

/// The most bucket files open at once.
const MAX_BUCKETS: u64 = 256;

/// The shared passages of the listed documents (see the module comment); `None` when a
/// document or a reprint cannot be what validation requires.
pub(crate) fn detect(
    listed: &mut [Listed],
    documents: &Path,
    scratch: &Path,
) -> anyhow::Result<Option<Passages>> {
    // Numbered in the order of their ids, as in memory.
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    if !reprints_hold(listed) {
        return Ok(None);
    }
    let text_bytes: u64 = listed
        .iter()
        .map(|d| std::fs::metadata(documents.join(&d.file)).map_or(0, |m| m.len()))
        .sum();
    // A posting is 16 bytes, and there are about as many as words: a sixth of the bytes.
    let buckets = (text_bytes * 3)
        .div_ceil(BUCKET_BYTES)
        .clamp(1, MAX_BUCKETS);
    let postings = Buckets::create(scratch, "seeds", buckets)?;
    let Some(postings) = seed(listed, documents, postings)? else {
        return Ok(None);
    };
    let mut pairs = Buckets::create(scratch, "matches", buckets)?;
    let mut matches = Vec::new();
    let mut group = Vec::new();
    for bucket in postings.into_files()? {
        let mut seeds: Vec<(u64, u32, u32)> = read_records(&bucket, |b: &[u8; 16]| {
            (
                u64::from_le_bytes(b[..8].try_into().unwrap_or_default()),
                u32::from_le_bytes(b[8..12].try_into().unwrap_or_default()),
                u32::from_le_bytes(b[12..16].try_into().unwrap_or_default()),
            )
        })?;
        std::fs::remove_file(&bucket).ok();
        seeds.sort_unstable();
        for same in seeds.chunk_by(|x, y| x.0 == y.0) {
            group.clear();
            group.extend(same.iter().map(|&(_, doc, pos)| (doc, pos)));
            passages::seed_matches(&group, passages::MAX_DF, &mut matches);
        }
        for &(pair, diagonal, pa) in &matches {
            let mut record = [0; 20];
            record[..8].copy_from_slice(&pair.to_le_bytes());
            record[8..16].copy_from_slice(&diagonal.to_le_bytes());
            record[16..].copy_from_slice(&pa.to_le_bytes());
            pairs.write(mix(pair), &record)?;
        }
        matches.clear();
    }
    let mut shared = Vec::new();
    for bucket in pairs.into_files()? {
        let mut matches: Vec<Match> = read_records(&bucket, |b: &[u8; 20]| {
            (
                u64::from_le_bytes(b[..8].try_into().unwrap_or_default()),
                i64::from_le_bytes(b[8..16].try_into().unwrap_or_default()),
                u32::from_le_bytes(b[16..20].try_into().unwrap_or_default()),
            )
        })?;
        std::fs::remove_file(&bucket).ok();
        shared.extend(passages::shared(&mut matches));
    }
    let mut resolver = Resolver::new(passages::families(&shared));
    for n in resolver.documents() {
        let Some(listing) = listed.get(n as usize) else {
            return Ok(None);
        };
        let Some((document, layout)) = read(listing, documents) else {
            return Ok(None);
        };
        let words = Words::new(document.text(), &layout);
        resolver.resolve(n, &listing.id, &document, &words);
    }
    Ok(Some(resolver.finish()))
}

/// Whether what each source reprints is another source of the corpus, which reprints nothing:
/// what validation checks, across the shards.
fn reprints_hold(listed: &[Listed]) -> bool {
    listed.iter().all(|d| {
        d.reprints.is_empty()
            || (d.reprints != d.id
                && listed
                    .binary_search_by(|other| other.id.as_str().cmp(&d.reprints))
                    .is_ok_and(|i| listed[i].reprints.is_empty()))
    })
}

/// Writes every document's seeds to the buckets; `None` when one cannot be read.
fn seed(
    listed: &[Listed],
    documents: &Path,
    mut postings: Buckets,
) -> anyhow::Result<Option<Buckets>> {
    for (n, listing) in listed.iter().enumerate() {
        let Some((document, layout)) = read(listing, documents) else {
            return Ok(None);
        };
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        for (hash, position) in Words::new(document.text(), &layout).seeds() {
            let mut record = [0; 16];
            record[..8].copy_from_slice(&hash.to_le_bytes());
            record[8..12].copy_from_slice(&n.to_le_bytes());
            record[12..].copy_from_slice(&position.to_le_bytes());
            postings.write(hash, &record)?;
        }
    }
    Ok(Some(postings))
}

/// A listed document's text and layout; `None` when it cannot be read as UTF-8 or a part's
/// lines are not in it (validation reports both).
fn read(listing: &Listed, documents: &Path) -> Option<(Document, Layout)> {
    // Through the corpus's one opener: no FIFO opened, no link out of the folder followed.
    let bytes = Folder::new(documents).read(&listing.file).ok()?.ok()?;
    let text = String::from_utf8(bytes).ok()?;
    if text.len() > Document::MAX_LEN {
        return None;
    }
    let document = Document::new(text);
    let lines = document.line_count();
    let bytes = |ranges: &[RangeInclusive<usize>]| {
        ranges
            .iter()
            .map(|r| {
                (*r.start() >= 1 && r.start() <= r.end() && *r.end() <= lines)
                    .then(|| document.lines(*r.start(), *r.end()))
            })
            .collect::<Option<Vec<_>>>()
    };
    let layout = Layout {
        skip: bytes(&listing.skip)?,
        parts: bytes(&listing.parts)?,
    };
    Some((document, layout))
}

/// Bucket files of fixed-size records, a record to the bucket its key falls in.
struct Buckets {
    files: Vec<(std::path::PathBuf, BufWriter<File>)>,
}

impl Buckets {
    fn create(scratch: &Path, name: &str, count: u64) -> anyhow::Result<Self> {
        let files = (0..count)
            .map(|b| {
                let path = scratch.join(format!("passages-{name}-{b}"));
                let file = File::create(&path)
                    .with_context(|| format!("could not create {}", path.display()))?;
                Ok((path, BufWriter::with_capacity(16 << 10, file)))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self { files })
    }

    /// Appends `record` to the bucket of `key`: which of the buckets' equal ranges of keys it
    /// is in.
    fn write(&mut self, key: u64, record: &[u8]) -> anyhow::Result<()> {
        let count = self.files.len() as u128;
        // Below `count`, a `usize`.
        let b = usize::try_from((u128::from(key) * count) >> 64).unwrap_or(0);
        Ok(self.files[b].1.write_all(record)?)
    }

    /// The bucket files, written.
    fn into_files(self) -> anyhow::Result<Vec<std::path::PathBuf>> {
        self.files
            .into_iter()
            .map(|(path, mut out)| {
                out.flush()
                    .with_context(|| format!("could not write {}", path.display()))?;
                Ok(path)
            })
            .collect()
    }
}

/// Every record of a bucket file, `N` bytes each, decoded.
fn read_records<T, const N: usize>(
    path: &Path,
    decode: impl Fn(&[u8; N]) -> T,
) -> anyhow::Result<Vec<T>> {
    let file = File::open(path).with_context(|| format!("could not read {}", path.display()))?;
    let size = file.metadata().map_or(0, |m| m.len());
    let mut input = BufReader::with_capacity(64 << 10, file);
    let mut records = Vec::with_capacity(usize::try_from(size).unwrap_or(0) / N);
    let mut record = [0; N];
    while input.read_exact(&mut record).is_ok() {
        records.push(decode(&record));
    }
    Ok(records)
}
