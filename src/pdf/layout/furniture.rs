//! What surrounds the body: the cover page, the running header and the
//! "page N of M" footer.

use std::collections::BTreeSet;

use crate::compose::doc::{Logo, Meta};
use crate::load::locale::strings::fill;
use crate::load::theme::{FontRole, Rgb};

use super::bidi::Direction;
use super::language::TextLanguage;
use super::line_cache;
use super::page::{Item, Page};
use super::style::{PdfStyle, PT_PER_MM, PT_PER_PX};
use super::tags::{Role, StructTree, Tag};
use super::text::{Align, LineSettings, StyledText, TextStyle};
use crate::pdf::fonts::{FaceId, FontSet};

/// Sets single pieces of text onto one page at a column, starting on the
/// workbook's side whatever the direction of each piece.
struct Pen<'a> {
    page: &'a mut Page,
    fonts: &'a FontSet,
    missing: &'a mut BTreeSet<char>,
    language: &'a TextLanguage,
    x: f32,
    width: f32,
    /// Where text written as content goes; furniture is an artifact.
    structure: Option<&'a mut StructTree>,
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
    /// Sets `text` with its first line's top at `y`, as an element of
    /// `role` (an artifact without a structure tree); returns the bottom.
    /// The text runs in the direction of its first strong letter, as
    /// HTML's `dir="auto"` does (a date in the theme's English words reads
    /// left to right in an Arabic workbook), and is aligned on the
    /// workbook's side whatever that direction.
    fn write(&mut self, text: &str, role: Role, look: Look, y: f32) -> f32 {
        let workbook = self.language.direction;
        let direction = Direction::of_text(text).unwrap_or(workbook);
        let align = match look.align {
            Align::Start if direction != workbook => Align::End,
            Align::End if direction != workbook => Align::Start,
            align => align,
        };
        let tag = match self.structure.as_deref_mut() {
            Some(tree) => Tag::Node(tree.add(StructTree::ROOT, role)),
            None => Tag::Artifact,
        };
        let spans = [StyledText {
            text: text.to_string(),
            style: TextStyle {
                face: look.face,
                size: look.size,
                colour: look.colour,
                link: None,
                strikethrough: false,
                tag,
            },
        }];
        let settings = LineSettings {
            width: self.width,
            align,
            leading: look.leading,
            hyphenator: None,
            direction,
            language: Some(&self.language.tag),
        };
        let mut y = y;
        for line in line_cache::set_lines(self.fonts, &spans, settings, self.missing) {
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
        align: Align::Start,
    }
}

/// Where a box `width` wide that starts `from_start` points from the
/// page's starting edge sits, as its left edge.
fn from_start(style: &PdfStyle, from_start: f32, width: f32) -> f32 {
    match style.direction {
        Direction::Ltr => from_start,
        Direction::Rtl => style.page_width - from_start - width,
    }
}

/// The cover: title, who it is for, the role and company, and the date,
/// added to the structure tree `tree` (the title as its first heading).
pub fn cover(
    fonts: &FontSet,
    style: &PdfStyle,
    (meta, language): (&Meta, &TextLanguage),
    missing: &mut BTreeSet<char>,
    tree: &mut StructTree,
) -> Page {
    let mut page = Page::default();
    // A band down the starting edge, the text in a column beside it.
    let band = 14.0 * PT_PER_MM;
    page.items.push(Item::Rect {
        x: from_start(style, 0.0, band),
        y: 0.0,
        width: band,
        height: style.page_height,
        fill: style.accent,
    });
    let start = band + 18.0 * PT_PER_MM;
    let width = style.page_width - start - style.margin_outer;
    let x = from_start(style, start, width);
    let mut pen = Pen {
        page: &mut page,
        fonts,
        missing,
        language,
        x,
        width,
        structure: Some(tree),
    };
    if let Some(logo) = &meta.logo {
        let item = logo_item(logo, style, start, pen.structure.as_deref_mut());
        pen.page.items.push(item);
    }
    let kicker = look(
        FaceId::Theme(FontRole::Heading),
        style.small + 0.5,
        style.accent,
        1.4,
    );
    let labels = &style.labels;
    let mut y = pen.write(
        &labels.cover.kicker.to_uppercase(),
        Role::P,
        kicker,
        style.page_height * 0.22,
    );
    y = pen.write(
        &meta.title,
        Role::Heading(1),
        look(FaceId::Theme(FontRole::Heading), 30.0, style.text, 1.15),
        y + 10.0,
    );
    if !meta.subtitle.is_empty() {
        y = pen.write(
            &meta.subtitle,
            Role::P,
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
        Role::P,
        label,
        style.page_height * 0.58,
    );
    y = pen.write(
        &meta.person,
        Role::P,
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
            Role::P,
            look(FaceId::Theme(FontRole::Regular), 12.5, style.text, 1.35),
            y + 6.0,
        );
    }
    let date = &meta.written_date;
    let bottom = style.page_height - style.margin_bottom - 14.0;
    pen.write(
        date,
        Role::P,
        look(
            FaceId::Theme(FontRole::Label),
            style.small + 0.5,
            style.muted,
            1.3,
        ),
        bottom,
    );

    let rule_x = from_start(style, start, 60.0);
    page.items.push(Item::Line {
        x1: rule_x,
        y1: rule_y,
        x2: rule_x + 60.0,
        y2: rule_y,
        width: 2.5,
        colour: style.accent,
    });
    page
}

/// The cover's logo above the title, at the text column's start: at most
/// 60 × 24 mm, never enlarged beyond its natural size; a figure when it
/// has a description, else decoration.
fn logo_item(logo: &Logo, style: &PdfStyle, start: f32, tree: Option<&mut StructTree>) -> Item {
    let (natural_width, natural_height) = (
        logo.image.width as f32 * PT_PER_PX,
        logo.image.height as f32 * PT_PER_PX,
    );
    let scale = (60.0 * PT_PER_MM / natural_width)
        .min(24.0 * PT_PER_MM / natural_height)
        .min(1.0);
    let (width, height) = (natural_width * scale, natural_height * scale);
    let tag = match tree {
        Some(tree) if !logo.alt.is_empty() => {
            let node = tree.add(StructTree::ROOT, Role::Figure);
            tree.set_alt(node, &logo.alt);
            Tag::Node(node)
        }
        _ => Tag::Artifact,
    };
    Item::Image {
        x: from_start(style, start, width),
        y: style.page_height * 0.08,
        width,
        height,
        image: logo.image.clone(),
        tag,
    }
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
    (fonts, language): (&FontSet, &TextLanguage),
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
        language,
        x: place.left,
        width,
        structure: None,
    };
    let small = look(
        FaceId::Theme(FontRole::Label),
        style.small,
        style.muted,
        1.2,
    );
    if let Some(chapter) = place.chapter {
        pen.write(chapter, Role::P, small, style.margin_top - 24.0);
    }
    // The page number sits on the outer edge: the end of the line on odd
    // pages (the right, or the left in a right-to-left book).
    let footer = Look {
        align: if place.number % 2 == 1 {
            Align::End
        } else {
            Align::Start
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
        Role::P,
        footer,
        style.page_height - style.margin_bottom + 16.0,
    );
}
