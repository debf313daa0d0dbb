//! The conformance matrix as one self-contained HTML page (`docs/conformance/index.html`).

use super::{Area, Matrix, cell_text};
use minijinja::{Environment, context};
use serde::Serialize;

const TEMPLATE: &str = include_str!("matrix.html");

#[derive(Serialize)]
struct Cell {
    text: String,
    class: &'static str,
}

fn cell(c: &super::Counts) -> Cell {
    Cell {
        text: cell_text(c),
        class: if c.fail > 0 {
            "fail"
        } else if c.unverified > 0 {
            "unverified"
        } else if c.pass > 0 {
            "pass"
        } else {
            "none"
        },
    }
}

/// Renders the matrix as one HTML page (no network access needed to view it).
pub fn render(m: &Matrix) -> String {
    let areas: Vec<&str> = Area::ALL.iter().map(|a| a.title()).collect();
    let targets: Vec<_> = m
        .targets
        .iter()
        .map(|t| {
            context! {
                label => t.label,
                measured_on => t.measured_on,
                tool_version => t.tool_version,
                interrupted => t.interrupted,
                rules_reached => t.rules_reached.0,
                rules_all => t.rules_reached.1,
                totals => t.totals.iter().map(cell).collect::<Vec<_>>(),
                rows => t.rows.iter().map(|(op, cells)| context! {
                    op => op,
                    cells => cells.iter().map(cell).collect::<Vec<_>>(),
                }).collect::<Vec<_>>(),
                findings => t.findings,
                failing => t.findings.iter().filter(|f| f.status == "failure" || f.status == "known").count(),
            }
        })
        .collect();
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    let rendered = env.add_template("matrix", TEMPLATE).and_then(|_| {
        env.get_template("matrix")?.render(context! {
            date => m.date,
            areas => areas,
            targets => targets,
            not_measured => m.not_measured,
        })
    });
    rendered.unwrap_or_else(|e| format!("<!doctype html><p>cannot render the matrix: {e}</p>\n"))
}
