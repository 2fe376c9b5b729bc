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

use crate::compose::doc::Document;
use crate::diagnostics::Error;
use crate::load::theme::{PageSize, Theme};
use crate::render::{RenderContext, RenderError, Renderer};

pub use style::PdfStyle;

use fonts::FontSet;
use page::{Page, PlacedAnchor};
use toc::TocEntry;

/// A laid-out document: its pages and where each heading landed (on
/// 1-based page numbers), for links, bookmarks and contents.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub anchors: Vec<PlacedAnchor>,
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
    pub fn layout(&self, document: &Document) -> Result<Layout, RenderError> {
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
                anchor: anchor.clone(),
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
        let anchors: Vec<PlacedAnchor> = placed
            .into_iter()
            .map(|placed| PlacedAnchor {
                page: placed.page + first_body,
                ..placed
            })
            .collect();
        let page_of = |id: &str| {
            anchors
                .iter()
                .find(|placed| placed.anchor.id == id)
                .map(|placed| placed.page)
        };
        for entry in &mut entries {
            entry.page = page_of(&entry.anchor.id);
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
            return Err(RenderError::MissingGlyphs(missing));
        }
        Ok(Layout { pages, anchors })
    }
}

impl Renderer for PdfRenderer {
    fn render(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError> {
        let layout = self.layout(context.document)?;
        let bytes = write::write_pdf(
            &layout,
            &self.fonts,
            &write::PdfInfo {
                meta: &context.document.meta,
                timestamp: context.date.timestamp,
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
