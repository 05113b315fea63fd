//! Stage 6d: the alliance network as a picture.
//!
//! In: the answers of the stored queries `actors` and `relations`. Out: `network.dot`, a
//! Graphviz file, and `network.svg`, its radial layout (Graphviz `twopi` with Mali as the root,
//! so Mali is at the centre) beside a legend. Kinds of actor differ by shape *and* colour
//! (Okabe-Ito colours, readable by colour-blind people), relations by colour *and* arrowheads,
//! status by line style: current solid, former dashed, implied dotted. People are left out:
//! with them the picture becomes a hairball; `relations.csv` has their links. For the same
//! reason only the 60 actors nearest to Mali (at most 3 links away) are drawn. A corpus that
//! validates may give no relation to draw (no fact yet, or none near Mali, or no Mali at all):
//! the picture is still drawn, and says so in words below the graph and the legend.
//! What this does not do: lay anything out itself; Graphviz (Debian's `graphviz`) does, and
//! the same version gives the same bytes.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use anyhow::Context;

use crate::answer::Answer;
use crate::render::markup::escape;

/// How an actor kind is drawn: Graphviz shape, fill, border, French legend.
struct KindStyle {
    kind: &'static str,
    shape: &'static str,
    fill: &'static str,
    border: &'static str,
    legend: &'static str,
}

const KINDS: &[KindStyle] = &[
    KindStyle {
        kind: "State",
        shape: "box",
        fill: "#d6e6f4",
        border: "#0072b2",
        legend: "État",
    },
    KindStyle {
        kind: "ArmedForces",
        shape: "hexagon",
        fill: "#dbeffa",
        border: "#3a8fc0",
        legend: "forces armées",
    },
    KindStyle {
        kind: "Government",
        shape: "house",
        fill: "#d3eee5",
        border: "#009e73",
        legend: "gouvernement",
    },
    KindStyle {
        kind: "ArmedGroup",
        shape: "diamond",
        fill: "#f6dccc",
        border: "#d55e00",
        legend: "groupe armé",
    },
    KindStyle {
        kind: "PrivateMilitaryCompany",
        shape: "octagon",
        fill: "#f3e0ec",
        border: "#cc79a7",
        legend: "société militaire privée",
    },
    KindStyle {
        kind: "Organisation",
        shape: "parallelogram",
        fill: "#fbecc8",
        border: "#e69f00",
        legend: "organisation ou alliance",
    },
    KindStyle {
        kind: "Person",
        shape: "ellipse",
        fill: "#eeeeee",
        border: "#777777",
        legend: "personne",
    },
];

/// How a relation is drawn: colour, arrowheads, French legend.
pub(crate) struct RelationStyle {
    pub(crate) code: &'static str,
    pub(crate) colour: &'static str,
    dir: &'static str,
    arrowhead: &'static str,
    pub(crate) legend: &'static str,
}

pub(crate) const RELATIONS: &[RelationStyle] = &[
    RelationStyle {
        code: "allyOf",
        colour: "#009e73",
        dir: "none",
        arrowhead: "none",
        legend: "allié de",
    },
    RelationStyle {
        code: "opposes",
        colour: "#d55e00",
        dir: "both",
        arrowhead: "tee",
        legend: "s'oppose à (⊣)",
    },
    RelationStyle {
        code: "memberOf",
        colour: "#0072b2",
        dir: "forward",
        arrowhead: "normal",
        legend: "membre de (→)",
    },
];

pub(crate) const STATUSES: &[(&str, &str, &str)] = &[
    ("current", "solid", "actuelle"),
    ("former", "dashed", "ancienne"),
    ("implied", "dotted", "suggérée seulement"),
];

/// The colour of the `skg:actsFor` links (armed forces and government to their state).
const ACTS_FOR_COLOUR: &str = "#555555";

/// The centre of the picture.
const ROOT: &str = "mali";

fn quote_dot(text: &str) -> String {
    format!("\"{}\"", crate::render::markup::graphviz(text))
}

/// Breaks a label into lines of about `width` characters at spaces.
fn wrap(label: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n")
}

