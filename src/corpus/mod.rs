//! Writing the corpus: what annotators add with a command rather than by hand.
//!
//! In: the seeds directory and what a command adds to it. Out: its files changed all or
//! nothing. `csv_edit` edits a table keeping every byte it does not change, `changes` writes
//! the files together and only inside the seeds directory, after checking that nobody changed
//! them meanwhile, and lays out a preview for validation; `propose` splits a new document into
//! the parts an annotator then corrects; `suggest` drafts facts from cue words and
//! `review` keeps them in a review file until the annotator moves each to the facts or the
//! not-fact decisions. What this does not do: decide whether the corpus is
//! valid (`pipeline` does, on the preview).

pub(crate) mod changes;
pub(crate) mod csv_edit;
pub(crate) mod propose;
pub(crate) mod review;
pub(crate) mod suggest;
