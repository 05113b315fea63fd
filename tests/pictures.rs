//! The pictures and the page: valid, titled, with a legend, self-contained; the network drawn
//! readably (each actor once, no label over another, Mali at the centre), also at scale.

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use common::root;

fn read(name: &str) -> String {
    std::fs::read_to_string(root().join("output").join(name)).expect("output file")
}

#[test]
fn both_pictures_are_valid_svg_with_a_title_a_description_and_a_legend() {
    for (file, legend) in [
        ("network.svg", "legend"),
        ("timeline.svg", "timeline-legend"),
    ] {
        let text = read(file);
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{file} is not XML: {e}"));
        let svg = doc.root_element();
        assert_eq!(svg.tag_name().name(), "svg", "{file}");
        assert_eq!(svg.attribute("role"), Some("img"), "{file}");
        let title = svg
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a <title>");
        assert!(
            !title.text().unwrap_or("").is_empty(),
            "{file}: empty title"
        );
        assert!(
            svg.children().any(|n| n.has_tag_name("desc")),
            "{file}: no <desc>"
        );
        assert!(
            doc.descendants().any(|n| n.attribute("id") == Some(legend)),
            "{file}: no legend"
        );
    }
}

/// A box: left, top, right, bottom.
#[derive(Debug, Clone, Copy)]
struct Rect(f64, f64, f64, f64);

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.0 < other.2 && other.0 < self.2 && self.1 < other.3 && other.1 < self.3
    }

    /// Whether `other` is inside, give or take the rounding of coordinates to one decimal.
    fn holds(&self, other: &Rect) -> bool {
        let slack = 0.11;
        other.0 >= self.0 - slack
            && other.1 >= self.1 - slack
            && other.2 <= self.2 + slack
            && other.3 <= self.3 + slack
    }

    fn holds_point(&self, (x, y): (f64, f64), slack: f64) -> bool {
        x >= self.0 - slack && x <= self.2 + slack && y >= self.1 - slack && y <= self.3 + slack
    }

    fn centre(&self) -> (f64, f64) {
        (f64::midpoint(self.0, self.2), f64::midpoint(self.1, self.3))
    }
}

/// An actor as drawn: its shape's bounding box, and each line of its label with the box the
/// layout gives it.
#[derive(Debug)]
struct Actor {
    shape: Rect,
    labels: Vec<(String, Rect)>,
}

/// A link as drawn: its actors, relation, dash pattern, and where its line starts and ends.
#[derive(Debug)]
struct Link {
    from: String,
    to: String,
    relation: String,
    dash: Option<String>,
    start: (f64, f64),
    end: (f64, f64),
}

/// The network picture, read back.
#[derive(Debug)]
struct Network {
    actors: std::collections::BTreeMap<String, Actor>,
    links: Vec<Link>,
    /// The dash pattern the legend gives a former relation.
    former: Option<String>,
}

fn number(text: Option<&str>) -> f64 {
    text.and_then(|t| t.parse().ok()).expect("a number")
}

/// The x,y pairs of a `points` or `d` attribute.
fn points(text: &str) -> Vec<(f64, f64)> {
    text.split(|c: char| c.is_whitespace() || c.is_ascii_uppercase())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (number(Some(x)), number(Some(y)))
        })
        .collect()
}

/// The box of a line of a label, as the layout estimates it: `ADVANCE` em a character, from
/// 0.8 em above the baseline to 0.25 em below, centred on x.
fn label_box(text: roxmltree::Node<'_, '_>) -> (String, Rect) {
    let line = text.text().unwrap_or("").to_owned();
    let size = number(
        text.ancestors()
            .find_map(|n| n.attribute("font-size"))
            .or(Some("")),
    );
    let (x, y) = (number(text.attribute("x")), number(text.attribute("y")));
    #[allow(clippy::cast_precision_loss, reason = "a label's length")]
    let half = line.chars().count() as f64 * sahel_kg::render::network::ADVANCE * size / 2.0;
    let rect = Rect(x - half, y - 0.8 * size, x + half, y + 0.25 * size);
    (line, rect)
}

