//! Stage 6d: the alliance network as a picture.
//!
//! In: the answers of the stored queries `actors` and `relations`. Out: `network.svg`, the
//! network laid out around Mali (`radial`: Mali at the centre of the drawing, the others on
//! rings by their distance in links) beside a legend, and `network.dot`, the same network as
//! Graphviz source for whoever wants to lay it out with Graphviz. Kinds of actor differ by
//! shape *and* colour (Okabe-Ito colours, readable by colour-blind people), relations by
//! colour *and* arrowheads, status by line style: current solid, former dashed, implied dotted.
//! People are left out: with them the picture becomes a hairball; `relations.csv` has their
//! links. For the same reason only the 60 actors nearest to Mali (at most 3 links away) are
//! drawn. A corpus that validates may give no relation to draw (no fact yet, or none near
//! Mali, or no Mali at all): the picture is still drawn, and says so in words below the graph
//! and the legend. Labels are measured with one width for every character (`ADVANCE`), not
//! with a font, and coordinates are written with one decimal: the same bytes on every machine.
//! What this does not do: run Graphviz or any other program, or read a font.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use anyhow::Context;

use crate::answer::Answer;
use crate::render::markup::escape;
use crate::render::radial::{self, Point, Size};

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
/// thousands of actors is a hairball, and its layout would weigh every pair of links.
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

/// The Graphviz source, what is drawn, and what it leaves the reader to be told.
struct Drawing<'a> {
    dot: String,
    /// Whether Mali is among the actors drawn.
    root: bool,
    /// How many relations (not `skg:actsFor` links) are drawn.
    relations: usize,
    /// The actors drawn, in id order.
    nodes: Vec<Shown<'a>>,
    /// The links drawn: `skg:actsFor` first, then the relations in the answer's order.
    links: Vec<Link<'a>>,
}

/// An actor as drawn.
struct Shown<'a> {
    id: &'a str,
    label: &'a str,
    style: &'static KindStyle,
}

/// A link as drawn: its ends, what it is, its line style and width, and its tooltip.
struct Link<'a> {
    from: &'a str,
    to: &'a str,
    /// The relation's style; `None` for an `skg:actsFor` link.
    relation: Option<&'static RelationStyle>,
    line: &'static str,
    width: f64,
    tooltip: String,
}

/// The Graphviz source of the network, with what `svg` needs to draw it and to say when it is
/// empty.
fn drawing<'a>(actors: &'a Answer, relations: &'a Answer) -> anyhow::Result<Drawing<'a>> {
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
    let root = nodes.contains(ROOT);
    dot_header(&mut out, root)?;
    let mut shown = Vec::new();
    for id in &nodes {
        if let Some((label, kind)) = actors.get(id) {
            shown.push(node(&mut out, id, label, kind)?);
        }
    }
    let mut links = Vec::new();
    for &(body, state) in &acts_for {
        if nodes.contains(body) && nodes.contains(state) {
            let link = Link {
                from: body,
                to: state,
                relation: None,
                line: "solid",
                width: 2.5,
                tooltip: "agit pour".to_owned(),
            };
            edge(&mut out, &link)?;
            links.push(link);
        }
    }
    let mut drawn_relations = 0;
    for r in edges
        .iter()
        .filter(|r| nodes.contains(r.get("Source")) && nodes.contains(r.get("Target")))
    {
        let link = link(r)?;
        edge(&mut out, &link)?;
        links.push(link);
        drawn_relations += 1;
    }
    writeln!(out, "}}")?;
    Ok(Drawing {
        dot: out,
        root,
        relations: drawn_relations,
        nodes: shown,
        links,
    })
}

/// One actor as drawn, written as a DOT node, styled by kind.
fn node<'a>(
    out: &mut String,
    id: &'a str,
    label: &'a str,
    kind: &str,
) -> anyhow::Result<Shown<'a>> {
    let style = KINDS
        .iter()
        .find(|k| k.kind == kind)
        .context("an actor kind with no drawing style")?;
    let emphasis = if id == ROOT {
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
    Ok(Shown { id, label, style })
}

