//! Blocks of the IR to a flow of chunks: slices of a page's height (a line of
//! text, a table row, a writing line) with the rules that say which must
//! stay together. The paginator cuts the flow into pages.

mod boxes;
mod figure;
mod table;
mod worksheet;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::compose::doc::{Block, DocChapter, Inline, Worksheet};
use crate::load::locale::strings::fill;
use crate::load::theme::{FontRole, Rgb};

use super::bidi::Direction;
use super::language::{Languages, TextLanguage};
use super::line_cache;
use super::page::{Anchor, Item};
use super::style::PdfStyle;
use super::tags::{NodeId, Role, StructTree, Tag};
use super::text::{Align, LineBox, LineSettings, StyledText, TextStyle};
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
    /// The direction of the box's text: the bar is on its starting side.
    pub direction: Direction,
}

/// The whole flow of a document's body.
#[derive(Debug, Default)]
pub struct Flow {
    pub chunks: Vec<Chunk>,
    pub frames: Vec<Frame>,
    /// Characters no font could show.
    pub missing: BTreeSet<char>,
}

/// Chapters laid out, each into a flow and a structure tree of its own, to
/// be joined in order by [`ChapterFlows::join`]. A chapter's chunks depend
/// on nothing laid out before it (pages are cut from the whole flow
/// afterwards), so the chapters are laid out in parallel.
pub struct ChapterFlows(Vec<(Flow, StructTree)>);

/// Lays out chapters into flows of their own, in parallel.
pub fn flow_chapters(
    fonts: &FontSet,
    style: &PdfStyle,
    languages: &Languages,
    chapters: &[DocChapter],
) -> ChapterFlows {
    ChapterFlows(
        chapters
            .par_iter()
            .enumerate()
            .map(|(index, chapter)| {
                let mut part = StructTree::default();
                let flow = flow_chapter(fonts, style, languages, (index + 1, chapter), &mut part);
                (flow, part)
            })
            .collect(),
    )
}

impl ChapterFlows {
    /// The whole flow, each chapter's section added to `tree` in order:
    /// the flow and the numbering of the elements are those of laying the
    /// chapters out one by one.
    pub fn join(self, tree: &mut StructTree) -> Flow {
        let mut whole = Flow::default();
        let (chunks, frames) = self.0.iter().fold((0, 0), |(chunks, frames), (flow, _)| {
            (chunks + flow.chunks.len(), frames + flow.frames.len())
        });
        whole.chunks.reserve_exact(chunks);
        whole.frames.reserve_exact(frames);
        for (mut flow, part) in self.0 {
            let renumber = tree.graft(part);
            let (chunks_before, frames_before) = (whole.chunks.len(), whole.frames.len());
            for chunk in &mut flow.chunks {
                for frame in &mut chunk.frames {
                    *frame += frames_before;
                }
                if let Some(header) = &mut chunk.repeat_header {
                    *header += chunks_before;
                }
                for item in &mut chunk.items {
                    item.renumber(&renumber);
                }
            }
            whole.chunks.append(&mut flow.chunks);
            whole.frames.append(&mut flow.frames);
            whole.missing.append(&mut flow.missing);
        }
        whole
    }
}

/// Lays out chapter `number` into a flow of its own, its section a child
/// of the root of `tree`.
fn flow_chapter(
    fonts: &FontSet,
    style: &PdfStyle,
    languages: &Languages,
    (number, chapter): (usize, &DocChapter),
    tree: &mut StructTree,
) -> Flow {
    let language = languages.get(chapter.language.as_deref());
    let mut builder = Builder {
        fonts,
        style,
        direction: language.direction,
        language,
        flow: Flow::default(),
        open_frames: Vec::new(),
        glue_next_lines: false,
        tree,
        parent: StructTree::ROOT,
        heading_level: 1,
    };
    let section = builder.tree.add(StructTree::ROOT, Role::Sect);
    if let Some(tag) = &chapter.language {
        builder.tree.set_lang(section, tag);
    }
    builder.parent = section;
    builder.chapter_opening(number, chapter);
    builder.blocks(&chapter.blocks, 0.0, style.content_width());
    builder.flow
}

struct Builder<'a> {
    fonts: &'a FontSet,
    style: &'a PdfStyle,
    /// The language of the chapter being laid out.
    language: Arc<TextLanguage>,
    /// The direction of the block being laid out: text with no strong
    /// direction of its own takes it, and boxes start on its side.
    direction: Direction,
    flow: Flow,
    open_frames: Vec<usize>,
    /// The next paragraph's first two lines stay with the heading above.
    glue_next_lines: bool,
    tree: &'a mut StructTree,
    /// The structure element new blocks go into.
    parent: NodeId,
    /// The level of the last heading, so headings never skip a level.
    heading_level: u8,
}