/// Reads the network picture, asserting what every drawing of it must be: each actor drawn
/// once, its label inside its shape, no two shapes and so no two labels overlapping, every
/// shape inside the area, Mali's (when it is drawn) at its centre, and every link between two
/// drawn actors, from one's shape to the other's.
fn network(svg: &str) -> Network {
    let doc = roxmltree::Document::parse(svg).expect("network.svg is XML");
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    let area = by_id("network-area");
    let (x, y) = (number(area.attribute("x")), number(area.attribute("y")));
    let area = Rect(
        x,
        y,
        x + number(area.attribute("width")),
        y + number(area.attribute("height")),
    );
    let actors = actors(&doc, area);
    if let Some(mali) = actors.get("mali") {
        let (centre, middle) = (mali.shape.centre(), area.centre());
        assert!(
            (centre.0 - middle.0).abs() < 0.11 && (centre.1 - middle.1).abs() < 0.11,
            "Mali is at {centre:?}, the middle of the area at {middle:?}"
        );
    }
    let links = links(&doc, &actors);
    let legend: Vec<roxmltree::Node<'_, '_>> = by_id("legend")
        .children()
        .filter(roxmltree::Node::is_element)
        .collect();
    let former = legend
        .windows(2)
        .find(|w| w[1].text() == Some("relation ancienne"))
        .and_then(|w| w[0].attribute("stroke-dasharray"))
        .map(str::to_owned);
    Network {
        actors,
        links,
        former,
    }
}

/// The actors drawn, each once, its labels inside its shape, inside `area`, none over another.
fn actors(doc: &roxmltree::Document<'_>, area: Rect) -> std::collections::BTreeMap<String, Actor> {
    let mut actors = std::collections::BTreeMap::new();
    for node in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
    {
        let id = node.attribute("data-id").expect("an actor's id").to_owned();
        let outline = points(
            node.children()
                .find(|n| n.has_tag_name("polygon"))
                .and_then(|p| p.attribute("points"))
                .expect("an actor's shape"),
        );
        let shape = outline.iter().fold(
            Rect(f64::MAX, f64::MAX, f64::MIN, f64::MIN),
            |r, &(x, y)| Rect(r.0.min(x), r.1.min(y), r.2.max(x), r.3.max(y)),
        );
        let labels: Vec<(String, Rect)> = node
            .children()
            .filter(|n| n.has_tag_name("text"))
            .map(label_box)
            .collect();
        assert!(!labels.is_empty(), "{id} has no label");
        for (line, rect) in &labels {
            assert!(shape.holds(rect), "{id}: {line:?} spills out of its shape");
        }
        assert!(area.holds(&shape), "{id} is outside the area");
        let again = actors.insert(id.clone(), Actor { shape, labels });
        assert!(again.is_none(), "{id} is drawn twice");
    }
    let all: Vec<(&String, &Actor)> = actors.iter().collect();
    for (i, (a, actor)) in all.iter().enumerate() {
        for (b, other) in &all[i + 1..] {
            assert!(!actor.shape.overlaps(&other.shape), "{a} and {b} overlap");
            for (line, rect) in &actor.labels {
                for (other_line, other_rect) in &other.labels {
                    assert!(
                        !rect.overlaps(other_rect),
                        "{a}'s {line:?} overlaps {b}'s {other_line:?}"
                    );
                }
            }
        }
    }
    actors
}

