//! Stage 6f: one page a person can read.
//!
//! In: the answers of the stored queries (`allies-of-mali`, `allies-of-mali-by-year`,
//! `opponents-of-mali`, `memberships`, `relations`, `evidence`, `sources`, `shared-passages`),
//! the two pictures, and the validated
//! documents (for the text around each quote). Out: `index.html`, one self-contained static
//! page: the question and its answer (how many sources, how many independent, and each ally
//! year by year), the opponents and memberships, the network and the timeline inline, the
//! passages sources share word for word, and for every relation its evidence, each quote shown in its context in the
//! source document with the source's metadata. No script, no external font, image or style
//! sheet: it works when opened from disk, offline, and prints. Accessibility: headings in
//! order, table captions and header cells with scope, pictures with titles and descriptions,
//! status always written in words, never shown by colour alone. A corpus that validates may
//! have no fact yet: the page then says there is no answer yet rather than claim one drawn from
//! nothing, and the timeline's caption says when no relation is dated.
//! What this does not do: compute anything the queries did not answer.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use anyhow::Context;

use crate::answer::Answer;
use crate::pipeline::validate::{Source, Validated};
use crate::render::markup::{Html, escape};

/// Characters of context shown on each side of a quote.
const CONTEXT: usize = 160;

use crate::answer::Record;

/// What the page is built from.
#[derive(Debug)]
pub(crate) struct Inputs<'a> {
    /// Stored query answers, by query name.
    pub answers: BTreeMap<&'a str, &'a Answer>,
    /// `network.svg`.
    pub network: &'a str,
    /// `timeline.svg`.
    pub timeline: &'a str,
    /// The documents, for context around quotes.
    pub validated: &'a Validated,
}

impl Inputs<'_> {
    fn records(&self, query: &str) -> anyhow::Result<Vec<Record<'_>>> {
        Ok(self
            .answers
            .get(query)
            .with_context(|| format!("index.html needs the stored query queries/{query}.rq"))?
            .records()
            .collect())
    }
}

