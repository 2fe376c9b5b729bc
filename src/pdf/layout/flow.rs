//! Blocks of the IR to a flow of chunks: slices of a page's height (a line of
//! text, a table row, a writing line) with the rules that say which must
//! stay together. The paginator cuts the flow into pages.

use std::collections::BTreeSet;
use std::sync::Arc;

use hyphenation::Standard;

use crate::compose::doc::{
    Block, CalloutKind, DocChapter, Inline, List, Prompt, SortExercise, Table, Worksheet,
};
use crate::load::theme::{FontRole, Rgb};

use super::page::{Anchor, FieldLine, Item};
use super::style::PdfStyle;
use super::text::{self, Align, LineBox, LineSettings, StyledText, TextStyle};
use crate::pdf::fonts::{FaceId, FontSet};

/// A horizontal slice of content that is never split across pages.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub height: f32,
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Items relative to the chunk: x from the text block's left edge, y
    /// from the chunk's top.
    pub items: Vec<Item>,
    /// Must end up on the same page as the next chunk.
    pub keep_with_next: bool,
    /// Kept with the next chunk even when the group it belongs to is too
    /// tall for one page and has to break: headings, labels, rules.
    pub keep_firmly: bool,
    /// Starts a new page.
    pub break_before: bool,
    /// Boxes (by index into [`Flow::frames`]) this chunk lies in, outermost first.
    pub frames: Vec<usize>,
    /// For a table row: the header row's chunk, repeated when this row
    /// starts a page.
    pub repeat_header: Option<usize>,
    /// A chapter or section starting here: a target for links, the table of
    /// contents, bookmarks and (chapters) the running header.
    pub anchor: Option<Anchor>,
}

/// A box drawn behind a run of chunks: a tinted background and/or a bar.
#[derive(Debug, Clone)]
pub struct Frame {
    pub x: f32,
    pub width: f32,
    pub fill: Option<Rgb>,
    pub bar: Option<Rgb>,
}

/// The whole flow of a document's body.
#[derive(Debug, Default)]
pub struct Flow {
    pub chunks: Vec<Chunk>,
    pub frames: Vec<Frame>,
    /// Characters no font could show.
    pub missing: BTreeSet<char>,
}

/// Lays out chapters into a flow.
pub fn flow_chapters(
    fonts: &FontSet,
    style: &PdfStyle,
    hyphenator: Option<&Standard>,
    chapters: &[DocChapter],
) -> Flow {
    let mut builder = Builder {
        fonts,
        style,
        hyphenator,
        flow: Flow::default(),
        open_frames: Vec::new(),
        glue_next_lines: false,
    };
    for (index, chapter) in chapters.iter().enumerate() {
        builder.chapter_opening(index + 1, chapter);
        builder.blocks(&chapter.blocks, 0.0, style.content_width());
    }
    builder.flow
}

struct Builder<'a> {
    fonts: &'a FontSet,
    style: &'a PdfStyle,
    hyphenator: Option<&'a Standard>,
    flow: Flow,
    open_frames: Vec<usize>,
    /// The next paragraph's first two lines stay with the heading above.
    glue_next_lines: bool,
}