/// The links drawn, each between two of `actors`, from one's shape to the other's.
fn links(
    doc: &roxmltree::Document<'_>,
    actors: &std::collections::BTreeMap<String, Actor>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for group in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("link"))
    {
        let path = group
            .children()
            .find(|n| n.has_tag_name("path"))
            .expect("a link's line");
        let course = points(path.attribute("d").expect("d"));
        let link = Link {
            from: group.attribute("data-from").expect("from").to_owned(),
            to: group.attribute("data-to").expect("to").to_owned(),
            relation: group
                .attribute("data-relation")
                .expect("relation")
                .to_owned(),
            dash: path.attribute("stroke-dasharray").map(str::to_owned),
            start: course[0],
            end: course[course.len() - 1],
        };
        for (end, at) in [(&link.from, link.start), (&link.to, link.end)] {
            let actor = actors
                .get(end)
                .unwrap_or_else(|| panic!("a link to {end}, who is not drawn"));
            // An arrowhead takes up to 20 units between the line's end and the shape.
            assert!(
                actor.shape.holds_point(at, 20.0),
                "the link {} – {} ends at {at:?}, away from {end}",
                link.from,
                link.to
            );
        }
        links.push(link);
    }
    links
}

#[test]
fn the_network_centres_on_mali_and_leaves_out_people() {
    let picture = network(&read("network.svg"));
    // Expected: every actor but people with a path of at most 3 links to Mali (fewer than
    // the 60 the picture can hold), through relations and `acts_for` links between them.
    let actors = common::read_csv(&root().join("output/actors.csv"));
    let people: Vec<&str> = actors
        .iter()
        .filter(|a| a["kind"] == "Person")
        .map(|a| a["id"].as_str())
        .collect();
    let relations = common::read_csv(&root().join("output/relations.csv"));
    let mut links: Vec<(&str, &str)> = relations
        .iter()
        .filter(|r| ["allyOf", "opposes", "memberOf"].contains(&r["relation"].as_str()))
        .map(|r| (r["Source"].as_str(), r["Target"].as_str()))
        .collect();
    links.extend(
        actors
            .iter()
            .filter(|a| !a["acts_for"].is_empty())
            .map(|a| (a["id"].as_str(), a["acts_for"].as_str())),
    );
    links.retain(|(a, b)| !people.contains(a) && !people.contains(b));
    let mut near = std::collections::BTreeSet::from(["mali"]);
    for _ in 0..3 {
        let next: Vec<&str> = links
            .iter()
            .flat_map(|&(a, b)| [(a, b), (b, a)])
            .filter(|(a, _)| near.contains(a))
            .map(|(_, b)| b)
            .collect();
        near.extend(next);
    }
    assert!(near.len() < 60, "the corpus has outgrown this test");
    let drawn: std::collections::BTreeSet<&str> =
        picture.actors.keys().map(String::as_str).collect();
    assert_eq!(drawn, near);
    assert!(
        people.iter().all(|p| !drawn.contains(p)),
        "people are not drawn"
    );
    assert!(
        picture
            .links
            .iter()
            .any(|l| l.from == "mali" || l.to == "mali"),
        "Mali has no drawn relation"
    );
    for label in ["Mali", "Russie", "France", "Wagner (Africa Corps)"] {
        assert!(
            picture
                .actors
                .values()
                .any(|a| a.labels.iter().any(|(line, _)| line == label)),
            "{label} is not in the picture"
        );
    }
    // France is a former ally: its edge with Mali is dashed, as the legend says former is.
    let france = picture
        .links
        .iter()
        .find(|l| l.from == "france" && l.to == "mali" && l.relation == "allyOf")
        .expect("France–Mali alliance edge");
    assert!(
        picture.former.is_some(),
        "the legend shows no former relation"
    );
    assert_eq!(france.dash, picture.former);
    let russia = picture
        .links
        .iter()
        .find(|l| l.from == "mali" && l.to == "russia" && l.relation == "allyOf")
        .expect("Mali–Russia alliance edge");
    assert_eq!(russia.dash, None, "a current alliance is a solid line");
}

/// The answer of a stored query, as its report in `tests/fixtures/CASE/NAME.csv` gives it.
fn answer(case: &str, name: &str) -> sahel_kg::answer::Answer {
    let path = common::fixtures().join(case).join(format!("{name}.csv"));
    let mut reader = csv::Reader::from_path(&path).expect("readable CSV");
    let columns = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let mut answer = sahel_kg::answer::Answer::new(columns);
    for record in reader.records() {
        let cells: Vec<Option<oxigraph::model::Term>> = record
            .expect("a row")
            .iter()
            .map(|cell| (!cell.is_empty()).then(|| oxigraph::model::Literal::from(cell).into()))
            .collect();
        answer.push_row(&cells);
    }
    answer
}