/// The most actors the picture shows, and how far from Mali (in links) it looks: a picture of
/// thousands of actors is a hairball, and Graphviz takes minutes to draw it.
const MAX_NODES: usize = 60;
const MAX_DEPTH: usize = 3;

/// The actors nearest to Mali: those with a path to it of at most `MAX_DEPTH` links, nearest
/// first (ties in id order), at most `MAX_NODES` of them. A pair with no path to Mali says
/// nothing about its allies. Breadth-first, one pass over the links per level: linear in the
/// number of links, with no adjacency map (a million links at a million facts).
fn near_root<'a>(links: &[(&'a str, &'a str)]) -> BTreeSet<&'a str> {
    let mut kept: BTreeSet<&str> = BTreeSet::from([ROOT]);
    let mut frontier: HashSet<&str> = HashSet::from([ROOT]);
    for _ in 0..MAX_DEPTH {
        let next: BTreeSet<&str> = links
            .iter()
            .flat_map(|&(a, b)| [(a, b), (b, a)])
            .filter(|(from, to)| frontier.contains(from) && !kept.contains(to))
            .map(|(_, to)| to)
            .collect();
        for n in &next {
            if kept.len() == MAX_NODES {
                return kept;
            }
            kept.insert(n);
        }
        frontier = next.into_iter().collect();
    }
    kept
}

/// How Graphviz places the nodes and routes the edges. `overlap=scale` spreads the rings apart
/// where nodes would overlap; `overlap=false` (Prism) made the spline router give a different
/// picture from one run to the next on the same DOT (3 variants in 8 runs of a 60-actor
/// network, Graphviz 2.43), while `scale` gives the same bytes every time.
const LAYOUT: &str = "ranksep=2.4; overlap=scale; splines=true;";

/// The Graphviz source of the network.
pub fn dot(actors: &Answer, relations: &Answer) -> anyhow::Result<String> {
    Ok(drawing(actors, relations)?.dot)
}

/// The Graphviz source, and what it leaves the reader to be told.
struct Drawing {
    dot: String,
    /// Whether Mali is among the actors drawn.
    root: bool,
    /// How many relations (not `skg:actsFor` links) are drawn.
    relations: usize,
}

/// The Graphviz source of the network, with what `svg` needs to say when it is empty.
fn drawing(actors: &Answer, relations: &Answer) -> anyhow::Result<Drawing> {
    let records: Vec<_> = actors.records().collect();
    let acts_for: Vec<(&str, &str)> = records
        .iter()
        .filter(|r| !r.get("acts_for").is_empty())
        .map(|r| (r.get("id"), r.get("acts_for")))
        .collect();
    let actors: HashMap<&str, (&str, &str)> = records
        .iter()
        .map(|r| (r.get("id"), (r.get("label_fr"), r.get("kind"))))
        .collect();
    let drawn = |id: &str| actors.get(id).is_some_and(|(_, kind)| *kind != "Person");
    let edges: Vec<_> = relations
        .records()
        .filter(|r| RELATIONS.iter().any(|s| s.code == r.get("relation")))
        .filter(|r| drawn(r.get("Source")) && drawn(r.get("Target")))
        .collect();
    let mut links: Vec<(&str, &str)> = edges
        .iter()
        .map(|r| (r.get("Source"), r.get("Target")))
        .collect();
    links.extend(acts_for.iter().copied());
    let mut nodes = near_root(&links);
    nodes.retain(|id| actors.contains_key(id) && drawn(id));
    let mut out = String::new();
    writeln!(
        out,
        "// The Mali alliance network, from queries/actors.rq and queries/relations.rq."
    )?;
    writeln!(
        out,
        "// Render: dot -Ktwopi -Tsvg network.dot > network.svg"
    )?;
    writeln!(out, "graph sahel {{")?;
    // Graphviz warns about a root it cannot find, and picks one: without Mali, none is named.
    let root = nodes.contains(ROOT);
    if root {
        writeln!(out, "  layout=twopi; root={}; {LAYOUT}", quote_dot(ROOT))?;
    } else {
        writeln!(out, "  layout=twopi; {LAYOUT}")?;
    }
    writeln!(
        out,
        "  fontname=\"DejaVu Sans\"; bgcolor=\"white\"; pad=0.3;"
    )?;
    writeln!(
        out,
        "  node [fontname=\"DejaVu Sans\", fontsize=11, style=filled, penwidth=1.4, margin=\"0.1,0.05\"];"
    )?;
    writeln!(out, "  edge [penwidth=1.6];")?;
    for id in &nodes {
        let Some((label, kind)) = actors.get(id) else {
            continue;
        };
        let style = KINDS
            .iter()
            .find(|k| k.kind == *kind)
            .context("an actor kind with no drawing style")?;
        let emphasis = if *id == ROOT {
            ", fontsize=16, penwidth=3"
        } else {
            ""
        };
        writeln!(
            out,
            "  {} [label={}, shape={}, fillcolor=\"{}\", color=\"{}\"{emphasis}];",
            quote_dot(id),
            quote_dot(&wrap(label, 22)),
            style.shape,
            style.fill,
            style.border,
        )?;
    }
    for (body, state) in &acts_for {
        if nodes.contains(body) && nodes.contains(state) {
            writeln!(
                out,
                "  {} -- {} [color=\"{ACTS_FOR_COLOUR}\", style=solid, dir=forward, arrowhead=empty, penwidth=2.5, tooltip=\"agit pour\"];",
                quote_dot(body),
                quote_dot(state)
            )?;
        }
    }
    let mut drawn_relations = 0;
    for r in edges
        .iter()
        .filter(|r| nodes.contains(r.get("Source")) && nodes.contains(r.get("Target")))
    {
        edge(&mut out, r)?;
        drawn_relations += 1;
    }
    writeln!(out, "}}")?;
    Ok(Drawing {
        dot: out,
        root,
        relations: drawn_relations,
    })
}

