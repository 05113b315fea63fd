//! Stage 6e: the relations on a time axis.
//!
//! In: the answer of the stored query `relations` and the date of the latest source. Out:
//! `timeline.svg`, one labelled bar per relation that has a start or an end date: the break
//! with France, Wagner's arrival, the AES, leaving ECOWAS/CEDEAO. A bar starts at its start
//! date, or, when the texts give none, at the left edge as a dotted line marked "début
//! inconnu"; it stops at its end date, or runs on to the latest source with an arrow when the
//! relation holds. A partial date (`2022`, `2023-09`) is drawn at the middle of the period it
//! names. Colours and line styles are those of the network picture, and every bar also says in
//! words what it is. At most 60 bars, Mali's relations first. A corpus that validates may date
//! nothing (no fact with a start or an end, no source with a date, no fact at all): the picture
//! is still drawn, and says so rather than invent an axis (see `svg`). What this does not do:
//! guess dates the texts do not give.

use std::fmt::Write as _;

use crate::answer::{Answer, Record};
use crate::pipeline::dates::PartialDate;
use crate::render::markup::escape;
use crate::render::network::{RELATIONS, STATUSES};

/// A date as a fractional year, at the middle of the period it names.
fn year(date: PartialDate) -> f64 {
    let day = |(y, m, d): (u16, u8, u8)| {
        f64::from(y) + (f64::from(m) - 1.0) / 12.0 + (f64::from(d) - 1.0) / 365.0
    };
    f64::midpoint(day(date.earliest()), day(date.latest()) + 1.0 / 365.0)
}

struct Bar {
    label: String,
    relation: String,
    status: String,
    start: Option<PartialDate>,
    end: Option<PartialDate>,
}

/// Where things go on the picture.
struct Layout {
    first: f64,
    last: f64,
    /// Where a relation that still holds stops, as a fractional year: at the latest source,
    /// or, when no source is dated, at the right end of the axis.
    open_end: f64,
    label_width: f64,
    chart_width: f64,
}

impl Layout {
    /// The x of a fractional year.
    fn x(&self, y: f64) -> f64 {
        self.label_width + (y - self.first) / (self.last - self.first) * self.chart_width
    }
}

/// The most bars the chart draws.
const MAX_BARS: usize = 60;

/// The picture's width: labels, chart, and the bars in words.
const WIDTH: f64 = 650.0 + 480.0 + 250.0;

/// The start and end of a row of the `relations` answer, when the texts give them.
fn dates(r: &Record<'_>) -> (Option<PartialDate>, Option<PartialDate>) {
    (
        PartialDate::parse(r.get("since")).ok(),
        PartialDate::parse(r.get("until")).ok(),
    )
}

/// Whether a row of the `relations` answer has a place on the time axis: a start or an end.
/// The page asks too, to caption the picture truthfully.
pub(crate) fn is_dated(r: &Record<'_>) -> bool {
    dates(r) != (None, None)
}

/// The relations that have a start or an end date, in date order: Mali's first, then the
/// others, in the order of the relations report, up to `MAX_BARS` (thousands at scale).
fn bars(relations: &Answer) -> Vec<Bar> {
    // Chosen before any label is built: building a bar for every dated relation would cost
    // the whole corpus, for `MAX_BARS` bars.
    let mut mali = Vec::new();
    let mut others = Vec::new();
    for r in relations.records() {
        let chosen = if r.get("Source") == "mali" || r.get("Target") == "mali" {
            &mut mali
        } else {
            &mut others
        };
        if chosen.len() < MAX_BARS && is_dated(&r) {
            chosen.push(r);
        }
    }
    let mut bars: Vec<Bar> = mali
        .iter()
        .chain(&others)
        .take(MAX_BARS)
        .map(|r| {
            let (start, end) = dates(r);
            Bar {
                label: format!(
                    "{} — {} : {}",
                    r.get("source_label"),
                    r.get("target_label"),
                    r.get("Label")
                ),
                relation: r.get("relation").to_owned(),
                status: r.get("status").to_owned(),
                start,
                end,
            }
        })
        .collect();
    bars.sort_by(|a, b| {
        let key = |bar: &Bar| bar.start.or(bar.end).map_or(0.0, year);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.label.cmp(&b.label))
    });
    bars
}

