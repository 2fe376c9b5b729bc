//! Tables: columns sized from their content, a header row that repeats
//! on each new page, and rows kept whole.

use super::Chunk;
use crate::compose::doc::{Inline, Table};
use crate::load::theme::FontRole;
use crate::pdf::fonts::FaceId;
use crate::pdf::fonts::FontSet;
use crate::pdf::layout::bidi::Direction;
use crate::pdf::layout::page::Item;
use crate::pdf::layout::tags::{Role, Tag};
use crate::pdf::layout::text;
use crate::pdf::layout::text::Align;
use crate::pdf::layout::text::StyledText;
use crate::pdf::layout::text::TextStyle;

use super::Builder;

impl Builder<'_> {
    /// A table; in right-to-left text its first column is on the right.
    pub(super) fn table(&mut self, table: &Table, x: f32, width: f32, gap: f32) {
        let direction = table_direction(table).unwrap_or(self.direction);
        self.directed(direction, |builder| builder.table_in(table, x, width, gap));
    }

    fn table_in(&mut self, table: &Table, x: f32, width: f32, gap: f32) {
        let header_style = TextStyle {
            face: FaceId::Theme(FontRole::Heading),
            size: self.style.small,
            colour: self.style.text,
            ..self.body_style()
        };
        let cell_style = TextStyle {
            size: self.style.body * 0.92,
            ..self.body_style()
        };
        let columns = table
            .header
            .len()
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        // Every row has a cell per column, so the table is regular for
        // readers; a header cell heads its column.
        let table_node = self.node(Role::Table);
        let row_cells =
            |builder: &mut Self, cells: &[Vec<Inline>], role: Role, style: &TextStyle| {
                let row = builder.tree.add(table_node, Role::TR);
                (0..columns)
                    .map(|column| {
                        let cell_style = TextStyle {
                            tag: Tag::Node(builder.tree.add(row, role)),
                            ..style.clone()
                        };
                        cells
                            .get(column)
                            .map(|cell| builder.spans(cell, &cell_style))
                            .unwrap_or_default()
                    })
                    .collect::<Vec<Vec<StyledText>>>()
            };
        let header = row_cells(self, &table.header, Role::TH, &header_style);
        let rows: Vec<Vec<Vec<StyledText>>> = table
            .rows
            .iter()
            .map(|row| row_cells(self, row, Role::TD, &cell_style))
            .collect();
        let padding = 4.0;
        let widths = column_widths(self.fonts, &header, &rows, columns, width, padding);
        let mut first = true;
        let header_chunk = self.flow.chunks.len();
        for (is_header, row) in
            std::iter::once((true, &header)).chain(rows.iter().map(|r| (false, r)))
        {
            let mut items = Vec::new();
            let mut height: f32 = 0.0;
            let mut cx = x;
            for (column, cell_width) in widths.iter().enumerate() {
                let left = match self.direction {
                    Direction::Ltr => cx,
                    Direction::Rtl => 2.0 * x + width - cx - cell_width,
                };
                if let Some(cell) = row.get(column) {
                    let lines = self.set(cell, cell_width - 2.0 * padding, Align::Start, 1.3);
                    let mut y = padding;
                    for line in lines {
                        for mut item in line.items {
                            item.translate(left + padding, y);
                            items.push(item);
                        }
                        y += line.height;
                    }
                    height = height.max(y + padding);
                }
                cx += cell_width;
            }
            items.push(Item::Line {
                x1: x,
                y1: height,
                x2: x + width,
                y2: height,
                width: if is_header { 0.9 } else { 0.4 },
                colour: if is_header {
                    self.style.text
                } else {
                    self.style.rule
                },
            });
            self.push(Chunk {
                height,
                space_before: if first { gap } else { 0.0 },
                items,
                keep_with_next: is_header,
                repeat_header: (!is_header).then_some(header_chunk),
                ..Chunk::default()
            });
            first = false;
        }
    }
}

/// The direction of a table's first strong letter, if it has one.
pub(super) fn table_direction(table: &Table) -> Option<Direction> {
    table
        .header
        .iter()
        .chain(table.rows.iter().flatten())
        .find_map(|cell| Direction::of_text(&Inline::plain_text(cell)))
}

/// Column widths from content: each column gets at least its longest word,
/// and the rest of the width in proportion to its natural width.
fn column_widths(
    fonts: &FontSet,
    header: &[Vec<StyledText>],
    rows: &[Vec<Vec<StyledText>>],
    columns: usize,
    width: f32,
    padding: f32,
) -> Vec<f32> {
    let mut natural = vec![0.0f32; columns];
    let mut minimum = vec![0.0f32; columns];
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        for (column, cell) in row.iter().enumerate().take(columns) {
            natural[column] = natural[column].max(text::natural_width(fonts, cell) + 2.0 * padding);
            minimum[column] = minimum[column].max(text::longest_word(fonts, cell) + 2.0 * padding);
        }
    }
    let total: f32 = natural.iter().sum();
    if total <= width {
        let extra = (width - total) / columns as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let min_total: f32 = minimum.iter().sum();
    if min_total >= width {
        return minimum.iter().map(|w| w / min_total * width).collect();
    }
    let flexible: f32 = natural.iter().zip(&minimum).map(|(n, m)| n - m).sum();
    let spare = width - min_total;
    natural
        .iter()
        .zip(&minimum)
        .map(|(n, m)| {
            m + if flexible > 0.0 {
                (n - m) / flexible * spare
            } else {
                0.0
            }
        })
        .collect()
}