/// What the picture says when it draws no relation, or `None` when it draws some. The
/// `skg:actsFor` links alone (an army to its state) answer nothing about allies.
fn nothing_drawn(drawing: &Drawing, relations: &Answer) -> Option<&'static str> {
    if drawing.relations > 0 {
        None
    } else if relations.records().next().is_none() {
        Some("Aucune relation n'est encore annotée : rien à dessiner pour l'instant.")
    } else if !drawing.root {
        Some(
            "Le Mali n'est pas parmi les acteurs annotés : pas de réseau à dessiner autour de lui.",
        )
    } else {
        Some(
            "Aucune relation annotée ne relie le Mali à un acteur dessiné (les personnes ne le sont pas).",
        )
    }
}

/// One relation as a DOT edge, styled by relation and status.
fn edge(out: &mut String, r: &crate::answer::Record<'_>) -> anyhow::Result<()> {
    let style = RELATIONS
        .iter()
        .find(|s| s.code == r.get("relation"))
        .context("relation style")?;
    let line = STATUSES
        .iter()
        .find(|(s, _, _)| *s == r.get("status"))
        .map_or("solid", |(_, line, _)| *line);
    let weight: f64 = r.get("Weight").parse().unwrap_or(1.0);
    writeln!(
        out,
        "  {} -- {} [color=\"{}\", style={line}, dir={}, arrowhead={}, arrowtail={}, penwidth={:.1}, tooltip={}];",
        quote_dot(r.get("Source")),
        quote_dot(r.get("Target")),
        style.colour,
        style.dir,
        style.arrowhead,
        style.arrowhead,
        1.2 + 0.7 * weight.min(5.0),
        quote_dot(&format!(
            "{} {} {} ({}, {} source(s))",
            r.get("source_label"),
            style.legend,
            r.get("target_label"),
            r.get("status"),
            r.get("Weight")
        )),
    )?;
    Ok(())
}

