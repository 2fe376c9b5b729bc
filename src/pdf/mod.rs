//! The PDF renderer: the IR laid out into pages ([`layout`], independent
//! of PDF syntax), then written as PDF ([`write`]).

pub mod fonts;
pub mod layout;
mod write;

use hyphenation::{Language, Load, Standard};

use crate::compose::doc::Document;
use crate::diagnostics::Error;
use crate::load::locale::Strings;
use crate::load::theme::{PageSize, Theme};
use crate::render::{RenderContext, RenderError, Renderer};

use fonts::FontSet;
use layout::style::PdfStyle;
use layout::Layout;

/// Parsed fonts, hyphenation patterns and page style, made once per run and
/// shared by every profile.
pub struct PdfRenderer {
    fonts: FontSet,
    style: PdfStyle,
    hyphenator: Option<Standard>,
    subsets: write::SubsetCache,
}

impl PdfRenderer {
    /// Parses the theme's fonts; `page_size` overrides the theme's paper;
    /// `language` (BCP 47) picks the hyphenation patterns, and `labels` are
    /// the theme's words in it.
    pub fn new(
        theme: &Theme,
        page_size: Option<PageSize>,
        language: &str,
        labels: &Strings,
    ) -> Result<PdfRenderer, Error> {
        Ok(PdfRenderer {
            fonts: FontSet::load(&theme.fonts)?,
            style: PdfStyle::from_theme(&theme.config, page_size, labels),
            hyphenator: hyphenation_language(language)
                .and_then(|l| Standard::from_embedded(l).ok()),
            subsets: write::SubsetCache::default(),
        })
    }

    /// Lays out a document: the cover, the contents, then the chapters.
    pub fn layout(&self, document: &Document) -> Result<Layout, RenderError> {
        layout::lay_out(&self.fonts, &self.style, self.hyphenator.as_ref(), document)
    }
}

impl Renderer for PdfRenderer {
    fn render(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError> {
        let layout = self.layout(context.document)?;
        let bytes = write::write_pdf(
            &layout,
            (&self.fonts, &self.subsets),
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
