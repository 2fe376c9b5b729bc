//! The PDF renderer: the IR laid out into pages ([`layout`], independent
//! of PDF syntax), then written as PDF (`write`).

pub mod fonts;
pub mod layout;
mod write;

use crate::compose::doc::Document;
use crate::load::locale::Strings;
use crate::load::theme::{PageSize, Theme};
use crate::render::{RenderContext, RenderError, Renderer};

use fonts::FontSet;
use layout::language::Languages;
use layout::style::PdfStyle;
use layout::Layout;

/// Parsed fonts, hyphenation patterns and page style, made once per run and
/// shared by every profile.
pub struct PdfRenderer {
    fonts: FontSet,
    style: PdfStyle,
    languages: Languages,
    /// Font programs and small streams made once per run.
    streams: write::StreamCache,
}

impl PdfRenderer {
    /// The renderer of `theme` with its parsed `fonts`; `languages` start
    /// from the workbook's (its direction and hyphenation patterns);
    /// `page_size` overrides the theme's paper; `labels` are the theme's
    /// words in the workbook's language.
    pub fn new(
        (theme, fonts): (&Theme, FontSet),
        languages: Languages,
        page_size: Option<PageSize>,
        labels: &Strings,
    ) -> PdfRenderer {
        let style = PdfStyle {
            direction: languages.workbook().direction,
            ..PdfStyle::from_theme(&theme.config, page_size, labels)
        };
        PdfRenderer {
            fonts,
            style,
            languages,
            streams: write::StreamCache::default(),
        }
    }

    /// Lays out a document: the cover, the contents, then the chapters.
    pub fn layout(&self, document: &Document) -> Result<Layout, RenderError> {
        layout::lay_out(&self.fonts, &self.style, &self.languages, document)
    }
}

impl Renderer for PdfRenderer {
    fn render(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError> {
        let layout = self.layout(context.document)?;
        let bytes = write::write_pdf(
            &layout,
            (&self.fonts, &self.streams),
            &write::PdfInfo {
                meta: &context.document.meta,
                timestamp: context.date.timestamp,
                page_width: self.style.page_width,
                page_height: self.style.page_height,
                labels: &self.style.labels,
            },
        )?;
        Ok(bytes)
    }
}