/// The timeline picture; `now` is the date of the latest dated source, `None` when no source
/// the claims come from is dated.
///
/// Neither a date nor a dated relation is needed: a corpus that validates always exports. With
/// no dated relation there is nothing to place on a time axis, and the picture says so in
/// words (`nothing_dated`) instead of drawing an empty axis. With dated relations but no dated
/// source, the axis spans the relations' own dates, and a relation that still holds runs on
/// to its right end, since the date of the latest source is unknown.
pub(crate) fn svg(relations: &Answer, now: Option<PartialDate>) -> anyhow::Result<String> {
    let bars = bars(relations);
    if bars.is_empty() {
        return Ok(nothing_dated()?);
    }
    let dated = || {
        bars.iter()
            .flat_map(|b| [b.start, b.end])
            .flatten()
            .map(year)
    };
    // The axis holds every date drawn: the latest source when one is dated, and every start
    // and end (a fact from an undated source may be dated after every dated source).
    let earliest = dated().chain(now.map(year)).fold(f64::INFINITY, f64::min);
    let latest = dated()
        .chain(now.map(year))
        .fold(f64::NEG_INFINITY, f64::max);
    let (first, last) = (earliest.floor() - 1.0, latest.floor() + 1.0);
    let layout = Layout {
        first,
        last,
        open_end: now.map_or(last, year),
        label_width: 650.0,
        chart_width: 480.0,
    };
    let (row, top) = (30.0, 56.0);
    #[allow(clippy::cast_precision_loss, reason = "a few dozen rows")]
    let height = top + row * bars.len() as f64 + 72.0;
    let width = WIDTH;

    let mut out = String::new();
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">"
    )?;
    writeln!(
        out,
        "<title id=\"timeline-title\">Chronologie des relations datées</title>"
    )?;
    match now {
        Some(now) => writeln!(
            out,
            "<desc id=\"timeline-desc\">Une barre par relation dont les sources donnent un début ou une fin, de {first:.0} à {now}. Flèche : la relation dure encore à la date de la dernière source ; pointillés au début : début inconnu.</desc>"
        )?,
        None => writeln!(
            out,
            "<desc id=\"timeline-desc\">Une barre par relation dont les sources donnent un début ou une fin, de {first:.0} à {last:.0}. Aucune source n'est datée : la flèche d'une relation qui dure encore va jusqu'au bout de l'axe ; pointillés au début : début inconnu.</desc>"
        )?,
    }
    writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"white\"/>"
    )?;
    writeln!(
        out,
        "<defs><marker id=\"timeline-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"14\" markerHeight=\"14\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444\"/></marker></defs>"
    )?;
    axis(&mut out, &layout, now, (top, height))?;
    for (i, bar) in bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a few dozen rows")]
        let cy = top + row * i as f64 + row / 2.0;
        draw_bar(&mut out, &layout, bar, cy)?;
    }
    legend(&mut out, layout.label_width, height - 12.0)?;
    writeln!(out, "</svg>")?;
    Ok(out)
}

/// The years on the axis, and the date of the latest source (or that none is dated), between
/// `top` and `height`.
fn axis(
    out: &mut String,
    layout: &Layout,
    now: Option<PartialDate>,
    (top, height): (f64, f64),
) -> anyhow::Result<()> {
    // Years on the axis.
    let mut tick = layout.first;
    while tick <= layout.last {
        let tx = layout.x(tick);
        writeln!(
            out,
            "<line x1=\"{tx:.1}\" y1=\"{:.0}\" x2=\"{tx:.1}\" y2=\"{:.0}\" stroke=\"#ddd\"/><text x=\"{tx:.1}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"#333\">{tick:.0}</text>",
            top - 16.0,
            height - 62.0,
            top - 22.0
        )?;
        tick += 1.0;
    }
    if let Some(now) = now {
        let now_x = layout.x(year(now));
        writeln!(
            out,
            "<line x1=\"{now_x:.1}\" y1=\"{:.0}\" x2=\"{now_x:.1}\" y2=\"{:.0}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/><text x=\"{now_x:.1}\" y=\"{:.0}\" text-anchor=\"middle\" fill=\"#555\" font-size=\"11\">dernière source ({now})</text>",
            top - 12.0,
            height - 62.0,
            height - 46.0
        )?;
    } else {
        writeln!(
            out,
            "<text id=\"timeline-undated\" x=\"{:.1}\" y=\"{:.0}\" text-anchor=\"end\" fill=\"#555\" font-size=\"11\">sources non datées : date de la dernière source inconnue</text>",
            layout.x(layout.last),
            height - 46.0
        )?;
    }
    Ok(())
}