const STYLE: &str = r"
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --ally: #00704f; --foe: #a4400a; --member: #005a8c; }
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', Verdana, sans-serif; color: var(--ink); max-width: 72rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: .2rem; }
.lede { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .92rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.status { display: inline-block; padding: 0 .45rem; border-radius: .6rem; border: 1px solid; font-size: .85rem; white-space: nowrap; }
.status.current { border-color: var(--ally); color: var(--ally); }
.status.former { border-color: var(--muted); color: var(--muted); border-style: dashed; }
.status.implied { border-color: var(--muted); color: var(--muted); border-style: dotted; }
figure { margin: 1rem 0 2rem; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; }
article.relation { border-top: 1px solid var(--line); padding: .5rem 0; break-inside: avoid; }
article.relation h3 { font-size: 1.05rem; margin: .3rem 0; }
blockquote { margin: .4rem 0 .2rem; padding: .3rem .8rem; border-left: 4px solid var(--line); background: #fafafa; }
blockquote mark { background: #fff1a8; padding: 0 .1rem; }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 .6rem .8rem; }
.ctx { color: var(--muted); }
nav ul { columns: 2; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); padding-top: .5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  figure, table, article.relation { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

/// A status in words. The class comes from this list, never from the answer: a status the page
/// does not know gets no style of its own, and its words are escaped.
fn status(code: &str) -> Html {
    let (class, words) = match code {
        "current" => (" current", Html::markup("actuel")),
        "former" => (" former", Html::markup("ancien")),
        "implied" => (" implied", Html::markup("suggéré")),
        other => ("", escape(other)),
    };
    Html::markup("<span class=\"status") + class + "\">" + &words + "</span>"
}

/// A table; `numbers` are the indexes of the columns holding counts, aligned right.
fn table(
    out: &mut String,
    id: &str,
    caption: &str,
    head: &[&str],
    numbers: &[usize],
    rows: &[Vec<Html>],
) -> std::fmt::Result {
    writeln!(
        out,
        "<table id=\"{id}\">\n<caption>{}</caption>\n<thead><tr>",
        escape(caption)
    )?;
    for h in head {
        write!(out, "<th scope=\"col\">{}</th>", escape(h))?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    if rows.is_empty() {
        writeln!(out, "<tr><td colspan=\"{}\">Aucun.</td></tr>", head.len())?;
    }
    for row in rows {
        write!(out, "<tr>")?;
        for (i, cell) in row.iter().enumerate() {
            // The first cell names the row; every cell is `Html`, escaped or written here.
            if i == 0 {
                write!(out, "<th scope=\"row\">{cell}</th>")?;
            } else if numbers.contains(&i) {
                write!(out, "<td class=\"n\">{cell}</td>")?;
            } else {
                write!(out, "<td>{cell}</td>")?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")
}

/// The `id` attribute of a relation's evidence article.
fn anchor(source: &str, relation: &str, target: &str) -> String {
    format!("rel-{source}-{relation}-{target}")
}

/// Builds `index.html`.
/// One piece: the page's sections in reading order, each a call; what is left inline is
/// the head and the footer, text the reader sees in that order.
pub(crate) fn html(inputs: &Inputs<'_>) -> anyhow::Result<String> {
    let allies = inputs.records("allies-of-mali")?;
    let opponents = inputs.records("opponents-of-mali")?;
    let memberships = inputs.records("memberships")?;
    let relations = inputs.records("relations")?;
    let evidence = inputs.records("evidence")?;
    let sources: BTreeMap<&str, Record<'_>> = inputs
        .records("sources")?
        .into_iter()
        .map(|r| (r.get("id"), r))
        .collect();

    let mut out = String::new();
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>Qui sont les alliés du Mali ? — sahel-kg</title>"
    )?;
    writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<header>\n<h1>Qui sont les alliés du Mali ?</h1>")?;
    if evidence.is_empty() {
        writeln!(
            out,
            "<p class=\"lede\" id=\"nothing-yet\">Pas encore de réponse : aucune affirmation n'est encore annotée. Les tableaux, le réseau et la chronologie se rempliront à mesure que des faits seront annotés, chacun fondé sur une citation exacte.</p>\n</header>"
        )?;
    } else {
        writeln!(
            out,
            "<p class=\"lede\">Réponse tirée de {} documents sources et de {} affirmations annotées, chacune fondée sur une citation exacte. Les alliés des forces armées maliennes et du gouvernement de transition comptent comme alliés du Mali.</p>\n</header>",
            sources.len(),
            evidence.len()
        )?;
    }
    writeln!(
        out,
        "<nav aria-label=\"Sommaire\"><ul><li><a href=\"#answer\">Les alliés</a></li><li><a href=\"#foes\">Les adversaires</a></li><li><a href=\"#members\">Les appartenances</a></li><li><a href=\"#by-year\">Année par année</a></li><li><a href=\"#network\">Le réseau</a></li><li><a href=\"#timeline\">La chronologie</a></li><li><a href=\"#copies\">Les passages partagés</a></li><li><a href=\"#evidence\">Les preuves</a></li><li><a href=\"#sources\">Les sources</a></li></ul></nav>\n<main>"
    )?;

    answer_tables(&mut out, &allies, &opponents, &memberships)?;
    by_year_table(&mut out, &inputs.records("allies-of-mali-by-year")?)?;
    writeln!(out, "<section>\n<h2>Le réseau et la chronologie</h2>")?;
    writeln!(
        out,
        "<figure id=\"network\">\n{}",
        inputs.network.trim_end()
    )?;
    writeln!(
        out,
        "<figcaption>Le réseau des alliances, Mali au centre. Vert : alliance ; rouge, terminé par ⊣ : opposition ; bleu avec flèche : appartenance. Trait plein : relation actuelle ; tirets : ancienne ; pointillés : suggérée. Les personnes ne sont pas dessinées ; leurs liens sont dans les preuves ci-dessous.</figcaption>\n</figure>"
    )?;
    writeln!(
        out,
        "<figure id=\"timeline\">\n{}",
        inputs.timeline.trim_end()
    )?;
    // The caption describes bars only when the picture has some (`timeline::svg`).
    let timeline_caption = if relations.iter().any(crate::render::timeline::is_dated) {
        "Les relations datées par les sources. Une flèche : la relation dure à la date de la dernière source ; un trait vertical : sa fin."
    } else {
        "Aucune relation n'est datée par les sources : la chronologie est vide."
    };
    writeln!(
        out,
        "<figcaption>{timeline_caption}</figcaption>\n</figure>\n</section>"
    )?;

    let documents: BTreeMap<&str, &Source> = inputs
        .validated
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s))
        .collect();
    passages_section(&mut out, &inputs.records("shared-passages")?)?;
    evidence_section(&mut out, &documents, &relations, &evidence, &sources)?;
    sources_section(&mut out, &sources)?;
    writeln!(
        out,
        "</main>\n<footer><p>Produit par <code>sahel-kg export</code> à partir des annotations de <code>seeds/</code> et des requêtes de <code>queries/</code>. Les mêmes données : <code>graph.ttl</code>, <code>graph.nt</code>, <code>graph.nq</code>, <code>graph.jsonld</code> et les rapports CSV.</p></footer>\n</body>\n</html>"
    )?;
    Ok(out)
}

/// The allies, the opponents and the memberships.
/// One piece: three tables of the same form, whose columns are listed side by side so that
/// a change to one shows beside the others.
fn answer_tables(
    out: &mut String,
    allies: &[Record<'_>],
    opponents: &[Record<'_>],
    memberships: &[Record<'_>],
) -> std::fmt::Result {
    let rows: Vec<Vec<Html>> = allies
        .iter()
        .map(|r| {
            vec![
                escape(r.get("ally")),
                escape(r.get("type")),
                status(r.get("status")),
                escape(r.get("since")),
                escape(r.get("until")),
                sources_cell(r),
                guillemets(r.get("quote")),
            ]
        })
        .collect();
    writeln!(out, "<section id=\"answer\">\n<h2>Les alliés du Mali</h2>")?;
    writeln!(
        out,
        "<p>Statut <em>actuel</em> : l'alliance tient à la date de la dernière source ; <em>ancien</em> : une source en donne la fin ; <em>suggéré</em> : les sources le laissent entendre sans le dire. Des sources qui reprennent mot pour mot le même passage, ou dont l'une reproduit l'autre, ne comptent que pour une source indépendante.</p>"
    )?;
    table(
        out,
        "allies",
        "Alliés du Mali, de son armée et de son gouvernement",
        &[
            "Allié",
            "Type",
            "Statut",
            "Depuis",
            "Jusqu'à",
            "Sources",
            "Une citation",
        ],
        &[5],
        &rows,
    )?;
    writeln!(out, "</section>")?;

    let rows: Vec<Vec<Html>> = opponents
        .iter()
        .map(|r| {
            vec![
                escape(r.get("opponent")),
                escape(r.get("type")),
                status(r.get("status")),
                escape(r.get("since")),
                sources_cell(r),
                escape(r.get("claimed")),
                guillemets(r.get("quote")),
            ]
        })
        .collect();
    writeln!(
        out,
        "<section id=\"foes\">\n<h2>Les adversaires du Mali</h2>"
    )?;
    table(
        out,
        "opponents",
        "Acteurs qui s'opposent au Mali, à son armée ou à son gouvernement",
        &[
            "Adversaire",
            "Type",
            "Statut",
            "Depuis",
            "Sources",
            "Revendiqué par une partie",
            "Une citation",
        ],
        &[4, 5],
        &rows,
    )?;
    writeln!(out, "</section>")?;

    memberships_table(out, memberships)
}

/// The most memberships the page lists: a table of a hundred thousand rows is too big to
/// open, and `memberships.csv` has them all.
const MAX_MEMBERSHIPS: usize = 500;

/// Who is a member of what, joining and leaving: the first `MAX_MEMBERSHIPS`, in the report's
/// order.
fn memberships_table(out: &mut String, memberships: &[Record<'_>]) -> std::fmt::Result {
    let rows: Vec<Vec<Html>> = memberships
        .iter()
        .take(MAX_MEMBERSHIPS)
        .map(|r| {
            vec![
                escape(r.get("member")),
                escape(r.get("organisation")),
                status(r.get("status")),
                escape(r.get("since")),
                escape(r.get("until")),
                sources_cell(r),
            ]
        })
        .collect();
    writeln!(out, "<section id=\"members\">\n<h2>Les appartenances</h2>")?;
    if memberships.len() > MAX_MEMBERSHIPS {
        writeln!(
            out,
            "<p>Les {MAX_MEMBERSHIPS} premières appartenances sur {} ; toutes sont dans <code>memberships.csv</code>.</p>",
            memberships.len()
        )?;
    }
    table(
        out,
        "memberships",
        "Membres des organisations et alliances",
        &[
            "Membre",
            "Organisation",
            "Statut",
            "Depuis",
            "Jusqu'à",
            "Sources",
        ],
        &[5],
        &rows,
    )?;
    writeln!(out, "</section>")?;

    Ok(())
}

/// The most relations whose quotes the page shows in context: beyond a few hundred, a page is
/// too big to open, and `evidence.csv` has them all.
const MAX_RELATIONS: usize = 500;

fn evidence_section(
    out: &mut String,
    documents: &BTreeMap<&str, &Source>,
    relations: &[Record<'_>],
    evidence: &[Record<'_>],
    sources: &BTreeMap<&str, Record<'_>>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "<section id=\"evidence\">\n<h2>Les preuves, relation par relation</h2>"
    )?;
    writeln!(
        out,
        "<p>Chaque citation est montrée dans son contexte (<mark>surlignée</mark>), avec le document dont elle vient et qui l'affirme.</p>"
    )?;
    if relations.is_empty() {
        writeln!(out, "<p>Aucune relation pour l'instant.</p>")?;
    }
    let shown = &relations[..relations.len().min(MAX_RELATIONS)];
    // The claims of the relations shown, by (subject, relation, object), both ways for an
    // undirected one: one pass, keeping only those (indexing every claim would cost the whole
    // corpus, for at most `MAX_RELATIONS` relations).
    let mut by_relation: HashMap<(&str, &str, &str), Vec<&Record<'_>>> = HashMap::new();
    for r in shown {
        let (source, relation, target) = (r.get("Source"), r.get("relation"), r.get("Target"));
        by_relation.insert((source, relation, target), Vec::new());
        if r.get("Type") == "Undirected" {
            by_relation.insert((target, relation, source), Vec::new());
        }
    }
    for e in evidence {
        let key = (e.get("subject_id"), e.get("relation"), e.get("object_id"));
        if let Some(claims) = by_relation.get_mut(&key) {
            claims.push(e);
        }
    }
    if relations.len() > MAX_RELATIONS {
        writeln!(
            out,
            "<p>Les {MAX_RELATIONS} premières relations sur {} ; toutes les citations sont dans <code>evidence.csv</code>.</p>",
            relations.len()
        )?;
    }
    for r in shown {
        let undirected = r.get("Type") == "Undirected";
        let forward = by_relation.get(&(r.get("Source"), r.get("relation"), r.get("Target")));
        let backward = undirected
            .then(|| by_relation.get(&(r.get("Target"), r.get("relation"), r.get("Source"))))
            .flatten();
        let mut claims: Vec<&Record<'_>> = forward
            .into_iter()
            .chain(backward)
            .flatten()
            .copied()
            .collect();
        // In the order of the evidence report (by fact), whichever way each claim was written.
        claims.sort_by(|a, b| a.get("fact").cmp(b.get("fact")));
        writeln!(
            out,
            "<article class=\"relation\" id=\"{}\">",
            escape(&anchor(r.get("Source"), r.get("relation"), r.get("Target")))
        )?;
        writeln!(
            out,
            "<h3>{} — {} — {} {}</h3>",
            escape(r.get("source_label")),
            escape(r.get("Label")),
            escape(r.get("target_label")),
            status(r.get("status"))
        )?;
        for claim in claims {
            quote_in_context(out, documents, claim)?;
            writeln!(out, "<p class=\"meta\">{}</p>", claim_meta(claim, sources))?;
        }
        writeln!(out, "</article>")?;
    }
    writeln!(out, "</section>")?;
    Ok(())
}

/// Where a claim comes from and who makes it, in one line.
fn claim_meta(claim: &Record<'_>, sources: &BTreeMap<&str, Record<'_>>) -> Html {
    let source = sources.get(claim.get("source"));
    let meta = source.map(|s| {
        let mut parts = vec![
            Html::element("cite", &escape(s.get("title"))),
            escape(s.get("kind")),
        ];
        for key in ["publisher", "author"] {
            if !s.get(key).is_empty() {
                parts.push(escape(s.get(key)));
            }
        }
        Html::join(&parts, ", ")
    });
    let mut line = vec![meta.unwrap_or_else(|| escape(claim.get("source")))];
    if !claim.get("published").is_empty() {
        line.push(escape(claim.get("published")));
    }
    if !claim.get("part_kind").is_empty() {
        line.push(Html::markup("partie : ") + &escape(claim.get("part_kind")));
    }
    let strength = match claim.get("strength") {
        "stated" => Html::markup("affirmé par le document"),
        "claimed" if claim.get("claimed_by").is_empty() => Html::markup("affirmé par un lecteur"),
        "claimed" => Html::markup("revendiqué par ") + &escape(claim.get("claimed_by")),
        "implied" => Html::markup("suggéré seulement"),
        other => escape(other),
    };
    line.push(strength);
    for (key, words) in [("start", "début : "), ("end", "fin : ")] {
        if !claim.get(key).is_empty() {
            line.push(Html::markup(words) + &escape(claim.get(key)));
        }
    }
    line.push(Html::markup("fait ") + &escape(claim.get("fact")));
    Html::join(&line, " · ")
}

/// The quote highlighted in up to `CONTEXT` characters of its line on each side.
fn quote_in_context(
    out: &mut String,
    documents: &BTreeMap<&str, &Source>,
    claim: &Record<'_>,
) -> anyhow::Result<()> {
    let source = documents
        .get(claim.get("source"))
        .context("evidence from an unknown source")?;
    let text: Vec<char> = source.document.text().chars().collect();
    let start: usize = claim.get("quote_start").parse().context("quote_start")?;
    let end: usize = claim.get("quote_end").parse().context("quote_end")?;
    anyhow::ensure!(
        start <= end && end <= text.len(),
        "quote offsets outside the document"
    );
    let line_start = text[..start]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |i| i + 1);
    let line_end = text[end..]
        .iter()
        .position(|c| *c == '\n')
        .map_or(text.len(), |i| end + i);
    let from = line_start.max(start.saturating_sub(CONTEXT));
    let to = line_end.min(end + CONTEXT);
    let piece = |a: usize, b: usize| escape(&text[a..b].iter().collect::<String>());
    writeln!(
        out,
        "<blockquote lang=\"{}\"><p><span class=\"ctx\">{}{}</span><mark>{}</mark><span class=\"ctx\">{}{}</span></p></blockquote>",
        escape(&source.language),
        if from > line_start { "… " } else { "" },
        piece(from, start),
        piece(start, end),
        piece(end, to),
        if to < line_end { " …" } else { "" },
    )?;
    Ok(())
}

fn sources_section(out: &mut String, sources: &BTreeMap<&str, Record<'_>>) -> anyhow::Result<()> {
    writeln!(out, "<section id=\"sources\">\n<h2>Les sources</h2>")?;
    let rows: Vec<Vec<Html>> = sources
        .values()
        .map(|s| {
            let mut date = if s.get("published").is_empty() {
                escape(s.get("date_note"))
            } else {
                escape(s.get("published"))
            };
            if !s.get("retrieved").is_empty() {
                date = date + " (consulté le " + &escape(s.get("retrieved")) + ")";
            }
            // A link the reader follows, never fetched by the page: it stays self-contained.
            // Only a web address becomes a link: a `javascript:` one from a query's answer
            // would run in the page.
            let title = match s.get("url") {
                url if !(url.starts_with("https://") || url.starts_with("http://")) => {
                    escape(s.get("title"))
                }
                url => {
                    Html::markup("<a href=\"")
                        + &escape(url)
                        + "\" rel=\"noopener noreferrer\">"
                        + &escape(s.get("title"))
                        + "</a>"
                }
            };
            vec![
                Html::element("cite", &title),
                escape(s.get("kind")),
                escape(s.get("publisher")),
                date,
                escape(s.get("cites")),
                escape(s.get("facts")),
                Html::element("code", &escape(s.get("file"))),
            ]
        })
        .collect();
    table(
        out,
        "source-list",
        "Documents sources",
        &[
            "Titre",
            "Genre",
            "Éditeur ou chaîne",
            "Date",
            "Cite",
            "Faits",
            "Fichier",
        ],
        &[5],
        &rows,
    )?;
    writeln!(out, "</section>")?;
    Ok(())
}

/// A quote or an excerpt, escaped, between guillemets.
fn guillemets(text: &str) -> Html {
    Html::markup("« ") + &escape(text) + " »"
}

/// `4 sources, 3 indépendantes`: a report's `sources` and `independent` cells, in words.
fn sources_cell(row: &Record<'_>) -> Html {
    let plural = |n: &str, one: &'static str, many: &'static str| {
        if n == "1" || n == "0" { one } else { many }
    };
    let (sources, independent) = (row.get("sources"), row.get("independent"));
    escape(sources)
        + " "
        + plural(sources, "source", "sources")
        + ", "
        + &escape(independent)
        + " "
        + plural(independent, "indépendante", "indépendantes")
}

/// A status of `allies-of-mali-by-year`, in French.
fn year_status(status: &str) -> &str {
    match status {
        "holds" => "allié",
        "ended" => "fini",
        "not yet" => "pas encore",
        "undated" => "non daté",
        other => other,
    }
}

/// The most allies the year-by-year table lists: `allies-of-mali-by-year.csv` has them all.
const MAX_BY_YEAR: usize = 100;

/// Each ally's status each year (`allies-of-mali-by-year`): an ally a row, a year a column.
fn by_year_table(out: &mut String, rows: &[Record<'_>]) -> std::fmt::Result {
    let mut years: Vec<&str> = rows.iter().map(|r| r.get("year")).collect();
    years.dedup();
    let mut allies: Vec<(&str, BTreeMap<&str, &str>)> = Vec::new();
    // The report is ordered by year, then ally: gather each ally's years, in its order.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        let i = *index.entry(r.get("ally_iri")).or_insert_with(|| {
            allies.push((r.get("ally"), BTreeMap::new()));
            allies.len() - 1
        });
        allies[i].1.insert(r.get("year"), r.get("status"));
    }
    allies.sort_by(|a, b| a.0.cmp(b.0));
    writeln!(
        out,
        "<section id=\"by-year\">\n<h2>Les alliés année par année</h2>"
    )?;
    if years.is_empty() {
        writeln!(
            out,
            "<p>Aucune relation d'alliance n'est datée par les sources : rien à dire année par année.</p>\n</section>"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "<p><em>allié</em> : une source en donne le début au plus tard cette année-là, ou la fin au plus tôt, et aucune fin avant ; <em>fini</em> : une fin est passée et rien ne l'a reprise ; <em>pas encore</em> : tous les débuts sont plus tardifs ; <em>non daté</em> : aucune source ne date cette alliance, rien n'est supposé. Les mêmes données : <code>allies-of-mali-by-year.csv</code>.</p>"
    )?;
    if allies.len() > MAX_BY_YEAR {
        writeln!(
            out,
            "<p>Les {MAX_BY_YEAR} premiers alliés sur {}, par ordre alphabétique.</p>",
            allies.len()
        )?;
    }
    let table_rows: Vec<Vec<Html>> = allies
        .iter()
        .take(MAX_BY_YEAR)
        .map(|(ally, by_year)| {
            std::iter::once(escape(ally))
                .chain(
                    years
                        .iter()
                        .map(|y| escape(year_status(by_year.get(y).copied().unwrap_or("")))),
                )
                .collect()
        })
        .collect();
    let head: Vec<&str> = std::iter::once("Allié")
        .chain(years.iter().copied())
        .collect();
    table(
        out,
        "allies-by-year",
        "Statut de chaque alliance du Mali, année par année",
        &head,
        &[],
        &table_rows,
    )?;
    writeln!(out, "</section>")
}

/// The most shared passages the page shows: `shared-passages.csv` has them all.
const MAX_PASSAGES: usize = 100;

/// The passages two or more sources carry word for word (`shared-passages`).
fn passages_section(out: &mut String, passages: &[Record<'_>]) -> std::fmt::Result {
    writeln!(
        out,
        "<section id=\"copies\">\n<h2>Les passages partagés</h2>"
    )?;
    writeln!(
        out,
        "<p>Des passages de vingt mots ou plus que plusieurs sources portent mot pour mot (une dépêche reprise), trouvés à chaque exécution. Une affirmation dont la citation s'y trouve dépend des autres sources qui le portent : elles ne comptent que pour une source indépendante.</p>"
    )?;
    if passages.is_empty() {
        writeln!(
            out,
            "<p>Aucun passage partagé : aucune source ne reprend mot pour mot vingt mots d'une autre.</p>\n</section>"
        )?;
        return Ok(());
    }
    if passages.len() > MAX_PASSAGES {
        writeln!(
            out,
            "<p>Les {MAX_PASSAGES} premiers passages sur {} ; tous sont dans <code>shared-passages.csv</code>.</p>",
            passages.len()
        )?;
    }
    let rows: Vec<Vec<Html>> = passages
        .iter()
        .take(MAX_PASSAGES)
        .map(|p| {
            vec![
                guillemets(p.get("excerpt")),
                escape(p.get("lines")),
                escape(p.get("words")),
                escape(p.get("facts")),
            ]
        })
        .collect();
    table(
        out,
        "passages",
        "Passages que plusieurs sources portent mot pour mot",
        &[
            "Passage",
            "Sources et lignes",
            "Mots",
            "Faits qui le citent",
        ],
        &[2],
        &rows,
    )?;
    writeln!(out, "</section>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_answers::{answer_of, presented_columns};

    #[test]
    fn the_page_lists_the_first_memberships_and_says_where_the_rest_are() {
        let rows = (0..MAX_MEMBERSHIPS + 7).map(|i| {
            [format!("membre {i}"), "AES".to_owned()]
                .into_iter()
                .chain(["current", "", "", "1", "1"].map(str::to_owned))
        });
        let answer = answer_of(presented_columns("memberships"), rows);
        let records: Vec<Record<'_>> = answer.records().collect();
        let mut out = String::new();
        memberships_table(&mut out, &records).unwrap();
        assert_eq!(
            out.matches("<tr>").count(),
            MAX_MEMBERSHIPS + 1,
            "header and rows"
        );
        assert!(out.contains(&format!("membre {}<", MAX_MEMBERSHIPS - 1)));
        assert!(!out.contains(&format!("membre {MAX_MEMBERSHIPS}<")));
        assert!(out.contains(&format!(
            "Les {MAX_MEMBERSHIPS} premières appartenances sur {}",
            MAX_MEMBERSHIPS + 7
        )));

        let mut few = String::new();
        memberships_table(&mut few, &records[..3]).unwrap();
        assert!(!few.contains("premières"));
    }
}
