//! Markdown (after templating) to the document IR, with pulldown-cmark.
//!
//! Fenced blocks with the info string `worksheet` become worksheets, and
//! `answer TITLE` blocks become example-answer boxes whose body is Markdown.
//! Admonitions and MDX lines are first rewritten by [`dialect`]; raw HTML
//! is left out (`check` names it, see [`crate::compose::scan`]).

use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::compose::dialect::{self, CALLOUT_FENCE};
use crate::compose::doc::{
    Alignment, Block, CalloutKind, DocChapter, Figure, Inline, List, Style, Table,
};
use crate::compose::ids::{slugify, UniqueIds};
use crate::compose::literal;
use crate::compose::worksheet::{self, Fill};
use crate::diagnostics::Error;
use crate::load::content::Chapter;
use crate::load::image::Images;

/// How deeply blocks and inline styles may nest (quotes in quotes, lists in
/// lists, answers in answers): far beyond real content, and well before
/// recursion over the document could exhaust the stack.
pub const MAX_NESTING: usize = 32;

pub(crate) fn options() -> Options {
    // Footnotes are parsed only to be refused with a clear error: without
    // the option, a footnote's text would silently become a link target.
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_TASKLISTS
}

/// Parses one templated chapter into the IR.
pub fn parse_chapter(
    chapter: &Chapter,
    markdown: &str,
    (fill, images): (&Fill<'_>, &Images),
    ids: &mut UniqueIds,
) -> Result<DocChapter, Error> {
    let normalised = dialect::normalise(markdown);
    let markdown = normalised.text.as_str();
    let mut builder = Builder {
        chapter,
        markdown,
        fill,
        ids,
        fence_counts: Default::default(),
        images,
        images_seen: Vec::new(),
    };
    // Parsed once; the events are checked, then built from.
    let events = parse_events(markdown);
    builder.check_structure(&events, 0, None)?;
    let mut blocks = builder.blocks(&mut events.into_iter().peekable())?;

    let mut heading_id = None;
    let title = match &chapter.front.title {
        Some(title) => literal::restore(title).into_owned(),
        None => match blocks.first() {
            Some(Block::Heading {
                level: 1,
                content,
                id,
            }) => {
                let title = Inline::plain_text(content);
                heading_id = Some(id.clone());
                blocks.remove(0);
                title
            }
            _ => {
                return Err(
                    Error::in_file(chapter.source.name.clone(), "chapter has no title").with_help(
                        "add `title = \"...\"` in +++ front matter, or start with a `# Heading`",
                    ),
                )
            }
        },
    };
    // Chapter titles are level 1; anything the body marks as level 1 is a section.
    for block in &mut blocks {
        if let Block::Heading { level, .. } = block {
            *level = (*level).max(2);
        }
    }
    let id = match (&chapter.front.id, heading_id) {
        (Some(id), _) => builder.ids.claim(&slugify(id)),
        (None, Some(id)) => id,
        (None, None) => builder.ids.claim(&slugify(&title)),
    };
    Ok(DocChapter {
        id,
        title,
        blocks,
        subtitle: chapter
            .front
            .subtitle
            .as_deref()
            .map(|s| literal::restore(s).trim().to_string())
            .filter(|s| !s.is_empty()),
        new_page: chapter.front.new_page,
        language: chapter.front.language.clone(),
    })
}

type Events<'a> = Peekable<std::vec::IntoIter<(Event<'a>, Range<usize>)>>;

/// The Markdown events of `text` and the source range of each.
fn parse_events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    Parser::new_ext(text, options())
        .into_offset_iter()
        .collect()
}

struct Builder<'a, 'f> {
    chapter: &'a Chapter,
    markdown: &'a str,
    fill: &'a Fill<'f>,
    ids: &'a mut UniqueIds,
    /// How many fenced blocks of each kind were seen, to find them in the source.
    fence_counts: std::collections::BTreeMap<String, usize>,
    /// The chapters' images, read on first use.
    images: &'a Images,
    /// The images met in the paragraph being read, in order.
    images_seen: Vec<SeenImage>,
}

/// An image as written in a paragraph: `![alt](destination "title")`.
struct SeenImage {
    destination: String,
    title: String,
    alt: String,
    range: Range<usize>,
}