/// One relation: its label, its bar from start to end (or on to the latest source) and, in the
/// right-hand column, the same in words.
fn draw_bar(out: &mut String, layout: &Layout, bar: &Bar, cy: f64) -> std::fmt::Result {
    let colour = RELATIONS
        .iter()
        .find(|r| r.code == bar.relation)
        .map_or("#444", |r| r.colour);
    let status = STATUSES
        .iter()
        .find(|(s, _, _)| *s == bar.status)
        .map_or(bar.status.as_str(), |(_, _, fr)| fr);
    writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        layout.label_width - 10.0,
        cy + 4.0,
        escape(&bar.label)
    )?;
    let (x_end, arrow) = match bar.end {
        Some(end) => (layout.x(year(end)), ""),
        None => (
            layout.x(layout.open_end),
            " marker-end=\"url(#timeline-arrow)\"",
        ),
    };
    let x_start = if let Some(start) = bar.start {
        layout.x(year(start))
    } else {
        let from = layout.x(layout.first);
        writeln!(
            out,
            "<line x1=\"{from:.1}\" y1=\"{cy:.1}\" x2=\"{x_end:.1}\" y2=\"{cy:.1}\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"2 4\"/>"
        )?;
        x_end
    };
    let dash = if bar.status == "implied" {
        " stroke-dasharray=\"2 3\""
    } else {
        ""
    };
    if x_start < x_end {
        writeln!(
            out,
            "<line x1=\"{x_start:.1}\" y1=\"{cy:.1}\" x2=\"{x_end:.1}\" y2=\"{cy:.1}\" stroke=\"{colour}\" stroke-width=\"9\"{dash}{arrow}/>"
        )?;
    }
    if bar.end.is_some() {
        writeln!(
            out,
            "<line x1=\"{x_end:.1}\" y1=\"{:.1}\" x2=\"{x_end:.1}\" y2=\"{:.1}\" stroke=\"#222\" stroke-width=\"2.5\"/>",
            cy - 8.0,
            cy + 8.0
        )?;
    }
    let words = match (bar.start, bar.end) {
        (Some(s), Some(e)) => format!("{s} – {e}, {status}"),
        (Some(s), None) => format!("depuis {s}, {status}"),
        (None, Some(e)) => format!("début inconnu – {e}, {status}"),
        (None, None) => status.to_owned(),
    };
    writeln!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333\">{}</text>",
        layout.label_width + layout.chart_width + 16.0,
        cy + 4.0,
        escape(&words)
    )
}

/// The picture when no relation is dated: its title, and in words why there is no axis and
/// what would put a relation on one. Always the same bytes.
fn nothing_dated() -> Result<String, std::fmt::Error> {
    let height = 110.0;
    let mut out = String::new();
    writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"timeline-title timeline-desc\" width=\"{WIDTH:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"12\">"
    )?;
    writeln!(
        out,
        "<title id=\"timeline-title\">Chronologie des relations datées</title>"
    )?;
    writeln!(
        out,
        "<desc id=\"timeline-desc\">{NOTHING_DATED} {HOW_TO_DATE}</desc>"
    )?;
    writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{WIDTH:.0}\" height=\"{height:.0}\" fill=\"white\"/>"
    )?;
    writeln!(
        out,
        "<text id=\"timeline-empty\" x=\"{:.0}\" y=\"48\" text-anchor=\"middle\" font-size=\"15\" fill=\"#333\">{NOTHING_DATED}</text>",
        WIDTH / 2.0
    )?;
    writeln!(
        out,
        "<text x=\"{:.0}\" y=\"76\" text-anchor=\"middle\" font-size=\"12\" fill=\"#555\">{HOW_TO_DATE}</text>",
        WIDTH / 2.0
    )?;
    writeln!(out, "</svg>")?;
    Ok(out)
}

/// What the picture says when no relation is dated (plain text: no character to escape).
const NOTHING_DATED: &str =
    "Aucune relation n'est datée par les sources : rien à placer sur un axe du temps.";

/// What would put a relation on the axis.
const HOW_TO_DATE: &str = "Une relation y figure quand un fait en donne le début ou la fin (colonnes start et end de facts.csv).";

