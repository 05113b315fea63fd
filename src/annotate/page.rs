//! The annotation pages: an index of the sources with their coverage, and one page per source.
//!
//! In: the corpus as read (`view.rs`) and the problems validation finds. Out: self-contained
//! HTML (inline CSS and script, nothing fetched from anywhere): the document split into its
//! parts (boilerplate greyed out), actor mentions highlighted, each fact's quote marked and
//! linked to the fact in the list beside the text, each sentence that names two actors and
//! that no fact or decision covers flagged; a form to record a fact or a not-fact decision on
//! the selected words. Every text from the corpus is escaped. What this does not do: write
//! anything (`actions.rs` does, when the page's script asks).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;

use serde_json::json;

use super::view::{Corpus, SourceView};
use crate::config::Inputs;
use crate::problem::Problem;
use crate::render::markup::escape;

/// The page's style: one column of text, the facts beside it.
const STYLE: &str = include_str!("page.css");

/// The page's script: selection to offsets, the form, the fact list.
const SCRIPT: &str = include_str!("page.js");

/// The index: every source with its counts.
pub(crate) fn index(inputs: &Inputs, token: &str) -> anyhow::Result<String> {
    let corpus = Corpus::read(inputs)?;
    let problems = super::view::problems(inputs)?;
    let mut rows = String::new();
    for source in &corpus.sources {
        let id = source.get("id");
        let view = corpus.view(inputs, source)?;
        let covered = view
            .mentions
            .iter()
            .filter(|(_, m)| {
                view.facts
                    .iter()
                    .filter_map(|f| f.bytes.as_ref())
                    .any(|q| q.start <= m.start && m.end <= q.end)
            })
            .count();
        let _ = write!(
            rows,
            "<tr><td><a href=\"/source/{}?token={token}\">{}</a></td><td>{}</td><td class=n>{}</td>\
             <td class=n>{}</td><td class=n>{covered} / {}</td><td class=n{}>{}</td><td>{}</td></tr>",
            escape(&url_part(id)),
            escape(id),
            escape(source.get("title")),
            view.facts.len(),
            view.not_facts.len(),
            view.mentions.len(),
            if view.open.is_empty() {
                ""
            } else {
                " data-open"
            },
            view.open.len(),
            view.document
                .as_ref()
                .err()
                .map_or_else(String::new, |why| escape(why).to_string()),
        );
    }
    let summary = if problems.is_empty() {
        "The corpus is valid.".to_owned()
    } else {
        format!(
            "{} problem{} in the corpus (run <code>sahel-kg validate</code> for the list).",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        )
    };
    Ok(format!(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>sahel-kg annotate</title>\
         <style>{STYLE}</style></head><body class=index><h1>Sources</h1><p>{summary}</p>\
         <table><thead><tr><th>id</th><th>title</th><th>facts</th><th>not facts</th>\
         <th>mentions in a quote</th><th>sentences to decide</th><th></th></tr></thead>\
         <tbody>{rows}</tbody></table></body></html>"
    ))
}

/// What the last change did, shown at the top of the page it reloads.
#[derive(Debug)]
pub(crate) struct Done {
    /// What was written where, as the server answered it.
    pub message: String,
    /// The row written (file relative to the seeds, line): its problems are shown.
    pub row: Option<(String, u64)>,
}

