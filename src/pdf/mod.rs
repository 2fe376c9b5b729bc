//! The PDF renderer: the IR laid out into pages (independent of PDF
//! syntax), then written with printpdf.

mod flow;
pub mod fonts;
mod furniture;
pub mod page;
mod paginate;
mod style;
pub mod text;
mod write;

use std::collections::BTreeSet;

use hyphenation::{Language, Load, Standard};

use crate::diagnostics::Error;
use crate::doc::Document;
use crate::theme::{PageSize, Theme};

pub use style::PdfStyle;

use fonts::FontSet;
use page::Page;

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

    /// Lays out a document into pages: cover, then the chapters.
    pub fn layout(&self, document: &Document) -> Result<Vec<Page>, Error> {
        let style = &self.style;
        let mut missing = BTreeSet::new();
        let cover = furniture::cover(&self.fonts, style, &document.meta, &mut missing);
        let mut flow = flow::flow_chapters(
            &self.fonts,
            style,
            self.hyphenator.as_ref(),
            &document.chapters,
        );
        missing.append(&mut flow.missing);
        let placements = paginate::place(&flow.chunks, style.content_height());
        // Body pages are numbered after the cover, which is page 1.
        let body = paginate::assemble(flow, &placements, style.margin_top, |index| {
            style.left_margin(index + 2)
        });
        let total = body.len() + 1;
        let mut pages = vec![cover];
        for (index, body_page) in body.into_iter().enumerate() {
            let number = index + 2;
            let mut page = body_page.page;
            let header = (!body_page.opens_chapter).then_some(body_page.chapter.as_str());
            furniture::header_and_footer(
                &mut page,
                &self.fonts,
                style,
                style.left_margin(number),
                header,
                number,
                total,
                &mut missing,
            );
            pages.push(page);
        }
        if !missing.is_empty() {
            return Err(missing_glyphs_error(&missing));
        }
        Ok(pages)
    }

    /// Renders a document to PDF bytes.
    pub fn render(&self, document: &Document, timestamp: i64) -> Result<Vec<u8>, Error> {
        let pages = self.layout(document)?;
        write::write_pdf(
            &pages,
            &self.fonts,
            &write::PdfInfo {
                meta: &document.meta,
                timestamp,
                page_width: self.style.page_width,
                page_height: self.style.page_height,
            },
        )
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

fn missing_glyphs_error(missing: &BTreeSet<char>) -> Error {
    let listed: Vec<String> = missing
        .iter()
        .take(12)
        .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
        .collect();
    Error::new(format!(
        "no font of the theme can show {}",
        listed.join(", ")
    ))
    .with_help(
        "add a font that covers these characters to `fallback` in [fonts] of the theme's theme.toml",
    )
}