impl Builder<'_> {
    /// Body text belonging to no element yet: callers set its tag.
    fn body_style(&self) -> TextStyle {
        TextStyle {
            face: FaceId::Theme(FontRole::Regular),
            size: self.style.body,
            colour: self.style.text,
            link: None,
            strikethrough: false,
            tag: Tag::Artifact,
        }
    }

    /// Small, muted italic text beside the main text (a prompt's hint, a
    /// figure's caption), as a paragraph of its own.
    fn aside_style(&mut self) -> TextStyle {
        TextStyle {
            face: FaceId::Theme(FontRole::Italic),
            size: self.style.small,
            colour: self.style.muted,
            tag: Tag::Node(self.node(Role::P)),
            ..self.body_style()
        }
    }

    /// A new structure element inside the current one.
    fn node(&mut self, role: Role) -> NodeId {
        self.tree.add(self.parent, role)
    }

    /// Runs `content` with `node` as the element new blocks go into.
    fn inside(&mut self, node: NodeId, content: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.parent, node);
        content(self);
        self.parent = outer;
    }

    /// A heading element at most one level below the last heading, so a
    /// reader's list of headings never skips a level.
    fn heading_node(&mut self, level: u8) -> NodeId {
        let level = level.clamp(1, self.heading_level.saturating_add(1).min(6));
        self.heading_level = level;
        self.node(Role::Heading(level))
    }

    fn push(&mut self, mut chunk: Chunk) {
        chunk.frames = self.open_frames.clone();
        self.flow.chunks.push(chunk);
    }

    /// Sets text in lines running the way its first letter says (the
    /// block's direction when it has none).
    fn set(
        &mut self,
        spans: &[StyledText],
        width: f32,
        align: Align,
        leading: f32,
    ) -> Vec<LineBox> {
        let direction = self.direction_of_spans(spans);
        self.set_with(spans, width, align, leading, direction)
    }

    /// Sets text in lines running in `direction`.
    fn set_with(
        &mut self,
        spans: &[StyledText],
        width: f32,
        align: Align,
        leading: f32,
        direction: Direction,
    ) -> Vec<LineBox> {
        line_cache::set_lines(
            self.fonts,
            spans,
            LineSettings {
                width,
                align,
                leading,
                hyphenator: self.language.hyphenator.as_ref(),
                direction,
                language: Some(&self.language.tag),
            },
            &mut self.flow.missing,
        )
    }

    /// The direction of text: that of its first strong letter, else the
    /// block's.
    fn direction_of_spans(&self, spans: &[StyledText]) -> Direction {
        spans
            .iter()
            .find_map(|span| Direction::of_text(&span.text))
            .unwrap_or(self.direction)
    }

    /// The direction of blocks: that of their first strong letter, else
    /// the enclosing block's.
    fn direction_of_blocks(&self, blocks: &[Block]) -> Direction {
        blocks
            .iter()
            .find_map(block_direction)
            .unwrap_or(self.direction)
    }

    /// Runs `content` with `direction` as the block's direction.
    fn directed(&mut self, direction: Direction, content: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.direction, direction);
        content(self);
        self.direction = outer;
    }

    /// The part of the column `x`, `width` left after taking `amount` off
    /// its starting side (the left, or the right in right-to-left text).
    fn inset(&self, x: f32, width: f32, amount: f32) -> (f32, f32) {
        match self.direction {
            Direction::Ltr => (x + amount, width - amount),
            Direction::Rtl => (x, width - amount),
        }
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
        let kicker_tag = Tag::Node(self.node(Role::P));
        self.heading_level = 0;
        let title_tag = Tag::Node(self.heading_node(1));
        let subtitle_tag = chapter
            .subtitle
            .as_ref()
            .map(|_| Tag::Node(self.node(Role::P)));
        // The chapter runs the way its title does (else its language's way).
        self.direction = Direction::of_text(&chapter.title).unwrap_or(self.direction);
        let direction = self.direction;
        let kicker = self.set_with(
            &[StyledText {
                text: fill(
                    &style.labels.chapter.kicker,
                    &[("number", &number.to_string())],
                )
                .to_uppercase(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.small,
                    colour: style.accent,
                    tag: kicker_tag,
                    ..self.body_style()
                },
            }],
            width,
            Align::Start,
            1.4,
            direction,
        );
        let title = self.set_with(
            &[StyledText {
                text: chapter.title.clone(),
                style: TextStyle {
                    face: FaceId::Theme(FontRole::Heading),
                    size: style.h1,
                    colour: style.text,
                    tag: title_tag,
                    ..self.body_style()
                },
            }],
            width,
            Align::Start,
            1.2,
            direction,
        );
        let subtitle = chapter
            .subtitle
            .as_ref()
            .zip(subtitle_tag)
            .map(|(subtitle, tag)| {
                self.set_with(
                    &[StyledText {
                        text: subtitle.clone(),
                        style: TextStyle {
                            face: FaceId::Theme(FontRole::Italic),
                            size: style.h3,
                            colour: style.muted,
                            tag,
                            ..self.body_style()
                        },
                    }],
                    width,
                    Align::Start,
                    1.3,
                    direction,
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
        let rule_x = match direction {
            Direction::Ltr => 0.0,
            Direction::Rtl => width - 48.0,
        };
        self.push(Chunk {
            height: 18.0,
            space_before: 4.0,
            items: vec![Item::Line {
                x1: rule_x,
                y1: 2.0,
                x2: rule_x + 48.0,
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
                let base = TextStyle {
                    tag: Tag::Node(self.node(Role::P)),
                    ..self.body_style()
                };
                let spans = self.spans(inlines, &base);
                let lines = self.set(&spans, width, Align::Justify, self.style.leading);
                self.push_lines(lines, x, gap);
                // A paragraph that introduces what follows (ending in a
                // colon) stays on its page.
                if Inline::plain_text(inlines).trim_end().ends_with(':') {
                    if let Some(last) = self.flow.chunks.last_mut() {
                        last.keep_with_next = true;
                    }
                }
            }
            Block::List(list) => self.list(list, x, width, gap, 0),
            Block::Quote(blocks) => {
                let quote = self.node(Role::BlockQuote);
                self.framed(
                    Frame {
                        x,
                        width,
                        fill: None,
                        bar: Some(self.style.rule),
                        direction: self.direction_of_blocks(blocks),
                    },
                    gap,
                    4.0,
                    |builder, x, width| builder.inside(quote, |b| b.blocks(blocks, x, width)),
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
                    tag: Tag::Node(self.node(Role::Code)),
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
                        direction: self.direction,
                    },
                    gap,
                    6.0,
                    |builder, x, width| {
                        let lines = builder.set(&spans, width, Align::Start, 1.35);
                        builder.push_lines(lines, x, 0.0);
                    },
                );
            }
            Block::Figure(figure) => self.figure(figure, x, width, gap),
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
            tag: Tag::Node(self.heading_node(level)),
            ..self.body_style()
        };
        let spans = self.spans(content, &style);
        let lines = self.set(&spans, width, Align::Start, 1.25);
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

    /// Inline IR to styled text, starting from `base`; a link becomes a
    /// link element inside the element of `base`.
    fn spans(&mut self, inlines: &[Inline], base: &TextStyle) -> Vec<StyledText> {
        let mut out = Vec::new();
        self.collect_spans(inlines, base, &mut out);
        out
    }

    fn collect_spans(&mut self, inlines: &[Inline], base: &TextStyle, out: &mut Vec<StyledText>) {
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
                    let tag = match base.tag {
                        Tag::Node(parent) => Tag::Node(self.tree.add(parent, Role::Link)),
                        Tag::Artifact => Tag::Artifact,
                    };
                    let style = TextStyle {
                        colour: self.style.accent,
                        link: Some(Arc::from(url.as_str())),
                        tag,
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

/// The direction of a block's first strong letter, if it has one.
fn block_direction(block: &Block) -> Option<Direction> {
    let inlines = |inlines: &[Inline]| Direction::of_text(&Inline::plain_text(inlines));
    match block {
        Block::Heading { content, .. } => inlines(content),
        Block::Paragraph(content) => inlines(content),
        Block::List(list) => list.items.iter().flatten().find_map(block_direction),
        Block::Quote(blocks) | Block::Callout { blocks, .. } => {
            blocks.iter().find_map(block_direction)
        }
        Block::Answer { title, blocks } => {
            Direction::of_text(title).or_else(|| blocks.iter().find_map(block_direction))
        }
        Block::Table(table) => table::table_direction(table),
        Block::Code(_) | Block::Rule => None,
        Block::Figure(figure) => figure.caption.as_deref().and_then(Direction::of_text),
        Block::Worksheet(worksheet) => worksheet_direction(worksheet),
    }
}

/// The direction of a worksheet's first strong letter, if it has one.
fn worksheet_direction(worksheet: &Worksheet) -> Option<Direction> {
    Direction::of_text(&worksheet.title)
        .or_else(|| Direction::of_text(&worksheet.intro))
        .or_else(|| {
            worksheet
                .prompts
                .iter()
                .find_map(|p| Direction::of_text(&p.question))
        })
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
        let strings = &crate::load::locale::english_locale().strings;
        let style = PdfStyle::from_theme(&theme.config, None, strings);
        let chapter = DocChapter {
            subtitle: None,
            id: "c".to_string(),
            title: "Chapter".to_string(),
            blocks,
            new_page: false,
            language: None,
        };
        let languages = Languages::new("en");
        flow_chapters(&fonts, &style, &languages, &[chapter]).join(&mut StructTree::default())
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
