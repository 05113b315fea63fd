//! The pictures and the page: valid, titled, with a legend, self-contained.

#![allow(clippy::expect_used, reason = "tests fail loudly")]

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

#[test]
fn the_network_centres_on_mali_and_leaves_out_people() {
    let dot = read("network.dot");
    assert!(dot.contains("root=\"mali\""));
    assert!(
        dot.contains("\"mali\" -- ") || dot.contains(" -- \"mali\""),
        "Mali has no drawn relation"
    );
    assert!(!dot.contains("\"vladimir-putin\""), "people are not drawn");
    let svg = read("network.svg");
    for label in ["Mali", "Russie", "France", "Wagner (Africa Corps)"] {
        assert!(
            svg.contains(&format!(">{label}</text>")),
            "{label} is not in the picture"
        );
    }
    // France is a former ally: its edge with Mali is dashed.
    let france = dot
        .lines()
        .find(|l| l.contains("\"france\" -- \"mali\"") && l.contains("#009e73"))
        .expect("France–Mali alliance edge");
    assert!(france.contains("style=dashed"), "{france}");
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
    assert_eq!(
        html.matches("<svg ").count(),
        2 + 1,
        "the two pictures (the network nests Graphviz's own svg)"
    );
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