/// The DOT file's comments, and its graph's opening and attributes.
fn dot_header(out: &mut String, root: bool) -> std::fmt::Result {
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
    writeln!(out, "  edge [penwidth=1.6];")
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

/// One relation as drawn, styled by relation and status, its width by its number of sources.
fn link<'a>(r: &crate::answer::Record<'a>) -> anyhow::Result<Link<'a>> {
    let style = RELATIONS
        .iter()
        .find(|s| s.code == r.get("relation"))
        .context("relation style")?;
    let line = STATUSES
        .iter()
        .find(|(s, _, _)| *s == r.get("status"))
        .map_or("solid", |(_, line, _)| *line);
    let weight: f64 = r.get("Weight").parse().unwrap_or(1.0);
    Ok(Link {
        from: r.get("Source"),
        to: r.get("Target"),
        relation: Some(style),
        line,
        width: 1.2 + 0.7 * weight.min(5.0),
        tooltip: format!(
            "{} {} {} ({}, {} source(s))",
            r.get("source_label"),
            style.legend,
            r.get("target_label"),
            r.get("status"),
            r.get("Weight")
        ),
    })
}

/// One link as a DOT edge.
fn edge(out: &mut String, link: &Link<'_>) -> anyhow::Result<()> {
    let Some(style) = link.relation else {
        writeln!(
            out,
            "  {} -- {} [color=\"{ACTS_FOR_COLOUR}\", style=solid, dir=forward, arrowhead=empty, penwidth=2.5, tooltip=\"agit pour\"];",
            quote_dot(link.from),
            quote_dot(link.to)
        )?;
        return Ok(());
    };
    writeln!(
        out,
        "  {} -- {} [color=\"{}\", style={}, dir={}, arrowhead={}, arrowtail={}, penwidth={:.1}, tooltip={}];",
        quote_dot(link.from),
        quote_dot(link.to),
        style.colour,
        link.line,
        style.dir,
        style.arrowhead,
        style.arrowhead,
        link.width,
        quote_dot(&link.tooltip),
    )?;
    Ok(())
}

/// Type sizes, in the picture's units (pixels at 100%).
const FONT: f64 = 11.0;
const ROOT_FONT: f64 = 16.0;
/// The width the layout gives a character, in ems: one figure for every character, so that
/// the picture is the same wherever it is made (no font is read). In `DejaVu Sans` the labels
/// of the corpus take 0.48 to 0.64 em a character (wide capitals and `m`, narrow `i` and `l`):
/// the shapes' padding takes what this leaves out. The tests estimate labels with it.
pub const ADVANCE: f64 = 0.62;
/// The height of a line of a label, in ems.
const LINE: f64 = 1.25;
/// The room between a label and its shape's outline.
const PAD_X: f64 = 8.0;
const PAD_Y: f64 = 5.0;
/// The room between the drawing and the edges of its area.
const AREA_PAD: f64 = 20.0;
/// How far apart links between the same two actors bend, and the steps of a detour.
const BEND_STEP: f64 = 24.0;
const DETOUR_STEP: f64 = 16.0;

/// An actor's shape, label and room, around the centre of the shape's bounding box.
struct NodeBox {
    lines: Vec<String>,
    font: f64,
    /// The outline's corners.
    points: Vec<Point>,
    /// How far below the centre the middle of the label is (a house's roof is above it).
    text_dy: f64,
    half: Size,
}

/// `count` as a float (the characters or the lines of a label).
#[allow(clippy::cast_precision_loss, reason = "the length of a label")]
fn float(count: usize) -> f64 {
    count as f64
}

/// The shape of an actor around its wrapped label: its kind's, drawn to hold the label's
/// estimated box (`ADVANCE`, `LINE`) with `PAD_X` and `PAD_Y` around it.
fn node_box(node: &Shown<'_>) -> NodeBox {
    let font = if node.id == ROOT { ROOT_FONT } else { FONT };
    let lines: Vec<String> = wrap(node.label, 22)
        .split('\n')
        .map(str::to_owned)
        .collect();
    let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let text = (
        float(widest) * ADVANCE * font,
        float(lines.len()) * LINE * font,
    );
    let (points, text_dy) = outline(node.style.shape, text);
    let half = Size {
        half_width: points.iter().map(|p| p.0.abs()).fold(0.0, f64::max),
        half_height: points.iter().map(|p| p.1.abs()).fold(0.0, f64::max),
    };
    NodeBox {
        lines,
        font,
        points,
        text_dy,
        half,
    }
}