fn legend(out: &mut String, x: f64, y: f64) -> std::fmt::Result {
    writeln!(
        out,
        "<g id=\"timeline-legend\" font-size=\"11\" fill=\"#333\">"
    )?;
    writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{y:.0}\" text-anchor=\"end\" font-weight=\"bold\">Légende :</text>",
        x - 10.0
    )?;
    let mut at = x;
    for r in RELATIONS {
        writeln!(
            out,
            "<line x1=\"{at:.0}\" y1=\"{0:.0}\" x2=\"{1:.0}\" y2=\"{0:.0}\" stroke=\"{2}\" stroke-width=\"8\"/>",
            y - 4.0,
            at + 24.0,
            r.colour
        )?;
        writeln!(
            out,
            "<text x=\"{:.0}\" y=\"{y:.0}\">{}</text>",
            at + 30.0,
            escape(r.legend)
        )?;
        at += 150.0;
    }
    writeln!(
        out,
        "<line x1=\"{at:.0}\" y1=\"{0:.0}\" x2=\"{1:.0}\" y2=\"{0:.0}\" stroke=\"#444\" stroke-width=\"3\" stroke-dasharray=\"2 4\"/>",
        y - 4.0,
        at + 24.0
    )?;
    writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{y:.0}\">début inconnu</text>",
        at + 30.0
    )?;
    at += 120.0;
    writeln!(
        out,
        "<line x1=\"{at:.0}\" y1=\"{0:.0}\" x2=\"{1:.0}\" y2=\"{0:.0}\" stroke=\"#444\" stroke-width=\"8\" marker-end=\"url(#timeline-arrow)\"/>",
        y - 4.0,
        at + 24.0
    )?;
    writeln!(
        out,
        "<text x=\"{:.0}\" y=\"{y:.0}\">dure encore</text>",
        at + 34.0
    )?;
    at += 120.0;
    writeln!(
        out,
        "<line x1=\"{at:.0}\" y1=\"{0:.0}\" x2=\"{at:.0}\" y2=\"{1:.0}\" stroke=\"#222\" stroke-width=\"2.5\"/>",
        y - 12.0,
        y + 4.0
    )?;
    writeln!(out, "<text x=\"{:.0}\" y=\"{y:.0}\">fin</text>", at + 8.0)?;
    writeln!(out, "</g>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_answers::{answer_of, presented_columns};

    #[test]
    fn partial_dates_sit_at_the_middle_of_their_period() {
        let y2022 = year(PartialDate::parse("2022").unwrap());
        assert!((y2022 - 2022.5).abs() < 0.01, "{y2022}");
        let sept = year(PartialDate::parse("2023-09").unwrap());
        assert!(sept > 2023.66 && sept < 2023.75, "{sept}");
    }

    /// A `relations` answer with the columns the pictures and the page read; each row gives
    /// the target, the status, `since` and `until` of a relation of Mali's.
    fn relations(rows: &[[&str; 4]]) -> Answer {
        let rows = rows.iter().map(|&[target, status, since, until]| {
            [
                "mali",
                target,
                "Undirected",
                "allié de",
                "1",
                "allyOf",
                status,
                since,
                until,
                "Mali",
                target,
            ]
        });
        answer_of(presented_columns("relations"), rows)
    }

    #[test]
    fn with_no_dated_relation_the_picture_says_so_and_draws_no_axis() {
        let undated = relations(&[["russia", "current", "", ""]]);
        for now in [None, Some(PartialDate::parse("2025-04").unwrap())] {
            let svg = svg(&undated, now).unwrap();
            assert_eq!(svg, nothing_dated().unwrap());
            assert!(svg.contains(NOTHING_DATED));
            assert!(!svg.contains("<line"), "{svg}");
        }
        assert_eq!(
            svg(&relations(&[]), None).unwrap(),
            nothing_dated().unwrap()
        );
    }

    #[test]
    fn without_a_dated_source_a_relation_that_holds_runs_to_the_end_of_the_axis() {
        let svg = svg(&relations(&[["russia", "current", "2021", ""]]), None).unwrap();
        // 2020 to 2022: the axis ends at 650 + 480.
        assert!(
            svg.contains(
                "x2=\"1130.0\" y2=\"71.0\" stroke=\"#009e73\" stroke-width=\"9\" marker-end"
            ),
            "{svg}"
        );
        assert!(svg.contains(">2022</text>") && !svg.contains(">2023</text>"));
        assert!(svg.contains("id=\"timeline-undated\""));
        assert!(!svg.contains("dernière source ("), "no date is made up");
    }

    #[test]
    fn a_relation_dated_after_the_latest_dated_source_stays_on_the_axis() {
        // A fact from an undated source may be dated after every dated one.
        let now = PartialDate::parse("2025-04").unwrap();
        let svg = svg(&relations(&[["russia", "current", "2027", ""]]), Some(now)).unwrap();
        assert!(svg.contains(">2028</text>"), "{svg}");
        assert!(svg.contains("dernière source (2025-04)"));
    }
}