impl Builder<'_> {
    fn body_style(&self) -> TextStyle {
        TextStyle {
            face: FaceId::Theme(FontRole::Regular),
            size: self.style.body,
            colour: self.style.text,
            link: None,
            strikethrough: false,
        }
    }

    fn push(&mut self, mut chunk: Chunk) {
        chunk.frames = self.open_frames.clone();
        self.flow.chunks.push(chunk);
    }

    fn set(
        &mut self,
        spans: &[StyledText],
        width: f32,
        align: Align,
        leading: f32,
    ) -> Vec<LineBox> {
        text::set_lines(
            self.fonts,
            spans,
            LineSettings {
                width,
                align,
                leading,
                hyphenator: self.hyphenator,
            },
            &mut self.flow.missing,
        )
    }

    /// Pushes set lines as chunks, keeping the first two and last two lines
    /// of a paragraph together (no orphans, no widows).
    fn push_lines(&mut self, lines: Vec<LineBox>, x: f32, space_before: f32) {
        let count = lines.len();
        let glue = std::mem::take(&mut self.glue_next_lines);
        for (index, line) in lines.into_iter().enumerate() {
            let mut items = line.items;
            for item in &mut items {
                item.translate(x, 0.0);
            }
            // A lone line after a heading also holds on to what follows it.
            let keep = (count >= 2 && (index == 0 || index + 2 == count)) || (glue && index == 0);
            self.push(Chunk {
                height: line.height,
                space_before: if index == 0 { space_before } else { 0.0 },
                items,
                keep_with_next: keep,
                ..Chunk::default()
            });
        }
    }

    fn chapter_opening(&mut self, number: usize, chapter: &DocChapter) {
        let style = self.style;
        let width = style.content_width();
        let kicker = self.set(
            &[StyledText {
                text: format!("CHAPTER {number}"),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.small,
                    colour: style.accent,
                    ..self.body_style()
                },
            }],
            width,
            Align::Left,
            1.4,
        );
        let title = self.set(
            &[StyledText {
                text: chapter.title.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.h1,
                    colour: style.text,
                    ..self.body_style()
                },
            }],
            width,
            Align::Left,
            1.2,
        );
        let mut first = true;
        for line in kicker.into_iter().chain(title) {
            self.push(Chunk {
                height: line.height,
                space_before: if first && number > 1 {
                    style.h1 * 1.6
                } else {
                    0.0
                },
                items: line.items,
                keep_with_next: true,
                keep_firmly: true,
                break_before: first && (style.chapter_break || chapter.new_page),
                anchor: first.then(|| Anchor {
                    id: chapter.id.clone(),
                    title: chapter.title.clone(),
                    level: 1,
                }),
                ..Chunk::default()
            });
            first = false;
        }
        self.push(Chunk {
            height: 18.0,
            space_before: 4.0,
            items: vec![Item::Line {
                x1: 0.0,
                y1: 2.0,
                x2: 48.0,
                y2: 2.0,
                width: 2.5,
                colour: style.accent,
            }],
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        self.glue_next_lines = true;
    }

    fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) {
        for (index, block) in blocks.iter().enumerate() {
            self.block(block, x, width, index == 0);
        }
    }

    fn paragraph_gap(&self) -> f32 {
        self.style.body * 0.75
    }

    fn block(&mut self, block: &Block, x: f32, width: f32, first: bool) {
        let gap = if first { 0.0 } else { self.paragraph_gap() };
        match block {
            Block::Heading { level, id, content } => self.heading(*level, id, content, x, width),
            Block::Paragraph(inlines) => {
                let spans = self.spans(inlines, &self.body_style());
                let lines = self.set(&spans, width, Align::Justify, self.style.leading);
                self.push_lines(lines, x, gap);
            }
            Block::List(list) => self.list(list, x, width, gap, 0),
            Block::Quote(blocks) => {
                self.framed(
                    Frame {
                        x,
                        width,
                        fill: None,
                        bar: Some(self.style.rule),
                    },
                    gap,
                    4.0,
                    |builder, x, width| builder.blocks(blocks, x, width),
                );
            }
            Block::Callout { kind, blocks } => self.callout(*kind, blocks, x, width, gap),
            Block::Answer { title, blocks } => self.answer(title, blocks, x, width, gap),
            Block::Table(table) => self.table(table, x, width, gap),
            Block::Code(code) => {
                let style = TextStyle {
                    face: FaceId::Theme(FontRole::Mono),
                    size: self.style.small,
                    ..self.body_style()
                };
                let spans = [StyledText {
                    text: code.trim_end().to_string(),
                    style,
                }];
                self.framed(
                    Frame {
                        x,
                        width,
                        fill: Some(self.style.tint),
                        bar: None,
                    },
                    gap,
                    6.0,
                    |builder, x, width| {
                        let lines = builder.set(&spans, width, Align::Left, 1.35);
                        builder.push_lines(lines, x, 0.0);
                    },
                );
            }
            Block::Rule => self.push(Chunk {
                height: 12.0,
                space_before: gap,
                items: vec![Item::Line {
                    x1: x + width * 0.35,
                    y1: 6.0,
                    x2: x + width * 0.65,
                    y2: 6.0,
                    width: 0.6,
                    colour: self.style.rule,
                }],
                ..Chunk::default()
            }),
            Block::Worksheet(worksheet) => self.worksheet(worksheet, x, width),
        }
    }

    fn heading(&mut self, level: u8, id: &str, content: &[Inline], x: f32, width: f32) {
        let size = match level {
            2 => self.style.h2,
            3 => self.style.h3,
            _ => self.style.body,
        };
        let style = TextStyle {
            face: FaceId::Theme(FontRole::Heading),
            size,
            colour: if level == 2 {
                self.style.accent
            } else {
                self.style.text
            },
            ..self.body_style()
        };
        let spans = self.spans(content, &style);
        let lines = self.set(&spans, width, Align::Left, 1.25);
        let space = if level == 2 { size * 1.3 } else { size * 1.0 };
        for (index, line) in lines.into_iter().enumerate() {
            let mut items = line.items;
            items.iter_mut().for_each(|i| i.translate(x, 0.0));
            self.push(Chunk {
                height: line.height + if level == 2 { 2.0 } else { 0.0 },
                space_before: if index == 0 { space } else { 0.0 },
                items,
                keep_with_next: true,
                keep_firmly: true,
                anchor: (index == 0).then(|| Anchor {
                    id: id.to_string(),
                    title: Inline::plain_text(content),
                    level,
                }),
                ..Chunk::default()
            });
        }
        self.glue_next_lines = true;
    }

    /// The narrowest a nested block may get: deeper quotes and lists stop
    /// indenting here, so their text stays on the page.
    fn min_width(&self) -> f32 {
        self.style.body * 12.0
    }

    fn list(&mut self, list: &List, x: f32, width: f32, gap: f32, depth: usize) {
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

    fn block_with_gap(&mut self, block: &Block, x: f32, width: f32, gap: f32) {
        let start = self.flow.chunks.len();
        self.block(block, x, width, true);
        if let Some(chunk) = self.flow.chunks.get_mut(start) {
            chunk.space_before = gap;
        }
    }

    /// Draws a list marker right-aligned before the first line of an item.
    fn attach_marker(&mut self, chunk_index: usize, marker: &str, x: f32, indent: f32) {
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
    fn framed(
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

    fn label_line(&mut self, text: &str, size: f32, colour: Rgb, x: f32, width: f32) {
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

    fn callout(&mut self, kind: CalloutKind, blocks: &[Block], x: f32, width: f32, gap: f32) {
        let accent = self.style.accent;
        let tint = self.style.tint;
        let small = self.style.small;
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
                builder.glue_next_lines = true;
                builder.blocks(blocks, x, width);
            },
        );
    }

    fn answer(&mut self, title: &str, blocks: &[Block], x: f32, width: f32, gap: f32) {
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

    fn table(&mut self, table: &Table, x: f32, width: f32, gap: f32) {
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
        let header: Vec<Vec<StyledText>> = table
            .header
            .iter()
            .map(|c| self.spans(c, &header_style))
            .collect();
        let rows: Vec<Vec<Vec<StyledText>>> = table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| self.spans(c, &cell_style)).collect())
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
                if let Some(cell) = row.get(column) {
                    let lines = self.set(cell, cell_width - 2.0 * padding, Align::Left, 1.3);
                    let mut y = padding;
                    for line in lines {
                        for mut item in line.items {
                            item.translate(cx + padding, y);
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

    fn worksheet(&mut self, worksheet: &Worksheet, x: f32, width: f32) {
        let style = self.style;
        let opening = self.flow.chunks.len();
        // A heavy rule and the title open the worksheet.
        self.push(Chunk {
            height: 6.0,
            space_before: style.body * 1.6,
            items: vec![Item::Line {
                x1: x,
                y1: 0.0,
                x2: x + width,
                y2: 0.0,
                width: 1.6,
                colour: style.accent,
            }],
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        self.label_line(&worksheet.title, style.h3, style.accent, x, width);
        if !worksheet.intro.is_empty() {
            let spans = [StyledText {
                text: worksheet.intro.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Italic),
                    ..self.body_style()
                },
            }];
            let lines = self.set(&spans, width, Align::Left, style.leading);
            self.glue_next_lines = true;
            self.push_lines(lines, x, 2.0);
        }
        // The worksheet's title and introduction stay with its first prompt.
        for chunk in &mut self.flow.chunks[opening..] {
            chunk.keep_with_next = true;
        }
        for prompt in &worksheet.prompts {
            self.prompt(prompt, x, width);
        }
        if let Some(sort) = &worksheet.sort {
            self.sort(sort, x, width);
        }
    }

    /// A prompt: its question, any hint, and ruled writing lines that carry
    /// a fillable form field named after the prompt.
    fn prompt(&mut self, prompt: &Prompt, x: f32, width: f32) {
        let (question, hint, answer) = (&prompt.question, &prompt.hint, &prompt.answer);
        let style = self.style;
        let question_spans = [StyledText {
            text: question.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Bold),
                ..self.body_style()
            },
        }];
        let mut chunks_start = self.flow.chunks.len();
        let question_lines = self.set(&question_spans, width, Align::Left, style.leading);
        self.push_lines(question_lines, x, style.body * 1.1);
        if !hint.is_empty() {
            let hint_spans = [StyledText {
                text: hint.to_string(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Italic),
                    size: style.small,
                    colour: style.muted,
                    ..self.body_style()
                },
            }];
            let hint_lines = self.set(&hint_spans, width, Align::Left, 1.3);
            self.push_lines(hint_lines, x, 1.0);
        }
        // Pre-filled text sits on the writing lines, in a hand-like sans.
        let answer_spans = [StyledText {
            text: answer.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Label),
                size: style.body,
                colour: style.accent,
                ..self.body_style()
            },
        }];
        let answer_lines = if answer.trim().is_empty() {
            Vec::new()
        } else {
            self.set(&answer_spans, width - 4.0, Align::Left, 1.0)
        };
        let slots = (prompt.lines as usize).max(answer_lines.len() + 1);
        let mut answer_lines = answer_lines.into_iter();
        // Every line of the field refers to one copy of its name and value.
        let (name, value): (Arc<str>, Arc<str>) =
            (prompt.id.as_str().into(), answer.as_str().into());
        for slot in 0..slots {
            let height = style.writing_line;
            // The pre-filled text is the field's appearance, not page content,
            // so that typing into the field replaces it.
            let mut text = Vec::new();
            if let Some(line) = answer_lines.next() {
                for mut item in line.items {
                    item.translate(x + 2.0, height - 4.0 - line.baseline);
                    if let Item::Text(run) = item {
                        text.push(run);
                    }
                }
            }
            let mut items = vec![Item::Field(FieldLine {
                name: name.clone(),
                value: value.clone(),
                x,
                y: 0.0,
                width,
                height,
                text,
            })];
            items.push(Item::Line {
                x1: x,
                y1: height,
                x2: x + width,
                y2: height,
                width: 0.5,
                colour: style.rule,
            });
            self.push(Chunk {
                height,
                space_before: if slot == 0 { 2.0 } else { 0.0 },
                items,
                keep_with_next: true,
                ..Chunk::default()
            });
        }
        // The question and all its lines form one unit; the question
        // stays with its first line even when the unit must break.
        let first_slot = self.flow.chunks.len() - slots;
        while chunks_start < self.flow.chunks.len() - 1 {
            let chunk = &mut self.flow.chunks[chunks_start];
            chunk.keep_with_next = true;
            chunk.keep_firmly = chunks_start < first_slot;
            chunks_start += 1;
        }
        if let Some(last) = self.flow.chunks.last_mut() {
            last.keep_with_next = false;
        }
    }

    fn sort(&mut self, sort: &SortExercise, x: f32, width: f32) {
        let style = self.style;
        let column = 64.0f32.max(
            sort.choices
                .iter()
                .map(|c| {
                    text::natural_width(
                        self.fonts,
                        &[StyledText {
                            text: c.clone(),
                            style: TextStyle {
                                face: FaceId::Theme(FontRole::Heading),
                                size: style.small,
                                ..self.body_style()
                            },
                        }],
                    ) + 12.0
                })
                .fold(0.0, f32::max),
        );
        let text_width = width - column * sort.choices.len() as f32 - 24.0;
        // Header: the choices over their columns.
        let mut items = Vec::new();
        for (index, choice) in sort.choices.iter().enumerate() {
            let spans = [StyledText {
                text: choice.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.small,
                    colour: style.accent,
                    ..self.body_style()
                },
            }];
            if let Some(line) = self
                .set(&spans, column, Align::Center, 1.3)
                .into_iter()
                .next()
            {
                let cx = x + 24.0 + text_width + column * index as f32;
                for mut item in line.items {
                    item.translate(cx, 0.0);
                    items.push(item);
                }
            }
        }
        self.push(Chunk {
            height: style.small * 1.6,
            space_before: style.body,
            items,
            keep_with_next: true,
            keep_firmly: true,
            ..Chunk::default()
        });
        let count = sort.statements.len();
        for (index, statement) in sort.statements.iter().enumerate() {
            let spans = [
                StyledText {
                    text: format!("{}.  ", index + 1),
                    style: TextStyle {
                        face: FaceId::Theme(FontRole::Bold),
                        ..self.body_style()
                    },
                },
                StyledText {
                    text: statement.text.clone(),
                    style: self.body_style(),
                },
            ];
            let lines = self.set(&spans, text_width + 20.0, Align::Left, style.leading);
            let mut items = Vec::new();
            let mut y = 4.0;
            let first_baseline = lines.first().map_or(10.0, |l| l.baseline) + y;
            for line in lines {
                for mut item in line.items {
                    item.translate(x, y);
                    items.push(item);
                }
                y += line.height;
            }
            let box_size = 9.0;
            for (choice_index, choice) in sort.choices.iter().enumerate() {
                let cx =
                    x + 24.0 + text_width + column * (choice_index as f32 + 0.5) - box_size / 2.0;
                let top = first_baseline - box_size + 1.0;
                items.extend(square(cx, top, box_size, style.text));
                if statement.choice.as_deref() == Some(choice.as_str()) {
                    items.extend(cross(cx, top, box_size, style.accent));
                }
            }
            let height = y + 4.0;
            items.push(Item::Line {
                x1: x,
                y1: height,
                x2: x + width,
                y2: height,
                width: 0.4,
                colour: style.rule,
            });
            self.push(Chunk {
                height,
                items,
                keep_with_next: index + 2 == count || index == 0,
                ..Chunk::default()
            });
        }
    }

    /// Inline IR to styled text, starting from `base`.
    fn spans(&self, inlines: &[Inline], base: &TextStyle) -> Vec<StyledText> {
        let mut out = Vec::new();
        self.collect_spans(inlines, base, &mut out);
        out
    }

    fn collect_spans(&self, inlines: &[Inline], base: &TextStyle, out: &mut Vec<StyledText>) {
        for inline in inlines {
            match inline {
                Inline::Text { text, style } => {
                    let bold = style.bold
                        || matches!(
                            base.face,
                            FaceId::Theme(FontRole::Bold | FontRole::BoldItalic)
                        );
                    let italic = style.italic
                        || matches!(
                            base.face,
                            FaceId::Theme(FontRole::Italic | FontRole::BoldItalic)
                        );
                    let face = match base.face {
                        FaceId::Theme(
                            FontRole::Regular
                            | FontRole::Bold
                            | FontRole::Italic
                            | FontRole::BoldItalic,
                        ) => FaceId::Theme(FontRole::body(bold, italic)),
                        other => other,
                    };
                    out.push(StyledText {
                        text: text.clone(),
                        style: TextStyle {
                            face,
                            strikethrough: style.strikethrough || base.strikethrough,
                            ..base.clone()
                        },
                    });
                }
                Inline::Code(code) => out.push(StyledText {
                    text: code.clone(),
                    style: TextStyle {
                        face: FaceId::Theme(FontRole::Mono),
                        size: base.size * 0.9,
                        ..base.clone()
                    },
                }),
                Inline::Link { url, content } => {
                    let style = TextStyle {
                        colour: self.style.accent,
                        link: Some(Arc::from(url.as_str())),
                        ..base.clone()
                    };
                    self.collect_spans(content, &style, out);
                }
                Inline::Break => out.push(StyledText {
                    text: "\n".to_string(),
                    style: base.clone(),
                }),
            }
        }
    }
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