/// The corners of a Graphviz `shape` around a label `text` wide and high, centred on its
/// bounding box, and how far below that centre the label's middle is.
fn outline(shape: &str, (width, height): (f64, f64)) -> (Vec<Point>, f64) {
    // Half the padded label.
    let (hw, hh) = (width / 2.0 + PAD_X, height / 2.0 + PAD_Y);
    match shape {
        "box" => (vec![(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)], 0.0),
        "hexagon" => {
            let tip = 0.5 * hh;
            let points = vec![
                (-hw - tip, 0.0),
                (-hw, -hh),
                (hw, -hh),
                (hw + tip, 0.0),
                (hw, hh),
                (-hw, hh),
            ];
            (points, 0.0)
        }
        "house" => {
            // The label in the walls, the roof above: the box's centre is half a roof higher.
            let roof = 0.6 * hh;
            let dy = roof / 2.0;
            let points = vec![
                (-hw, hh + dy),
                (-hw, dy - hh),
                (0.0, dy - hh - roof),
                (hw, dy - hh),
                (hw, hh + dy),
            ];
            (points, dy)
        }
        "diamond" => {
            // The smallest diamond (in width plus height) through the label's corners.
            let corner = (width / 2.0 + 3.0, height / 2.0 + 2.0);
            let mean = (corner.0 * corner.1).sqrt();
            let (across, down) = (corner.0 + mean, corner.1 + mean);
            (
                vec![(0.0, -down), (across, 0.0), (0.0, down), (-across, 0.0)],
                0.0,
            )
        }
        "octagon" => {
            // Corners cut no deeper than the padding, which keeps them off the label.
            let cut = (0.45 * hh).min(PAD_X + PAD_Y - 1.0);
            let points = vec![
                (cut - hw, -hh),
                (hw - cut, -hh),
                (hw, cut - hh),
                (hw, hh - cut),
                (hw - cut, hh),
                (cut - hw, hh),
                (-hw, hh - cut),
                (-hw, cut - hh),
            ];
            (points, 0.0)
        }
        "parallelogram" => {
            // Slanted no more than twice the padding, which keeps the sides off the label.
            let slant = (0.8 * hh).min(2.0 * PAD_X);
            let x = hw + slant / 2.0;
            (
                vec![(slant - x, -hh), (x, -hh), (x - slant, hh), (-x, hh)],
                0.0,
            )
        }
        _ => {
            // An ellipse through the padded label's corners, as twelve points.
            let (rx, ry) = (hw * std::f64::consts::SQRT_2, hh * std::f64::consts::SQRT_2);
            let points = (0..12_u32)
                .map(|i| {
                    let (sin, cos) = radial::sin_cos(f64::from(i) * std::f64::consts::TAU / 12.0);
                    (rx * cos, ry * sin)
                })
                .collect();
            (points, 0.0)
        }
    }
}

/// How far from the centre of `outline` (convex, around the origin) a ray going along the
/// unit vector `direction` leaves it.
fn exit(outline: &[Point], direction: Point) -> f64 {
    let cross = |a: Point, b: Point| a.0 * b.1 - a.1 * b.0;
    let mut nearest = f64::INFINITY;
    for (i, &corner) in outline.iter().enumerate() {
        let next = outline[(i + 1) % outline.len()];
        let side = (next.0 - corner.0, next.1 - corner.1);
        let denominator = cross(direction, side);
        if denominator.abs() < 1e-12 {
            continue;
        }
        let along_ray = cross(corner, side) / denominator;
        let along_side = cross(corner, direction) / denominator;
        if along_ray > 0.0 && (-1e-9..=1.0 + 1e-9).contains(&along_side) {
            nearest = nearest.min(along_ray);
        }
    }
    if nearest.is_finite() { nearest } else { 0.0 }
}

/// A coordinate with one decimal, the same on every machine (never `-0.0`).
fn num(v: f64) -> String {
    let text = format!("{v:.1}");
    if text == "-0.0" {
        "0.0".to_owned()
    } else {
        text
    }
}

/// A point as SVG lists it (a polygon's corners, a path's points): `x,y`, each with `num`.
fn xy((x, y): Point) -> String {
    format!("{},{}", num(x), num(y))
}