/// The page of source `id`; `None` when there is no such source. `done`: the change just
/// made, shown at the top with the problems on its row, as `validate` words them.
pub(crate) fn source(
    inputs: &Inputs,
    token: &str,
    id: &str,
    done: Option<&Done>,
) -> anyhow::Result<Option<String>> {
    let corpus = Corpus::read(inputs)?;
    let Some(record) = corpus.source(id) else {
        return Ok(None);
    };
    let view = corpus.view(inputs, record)?;
    let problems = super::view::problems(inputs)?;
    let text = match &view.document {
        Ok(_) => text_html(&corpus, &view),
        Err(why) => format!("<p class=refused>{}</p>", escape(why)),
    };
    let facts = facts_html(&corpus, &view, &problems);
    let (relations, strengths, types) = corpus.codes();
    let options = |codes: &[String]| {
        codes.iter().fold(String::new(), |s, c| {
            s + &format!("<option>{}</option>", escape(c))
        })
    };
    let actors = corpus.actors.iter().fold(String::new(), |s, a| {
        s + &format!(
            "<option value=\"{}\">{} / {}</option>",
            escape(a.get("id")),
            escape(a.get("label_fr")),
            escape(a.get("label_en"))
        )
    });
    let data = json!({
        "token": token,
        "source": view.id(),
        "versions": corpus.versions,
        "facts": view.facts.iter().map(|f| json!({
            "id": f.record.get("id"),
            "cells": f.record.cells,
            "file": f.record.file,
            "line": f.record.line,
        })).collect::<Vec<_>>(),
        "labels": corpus.actors.iter().map(|a| (a.get("id").to_owned(), a.get("label_en").to_owned())).collect::<std::collections::BTreeMap<_, _>>(),
    });
    // JSON inside a script element: `<` only occurs in strings, where `\u003c` means the same.
    let data = data.to_string().replace('<', "\\u003c");
    let banner = done.map_or_else(String::new, |done| banner(&corpus, &problems, done));
    let form = form_html(&options(&relations), &options(&strengths), &options(&types));
    Ok(Some(format!(
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title} · sahel-kg annotate</title>\
         <style>{STYLE}</style></head><body>\
         <header><a href=\"/?token={token}\">← Sources</a> <h1>{title}</h1>\
         <span class=meta>{id} · {kind} · {published}</span>\
         <span class=keys>Select words, then press <kbd>a</kbd> (or Tab to a flagged sentence and press <kbd>a</kbd>)</span></header>\
         {banner}<p class=legend>Key: <span class=m>an actor named</span> <span class=q>a fact's quote</span> \
         <span class=open>names two actors, no fact or decision yet</span> <span class=nf>a not-fact decision</span> \
         boilerplate greyed out</p><main><article id=text>{text}</article>\
         <aside id=side><div id=detail aria-live=polite></div><h2>Facts</h2>{facts}</aside></main>\
         {form}<datalist id=actors>{actors}</datalist>\
         <script type=application/json id=data>{data}</script><script>{SCRIPT}</script></body></html>",
        title = escape(record.get("title")),
        id = escape(view.id()),
        kind = escape(record.get("kind")),
        published = escape(record.get("published")),
    )))
}

/// The status line after a change: what was done, and every problem on the row written.
fn banner(corpus: &Corpus, problems: &[Problem], done: &Done) -> String {
    let mine: Vec<String> = done.row.as_ref().map_or_else(Vec::new, |(file, line)| {
        problems
            .iter()
            .filter(|p| p.file == corpus.shown(file) && p.line == Some(*line))
            .map(|p| format!("<li>{}</li>", escape(&p.to_string())))
            .collect()
    });
    let (class, said) = match (done.row.is_some(), mine.len()) {
        (false, _) => ("", String::new()),
        (true, 0) => ("", " Validation finds no problem on that row.".to_owned()),
        (true, n) => (
            " class=has-problems",
            format!(
                " Validation finds {n} problem{} on that row:",
                if n == 1 { "" } else { "s" }
            ),
        ),
    };
    format!(
        "<div id=status role=status{class}>{}.{said}<ul class=problems>{}</ul></div>",
        escape(&done.message),
        mine.concat()
    )
}

