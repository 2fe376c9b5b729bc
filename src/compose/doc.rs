//! The document IR: the one meeting point between parsing and rendering.
//!
//! Renderers see only these types; they never see Markdown, Handlebars or
//! profiles. Text here is final (profile values already restored).

use serde::Serialize;

use crate::load::locale::strings::BlockStrings;

/// A whole workbook for one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub meta: Meta,
    pub chapters: Vec<DocChapter>,
}

/// Facts about the workbook shown on its cover and stored as metadata.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    pub subtitle: String,
    /// BCP 47 language tag.
    pub language: String,
    /// The person the workbook is for.
    pub person: String,
    pub target_role: Option<String>,
    pub company: Option<String>,
    /// The build date as `YYYY-MM-DD`.
    pub date: String,
    /// The build date as the workbook's language writes it.
    pub written_date: String,
    /// Stable id of this workbook, used to key saved answers.
    pub id: String,
    /// What the review of a drafted answer compares it with (the HTML
    /// workbook reviews what the person types).
    pub review: crate::review::Context,
    /// The organisation's logo, shown on the cover.
    pub logo: Option<Logo>,
}

/// A logo and, when it says something the page does not, its description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Logo {
    pub image: std::sync::Arc<crate::load::image::Image>,
    /// Empty for a logo that only decorates.
    pub alt: String,
}

/// One chapter: its title heading and its blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocChapter {
    /// Anchor id, unique in the document.
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
    /// A line under the title (`description` or `subtitle` in the front
    /// matter).
    pub subtitle: Option<String>,
    /// Starts on a new printed page.
    pub new_page: bool,
    /// The chapter's language (BCP 47) when it is not the workbook's.
    pub language: Option<String>,
}

/// A block-level element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Block {
    /// A section heading inside a chapter (level 2 to 6).
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List(List),
    Quote(Vec<Block>),
    /// A highlighted box: a tip, note or warning, with the title the
    /// author gave it, if any.
    Callout {
        kind: CalloutKind,
        title: Option<String>,
        blocks: Vec<Block>,
    },
    /// A personalised example answer, spoken in the first person.
    Answer {
        title: String,
        blocks: Vec<Block>,
    },
    Table(Table),
    Code(String),
    Rule,
    Worksheet(Worksheet),
    /// An image in a paragraph of its own.
    Figure(Figure),
}

/// An image with what it shows, for readers who cannot see it, and a
/// caption (the image's title: `![alt](chart.png "Caption")`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub image: std::sync::Arc<crate::load::image::Image>,
    /// Empty for an image that only decorates.
    pub alt: String,
    pub caption: Option<String>,
}

/// A bulleted or numbered list; each item is a list of blocks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct List {
    /// The first number of a numbered list; `None` for bullets.
    pub start: Option<u64>,
    pub items: Vec<Vec<Block>>,
}

/// The kind of a callout box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CalloutKind {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl CalloutKind {
    /// The kind's name in the markup (`> [!TIP]`), in lower case: the same
    /// in every language, for class names.
    pub fn key(self) -> &'static str {
        match self {
            CalloutKind::Note => "note",
            CalloutKind::Tip => "tip",
            CalloutKind::Important => "important",
            CalloutKind::Warning => "warning",
            CalloutKind::Caution => "caution",
        }
    }

    /// The label printed at the top of the box, in the theme's language.
    pub fn label(self, strings: &BlockStrings) -> &str {
        match self {
            CalloutKind::Note => &strings.note,
            CalloutKind::Tip => &strings.tip,
            CalloutKind::Important => &strings.important,
            CalloutKind::Warning => &strings.warning,
            CalloutKind::Caution => &strings.caution,
        }
    }
}

/// A table: a header row and body rows of cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub alignments: Vec<Alignment>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Alignment {
    Left,
    Center,
    Right,
}

/// A run of inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    Text {
        text: String,
        style: Style,
    },
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

/// Inline emphasis.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
    pub strikethrough: bool,
}

/// A worksheet: prompts to answer in writing, and optionally a sorting exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Worksheet {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub prompts: Vec<Prompt>,
    pub sort: Option<SortExercise>,
}

/// One question with room to write the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prompt {
    /// Stable id: the profile path it is filled from, or one the author gave.
    pub id: String,
    pub question: String,
    pub hint: String,
    /// Writing lines to leave on paper.
    pub lines: u32,
    /// The answer known so far (from the profile or saved answers).
    pub answer: String,
}

/// Statements the reader sorts into one of a few kinds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SortExercise {
    pub id: String,
    pub choices: Vec<String>,
    pub statements: Vec<Statement>,
}

/// One statement to sort, with the reader's choice if known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statement {
    pub id: String,
    pub text: String,
    pub choice: Option<String>,
}

impl Inline {
    /// Plain text of a run of inlines (for titles, bookmarks, alt text).
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut out = String::new();
        for inline in inlines {
            match inline {
                Inline::Text { text, .. } | Inline::Code(text) => out.push_str(text),
                Inline::Link { content, .. } => out.push_str(&Inline::plain_text(content)),
                Inline::Break => out.push(' '),
            }
        }
        out
    }
}

impl Document {
    /// Every prompt and sort statement: the things a reader can answer.
    pub fn answerable_count(&self) -> usize {
        self.worksheets()
            .map(|w| w.prompts.len() + w.sort.as_ref().map_or(0, |s| s.statements.len()))
            .sum()
    }

    /// Every worksheet, in reading order (including those inside other blocks).
    pub fn worksheets(&self) -> impl Iterator<Item = &Worksheet> {
        self.chapters.iter().flat_map(DocChapter::worksheets)
    }
}

impl DocChapter {
    /// The chapter's worksheets, in reading order.
    pub fn worksheets(&self) -> Vec<&Worksheet> {
        let mut found = Vec::new();
        collect_worksheets(&self.blocks, &mut found);
        found
    }
}

fn collect_worksheets<'a>(blocks: &'a [Block], found: &mut Vec<&'a Worksheet>) {
    for block in blocks {
        match block {
            Block::Worksheet(worksheet) => found.push(worksheet),
            Block::Quote(inner)
            | Block::Callout { blocks: inner, .. }
            | Block::Answer { blocks: inner, .. } => collect_worksheets(inner, found),
            Block::List(list) => list
                .items
                .iter()
                .for_each(|item| collect_worksheets(item, found)),
            _ => {}
        }
    }
}
