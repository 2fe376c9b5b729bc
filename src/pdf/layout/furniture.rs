//! What surrounds the body: the cover page, the running header and the
//! "page N of M" footer.

use std::collections::BTreeSet;

use crate::compose::doc::Meta;
use crate::load::locale::strings::fill;
use crate::load::theme::{FontRole, Rgb};

use super::page::{Item, Page};
use super::style::{PdfStyle, PT_PER_MM};
use super::text::{self, Align, LineSettings, StyledText, TextStyle};
use crate::pdf::fonts::{FaceId, FontSet};

/// Sets single pieces of text onto one page at a column.
struct Pen<'a> {
    page: &'a mut Page,
    fonts: &'a FontSet,
    missing: &'a mut BTreeSet<char>,
    x: f32,
    width: f32,
}

/// How one piece of furniture text looks.
struct Look {
    face: FaceId,
    size: f32,
    colour: Rgb,
    leading: f32,
    align: Align,
}

impl Pen<'_> {
    /// Sets `text` with its first line's top at `y`; returns the bottom.
    fn write(&mut self, text: &str, look: Look, y: f32) -> f32 {
        let spans = [StyledText {
            text: text.to_string(),
            style: TextStyle {
                face: look.face,
                size: look.size,
                colour: look.colour,
                link: None,
                strikethrough: false,
            },
        }];
        let settings = LineSettings {
            width: self.width,
            align: look.align,
            leading: look.leading,
            hyphenator: None,
        };
        let mut y = y;
        for line in text::set_lines(self.fonts, &spans, settings, self.missing) {
            for mut item in line.items {
                item.translate(self.x, y);
                self.page.items.push(item);
            }
            y += line.height;
        }
        y
    }
}

fn look(face: FaceId, size: f32, colour: Rgb, leading: f32) -> Look {
    Look {
        face,
        size,
        colour,
        leading,
        align: Align::Left,
    }
}

/// The cover: title, who it is for, the role and company, and the date.
pub fn cover(fonts: &FontSet, style: &PdfStyle, meta: &Meta, missing: &mut BTreeSet<char>) -> Page {
    let mut page = Page::default();
    let band = 14.0 * PT_PER_MM;
    page.items.push(Item::Rect {
        x: 0.0,
        y: 0.0,
        width: band,
        height: style.page_height,
        fill: style.accent,
    });
    let x = band + 18.0 * PT_PER_MM;
    let mut pen = Pen {
        page: &mut page,
        fonts,
        missing,
        x,
        width: style.page_width - x - style.margin_outer,
    };
    let kicker = look(
        FaceId::Theme(FontRole::Heading),
        style.small + 0.5,
        style.accent,
        1.4,
    );
    let labels = &style.labels;
    let mut y = pen.write(
        &labels.cover.kicker.to_uppercase(),
        kicker,
        style.page_height * 0.22,
    );
    y = pen.write(
        &meta.title,
        look(FaceId::Theme(FontRole::Heading), 30.0, style.text, 1.15),
        y + 10.0,
    );
    if !meta.subtitle.is_empty() {
        y = pen.write(
            &meta.subtitle,
            look(FaceId::Theme(FontRole::Italic), 14.0, style.muted, 1.3),
            y + 8.0,
        );
    }
    let rule_y = y + 22.0;

    let label = look(
        FaceId::Theme(FontRole::Heading),
        style.small,
        style.muted,
        1.4,
    );
    let mut y = pen.write(
        &labels.cover.prepared_for.to_uppercase(),
        label,
        style.page_height * 0.58,
    );
    y = pen.write(
        &meta.person,
        look(FaceId::Theme(FontRole::Heading), 20.0, style.text, 1.2),
        y + 2.0,
    );
    let role_line = match (&meta.target_role, &meta.company) {
        (Some(role), Some(company)) => format!("{role} · {company}"),
        (Some(role), None) => role.clone(),
        (None, Some(company)) => company.clone(),
        (None, None) => String::new(),
    };
    if !role_line.is_empty() {
        pen.write(
            &role_line,
            look(FaceId::Theme(FontRole::Regular), 12.5, style.text, 1.35),
            y + 6.0,
        );
    }
    let date = &meta.written_date;
    let bottom = style.page_height - style.margin_bottom - 14.0;
    pen.write(
        date,
        look(
            FaceId::Theme(FontRole::Label),
            style.small + 0.5,
            style.muted,
            1.3,
        ),
        bottom,
    );

    page.items.push(Item::Line {
        x1: x,
        y1: rule_y,
        x2: x + 60.0,
        y2: rule_y,
        width: 2.5,
        colour: style.accent,
    });
    page
}

/// Where a page sits in the document, for its header and footer.
pub struct PagePlace<'a> {
    /// The left edge of the text block.
    pub left: f32,
    /// The chapter to name in the running header, if any.
    pub chapter: Option<&'a str>,
    pub number: usize,
    pub total: usize,
}

/// Adds the running header (chapter title) and the footer to a page.
pub fn header_and_footer(
    page: &mut Page,
    fonts: &FontSet,
    style: &PdfStyle,
    place: PagePlace<'_>,
    missing: &mut BTreeSet<char>,
) {
    let width = style.content_width();
    if place.chapter.is_some() {
        page.items.push(Item::Line {
            x1: place.left,
            y1: style.margin_top - 10.0,
            x2: place.left + width,
            y2: style.margin_top - 10.0,
            width: 0.4,
            colour: style.rule,
        });
    }
    let mut pen = Pen {
        page,
        fonts,
        missing,
        x: place.left,
        width,
    };
    let small = look(
        FaceId::Theme(FontRole::Label),
        style.small,
        style.muted,
        1.2,
    );
    if let Some(chapter) = place.chapter {
        pen.write(chapter, small, style.margin_top - 24.0);
    }
    // The page number sits on the outer edge: right on odd pages.
    let footer = Look {
        align: if place.number % 2 == 1 {
            Align::Right
        } else {
            Align::Left
        },
        ..look(
            FaceId::Theme(FontRole::Label),
            style.small,
            style.muted,
            1.2,
        )
    };
    let text = fill(
        &style.labels.page.footer,
        &[
            ("number", &place.number.to_string()),
            ("total", &place.total.to_string()),
        ],
    );
    pen.write(
        &text,
        footer,
        style.page_height - style.margin_bottom + 16.0,
    );
}