/// A path segment for an id (ids are plain ASCII; anything else is percent-encoded).
fn url_part(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The form, hidden until words are selected.
fn form_html(relations: &str, strengths: &str, types: &str) -> String {
    format!(
        "<form id=form hidden autocomplete=off>\
         <h2 id=form-title>New fact</h2><p id=quote class=quote></p><p id=where class=meta></p>\
         <label>subject <input id=subject list=actors required></label>\
         <label>relation <select id=relation>{relations}</select></label>\
         <label>object <input id=object list=actors required></label>\
         <label>strength <select id=strength>{strengths}</select></label>\
         <label>claimed by <input id=claimed_by list=actors></label>\
         <label>start <input id=start placeholder=YYYY-MM-DD size=10></label>\
         <label>end <input id=end placeholder=YYYY-MM-DD size=10></label>\
         <label>note <input id=note></label>\
         <div class=buttons><button type=submit id=save>Save</button>\
         <button type=button id=notfact>Not a fact…</button>\
         <button type=button id=cancel>Cancel (Esc)</button></div>\
         <div id=notfact-box hidden><label>why it states no fact <input id=reason></label>\
         <button type=button id=notfact-save>Record not a fact</button></div>\
         <details id=new-actor><summary>New actor</summary>\
         <label>id <input id=actor-id></label><label>type <select id=actor-type>{types}</select></label>\
         <label>label_fr <input id=actor-fr></label><label>label_en <input id=actor-en></label>\
         <label>aliases <input id=actor-aliases placeholder=\"A | B\"></label>\
         <button type=button id=actor-save>Add actor</button></details>\
         <p id=message role=alert></p></form>"
    )
}

/// The facts and decisions beside the text, each with the problems on its row.
fn facts_html(corpus: &Corpus, view: &SourceView, problems: &[Problem]) -> String {
    let label = |id: &str| {
        corpus.actor(id).map_or_else(
            || escape(id),
            |i| escape(id) + " <small>" + &escape(corpus.actors[i].get("label_en")) + "</small>",
        )
    };
    let mut html = String::from("<ol id=facts>");
    for fact in &view.facts {
        let r = &fact.record;
        let id = r.get("id");
        let mine: Vec<String> = problems
            .iter()
            .filter(|p| p.file == corpus.shown(&r.file) && p.line == Some(r.line))
            .map(|p| format!("<li>{}</li>", escape(&p.to_string())))
            .collect();
        let dates = match (r.get("start"), r.get("end")) {
            ("", "") => String::new(),
            (s, e) => format!(" · {}–{}", escape(s), escape(e)),
        };
        let claimed = if r.get("claimed_by").is_empty() {
            String::new()
        } else {
            format!(" by {}", label(r.get("claimed_by")))
        };
        let _ = write!(
            html,
            "<li class=\"fact{flag}\" id=\"fact-{id}\" data-fact=\"{id}\" tabindex=0><b>{id}</b> {subject} \
             <em>{relation}</em> {object}<br><span class=meta>{strength}{claimed}{dates} · {file}:{line}</span>\
             <q>{quote}</q>{missing}<ul class=problems>{problems}</ul>\
             <button type=button class=edit>Edit</button> <button type=button class=delete>Delete</button></li>",
            id = escape(id),
            subject = label(r.get("subject")),
            relation = escape(r.get("relation")),
            object = label(r.get("object")),
            strength = escape(r.get("strength")),
            file = escape(&corpus.shown(&r.file)),
            line = r.line,
            quote = escape(r.get("quote")),
            missing = if fact.bytes.is_none() {
                "<span class=bad> (quote not found once in the text)</span>"
            } else {
                ""
            },
            flag = if mine.is_empty() { "" } else { " has-problems" },
            problems = mine.concat(),
        );
    }
    html.push_str("</ol><h2>Not facts</h2><ol id=notfacts>");
    for decision in &view.not_facts {
        let _ = write!(
            html,
            "<li><q>{}</q> <span class=meta>{}</span></li>",
            escape(decision.record.get("excerpt")),
            escape(decision.record.get("reason"))
        );
    }
    html.push_str("</ol>");
    html
}

/// The document's text: each part a focusable section with its kind; inside it, runs of text
/// each in a `span` with its byte offset (`data-b`) and classes for what covers it.
fn text_html(corpus: &Corpus, view: &SourceView) -> String {
    let Ok(document) = &view.document else {
        return String::new();
    };
    let text = document.text();
    // The sections: the parts, and the runs between them (blank lines, unparted lines).
    let mut sections: Vec<(Range<usize>, Option<&super::view::Part>)> = Vec::new();
    let mut at = 0;
    for part in &view.parts {
        if part.bytes.start > at {
            sections.push((at..part.bytes.start, None));
        }
        sections.push((part.bytes.clone(), Some(part)));
        at = at.max(part.bytes.end);
    }
    if at < text.len() {
        sections.push((at..text.len(), None));
    }
    let mut html = String::new();
    for (bytes, part) in sections {
        if part.is_none() && text[bytes.clone()].trim().is_empty() {
            continue;
        }
        let (class, head) = match part {
            Some(p) => (
                format!("part kind-{}", escape(&p.kind)),
                format!(
                    "<div class=label aria-hidden=true>{} <small>{}</small></div>",
                    escape(&p.kind),
                    escape(&p.id)
                ),
            ),
            None if view.parts.is_empty() => ("part".to_owned(), String::new()),
            None => (
                "part outside".to_owned(),
                "<div class=label aria-hidden=true>outside any part</div>".to_owned(),
            ),
        };
        let _ = write!(
            html,
            "<section class=\"{class}\" tabindex=0 data-part=\"{}\">{head}<div class=words>{}</div></section>",
            part.map_or_else(String::new, |p| escape(&p.id).to_string()),
            runs(corpus, view, text, bytes)
        );
    }
    html
}

/// Where `bytes` is cut into runs: its ends, and every end of `ranges` that falls inside it,
/// in order.
fn cuts<'r>(bytes: Range<usize>, ranges: impl Iterator<Item = &'r Range<usize>>) -> Vec<usize> {
    let mut cuts: BTreeSet<usize> = [bytes.start, bytes.end].into();
    for r in ranges {
        for cut in [r.start, r.end] {
            if bytes.start < cut && cut < bytes.end {
                cuts.insert(cut);
            }
        }
    }
    cuts.into_iter().collect()
}

