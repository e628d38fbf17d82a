//! Tables that fit the terminal: every table `list` and `status` print goes through [`fit`]
//! once its rows are in, so a column added later fits too. Short columns (dates, counts, names)
//! keep their width; the long ones (text, URLs, errors) share the rest and wrap, by words, then
//! by characters for a long URL. CJK characters count as two columns. Scripts get the full
//! text unwrapped with `list --format json` or `csv`.

use comfy_table::{ColumnConstraint, ContentArrangement, Table};

/// The width used when stdout is not a terminal and `COLUMNS` is unset: a pipe into `less` or a
/// log file reads like a standard terminal.
pub const DEFAULT_WIDTH: u16 = 80;

/// Narrower than this, the table would be all borders; `COLUMNS` below it is ignored.
const MIN_WIDTH: u16 = 40;

/// A column whose widest cell is at most this wide is "short" and is not wrapped (a date with
/// its time, "highlights", a count), as long as the long columns keep [`MIN_LONG`] each.
const SHORT: u16 = 20;
const MIN_LONG: u16 = 12;

/// Makes `table` wrap its cells to the terminal's width: `$COLUMNS` when set (as shells export
/// it), else the terminal's own width, else [`DEFAULT_WIDTH`]. Call it after adding the rows.
pub fn fit(table: &mut Table) -> &mut Table {
    table.set_content_arrangement(ContentArrangement::Dynamic);
    match columns() {
        Some(width) => {
            table.set_width(width);
        }
        // Not a terminal (comfy-table asks the terminal itself when it is one).
        None if table.width().is_none() => {
            table.set_width(DEFAULT_WIDTH);
        }
        None => {}
    }
    let width = table.width().unwrap_or(DEFAULT_WIDTH);
    keep_short_columns(table, width);
    table
}

/// Gives short columns their content's width when the long ones still get [`MIN_LONG`] each,
/// so that "2026-03-02 08:00 UTC" is not broken across lines to widen an error message.
fn keep_short_columns(table: &mut Table, width: u16) {
    let widths = table.column_max_content_widths();
    // Per column: a border and one space of padding on each side.
    let overhead = 3 * widths.len() as u16 + 1;
    let short: Vec<usize> = (0..widths.len()).filter(|&i| widths[i] <= SHORT).collect();
    let long = (widths.len() - short.len()) as u16;
    let short_total: u16 = short.iter().map(|&i| widths[i]).sum();
    if overhead + short_total + long * MIN_LONG > width {
        return;
    }
    for i in short {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
}

fn columns() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()?
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|&w| w >= MIN_WIDTH)
}
