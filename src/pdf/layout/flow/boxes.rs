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
use crate::pdf::layout::page::Item;
use crate::pdf::layout::text;
use crate::pdf::layout::text::Align;
use crate::pdf::layout::text::StyledText;
use crate::pdf::layout::text::TextStyle;

use super::Builder;

impl Builder<'_> {
    pub(super) fn list(&mut self, list: &List, x: f32, width: f32, gap: f32, depth: usize) {
        let indent = self.style.body * 1.6;
        let indent = if width - indent < self.min_width() {
            0.0
        } else {
            indent
        };
        for (index, item) in list.items.iter().enumerate() {
            // Bullets every face of the default theme has (U+25E6 is missing).
            let marker = match list.start {
                Some(start) => format!("{}.", start + index as u64),
                None => ["•", "–", "‣"][depth % 3].to_string(),
            };
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
                        x + indent,
                        width - indent,
                        self.style.body * 0.3,
                        depth + 1,
                    ),
                    other => {
                        let block_gap = if block_index == 0 {
                            item_gap
                        } else {
                            self.paragraph_gap()
                        };
                        self.block_with_gap(other, x + indent, width - indent, block_gap);
                    }
                }
            }
            self.attach_marker(first_chunk, &marker, x, indent);
        }
    }

    pub(super) fn block_with_gap(&mut self, block: &Block, x: f32, width: f32, gap: f32) {
        let start = self.flow.chunks.len();
        self.block(block, x, width, true);
        if let Some(chunk) = self.flow.chunks.get_mut(start) {
            chunk.space_before = gap;
        }
    }

    /// Draws a list marker right-aligned before the first line of an item.
    pub(super) fn attach_marker(&mut self, chunk_index: usize, marker: &str, x: f32, indent: f32) {
        let style = self.body_style();
        let marker_spans = [StyledText {
            text: marker.to_string(),
            style,
        }];
        let marker_width = text::natural_width(self.fonts, &marker_spans);
        let lines = self.set(&marker_spans, indent, Align::Left, self.style.leading);
        let Some(chunk) = self.flow.chunks.get_mut(chunk_index) else {
            return;
        };
        let baseline = chunk.items.iter().find_map(|item| match item {
            Item::Text(run) => Some(run.y),
            _ => None,
        });
        if let (Some(baseline), Some(line)) = (baseline, lines.into_iter().next()) {
            for mut item in line.items {
                let dx = x + indent - marker_width - self.style.body * 0.5;
                item.translate(dx, baseline - line.baseline);
                chunk.items.push(item);
            }
        }
    }

    /// Lays out content inside a box with a background and/or a left bar.
    pub(super) fn framed(
        &mut self,
        frame: Frame,
        gap: f32,
        padding: f32,
        content: impl FnOnce(&mut Self, f32, f32),
    ) {
        let (x, width, fill) = (frame.x, frame.width, frame.fill);
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
        content(
            self,
            x + inset,
            width - inset - if fill.is_some() { padding * 2.0 } else { 0.0 },
        );
        self.push(Chunk {
            height: if fill.is_some() { padding } else { 0.0 },
            ..Chunk::default()
        });
        self.open_frames.pop();
    }

    pub(super) fn label_line(&mut self, text: &str, size: f32, colour: Rgb, x: f32, width: f32) {
        let spans = [StyledText {
            text: text.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Heading),
                size,
                colour,
                ..self.body_style()
            },
        }];
        for line in self.set(&spans, width, Align::Left, 1.3) {
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
        let accent = self.style.accent;
        let tint = self.style.tint;
        let small = self.style.small;
        let (body, text_colour) = (self.style.body, self.style.text);
        self.framed(
            Frame {
                x,
                width,
                fill: Some(tint),
                bar: Some(accent),
            },
            gap,
            6.0,
            |builder, x, width| {
                builder.label_line(&kind.label().to_uppercase(), small, accent, x, width);
                if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
                    builder.label_line(title, body, text_colour, x, width);
                }
                builder.glue_next_lines = true;
                builder.blocks(blocks, x, width);
            },
        );
    }

    pub(super) fn answer(&mut self, title: &str, blocks: &[Block], x: f32, width: f32, gap: f32) {
        let accent = self.style.accent;
        let tint = self.style.tint;
        let (small, h3, text_colour) = (self.style.small, self.style.h3, self.style.text);
        self.framed(
            Frame {
                x,
                width,
                fill: Some(tint),
                bar: Some(accent),
            },
            gap * 1.5,
            8.0,
            |builder, x, width| {
                builder.label_line("EXAMPLE ANSWER", small, accent, x, width);
                if !title.is_empty() {
                    builder.label_line(title, h3, text_colour, x, width);
                }
                if let Some(last) = builder.flow.chunks.last_mut() {
                    last.height += 4.0;
                }
                builder.glue_next_lines = true;
                builder.blocks(blocks, x, width);
            },
        );
    }
}