#[test]
fn the_network_at_scale_draws_its_60_actors_once_and_no_label_over_another() {
    // The answers `export` gave for 10,000 synthetic facts (`synth --facts 10000`), cut down to
    // the 60 actors near Mali it drew and their relations; network.dot is the DOT it wrote.
    let case = "network-at-scale";
    let (actors, relations) = (answer(case, "actors"), answer(case, "relations"));
    let (dot, svg) = sahel_kg::render::network::svg(&actors, &relations).expect("a picture");
    let picture = network(&svg);
    let expected = std::fs::read_to_string(common::fixtures().join(case).join("network.dot"))
        .expect("network.dot");
    assert_eq!(dot, expected, "the fixture is not what export draws");
    let listed: std::collections::BTreeSet<&str> = expected
        .lines()
        .filter(|l| l.contains(" [label="))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert_eq!(listed.len(), 60);
    let drawn: std::collections::BTreeSet<&str> =
        picture.actors.keys().map(String::as_str).collect();
    assert_eq!(drawn, listed);
    let mut edges: Vec<(String, String)> = expected
        .lines()
        .filter(|l| l.contains(" -- "))
        .map(|l| {
            let ends: Vec<&str> = l.split('"').collect();
            (ends[1].to_owned(), ends[3].to_owned())
        })
        .collect();
    let mut links: Vec<(String, String)> = picture
        .links
        .iter()
        .map(|l| (l.from.clone(), l.to.clone()))
        .collect();
    edges.sort();
    links.sort();
    assert_eq!(links, edges, "each link of the DOT drawn once");
    let (_, again) = sahel_kg::render::network::svg(&actors, &relations).expect("a picture");
    assert!(again == svg, "a second drawing differs");
}

#[test]
fn the_timeline_shows_the_break_with_france_and_the_aes() {
    let svg = read("timeline.svg");
    assert!(svg.contains("France — Mali : allié de"));
    assert!(svg.contains("début inconnu – 2022, ancienne"));
    assert!(svg.contains("Mali — Alliance des États du Sahel (AES) : membre de"));
    assert!(svg.contains("depuis 2023-09, actuelle"));
}

#[test]
fn the_page_is_self_contained_and_answers_the_question() {
    let html = read("index.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(!html.contains("<script"), "no scripts");
    for external in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(
            !html.contains(external),
            "the page loads something from outside: {external}"
        );
    }
    for id in [
        "id=\"allies\"",
        "id=\"opponents\"",
        "id=\"network\"",
        "id=\"timeline\"",
        "id=\"evidence\"",
    ] {
        assert!(html.contains(id), "missing {id}");
    }
    assert_eq!(html.matches("<h1>").count(), 1);
    assert_eq!(html.matches("<svg ").count(), 2, "the two pictures");
    // Every claim appears with its quote highlighted in context.
    let evidence =
        std::fs::read_to_string(root().join("output/evidence.csv")).expect("evidence.csv");
    let claims = evidence.lines().count() - 1;
    let quotes: Vec<&str> = html.split("<blockquote").skip(1).collect();
    assert_eq!(quotes.len(), claims, "one quote in context per claim");
    assert!(
        quotes.iter().all(|q| q.contains("<mark>")),
        "every quote is highlighted"
    );
    // The allies table says current and former in words, not by colour alone.
    let allies = html
        .split("<table id=\"allies\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("allies table");
    assert!(allies.contains("<th scope=\"col\">Statut</th>"));
    assert!(allies.contains("France</th>") && allies.contains(">ancien</span>"));
    assert!(allies.contains("Russie</th>") && allies.contains(">actuel</span>"));
}
