//! The PDF's measurements and colours, taken from the theme (and the
//! project's page-size override) and converted to points, and the fixed
//! words it prints in the workbook's language.

use crate::load::locale::Strings;
use crate::load::theme::{PageSize, Rgb, ThemeConfig};

use super::bidi::Direction;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Points per CSS pixel: an image's natural size, as a browser prints it.
pub const PT_PER_PX: f32 = 0.75;

/// Everything the layout needs to know about how pages look.
#[derive(Debug, Clone)]
pub struct PdfStyle {
    pub page_width: f32,
    pub page_height: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    pub body: f32,
    pub leading: f32,
    pub h1: f32,
    pub h2: f32,
    pub h3: f32,
    pub small: f32,
    pub text: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub tint: Rgb,
    /// Distance between ruled writing lines.
    pub writing_line: f32,
    /// Writing lines left free under a pre-filled answer.
    pub free_lines: usize,
    /// Whether every chapter starts on a new page.
    pub chapter_break: bool,
    /// The workbook's direction: a right-to-left book is bound on the
    /// right, and its furniture starts on the right.
    pub direction: Direction,
    /// The theme's fixed text (cover, contents, kickers, footer).
    pub labels: Strings,
}

impl PdfStyle {
    /// Converts the theme's settings; `page_size` overrides the theme's;
    /// `labels` are its words in the workbook's language.
    pub fn from_theme(
        theme: &ThemeConfig,
        page_size: Option<PageSize>,
        labels: &Strings,
    ) -> PdfStyle {
        let (width, height) = page_size.unwrap_or(theme.page.size).dimensions_mm();
        PdfStyle {
            page_width: width * PT_PER_MM,
            page_height: height * PT_PER_MM,
            margin_top: theme.page.margin_top * PT_PER_MM,
            margin_bottom: theme.page.margin_bottom * PT_PER_MM,
            margin_inner: theme.page.margin_inner * PT_PER_MM,
            margin_outer: theme.page.margin_outer * PT_PER_MM,
            body: theme.sizes.body,
            leading: theme.sizes.line_height,
            h1: theme.sizes.h1,
            h2: theme.sizes.h2,
            h3: theme.sizes.h3,
            small: theme.sizes.small,
            text: theme.colours.text,
            accent: theme.colours.accent,
            muted: theme.colours.muted,
            rule: theme.colours.rule,
            tint: theme.colours.answer_background,
            writing_line: theme.page.writing_line * PT_PER_MM,
            free_lines: theme.page.free_lines as usize,
            chapter_break: theme.page.chapters_on_new_page,
            direction: Direction::Ltr,
            labels: labels.clone(),
        }
    }

    /// The width of the text block.
    pub fn content_width(&self) -> f32 {
        self.page_width - self.margin_inner - self.margin_outer
    }

    /// The height of the text block.
    pub fn content_height(&self) -> f32 {
        self.page_height - self.margin_top - self.margin_bottom
    }

    /// The left margin of a page (1-based number): inner on right-hand
    /// pages, which are the odd pages of a left-to-right book and the even
    /// pages of a right-to-left one.
    pub fn left_margin(&self, page_number: usize) -> f32 {
        let right_hand = (page_number % 2 == 1) != self.direction.is_rtl();
        if right_hand {
            self.margin_inner
        } else {
            self.margin_outer
        }
    }
}