/// The point `distance` from `from` along the unit vector `direction` (back, for a negative
/// distance).
fn along(from: Point, direction: Point, distance: f64) -> Point {
    (
        from.0 + direction.0 * distance,
        from.1 + direction.1 * distance,
    )
}

/// The unit vector from `a` to `b`, and the distance.
fn towards(a: Point, b: Point) -> (Point, f64) {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let length = (dx * dx + dy * dy).sqrt();
    if length < 1e-9 {
        ((1.0, 0.0), 0.0)
    } else {
        ((dx / length, dy / length), length)
    }
}

/// The drawn network and the size of its area, Mali at the centre of it.
struct Graph {
    body: String,
    width: f64,
    height: f64,
}

/// Lays the network out around Mali (`radial::layout`) and draws it: the links under the
/// actors, each actor's label in its shape.
fn graph(drawing: &Drawing<'_>) -> anyhow::Result<Graph> {
    let boxes: Vec<NodeBox> = drawing.nodes.iter().map(node_box).collect();
    let index: HashMap<&str, usize> = drawing
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id, i))
        .collect();
    let ends = drawing
        .links
        .iter()
        .map(|l| {
            Ok((
                *index
                    .get(l.from)
                    .context("a link from an actor not drawn")?,
                *index.get(l.to).context("a link to an actor not drawn")?,
            ))
        })
        .collect::<anyhow::Result<Vec<(usize, usize)>>>()?;
    let sizes: Vec<Size> = boxes.iter().map(|b| b.half).collect();
    let layout = radial::layout(&sizes, &ends, index.get(ROOT).copied().unwrap_or(0));
    // Half the area on each side of Mali: as far as the farthest box reaches.
    let reach = |axis: fn(&Point, &Size) -> f64| {
        layout
            .centres
            .iter()
            .zip(&sizes)
            .map(|(c, s)| axis(c, s))
            .fold(60.0, f64::max)
            + AREA_PAD
    };
    let half_width = reach(|c, s| c.0.abs() + s.half_width);
    let half_height = reach(|c, s| c.1.abs() + s.half_height);
    let centres: Vec<Point> = layout
        .centres
        .iter()
        .map(|(x, y)| (half_width + x, half_height + y))
        .collect();
    let mut body = String::new();
    writeln!(
        body,
        "<rect id=\"network-area\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"white\"/>",
        num(2.0 * half_width),
        num(2.0 * half_height)
    )?;
    writeln!(body, "<g id=\"links\" fill=\"none\">")?;
    let bends = bends(&ends, &centres, &sizes);
    for ((link, &(a, b)), bend) in drawing.links.iter().zip(&ends).zip(bends) {
        link_svg(
            &mut body,
            link,
            [(centres[a], &boxes[a]), (centres[b], &boxes[b])],
            bend,
        )?;
    }
    writeln!(body, "</g>")?;
    writeln!(
        body,
        "<g id=\"actors\" text-anchor=\"middle\" font-size=\"{FONT}\">"
    )?;
    for ((node, shape), &centre) in drawing.nodes.iter().zip(&boxes).zip(&centres) {
        actor_svg(&mut body, node, shape, centre)?;
    }
    writeln!(body, "</g>")?;
    Ok(Graph {
        body,
        width: 2.0 * half_width,
        height: 2.0 * half_height,
    })
}

/// One actor: its shape, and its label line by line.
fn actor_svg(
    out: &mut String,
    node: &Shown<'_>,
    shape: &NodeBox,
    (x, y): Point,
) -> std::fmt::Result {
    let points: Vec<String> = shape
        .points
        .iter()
        .map(|(px, py)| xy((x + px, y + py)))
        .collect();
    let (stroke, size) = if node.id == ROOT {
        (
            3.0,
            format!(" font-size=\"{ROOT_FONT}\" font-weight=\"bold\""),
        )
    } else {
        (1.4, String::new())
    };
    writeln!(
        out,
        "<g class=\"node\" data-id=\"{}\"><polygon points=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{stroke}\"/>",
        escape(node.id),
        points.join(" "),
        node.style.fill,
        node.style.border
    )?;
    let top = y + shape.text_dy - float(shape.lines.len()) * LINE * shape.font / 2.0;
    for (l, line) in shape.lines.iter().enumerate() {
        // A baseline a third of an em below the middle of its line centres the letters.
        let baseline = top + (float(l) + 0.5) * LINE * shape.font + 0.35 * shape.font;
        writeln!(
            out,
            "<text x=\"{}\" y=\"{}\"{size}>{}</text>",
            num(x),
            num(baseline),
            escape(line)
        )?;
    }
    writeln!(out, "</g>")
}

