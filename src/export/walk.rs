//! Map, load and export in one walk of the graph.
//!
//! In: the named and ordered graph (`pipeline::map::Graph`), the store to load (none when the
//! queries run on an endpoint) and the staged output directory. Out: the four graph files and
//! `graph.sha256` staged, the store loaded, and the number of triples. This thread maps each
//! block and writes it to the four files while another thread loads it into the store, so
//! nothing but the store holds the whole graph. What this does not do: commit the output.

use std::io::Write;
use std::time::{Duration, Instant};

use oxigraph::model::Quad;
use oxigraph::store::Store;

use crate::export::writers;
use crate::output::{self, Staged, StagedFile};
use crate::pipeline::{map, store};
use crate::progress;
use crate::timings::Timings;

/// How many statements go to the store loader at a time.
const LOAD_BATCH: usize = 16_384;

/// Map, load and export in one walk of the graph: this thread maps each block and
/// writes it to the four graph files while another loads it into the store. Returns the number
/// of triples. Nothing holds the whole graph but the store.
pub(crate) fn load_and_write(
    graph: &map::Graph<'_>,
    store: Option<&Store>,
    staged: &mut Staged,
    time: &mut Timings,
    progress: bool,
) -> anyhow::Result<usize> {
    let bar = progress::Progress::new(progress, graph.blocks() as u64, progress::MAP_LOAD_EXPORT);
    let mut files = Files::new(staged, time.enabled)?;
    let mut count = 0;
    let loaded = std::thread::scope(|scope| -> anyhow::Result<Duration> {
        let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Quad>>(8);
        // Unbounded, so that the loader never waits to hand a batch back; this thread frees
        // them as it goes (see `store::load_batches`), so a few at most are waiting.
        let (hand_back, to_free) = std::sync::mpsc::channel::<Vec<Quad>>();
        let loader =
            store.map(|store| scope.spawn(move || store::load_batches(store, receive, &hand_back)));
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        let walked = graph.for_each_block(|block| {
            to_free.try_iter().for_each(drop);
            files.block(&block)?;
            bar.inc(1);
            count += block.len();
            if store.is_some() {
                batch.extend(block.into_iter().map(|s| s.quad));
            }
            if batch.len() >= LOAD_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(LOAD_BATCH));
                send.send(full)
                    .map_err(|_| anyhow::anyhow!("the store loader stopped"))?;
            }
            Ok(())
        });
        if walked.is_ok() && !batch.is_empty() {
            let _ = send.send(batch);
        }
        drop(send);
        let load_time = match loader {
            Some(loader) => loader
                .join()
                .map_err(|_| anyhow::anyhow!("the store loader crashed"))?,
            None => Ok(Duration::ZERO),
        };
        walked?;
        load_time
    })?;
    bar.finish();
    for (stage, spent) in STAGES.iter().zip(files.spent) {
        time.report(stage, spent);
    }
    time.report("load (other thread)", loaded);
    files.finish(staged)?;
    time.lap("map + load + export (wall)");
    Ok(count)
}

/// What `Files::spent` charges, in its order: mapping the block, then each file.
const STAGES: [&str; 5] = [
    "map: blocks",
    output::GRAPH_NT,
    output::GRAPH_NQ,
    output::GRAPH_TTL,
    output::GRAPH_JSONLD,
];

/// The four graph files, written block by block, with the time each took when timed.
struct Files {
    nt: writers::NTriples<StagedFile>,
    nq: writers::NQuads<StagedFile>,
    ttl: writers::Turtle<StagedFile>,
    jsonld: writers::JsonLd<StagedFile>,
    /// Time spent per `STAGES`, when `timed`.
    spent: [Duration; 5],
    timed: bool,
    clock: Instant,
}

impl Files {
    fn new(staged: &mut Staged, timed: bool) -> anyhow::Result<Self> {
        Ok(Self {
            nt: writers::NTriples::new(staged.create(output::GRAPH_NT)?),
            nq: writers::NQuads::new(staged.create(output::GRAPH_NQ)?),
            ttl: writers::Turtle::new(staged.create(output::GRAPH_TTL)?)?,
            jsonld: writers::JsonLd::new(staged.create(output::GRAPH_JSONLD)?)?,
            spent: [Duration::ZERO; 5],
            timed,
            clock: Instant::now(),
        })
    }

    /// Charges the time since the last charge to stage `i`, when timed.
    fn charge(&mut self, i: usize) {
        if self.timed {
            let now = Instant::now();
            self.spent[i] += now - self.clock;
            self.clock = now;
        }
    }

    /// Writes one block to every file.
    fn block(&mut self, block: &map::Block) -> anyhow::Result<()> {
        self.charge(0);
        self.nt.block(block)?;
        self.charge(1);
        self.nq.block(block)?;
        self.charge(2);
        self.ttl.block(block)?;
        self.charge(3);
        self.jsonld.block(block)?;
        self.charge(4);
        Ok(())
    }

    /// Ends every file, and stages `graph.sha256` from the canonical N-Quads.
    fn finish(self, staged: &mut Staged) -> anyhow::Result<()> {
        self.nt.finish().finish()?;
        let (nq, fingerprint) = self.nq.finish();
        nq.finish()?;
        self.ttl.finish()?.finish()?;
        self.jsonld.finish()?.finish()?;
        staged.write(output::GRAPH_SHA256, |w| {
            Ok(writeln!(w, "{fingerprint}  {}", output::GRAPH_NQ)?)
        })
    }
}
