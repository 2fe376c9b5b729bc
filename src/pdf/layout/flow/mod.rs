//! Blocks of the IR to a flow of chunks: slices of a page's height (a line of
//! text, a table row, a writing line) with the rules that say which must
//! stay together. The paginator cuts the flow into pages.

mod boxes;
mod table;
mod worksheet;

use std::collections::BTreeSet;
use std::sync::Arc;

use hyphenation::Standard;

use crate::compose::doc::{Block, DocChapter, Inline};
use crate::load::theme::{FontRole, Rgb};

use super::page::{Anchor, Item};
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
        let subtitle = chapter.subtitle.as_ref().map(|subtitle| {
            self.set(
                &[StyledText {
                    text: subtitle.clone(),
                    style: TextStyle {
                        face: FaceId::Theme(FontRole::Italic),
                        size: style.h3,
                        colour: style.muted,
                        ..self.body_style()
                    },
                }],
                width,
                Align::Left,
                1.3,
            )
        });
        let mut first = true;
        for line in kicker
            .into_iter()
            .chain(title)
            .chain(subtitle.into_iter().flatten())
        {
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
            Block::Callout {
                kind,
                title,
                blocks,
            } => self.callout(*kind, title.as_deref(), blocks, x, width, gap),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::doc::Style;
    use crate::load::theme::Theme;

    fn flow_of(blocks: Vec<Block>) -> Flow {
        let theme = Theme::load_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        )
        .expect("default theme");
        let fonts = FontSet::load(&theme.fonts).expect("fonts");
        let style = PdfStyle::from_theme(&theme.config, None);
        let chapter = DocChapter {
            subtitle: None,
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