/// Lays out DOT with Graphviz and returns the SVG element (no XML prolog).
fn render(dot: &str) -> anyhow::Result<String> {
    let mut child = Command::new("dot")
        .args(["-Ktwopi", "-Tsvg"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("Graphviz's `dot` is needed to draw network.svg: install it (Debian: apt-get install graphviz)")?;
    child
        .stdin
        .take()
        .context("dot's input")?
        .write_all(dot.as_bytes())
        .context("could not feed dot")?;
    let output = child.wait_with_output().context("dot did not finish")?;
    anyhow::ensure!(
        output.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = String::from_utf8(output.stdout).context("dot wrote something that is not UTF-8")?;
    let start = svg.find("<svg").context("dot wrote no <svg> element")?;
    Ok(svg[start..].trim_end().to_owned())
}

/// The `viewBox` width and height of a Graphviz SVG.
fn view_box(svg: &str) -> anyhow::Result<(f64, f64)> {
    let at = svg
        .find("viewBox=\"")
        .context("Graphviz SVG without a viewBox")?
        + 9;
    let numbers: Vec<f64> = svg[at..]
        .split('"')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers.as_slice() {
        [_, _, w, h] => Ok((*w, *h)),
        _ => anyhow::bail!("Graphviz SVG with an unexpected viewBox"),
    }
}

/// The whole picture: the Graphviz layout and, to its right, the legend.
pub fn svg(actors: &Answer, relations: &Answer) -> anyhow::Result<(String, String)> {
    let drawing = drawing(actors, relations)?;
    let note = nothing_drawn(&drawing, relations);
    let source = drawing.dot;
    let graph = render(&source)?;
    let (gw, gh) = view_box(&graph)?;
    // Graphviz sizes in points; inside our picture its user units are ours.
    let graph = graph
        .replacen(
            &format!("width=\"{}pt\"", gw.round()),
            &format!("x=\"0\" y=\"0\" width=\"{gw}\""),
            1,
        )
        .replacen(
            &format!("height=\"{}pt\"", gh.round()),
            &format!("height=\"{gh}\""),
            1,
        );
    let legend_width = 250.0;
    // 40 for the title, 24 a line, 60 for the gaps and the note: about 420.
    let legend_height = 420.0;
    let mut width = gw + legend_width + 20.0;
    let mut height = gh.max(legend_height);
    // A line below the graph and the legend when nothing is drawn: about 7.5 units a character
    // at this size, so it never runs off a picture that may be one node wide.
    let note_y = height + 24.0;
    if let Some(note) = note {
        #[allow(clippy::cast_precision_loss, reason = "a sentence")]
        let note_width = 20.0 + 7.5 * note.chars().count() as f64;
        width = width.max(note_width);
        height += 40.0;
    }
    let mut out = String::new();
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"network-title network-desc\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"DejaVu Sans, Verdana, sans-serif\">"
    )?;
    writeln!(
        out,
        "<title id=\"network-title\">Réseau des alliances du Mali</title>"
    )?;
    writeln!(
        out,
        "<desc id=\"network-desc\">Acteurs reliés au Mali et entre eux : alliances en vert, oppositions en rouge, appartenances en bleu ; traits pleins pour les relations actuelles, tirets pour les anciennes, pointillés pour les relations seulement suggérées. Les personnes ne sont pas dessinées.{}</desc>",
        note.map(|n| format!(" {}", escape(n))).unwrap_or_default()
    )?;
    writeln!(out, "{graph}")?;
    legend(&mut out, gw + 20.0)?;
    if let Some(note) = note {
        writeln!(
            out,
            "<text id=\"network-empty\" x=\"10\" y=\"{note_y:.0}\" font-size=\"13\" fill=\"#333\">{}</text>",
            escape(note)
        )?;
    }
    writeln!(out, "</svg>")?;
    Ok((source, out))
}

fn legend(out: &mut String, x: f64) -> anyhow::Result<()> {
    writeln!(
        out,
        "<g id=\"legend\" transform=\"translate({x:.0},20)\" font-size=\"12\">"
    )?;
    writeln!(
        out,
        "<text x=\"0\" y=\"0\" font-weight=\"bold\" font-size=\"14\">Légende</text>"
    )?;
    let mut y = 28.0;
    for k in KINDS.iter().filter(|k| k.kind != "Person") {
        writeln!(out, "{}", shape(k.shape, 20.0, y - 4.0, k.fill, k.border))?;
        writeln!(out, "<text x=\"44\" y=\"{:.0}\">{}</text>", y, k.legend)?;
        y += 24.0;
    }
    y += 8.0;
    for r in RELATIONS {
        writeln!(
            out,
            "<line x1=\"4\" y1=\"{0:.0}\" x2=\"36\" y2=\"{0:.0}\" stroke=\"{1}\" stroke-width=\"3\"/>",
            y - 4.0,
            r.colour
        )?;
        writeln!(
            out,
            "<text x=\"44\" y=\"{:.0}\">{}</text>",
            y,
            escape(r.legend)
        )?;
        y += 24.0;
    }
    writeln!(
        out,
        "<line x1=\"4\" y1=\"{0:.0}\" x2=\"36\" y2=\"{0:.0}\" stroke=\"{ACTS_FOR_COLOUR}\" stroke-width=\"2.5\"/>",
        y - 4.0
    )?;
    writeln!(
        out,
        "<text x=\"44\" y=\"{y:.0}\">agit pour (armée, gouvernement)</text>"
    )?;
    y += 32.0;
    for (_, line, legend) in STATUSES {
        let dash = match *line {
            "dashed" => " stroke-dasharray=\"7 4\"",
            "dotted" => " stroke-dasharray=\"2 3\"",
            _ => "",
        };
        writeln!(
            out,
            "<line x1=\"4\" y1=\"{0:.0}\" x2=\"36\" y2=\"{0:.0}\" stroke=\"#444\" stroke-width=\"2\"{dash}/>",
            y - 4.0
        )?;
        writeln!(out, "<text x=\"44\" y=\"{y:.0}\">relation {legend}</text>")?;
        y += 24.0;
    }
    writeln!(
        out,
        "<text x=\"0\" y=\"{:.0}\" font-size=\"11\" fill=\"#555\">Épaisseur : nombre de documents sources.</text>",
        y + 6.0
    )?;
    writeln!(out, "</g>")?;
    Ok(())
}

/// A small legend sample of a Graphviz shape centred on (`cx`, `cy`).
fn shape(name: &str, cx: f64, cy: f64, fill: &str, stroke: &str) -> String {
    let (w, h) = (16.0, 9.0);
    let points = |pts: &[(f64, f64)]| -> String {
        pts.iter()
            .map(|(dx, dy)| format!("{:.1},{:.1}", cx + dx, cy + dy))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let polygon = |pts: &[(f64, f64)]| {
        format!(
            "<polygon points=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            points(pts)
        )
    };
    match name {
        "box" => polygon(&[(-w, -h), (w, -h), (w, h), (-w, h)]),
        "hexagon" => polygon(&[
            (-w, 0.0),
            (-w / 2.0, -h),
            (w / 2.0, -h),
            (w, 0.0),
            (w / 2.0, h),
            (-w / 2.0, h),
        ]),
        "house" => polygon(&[(-w, h), (-w, -h / 3.0), (0.0, -h), (w, -h / 3.0), (w, h)]),
        "diamond" => polygon(&[(0.0, -h - 2.0), (w, 0.0), (0.0, h + 2.0), (-w, 0.0)]),
        "octagon" => polygon(&[
            (-w / 2.0, -h),
            (w / 2.0, -h),
            (w, -h / 2.0),
            (w, h / 2.0),
            (w / 2.0, h),
            (-w / 2.0, h),
            (-w, h / 2.0),
            (-w, -h / 2.0),
        ]),
        "parallelogram" => polygon(&[(-w + 5.0, -h), (w, -h), (w - 5.0, h), (-w, h)]),
        _ => format!(
            "<ellipse cx=\"{cx:.1}\" cy=\"{cy:.1}\" rx=\"{w}\" ry=\"{h}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphviz_draws_a_network_at_scale_the_same_every_time() {
        // The DOT `export` wrote for 10,000 synthetic facts (`synth --facts 10000`): 60 actors
        // near Mali and their relations, where `overlap=false` was not reproducible.
        let fixture = include_str!("../../tests/fixtures/network-at-scale/network.dot");
        assert!(
            fixture.contains(LAYOUT),
            "the fixture is drawn with today's layout: regenerate it"
        );
        let first = render(fixture).expect("dot renders");
        for _ in 0..7 {
            assert!(
                render(fixture).expect("dot renders") == first,
                "a second drawing differs"
            );
        }
    }

    /// An answer with these columns and rows of plain strings.
    fn answer(columns: &[&str], rows: &[&[&str]]) -> Answer {
        let mut answer = Answer::new(columns.iter().map(|c| (*c).to_owned()).collect());
        for row in rows {
            let cells: Vec<Option<oxigraph::model::Term>> = row
                .iter()
                .map(|c| Some(oxigraph::model::Literal::from(*c).into()))
                .collect();
            answer.push_row(&cells);
        }
        answer
    }

    fn actors(rows: &[&[&str]]) -> Answer {
        answer(&["id", "label_fr", "kind", "acts_for"], rows)
    }

    fn relations(rows: &[&[&str]]) -> Answer {
        let columns = [
            "Source",
            "Target",
            "Weight",
            "relation",
            "status",
            "source_label",
            "target_label",
        ];
        answer(&columns, rows)
    }

    /// What the picture says beside the legend for these actors and relations.
    fn note(actors: &Answer, relations: &Answer) -> Option<&'static str> {
        nothing_drawn(&drawing(actors, relations).unwrap(), relations)
    }

    #[test]
    fn a_network_with_no_relation_to_draw_says_why() {
        let mali = ["mali", "Mali", "State", ""];
        let putin = ["putin", "Vladimir Poutine", "Person", ""];
        let russia = ["russia", "Russie", "State", ""];
        let fama = ["fama", "FAMa", "ArmedForces", "mali"];
        let with_mali = actors(&[&mali, &putin, &russia, &fama]);

        // Only the army's link to its state: no relation yet.
        let nothing = relations(&[]);
        assert!(
            note(&with_mali, &nothing)
                .unwrap()
                .starts_with("Aucune relation n'est encore")
        );
        assert!(
            drawing(&with_mali, &nothing)
                .unwrap()
                .dot
                .contains("\"fama\" -- \"mali\"")
        );

        let with_a_person =
            relations(&[&["mali", "putin", "1", "allyOf", "current", "Mali", "V. P."]]);
        assert!(
            note(&with_mali, &with_a_person)
                .unwrap()
                .contains("les personnes ne le sont pas")
        );

        let without_mali = actors(&[&putin, &russia]);
        let elsewhere = relations(&[&[
            "putin", "russia", "1", "allyOf", "current", "V. P.", "Russie",
        ]]);
        assert!(
            note(&without_mali, &elsewhere)
                .unwrap()
                .starts_with("Le Mali n'est pas")
        );
        assert!(
            !drawing(&without_mali, &elsewhere)
                .unwrap()
                .dot
                .contains("root=")
        );

        let drawn = relations(&[&["mali", "russia", "1", "allyOf", "current", "Mali", "Russie"]]);
        assert_eq!(note(&with_mali, &drawn), None);
    }

    #[test]
    fn labels_wrap_at_spaces() {
        assert_eq!(
            wrap(
                "Communauté économique des États de l'Afrique de l'Ouest",
                22
            ),
            "Communauté économique\ndes États de l'Afrique\nde l'Ouest"
        );
        assert_eq!(wrap("Mali", 22), "Mali");
    }

    #[test]
    fn dot_strings_escape_quotes_and_backslashes() {
        assert_eq!(quote_dot(r#"a "b" \c"#), r#""a \"b\" \\c""#);
    }

    #[test]
    fn every_kind_of_the_ontology_has_a_drawing_style() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology");
        let ontology = crate::pipeline::ontology::Ontology::load(&dir)
            .unwrap()
            .unwrap();
        for kind in ontology.actor_types.keys() {
            assert!(
                KINDS.iter().any(|k| k.kind == kind),
                "no style for actor type {kind}"
            );
        }
        for relation in ["allyOf", "opposes", "memberOf"] {
            assert!(ontology.relations.contains_key(relation));
        }
    }
}