impl Builder<'_, '_> {
    /// Refuses what the IR cannot hold before building it: nesting deeper
    /// than [`MAX_NESTING`] (counting `answer` blocks and what they hold)
    /// and footnotes. `events` are those of the chapter or, when `fence`
    /// (its range) is given, of the body of an `answer` block.
    fn check_structure(
        &self,
        events: &[(Event<'_>, Range<usize>)],
        mut depth: usize,
        fence: Option<Range<usize>>,
    ) -> Result<(), Error> {
        let mut answer: Option<(String, Range<usize>)> = None;
        for (event, range) in events {
            let at = fence.clone().unwrap_or_else(|| range.clone());
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) | Event::FootnoteReference(_) => {
                    return Err(self
                        .error_at(at, "footnotes are not supported in a workbook")
                        .with_help(
                            "write the note into the text, in brackets or as its own paragraph",
                        ));
                }
                Event::Start(tag) => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(self
                            .error_at(
                                at,
                                format!("content nests more than {MAX_NESTING} levels deep here"),
                            )
                            .with_help("flatten the quotes, lists or emphasis"));
                    }
                    if let Tag::CodeBlock(CodeBlockKind::Fenced(info)) = tag {
                        let kind = info.split_whitespace().next().unwrap_or_default();
                        if literal::restore(kind) == "answer" {
                            answer = Some((String::new(), at));
                        }
                    }
                }
                Event::Text(body) => {
                    if let Some((text, _)) = &mut answer {
                        text.push_str(body);
                    }
                }
                Event::End(_) => {
                    if let Some((body, at)) = answer.take() {
                        self.check_structure(&parse_events(&body), depth, Some(at))?;
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// An error at the chapter line a range of the templated text comes from.
    fn error_at(&self, range: Range<usize>, message: impl Into<String>) -> Error {
        let before = self.markdown.get(..range.start).unwrap_or(self.markdown);
        let line = self.chapter.body_line + before.matches('\n').count();
        Error::at_line(&self.chapter.source, line, 1, message)
    }

    /// A paragraph: its text, or, when it holds images and nothing else,
    /// a figure for each.
    fn paragraph(&mut self, events: &mut Events<'_>) -> Result<Vec<Block>, Error> {
        let before = self.images_seen.len();
        let inlines = self.inlines(events, Style::default());
        let images = self.images_seen.split_off(before);
        if inlines.is_empty() {
            return Ok(Vec::new());
        }
        let letters = |text: &str| {
            text.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        };
        let alone = !images.is_empty()
            && letters(&Inline::plain_text(&inlines))
                == images
                    .iter()
                    .map(|seen| letters(&seen.alt))
                    .collect::<String>();
        if !alone {
            return Ok(vec![Block::Paragraph(inlines)]);
        }
        images
            .into_iter()
            .map(|seen| {
                let image = self
                    .images
                    .get(&self.chapter.name, &seen.destination)
                    .map_err(|message| self.error_at(seen.range.clone(), message))?;
                Ok(Block::Figure(Figure {
                    image,
                    alt: seen.alt.trim().to_string(),
                    caption: Some(seen.title).filter(|t| !t.is_empty()),
                }))
            })
            .collect()
    }

    /// Block content up to the end of the enclosing element.
    fn blocks(&mut self, events: &mut Events<'_>) -> Result<Vec<Block>, Error> {
        let mut blocks = Vec::new();
        while let Some((event, range)) = events.peek().cloned() {
            match event {
                Event::End(_) => {
                    events.next();
                    break;
                }
                Event::Start(Tag::Paragraph) => {
                    events.next();
                    blocks.extend(self.paragraph(events)?);
                }
                Event::Start(tag) if is_block_tag(&tag) => {
                    events.next();
                    if let Some(block) = self.block(tag, range, events)? {
                        blocks.push(block);
                    }
                }
                Event::Rule => {
                    events.next();
                    blocks.push(Block::Rule);
                }
                Event::Html(html) | Event::InlineHtml(html) if is_comment(&html) => {
                    events.next();
                }
                _ => {
                    // Tight list items hold inline content with no paragraph.
                    let inlines = self.inline_run(events);
                    if !inlines.is_empty() {
                        blocks.push(Block::Paragraph(inlines));
                    }
                }
            }
        }
        Ok(blocks)
    }

    fn block(
        &mut self,
        tag: Tag<'_>,
        range: Range<usize>,
        events: &mut Events<'_>,
    ) -> Result<Option<Block>, Error> {
        Ok(Some(match tag {
            Tag::Heading { level, id, .. } => {
                let content = self.inlines(events, Style::default());
                let text = Inline::plain_text(&content);
                let id = self.ids.claim(&slugify(id.as_deref().unwrap_or(&text)));
                Block::Heading {
                    level: heading_level(level),
                    id,
                    content,
                }
            }
            Tag::BlockQuote(kind) => {
                let blocks = self.blocks(events)?;
                match kind {
                    Some(kind) => Block::Callout {
                        kind: callout_kind(kind),
                        title: None,
                        blocks,
                    },
                    None => Block::Quote(blocks),
                }
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some((event, _)) = events.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.blocks(events)?),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Block::List(List { start, items })
            }
            Tag::Table(alignments) => self.table(alignments, events),
            Tag::CodeBlock(kind) => {
                let text = code_text(events);
                match kind {
                    CodeBlockKind::Fenced(info) => {
                        return self.fenced(info.trim(), &text, range).map(Some)
                    }
                    CodeBlockKind::Indented => Block::Code(literal::restore(&text).into_owned()),
                }
            }
            Tag::HtmlBlock => {
                // Raw HTML (and JSX components) means nothing on paper and
                // is not trusted in the page: it is left out.
                code_text(events);
                return Ok(None);
            }
            // Footnotes are refused before building; definition lists and
            // metadata are not enabled.
            _ => {
                skip_to_end(events);
                return Ok(None);
            }
        }))
    }

    fn fenced(&mut self, info: &str, text: &str, range: Range<usize>) -> Result<Block, Error> {
        let (kind, rest) = info.split_once(char::is_whitespace).unwrap_or((info, ""));
        let kind = literal::restore(kind).into_owned();
        if kind == CALLOUT_FENCE {
            let (name, title) = rest.split_once(' ').unwrap_or((rest, ""));
            let title = literal::restore(title.trim()).into_owned();
            let blocks = self.blocks(&mut parse_events(text).into_iter().peekable())?;
            return Ok(Block::Callout {
                kind: dialect::callout_kind(name),
                title: (!title.is_empty()).then_some(title),
                blocks,
            });
        }
        match kind.as_str() {
            "worksheet" => {
                let ordinal = self.next_fence("worksheet");
                worksheet::build(text, self.fill)
                    .map(Block::Worksheet)
                    .map_err(|e| self.fence_error("worksheet", ordinal, range, e))
            }
            "answer" => {
                let ordinal = self.next_fence("answer");
                let title = literal::restore(rest.trim()).into_owned();
                if title.trim().is_empty() {
                    let error = worksheet::WorksheetError {
                        message: "an `answer` block needs a title after `answer`".to_string(),
                        help: Some("for example: ```answer Looking ahead".to_string()),
                        line: None,
                    };
                    return Err(self.fence_error("answer", ordinal, range, error));
                }
                let blocks = self.blocks(&mut parse_events(text).into_iter().peekable())?;
                Ok(Block::Answer { title, blocks })
            }
            _ => Ok(Block::Code(literal::restore(text).into_owned())),
        }
    }

    fn next_fence(&mut self, kind: &str) -> usize {
        let count = self.fence_counts.entry(kind.to_string()).or_default();
        *count += 1;
        *count
    }

    /// Maps a worksheet error onto the chapter file: the n-th fence of this
    /// kind in the rendered text is the n-th in the source.
    fn fence_error(
        &self,
        kind: &str,
        ordinal: usize,
        range: Range<usize>,
        error: worksheet::WorksheetError,
    ) -> Error {
        let source = &self.chapter.source;
        let fence_line = source
            .text
            .lines()
            .enumerate()
            .filter(|(_, line)| {
                let line = line.trim_start();
                (line.starts_with("```") || line.starts_with("~~~"))
                    && line[3..]
                        .trim_start_matches(['`', '~'])
                        .trim_start()
                        .starts_with(kind)
            })
            .nth(ordinal - 1)
            .map(|(index, _)| index + 1);
        let line = match fence_line {
            Some(fence) => fence + error.line.unwrap_or(0),
            None => self.chapter.body_line + self.markdown[..range.start].matches('\n').count(),
        };
        let located = Error::at_line(source, line, 1, error.message);
        match error.help {
            Some(help) => located.with_help(help),
            None => located,
        }
    }

    fn table(
        &mut self,
        alignments: Vec<pulldown_cmark::Alignment>,
        events: &mut Events<'_>,
    ) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        while let Some((event, _)) = events.next() {
            match event {
                Event::Start(Tag::TableHead) => header = self.table_row(events),
                Event::Start(Tag::TableRow) => rows.push(self.table_row(events)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table(Table {
            alignments: alignments.into_iter().map(alignment).collect(),
            header,
            rows,
        })
    }

    fn table_row(&mut self, events: &mut Events<'_>) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((event, _)) = events.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.inlines(events, Style::default())),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Inline content up to the end of the enclosing element.
    fn inlines(&mut self, events: &mut Events<'_>, style: Style) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = events.next() {
            if let Event::End(_) = event {
                break;
            }
            self.inline((event, range), style, events, &mut out);
        }
        merge_text(out)
    }

    /// Inline content until the next block element or the end of the parent.
    fn inline_run(&mut self, events: &mut Events<'_>) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, _)) = events.peek() {
            let stop = match event {
                Event::End(_) | Event::Rule => true,
                Event::Start(tag) => is_block_tag(tag),
                _ => false,
            };
            if stop {
                break;
            }
            let Some(event) = events.next() else {
                break;
            };
            self.inline(event, Style::default(), events, &mut out);
        }
        merge_text(out)
    }

    fn inline(
        &mut self,
        (event, range): (Event<'_>, Range<usize>),
        style: Style,
        events: &mut Events<'_>,
        out: &mut Vec<Inline>,
    ) {
        match event {
            Event::Text(text) => out.extend(text_inlines(&literal::restore(&text), style)),
            Event::Code(code) => out.push(Inline::Code(literal::restore(&code).into_owned())),
            Event::SoftBreak => out.push(Inline::Text {
                text: " ".to_string(),
                style,
            }),
            Event::HardBreak => out.push(Inline::Break),
            Event::Html(html) | Event::InlineHtml(html) => {
                // Tags are left out and the text between them kept; a line
                // break stays one.
                if is_line_break(&html) {
                    out.push(Inline::Break);
                }
            }
            Event::FootnoteReference(name) => {
                out.extend(text_inlines(&format!("[^{name}]"), style))
            }
            Event::TaskListMarker(done) => {
                out.extend(text_inlines(if done { "☑ " } else { "☐ " }, style))
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => {
                out.push(Inline::Code(literal::restore(&math).into_owned()))
            }
            Event::Start(Tag::Emphasis) => out.extend(self.inlines(
                events,
                Style {
                    italic: true,
                    ..style
                },
            )),
            Event::Start(Tag::Strong) => out.extend(self.inlines(
                events,
                Style {
                    bold: true,
                    ..style
                },
            )),
            Event::Start(Tag::Strikethrough) => out.extend(self.inlines(
                events,
                Style {
                    strikethrough: true,
                    ..style
                },
            )),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = self.inlines(events, style);
                out.push(Inline::Link {
                    url: literal::restore(&dest_url).into_owned(),
                    content,
                });
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                // An image keeps its description in the text; a paragraph of
                // images alone becomes figures (see `paragraph`).
                let alt = self.inlines(events, style);
                self.images_seen.push(SeenImage {
                    destination: literal::restore(&dest_url).into_owned(),
                    title: literal::restore(&title).trim().to_string(),
                    alt: Inline::plain_text(&alt),
                    range,
                });
                out.extend(alt);
            }
            Event::Start(_) => out.extend(self.inlines(events, style)),
            Event::End(_) | Event::Rule => {}
        }
    }
}

/// Text with restored newlines turned into line breaks.
fn text_inlines(text: &str, style: Style) -> Vec<Inline> {
    let mut out = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push(Inline::Break);
        }
        if !line.is_empty() {
            out.push(Inline::Text {
                text: line.to_string(),
                style,
            });
        }
    }
    out
}

/// Joins neighbouring text runs of the same style.
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        if let (
            Some(Inline::Text {
                text: last,
                style: last_style,
            }),
            Inline::Text { text, style },
        ) = (merged.last_mut(), &inline)
        {
            if last_style == style {
                last.push_str(text);
                continue;
            }
        }
        merged.push(inline);
    }
    merged
}

