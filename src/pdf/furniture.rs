//! What surrounds the body: the cover page, the running header and the
//! "page N of M" footer.

use std::collections::BTreeSet;

use crate::doc::Meta;

use super::fonts::{FaceId, FontSet};
use super::page::{Item, Page};
use super::style::PdfStyle;
use super::text::{self, Align, LineSettings, StyledText, TextStyle};

fn styled(text: &str, face: FaceId, size: f32, colour: crate::theme::Rgb) -> Vec<StyledText> {
    vec![StyledText {
        text: text.to_string(),
        style: TextStyle {
            face,
            size,
            colour,
            link: None,
            strikethrough: false,
        },
    }]
}

/// Sets text at `x`, with its first line's top at `y`; returns the bottom.
#[allow(clippy::too_many_arguments)]
fn put(
    page: &mut Page,
    fonts: &FontSet,
    spans: &[StyledText],
    x: f32,
    y: f32,
    width: f32,
    align: Align,
    leading: f32,
    missing: &mut BTreeSet<char>,
) -> f32 {
    let mut y = y;
    for line in text::set_lines(
        fonts,
        spans,
        LineSettings {
            width,
            align,
            leading,
            hyphenator: None,
        },
        missing,
    ) {
        for mut item in line.items {
            item.translate(x, y);
            page.items.push(item);
        }
        y += line.height;
    }
    y
}

/// The cover: title, who it is for, the role and company, and the date.
pub fn cover(fonts: &FontSet, style: &PdfStyle, meta: &Meta, missing: &mut BTreeSet<char>) -> Page {
    let mut page = Page::default();
    let band = 14.0 * super::style::PT_PER_MM;
    page.items.push(Item::Rect {
        x: 0.0,
        y: 0.0,
        width: band,
        height: style.page_height,
        fill: style.accent,
    });
    let x = band + 18.0 * super::style::PT_PER_MM;
    let width = style.page_width - x - style.margin_outer;
    let mut y = style.page_height * 0.22;
    y = put(
        &mut page,
        fonts,
        &styled(
            "INTERVIEW PREPARATION WORKBOOK",
            FaceId::Heading,
            style.small + 0.5,
            style.accent,
        ),
        x,
        y,
        width,
        Align::Left,
        1.4,
        missing,
    );
    y = put(
        &mut page,
        fonts,
        &styled(&meta.title, FaceId::Heading, 30.0, style.text),
        x,
        y + 10.0,
        width,
        Align::Left,
        1.15,
        missing,
    );
    if !meta.subtitle.is_empty() {
        y = put(
            &mut page,
            fonts,
            &styled(&meta.subtitle, FaceId::Italic, 14.0, style.muted),
            x,
            y + 8.0,
            width,
            Align::Left,
            1.3,
            missing,
        );
    }
    page.items.push(Item::Line {
        x1: x,
        y1: y + 22.0,
        x2: x + 60.0,
        y2: y + 22.0,
        width: 2.5,
        colour: style.accent,
    });
    let mut y = style.page_height * 0.58;
    y = put(
        &mut page,
        fonts,
        &styled("PREPARED FOR", FaceId::Heading, style.small, style.muted),
        x,
        y,
        width,
        Align::Left,
        1.4,
        missing,
    );
    y = put(
        &mut page,
        fonts,
        &styled(&meta.person, FaceId::Heading, 20.0, style.text),
        x,
        y + 2.0,
        width,
        Align::Left,
        1.2,
        missing,
    );
    let role_line = match (&meta.target_role, &meta.company) {
        (Some(role), Some(company)) => format!("{role} · {company}"),
        (Some(role), None) => role.clone(),
        (None, Some(company)) => company.clone(),
        (None, None) => String::new(),
    };
    if !role_line.is_empty() {
        put(
            &mut page,
            fonts,
            &styled(&role_line, FaceId::Regular, 12.5, style.text),
            x,
            y + 6.0,
            width,
            Align::Left,
            1.35,
            missing,
        );
    }
    let bottom = style.page_height - style.margin_bottom - 14.0;
    put(
        &mut page,
        fonts,
        &styled(
            &crate::date::long_form(&meta.date),
            FaceId::Label,
            style.small + 0.5,
            style.muted,
        ),
        x,
        bottom,
        width,
        Align::Left,
        1.3,
        missing,
    );
    page
}

/// Adds the running header (chapter title) and the footer to a body page.
#[allow(clippy::too_many_arguments)]
pub fn header_and_footer(
    page: &mut Page,
    fonts: &FontSet,
    style: &PdfStyle,
    left: f32,
    chapter: Option<&str>,
    number: usize,
    total: usize,
    missing: &mut BTreeSet<char>,
) {
    let width = style.content_width();
    if let Some(chapter) = chapter {
        let y = style.margin_top - 24.0;
        put(
            page,
            fonts,
            &styled(chapter, FaceId::Label, style.small, style.muted),
            left,
            y,
            width,
            Align::Left,
            1.2,
            missing,
        );
        page.items.push(Item::Line {
            x1: left,
            y1: style.margin_top - 10.0,
            x2: left + width,
            y2: style.margin_top - 10.0,
            width: 0.4,
            colour: style.rule,
        });
    }
    let footer = format!("page {number} of {total}");
    let y = style.page_height - style.margin_bottom + 16.0;
    let align = if number % 2 == 1 {
        Align::Right
    } else {
        Align::Left
    };
    put(
        page,
        fonts,
        &styled(&footer, FaceId::Label, style.small, style.muted),
        left,
        y,
        width,
        align,
        1.2,
        missing,
    );
}
