//! Lists, callouts and answer cards: blocks set inside a box or beside a
//! marker, with the space and bars that frame them.

use super::Chunk;
use super::Frame;
use crate::compose::doc::Block;
use crate::compose::doc::CalloutKind;
use crate::compose::doc::List;
use crate::load::theme::FontRole;
use crate::load::theme::Rgb;
use crate::pdf::fonts::FaceId;
use crate::pdf::layout::bidi::Direction;
use crate::pdf::layout::page::Item;
use crate::pdf::layout::tags::{Role, Tag};
use crate::pdf::layout::text;
use crate::pdf::layout::text::Align;
use crate::pdf::layout::text::StyledText;
use crate::pdf::layout::text::TextStyle;

use super::Builder;

impl Builder<'_> {
    /// A list, its markers on the side its items start (the right in
    /// right-to-left text).
    pub(super) fn list(&mut self, list: &List, x: f32, width: f32, gap: f32, depth: usize) {
        let direction = list
            .items
            .iter()
            .flatten()
            .find_map(super::block_direction)
            .unwrap_or(self.direction);
        self.directed(direction, |builder| {
            builder.list_in(list, x, width, gap, depth);
        });
    }

    fn list_in(&mut self, list: &List, x: f32, width: f32, gap: f32, depth: usize) {
        let list_node = self.node(Role::L);
        let indent = self.style.body * 1.6;
        let indent = if width - indent < self.min_width() {
            0.0
        } else {
            indent
        };
        let (inner_x, inner_width) = self.inset(x, width, indent);
        for (index, item) in list.items.iter().enumerate() {
            // Bullets every face of the default theme has (U+25E6 is missing).
            let marker = match list.start {
                Some(start) => format!("{}.", start + index as u64),
                None => ["•", "–", "‣"][depth % 3].to_string(),
            };
            let list_item = self.tree.add(list_node, Role::LI);
            let label = self.tree.add(list_item, Role::Lbl);
            let body = self.tree.add(list_item, Role::LBody);
            let outer = std::mem::replace(&mut self.parent, body);
            let first_chunk = self.flow.chunks.len();
            let item_gap = if index == 0 {
                gap
            } else {
                self.style.body * 0.3
            };
            for (block_index, block) in item.iter().enumerate() {
                match block {
                    Block::List(inner) => self.list(
                        inner,
                        inner_x,
                        inner_width,
                        self.style.body * 0.3,
                        depth + 1,
                    ),
                    other => {
                        let block_gap = if block_index == 0 {
                            item_gap
                        } else {
                            self.paragraph_gap()
                        };
                        self.block_with_gap(other, inner_x, inner_width, block_gap);
                    }
                }
            }
            self.parent = outer;
            self.attach_marker(
                first_chunk,
                &marker,
                Tag::Node(label),
                (inner_x, inner_width),
            );
        }
    }

    pub(super) fn block_with_gap(&mut self, block: &Block, x: f32, width: f32, gap: f32) {
        let start = self.flow.chunks.len();
        self.block(block, x, width, true);
        if let Some(chunk) = self.flow.chunks.get_mut(start) {
            chunk.space_before = gap;
        }
    }

    /// Draws a list marker before the first line of an item, in the
    /// margin on the item's starting side beside `column` (its text's x and
    /// width), first among the line's items, as a reader meets it.
    pub(super) fn attach_marker(
        &mut self,
        chunk_index: usize,
        marker: &str,
        tag: Tag,
        (x, width): (f32, f32),
    ) {
        let style = TextStyle {
            tag,
            ..self.body_style()
        };
        let marker_spans = [StyledText {
            text: marker.to_string(),
            style,
        }];
        let marker_width = text::natural_width(self.fonts, &marker_spans);
        let direction = self.direction;
        let lines = self.set_with(
            &marker_spans,
            marker_width + 1.0,
            Align::Start,
            self.style.leading,
            direction,
        );
        let Some(chunk) = self.flow.chunks.get_mut(chunk_index) else {
            return;
        };
        let baseline = chunk.items.iter().find_map(|item| match item {
            Item::Text(run) => Some(run.y),
            _ => None,
        });
        if let (Some(baseline), Some(line)) = (baseline, lines.into_iter().next()) {
            let gap = self.style.body * 0.5;
            let dx = match direction {
                Direction::Ltr => x - marker_width - gap,
                Direction::Rtl => x + width + gap - 1.0,
            };
            let marker_items = line.items.into_iter().map(|mut item| {
                item.translate(dx, baseline - line.baseline);
                item
            });
            chunk.items.splice(0..0, marker_items);
        }
    }

    /// Lays out content inside a box with a background and/or a bar on
    /// the side its text starts.
    pub(super) fn framed(
        &mut self,
        frame: Frame,
        gap: f32,
        padding: f32,
        content: impl FnOnce(&mut Self, f32, f32),
    ) {
        let (x, width, fill, direction) = (frame.x, frame.width, frame.fill, frame.direction);
        self.flow.frames.push(frame);
        self.open_frames.push(self.flow.frames.len() - 1);
        let inset = if fill.is_some() {
            padding * 2.0
        } else {
            padding * 3.0
        };
        let padding = if width - inset - padding * 2.0 < self.min_width() {
            0.0
        } else {
            padding
        };
        let inset = if padding == 0.0 { 0.0 } else { inset };
        self.push(Chunk {
            height: if fill.is_some() { padding } else { 0.0 },
            space_before: gap,
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        let end_inset = if fill.is_some() { padding * 2.0 } else { 0.0 };
        let (inner_x, inner_width) = match direction {
            Direction::Ltr => (x + inset, width - inset - end_inset),
            Direction::Rtl => (x + end_inset, width - inset - end_inset),
        };
        self.directed(direction, |builder| content(builder, inner_x, inner_width));
        self.push(Chunk {
            height: if fill.is_some() { padding } else { 0.0 },
            ..Chunk::default()
        });
        self.open_frames.pop();
    }

    /// A short line in the heading face, tagged as `role` in the current
    /// element (or as the heading that fits there).
    pub(super) fn label_line(
        &mut self,
        text: &str,
        role: Role,
        (size, colour): (f32, Rgb),
        x: f32,
        width: f32,
    ) {
        let node = match role {
            Role::Heading(level) => self.heading_node(level),
            other => self.node(other),
        };
        let spans = [StyledText {
            text: text.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Heading),
                size,
                colour,
                tag: Tag::Node(node),
                ..self.body_style()
            },
        }];
        let direction = self.direction;
        for line in self.set_with(&spans, width, Align::Start, 1.3, direction) {
            let mut items = line.items;
            items.iter_mut().for_each(|i| i.translate(x, 0.0));
            self.push(Chunk {
                height: line.height,
                items,
                keep_with_next: true,
                keep_firmly: true,
                ..Chunk::default()
            });
        }
    }

    pub(super) fn callout(
        &mut self,
        kind: CalloutKind,
        title: Option<&str>,
        blocks: &[Block],
        x: f32,
        width: f32,
        gap: f32,
    ) {
        let (small, accent) = (self.style.small, self.style.accent);
        let (body, text_colour) = (self.style.body, self.style.text);
        let title = title.filter(|t| !t.trim().is_empty());
        let direction = self.direction_of_blocks(blocks);
        self.tinted_section(
            (x, width),
            direction,
            (gap, 6.0),
            |builder, level, x, width| {
                // The callout's title is its heading; without one, its label is.
                let label_role = match title {
                    Some(_) => Role::P,
                    None => Role::Heading(level + 1),
                };
                let label = kind.label(&builder.style.labels.blocks).to_uppercase();
                builder.label_line(&label, label_role, (small, accent), x, width);
                if let Some(title) = title {
                    let role = Role::Heading(level + 1);
                    builder.label_line(title, role, (body, text_colour), x, width);
                }
                builder.glue_next_lines = true;
                builder.blocks(blocks, x, width);
            },
        );
    }

    pub(super) fn answer(&mut self, title: &str, blocks: &[Block], x: f32, width: f32, gap: f32) {
        let (small, accent) = (self.style.small, self.style.accent);
        let (h3, text_colour) = (self.style.h3, self.style.text);
        let direction =
            Direction::of_text(title).unwrap_or_else(|| self.direction_of_blocks(blocks));
        self.tinted_section(
            (x, width),
            direction,
            (gap * 1.5, 8.0),
            |builder, level, x, width| {
                // The card's title is its heading; without one, its label is.
                let label_role = if title.is_empty() {
                    Role::Heading(level + 1)
                } else {
                    Role::P
                };
                let kicker = builder.style.labels.blocks.example_answer.to_uppercase();
                builder.label_line(&kicker, label_role, (small, accent), x, width);
                if !title.is_empty() {
                    builder.label_line(
                        title,
                        Role::Heading(level + 1),
                        (h3, text_colour),
                        x,
                        width,
                    );
                }
                if let Some(last) = builder.flow.chunks.last_mut() {
                    last.height += 4.0;
                }
                builder.glue_next_lines = true;
                builder.blocks(blocks, x, width);
            },
        );
    }

    /// A tinted box with an accent bar that is a section for readers:
    /// `content` gets the heading level around the box (its title goes one
    /// below it), and the level is back to that after the box.
    fn tinted_section(
        &mut self,
        (x, width): (f32, f32),
        direction: Direction,
        (gap, padding): (f32, f32),
        content: impl FnOnce(&mut Self, u8, f32, f32),
    ) {
        let section = self.node(Role::Sect);
        let level = self.heading_level;
        let frame = Frame {
            x,
            width,
            fill: Some(self.style.tint),
            bar: Some(self.style.accent),
            direction,
        };
        self.framed(frame, gap, padding, |builder, x, width| {
            builder.inside(section, |builder| content(builder, level, x, width));
        });
        self.heading_level = level;
    }
}