/// The runs of `text[bytes]`, cut wherever a mention, a quote, a decision or an open
/// sentence starts or ends.
fn runs(corpus: &Corpus, view: &SourceView, text: &str, bytes: Range<usize>) -> String {
    let quotes: Vec<(&str, &Range<usize>)> = view
        .facts
        .iter()
        .filter_map(|f| Some((f.record.get("id"), f.bytes.as_ref()?)))
        .collect();
    let decisions: Vec<&Range<usize>> = view
        .not_facts
        .iter()
        .filter_map(|d| d.bytes.as_ref())
        .collect();
    let ranges = view
        .mentions
        .iter()
        .map(|(_, m)| m)
        .chain(quotes.iter().map(|(_, q)| *q))
        .chain(decisions.iter().copied())
        .chain(&view.open);
    let cuts = cuts(bytes, ranges);
    let mut html = String::new();
    let mut first_of_quote: BTreeSet<&str> = BTreeSet::new();
    for pair in cuts.windows(2) {
        let run = pair[0]..pair[1];
        let inside = |r: &Range<usize>| r.start <= run.start && run.end <= r.end;
        let mut class = Vec::new();
        let mut attributes = String::new();
        if let Some((actor, _)) = view.mentions.iter().find(|(_, m)| inside(m)) {
            class.push("m");
            let _ = write!(
                attributes,
                " title=\"{}\"",
                escape(corpus.actors[*actor].get("id"))
            );
        }
        let covering: Vec<&str> = quotes
            .iter()
            .filter(|(_, q)| inside(q))
            .map(|(id, _)| *id)
            .collect();
        if !covering.is_empty() {
            class.push("q");
            let _ = write!(
                attributes,
                " data-facts=\"{}\"",
                escape(&covering.join(" "))
            );
            if covering.iter().any(|id| first_of_quote.insert(id)) {
                attributes.push_str(" tabindex=0");
            }
        }
        if decisions.iter().any(|d| inside(d)) {
            class.push("nf");
        }
        if let Some(open) = view.open.iter().find(|o| inside(o)) {
            class.push("open");
            let _ = write!(attributes, " data-open=\"{}-{}\"", open.start, open.end);
            if open.start == run.start {
                attributes.push_str(" tabindex=0");
            }
        }
        let _ = write!(
            html,
            "<span data-b={}{}{attributes}>{}</span>",
            run.start,
            if class.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", class.join(" "))
            },
            escape(&text[run.clone()])
        );
    }
    html
}