fn code_text(events: &mut Events<'_>) -> String {
    let mut text = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Text(t) | Event::Html(t) => text.push_str(&t),
            Event::End(_) => break,
            _ => {}
        }
    }
    text
}

fn skip_to_end(events: &mut Events<'_>) {
    let mut depth = 1usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
}

fn is_block_tag(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// `<br>`, `<br/>` or `<br />`.
fn is_line_break(html: &str) -> bool {
    let tag = html.trim().to_ascii_lowercase();
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    inner.trim() == "br"
}

pub(crate) fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.starts_with("<!--") && html.ends_with("-->")
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn callout_kind(kind: BlockQuoteKind) -> CalloutKind {
    match kind {
        BlockQuoteKind::Note => CalloutKind::Note,
        BlockQuoteKind::Tip => CalloutKind::Tip,
        BlockQuoteKind::Important => CalloutKind::Important,
        BlockQuoteKind::Warning => CalloutKind::Warning,
        BlockQuoteKind::Caution => CalloutKind::Caution,
    }
}

fn alignment(alignment: pulldown_cmark::Alignment) -> Alignment {
    match alignment {
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
        pulldown_cmark::Alignment::Left | pulldown_cmark::Alignment::None => Alignment::Left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::load::answers::Answers;
    use serde_json::json;

    fn parse(markdown: &str) -> DocChapter {
        let chapter = Chapter {
            source: SourceFile::new("t.md", markdown),
            name: "t.md".to_string(),
            front: Default::default(),
            body: markdown.to_string(),
            body_line: 1,
            notes: Vec::new(),
        };
        let data = json!({"person": {"name": "Ana"}});
        let answers = Answers::default();
        let fill = Fill {
            data: &data,
            schema: &data,
            answers: &answers,
            words: crate::load::locale::english(),
        };
        let images = Images::new(crate::load::folder::Folder::Disk(".".into()));
        parse_chapter(
            &chapter,
            markdown,
            (&fill, &images),
            &mut UniqueIds::default(),
        )
        .expect("parses")
    }

    #[test]
    fn first_heading_is_the_title_and_ids_are_unique() {
        let chapter = parse("# Why they ask\n\n## Point\n\n## Point\n");
        assert_eq!(chapter.title, "Why they ask");
        assert_eq!(chapter.id, "why-they-ask");
        let ids: Vec<&str> = chapter
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, ["point", "point-2"]);
    }

    #[test]
    fn protected_values_stay_literal_text() {
        let value = literal::protect("# *x* <b>\n| y");
        let chapter = parse(&format!("# T\n\n{value}\n"));
        assert_eq!(
            chapter.blocks,
            vec![Block::Paragraph(vec![
                Inline::Text {
                    text: "# *x* <b>".to_string(),
                    style: Style::default()
                },
                Inline::Break,
                Inline::Text {
                    text: "| y".to_string(),
                    style: Style::default()
                },
            ])]
        );
    }

    #[test]
    fn three_admonition_forms_make_the_same_callout() {
        let forms = [
            "# T\n\n> [!TIP]\n> Breathe *first*.\n",
            "# T\n\n:::tip\nBreathe *first*.\n:::\n",
            "# T\n\n!!! tip\n    Breathe *first*.\n",
        ];
        let blocks: Vec<Vec<Block>> = forms.iter().map(|f| parse(f).blocks).collect();
        assert_eq!(blocks[0], blocks[1]);
        assert_eq!(blocks[0], blocks[2]);
        let titled = parse("# T\n\n!!! danger \"Not this\"\n    Careful.\n\nAfter.\n");
        assert!(matches!(
            &titled.blocks[0],
            Block::Callout { kind: CalloutKind::Caution, title: Some(t), .. } if t == "Not this"
        ));
        assert_eq!(titled.blocks.len(), 2);
    }

    #[test]
    fn raw_html_and_mdx_are_left_out() {
        let chapter = parse(
            "# T\n\nimport Tabs from '@theme/Tabs';\n\n<Tabs groupId=\"x\">\n\n<div class=\"box\">\nhidden\n</div>\n\nPress <kbd>Enter</kbd> now<br/>then.\n",
        );
        assert_eq!(
            chapter.blocks,
            vec![Block::Paragraph(vec![
                Inline::Text {
                    text: "Press Enter now".to_string(),
                    style: Style::default()
                },
                Inline::Break,
                Inline::Text {
                    text: "then.".to_string(),
                    style: Style::default()
                },
            ])]
        );
    }

    #[test]
    fn tight_lists_callouts_and_answers() {
        let chapter = parse(
            "# T\n\n- one **two**\n- three\n\n> [!TIP]\n> Shine.\n\n```answer Looking ahead\nI *hope*.\n```\n",
        );
        insta::assert_debug_snapshot!(chapter.blocks);
    }
}