/// How far each link bends to its left: links between the same two actors bend apart, one
/// to each side, and all of them bend around the actors they would run through.
fn bends(ends: &[(usize, usize)], centres: &[Point], sizes: &[Size]) -> Vec<f64> {
    // For each pair (in index order): how many links, how many bent so far, and the detour.
    let mut pairs: BTreeMap<(usize, usize), (usize, usize, f64)> = BTreeMap::new();
    for &(a, b) in ends {
        pairs.entry((a.min(b), a.max(b))).or_default().0 += 1;
    }
    for (&(a, b), (_, _, detour)) in &mut pairs {
        *detour = detour_of(a, b, centres, sizes);
    }
    ends.iter()
        .map(|&(a, b)| {
            let (count, seen, detour) = pairs.entry((a.min(b), a.max(b))).or_default();
            let bend = *detour + BEND_STEP * (float(*seen) - float(*count - 1) / 2.0);
            *seen += 1;
            if a > b { -bend } else { bend }
        })
        .collect()
}

/// The control point of a link from `from` to `to` whose middle is `bend` to the left of the
/// straight line's (a quadratic curve's middle is halfway to its control point).
fn control(from: Point, to: Point, bend: f64) -> Point {
    let (direction, _) = towards(from, to);
    (
        f64::midpoint(from.0, to.0) - direction.1 * 2.0 * bend,
        f64::midpoint(from.1, to.1) + direction.0 * 2.0 * bend,
    )
}

/// How far the links between `a` and `b` (`a` < `b`) bend to run through no other actor's
/// box: the least bend, in steps of `DETOUR_STEP` either way up to a third of their length,
/// that does, or else the first through the fewest boxes.
fn detour_of(a: usize, b: usize, centres: &[Point], sizes: &[Size]) -> f64 {
    let (from, to) = (centres[a], centres[b]);
    let (_, length) = towards(from, to);
    let hits = |bend: f64| {
        let c = control(from, to, bend);
        // The curve as 16 straight pieces.
        let point = |t: f64| {
            let u = 1.0 - t;
            (
                u * u * from.0 + 2.0 * u * t * c.0 + t * t * to.0,
                u * u * from.1 + 2.0 * u * t * c.1 + t * t * to.1,
            )
        };
        (0..centres.len())
            .filter(|&other| other != a && other != b)
            .filter(|&other| {
                let grown = Size {
                    half_width: sizes[other].half_width + 3.0,
                    half_height: sizes[other].half_height + 3.0,
                };
                (0..16_u32).any(|i| {
                    let piece = (point(f64::from(i) / 16.0), point(f64::from(i + 1) / 16.0));
                    radial::segment_meets_box(piece.0, piece.1, centres[other], grown)
                })
            })
            .count()
    };
    let mut best = (hits(0.0), 0.0);
    let mut step = 1.0;
    while best.0 > 0 && DETOUR_STEP * step <= length / 3.0 {
        for bend in [-DETOUR_STEP * step, DETOUR_STEP * step] {
            let count = hits(bend);
            if count < best.0 {
                best = (count, bend);
            }
        }
        step += 1.0;
    }
    best.1
}

