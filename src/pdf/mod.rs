//! The PDF renderer: the IR laid out into pages (independent of PDF
//! syntax), then written with printpdf.

mod embed;
mod flow;
pub mod fonts;
mod form;
mod furniture;
mod outline;
pub mod page;
mod paginate;
mod style;
pub mod text;
mod toc;
mod write;

use std::collections::BTreeSet;

use hyphenation::{Language, Load, Standard};

use crate::diagnostics::{Error, SourceFile};
use crate::doc::Document;
use crate::theme::{PageSize, Theme};

pub use style::PdfStyle;

use fonts::FontSet;
use page::Page;
use toc::TocEntry;

/// A laid-out document: its pages and where each heading landed.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub anchors: Vec<AnchorTarget>,
}

/// A heading's place in the document: for links, bookmarks and contents.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorTarget {
    pub id: String,
    pub title: String,
    pub level: u8,
    /// The 1-based page number.
    pub page: usize,
    /// The heading's top, in points from the top of the page.
    pub y: f32,
}

/// Parsed fonts, hyphenation patterns and page style, made once per run and
/// shared by every profile.
pub struct PdfRenderer {
    fonts: FontSet,
    style: PdfStyle,
    hyphenator: Option<Standard>,
}

impl PdfRenderer {
    /// Parses the theme's fonts; `page_size` overrides the theme's paper;
    /// `language` (BCP 47) picks the hyphenation patterns.
    pub fn new(
        theme: &Theme,
        page_size: Option<PageSize>,
        language: &str,
    ) -> Result<PdfRenderer, Error> {
        Ok(PdfRenderer {
            fonts: FontSet::load(&theme.fonts)?,
            style: PdfStyle::from_theme(&theme.config, page_size),
            hyphenator: hyphenation_language(language)
                .and_then(|l| Standard::from_embedded(l).ok()),
        })
    }

    /// Lays out a document: the cover, the contents, then the chapters.
    pub fn layout(&self, document: &Document) -> Result<Layout, PdfError> {
        let style = &self.style;
        let fonts = &self.fonts;
        let mut missing = BTreeSet::new();
        let cover = furniture::cover(fonts, style, &document.meta, &mut missing);
        let mut flow =
            flow::flow_chapters(fonts, style, self.hyphenator.as_ref(), &document.chapters);
        missing.append(&mut flow.missing);

        // The contents' length does not depend on its page numbers, so it
        // can be measured before the body is numbered.
        let mut entries: Vec<TocEntry> = flow
            .chunks
            .iter()
            .filter_map(|chunk| chunk.anchor.as_ref())
            .filter(|anchor| anchor.level <= 2)
            .map(|anchor| TocEntry {
                id: anchor.id.clone(),
                title: anchor.title.clone(),
                level: anchor.level,
                page: None,
            })
            .collect();
        let toc_left = |index: usize| style.left_margin(index + 2);
        let toc_count = toc::toc_pages(fonts, style, &entries, toc_left, &mut missing).len();
        let first_body = 2 + toc_count;

        let placements = paginate::place(&flow.chunks, style.content_height());
        let (body, placed) = paginate::assemble(flow, &placements, style.margin_top, |index| {
            style.left_margin(index + first_body)
        });
        let anchors: Vec<AnchorTarget> = placed
            .into_iter()
            .map(|placed| AnchorTarget {
                id: placed.anchor.id,
                title: placed.anchor.title,
                level: placed.anchor.level,
                page: placed.page + first_body,
                y: placed.y,
            })
            .collect();
        let page_of = |id: &str| anchors.iter().find(|a| a.id == id).map(|a| a.page);
        for entry in &mut entries {
            entry.page = page_of(&entry.id);
        }
        let toc = toc::toc_pages(fonts, style, &entries, toc_left, &mut missing);

        let total = 1 + toc.len() + body.len();
        // Contents pages have no running header; a body page names its
        // chapter unless the chapter opens on it.
        let numbered = toc
            .into_iter()
            .map(|page| (page, None))
            .chain(body.into_iter().map(|body| {
                let header = (!body.opens_chapter).then_some(body.chapter);
                (body.page, header)
            }));
        let mut pages = vec![cover];
        for (index, (mut page, chapter)) in numbered.enumerate() {
            let number = index + 2;
            let place = furniture::PagePlace {
                left: style.left_margin(number),
                chapter: chapter.as_deref(),
                number,
                total,
            };
            furniture::header_and_footer(&mut page, fonts, style, place, &mut missing);
            pages.push(page);
        }
        if !missing.is_empty() {
            return Err(PdfError::MissingGlyphs(missing));
        }
        Ok(Layout { pages, anchors })
    }

    /// Renders a document to PDF bytes.
    pub fn render(&self, document: &Document, timestamp: i64) -> Result<Vec<u8>, PdfError> {
        let layout = self.layout(document)?;
        let bytes = write::write_pdf(
            &layout,
            &self.fonts,
            &write::PdfInfo {
                meta: &document.meta,
                timestamp,
                page_width: self.style.page_width,
                page_height: self.style.page_height,
            },
        )?;
        Ok(bytes)
    }
}

/// The hyphenation patterns for a BCP 47 tag: the exact tag, else the
/// usual variant of its language ("en" is US English, "de" the 1996 rules).
fn hyphenation_language(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    let usual = match primary {
        "en" => "en-us",
        "de" => "de-1996",
        "el" => "el-monoton",
        "sr" => "sr-cyrl",
        "mn" => "mn-cyrl",
        other => other,
    };
    Language::try_from_code(&tag).or_else(|| Language::try_from_code(usual))
}

/// Why a PDF could not be made.
#[derive(Debug)]
pub enum PdfError {
    /// Characters no font of the theme can show; the caller knows where
    /// they came from.
    MissingGlyphs(BTreeSet<char>),
    Other(Error),
}

impl From<Error> for PdfError {
    fn from(error: Error) -> PdfError {
        PdfError::Other(error)
    }
}

impl PdfError {
    /// The error for the user; missing characters are looked up in
    /// `sources` (the profile, then the chapters) to say where they are.
    pub fn locate(self, sources: &[&SourceFile]) -> Error {
        match self {
            PdfError::Other(error) => error,
            PdfError::MissingGlyphs(missing) => missing_glyphs_error(&missing, sources),
        }
    }
}

fn missing_glyphs_error(missing: &BTreeSet<char>, sources: &[&SourceFile]) -> Error {
    let listed: Vec<String> = missing
        .iter()
        .take(12)
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    let message = format!("no font of the theme can show {}", listed.join(", "));
    let help = "add a font that covers these characters to `fallback` in [fonts] of the \
                theme's theme.toml (for example Noto Sans CJK or Noto Naskh Arabic)";
    let found = sources.iter().find_map(|source| {
        source
            .text
            .char_indices()
            .find(|(_, c)| missing.contains(c))
            .map(|(offset, c)| (*source, offset, c))
    });
    match found {
        Some((source, offset, c)) => {
            let line_start = source.text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let field = source.text[line_start..]
                .split_once('=')
                .map(|(key, _)| key.trim())
                .filter(|key| !key.is_empty() && !key.contains(char::is_whitespace));
            let message = match field {
                Some(field) => format!("{message}; `{c}` is in `{field}`"),
                None => message,
            };
            Error::at_span(source, offset..offset + c.len_utf8(), message).with_help(help)
        }
        None => Error::new(message).with_help(help),
    }
}