fn square(x: f32, y: f32, size: f32, colour: Rgb) -> Vec<Item> {
    let corners = [
        (x, y),
        (x + size, y),
        (x + size, y + size),
        (x, y + size),
        (x, y),
    ];
    corners
        .windows(2)
        .map(|pair| Item::Line {
            x1: pair[0].0,
            y1: pair[0].1,
            x2: pair[1].0,
            y2: pair[1].1,
            width: 0.7,
            colour,
        })
        .collect()
}

fn cross(x: f32, y: f32, size: f32, colour: Rgb) -> Vec<Item> {
    let inset = size * 0.2;
    vec![
        Item::Line {
            x1: x + inset,
            y1: y + inset,
            x2: x + size - inset,
            y2: y + size - inset,
            width: 1.2,
            colour,
        },
        Item::Line {
            x1: x + size - inset,
            y1: y + inset,
            x2: x + inset,
            y2: y + size - inset,
            width: 1.2,
            colour,
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::doc::Style;
    use crate::load::theme::Theme;

    fn flow_of(blocks: Vec<Block>) -> Flow {
        let theme =
            Theme::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"))
                .expect("default theme");
        let fonts = FontSet::load(&theme.fonts).expect("fonts");
        let style = PdfStyle::from_theme(&theme.config, None);
        let chapter = DocChapter {
            id: "c".to_string(),
            title: "Chapter".to_string(),
            blocks,
            new_page: false,
        };
        flow_chapters(&fonts, &style, None, &[chapter])
    }

    fn paragraph(words: usize) -> Block {
        Block::Paragraph(vec![Inline::Text {
            text: vec!["word"; words].join(" "),
            style: Style::default(),
        }])
    }

    #[test]
    fn paragraphs_keep_two_lines_together_at_each_end() {
        let flow = flow_of(vec![paragraph(20), paragraph(200)]);
        // The second paragraph: the chunks after the first paragraph's.
        let lines: Vec<&Chunk> = flow
            .chunks
            .iter()
            .rev()
            .take_while(|c| c.space_before == 0.0)
            .collect();
        let keeps: Vec<bool> = lines.iter().rev().map(|c| c.keep_with_next).collect();
        assert!(keeps.len() >= 5, "{keeps:?}");
        let n = keeps.len();
        // The line before the last keeps the last (no widow); the first line
        // (whose chunk has the paragraph gap) keeps the second (no orphan).
        assert!(
            keeps[n - 2] && !keeps[n - 1] && !keeps[..n - 2].iter().any(|k| *k),
            "{keeps:?}"
        );
        let first_line = &flow.chunks[flow.chunks.len() - n - 1];
        assert!(
            first_line.keep_with_next,
            "the first line must not be left alone (orphan)"
        );
    }

    #[test]
    fn a_heading_is_kept_with_what_follows() {
        let flow = flow_of(vec![
            Block::Heading {
                level: 2,
                id: "h".to_string(),
                content: vec![Inline::Text {
                    text: "Heading".to_string(),
                    style: Style::default(),
                }],
            },
            paragraph(60),
        ]);
        let heading = flow
            .chunks
            .iter()
            .position(|c| c.anchor.as_ref().is_some_and(|a| a.id == "h"))
            .expect("heading chunk");
        assert!(flow.chunks[heading].keep_with_next);
        assert!(
            flow.chunks[heading + 1].keep_with_next,
            "the first line holds the second"
        );
    }
}