/// One link, from the outline of one actor to the other's, straight or bent `bend` to its
/// left, with its arrowheads: a triangle for a membership (hollow for `skg:actsFor`), a bar
/// at both ends for an opposition.
fn link_svg(
    out: &mut String,
    link: &Link<'_>,
    [(from, from_box), (to, to_box)]: [(Point, &NodeBox); 2],
    bend: f64,
) -> anyhow::Result<()> {
    let control = control(from, to, bend);
    let (out_dir, _) = towards(from, control);
    let (in_dir, _) = towards(to, control);
    let mut start = leaving(from, &from_box.points, out_dir);
    let mut end = leaving(to, &to_box.points, in_dir);
    let (colour, heads) = match link.relation {
        None => (ACTS_FOR_COLOUR, ["none", "empty"]),
        Some(r) => match r.dir {
            "forward" => (r.colour, ["none", r.arrowhead]),
            "both" => (r.colour, [r.arrowhead, r.arrowhead]),
            _ => (r.colour, ["none", "none"]),
        },
    };
    let mut marks = String::new();
    for (head, back, line_end) in [
        (heads[0], out_dir, &mut start),
        (heads[1], in_dir, &mut end),
    ] {
        *line_end = arrowhead(&mut marks, head, *line_end, back, colour, link.width)?;
    }
    let path = if bend == 0.0 {
        format!("M{} L{}", xy(start), xy(end))
    } else {
        format!("M{} Q{} {}", xy(start), xy(control), xy(end))
    };
    let dash = match link.line {
        "dashed" => " stroke-dasharray=\"7 4\"",
        "dotted" => " stroke-dasharray=\"2 3\"",
        _ => "",
    };
    writeln!(
        out,
        "<g class=\"link\" data-from=\"{}\" data-to=\"{}\" data-relation=\"{}\"><title>{}</title><path d=\"{path}\" stroke=\"{colour}\" stroke-width=\"{:.1}\"{dash}/>{marks}</g>",
        escape(link.from),
        escape(link.to),
        link.relation.map_or("actsFor", |r| r.code),
        escape(&link.tooltip),
        link.width,
    )?;
    Ok(())
}

/// Where a ray from `centre` along `direction` leaves `outline` (around `centre`).
fn leaving(centre: Point, outline: &[Point], direction: Point) -> Point {
    along(centre, direction, exit(outline, direction))
}

/// Draws the arrowhead `head` (Graphviz's name) with its tip at `tip`, the link coming from
/// along the unit vector `back`; returns where the link's line stops: at a triangle's base,
/// whose line end would blunt the tip, or at the tip.
fn arrowhead(
    out: &mut String,
    head: &str,
    tip: Point,
    back: Point,
    colour: &str,
    width: f64,
) -> Result<Point, std::fmt::Error> {
    let length = 9.0 + 1.5 * width;
    let spread = 3.5 + width;
    // Across the link, and the point `length` back from the tip.
    let across = (-back.1, back.0);
    let base = along(tip, back, length);
    match head {
        "normal" | "empty" => {
            let fill = if head == "empty" { "white" } else { colour };
            write!(
                out,
                "<polygon points=\"{} {} {}\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"1.2\"/>",
                xy(tip),
                xy(along(base, across, spread)),
                xy(along(base, across, -spread)),
            )?;
            Ok(base)
        }
        "tee" => {
            let at = along(tip, back, 3.0);
            let half = spread + 2.0;
            let (a, b) = (along(at, across, half), along(at, across, -half));
            write!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2.5\"/>",
                num(a.0),
                num(a.1),
                num(b.0),
                num(b.1),
            )?;
            Ok(tip)
        }
        _ => Ok(tip),
    }
}

/// The whole picture: the network laid out around Mali and, to its right, the legend.
pub fn svg(actors: &Answer, relations: &Answer) -> anyhow::Result<(String, String)> {
    let drawing = drawing(actors, relations)?;
    let note = nothing_drawn(&drawing, relations);
    let graph = graph(&drawing)?;
    let (gw, gh) = (graph.width, graph.height);
    let legend_width = 250.0;
    // 40 for the title, 24 a line, 60 for the gaps and the note: about 420.
    let legend_height = 420.0;
    let mut width = gw + legend_width + 20.0;
    let mut height = gh.max(legend_height);
    // A line below the graph and the legend when nothing is drawn: about 7.5 units a character
    // at this size, so it never runs off a picture that may be one node wide.
    let note_y = height + 24.0;
    if let Some(note) = note {
        let note_width = 20.0 + 7.5 * float(note.chars().count());
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
    out.push_str(&graph.body);
    legend(&mut out, gw + 20.0)?;
    if let Some(note) = note {
        writeln!(
            out,
            "<text id=\"network-empty\" x=\"10\" y=\"{note_y:.0}\" font-size=\"13\" fill=\"#333\">{}</text>",
            escape(note)
        )?;
    }
    writeln!(out, "</svg>")?;
    Ok((drawing.dot, out))
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
    use crate::render::test_answers::{answer_of, presented_columns};

    fn actors(rows: &[&[&str]]) -> Answer {
        answer_of(presented_columns("actors"), rows.iter().copied())
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
        answer_of(&columns, rows.iter().copied())
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
