//! The table of contents: chapters and their sections with the pages they
//! start on, each entry a link to its heading.

use std::collections::BTreeSet;

use crate::load::theme::FontRole;

use super::language::TextLanguage;
use super::line_cache;
use super::page::{Anchor, Item, Page};
use super::style::PdfStyle;
use super::tags::{NodeId, Role, StructTree, Tag};
use super::text::{self, Align, LineSettings, StyledText, TextStyle};
use crate::pdf::fonts::{FaceId, FontSet};

/// One line of the contents: a chapter (level 1) or section (level 2).
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub anchor: Anchor,
    /// The page number; `None` while the contents are only being measured.
    pub page: Option<usize>,
}

/// Lays out the contents pages; `left(n)` is the left margin of the n-th
/// (0-based) contents page. With `structure`, the heading and a TOC of
/// linked entries are added to the tree inside the given section.
pub fn toc_pages(
    (fonts, language): (&FontSet, &TextLanguage),
    style: &PdfStyle,
    entries: &[TocEntry],
    left: impl Fn(usize) -> f32,
    missing: &mut BTreeSet<char>,
    mut structure: Option<(&mut StructTree, NodeId)>,
) -> Vec<Page> {
    let mut add = |parent: Option<NodeId>, role: Role| -> Option<NodeId> {
        let (tree, section) = structure.as_mut()?;
        Some(tree.add(parent.unwrap_or(*section), role))
    };
    let heading_tag = add(None, Role::Heading(1)).map_or(Tag::Artifact, Tag::Node);
    let toc = add(None, Role::Toc);
    let width = style.content_width();
    let number_column = 36.0;
    let bottom = style.page_height - style.margin_bottom;
    let mut pages = vec![Page::default()];
    let mut y = style.margin_top;
    let heading = TextStyle {
        face: FaceId::Theme(FontRole::Heading),
        size: style.h1,
        colour: style.text,
        link: None,
        strikethrough: false,
        tag: heading_tag,
    };
    let set = |text: &str, style: &TextStyle, width: f32, missing: &mut BTreeSet<char>| {
        set(fonts, language, text, style, width, missing)
    };
    // Titles on the starting side, page numbers in a column at the end.
    let rtl = language.direction.is_rtl();
    for line in set(&style.labels.contents.title, &heading, width, missing) {
        push_line(&mut pages[0], line.items, left(0), y);
        y += line.height;
    }
    y += style.body * 1.5;
    for (index, entry) in entries.iter().enumerate() {
        let item = add(toc, Role::Toci);
        let tag = add(item, Role::Link).map_or(Tag::Artifact, Tag::Node);
        let (entry_style, indent, space) = if entry.anchor.level == 1 {
            let chapter = TextStyle {
                face: FaceId::Theme(FontRole::Heading),
                size: style.body + 0.5,
                tag,
                ..heading.clone()
            };
            (chapter, 0.0, style.body * 0.9)
        } else {
            let section = TextStyle {
                face: FaceId::Theme(FontRole::Regular),
                size: style.body,
                colour: style.muted,
                tag,
                ..heading.clone()
            };
            (section, style.body * 1.6, 0.0)
        };
        let lines = set(
            &entry.anchor.title,
            &entry_style,
            width - indent - number_column,
            missing,
        );
        let height: f32 = lines.iter().map(|l| l.height).sum::<f32>() + space;
        // A chapter's entry goes to the next page with its first section's
        // rather than end a page alone.
        let followed = entry.anchor.level == 1
            && entries
                .get(index + 1)
                .is_some_and(|next| next.anchor.level > 1);
        let keep = match lines.last() {
            Some(line) if followed => line.height,
            _ => 0.0,
        };
        if y + height + keep > bottom {
            pages.push(Page::default());
            y = style.margin_top;
        }
        let page_index = pages.len() - 1;
        let x = left(page_index);
        let page = &mut pages[page_index];
        y += if y > style.margin_top { space } else { 0.0 };
        let top = y;
        let mut last_baseline = y;
        let title_x = if rtl { x + number_column } else { x + indent };
        for line in lines {
            last_baseline = y + line.baseline;
            push_line(page, line.items, title_x, y);
            y += line.height;
        }
        let number = entry
            .page
            .map_or_else(|| "000".to_string(), |n| n.to_string());
        let number_style = TextStyle {
            colour: style.text,
            ..entry_style.clone()
        };
        if let Some(line) = line_cache::set_lines(
            fonts,
            &[StyledText {
                text: number,
                style: number_style,
            }],
            LineSettings {
                width: number_column,
                align: Align::End,
                leading: 1.0,
                hyphenator: None,
                direction: language.direction,
                language: Some(&language.tag),
            },
            missing,
        )
        .into_iter()
        .next()
        {
            let number_x = if rtl { x } else { x + width - number_column };
            push_line(page, line.items, number_x, last_baseline - line.baseline);
        }
        page.items.push(Item::Link {
            x: if rtl { x } else { x + indent },
            y: top,
            width: width - indent,
            height: y - top,
            url: format!("#{}", entry.anchor.id),
            tag,
        });
    }
    pages
}

fn set(
    fonts: &FontSet,
    language: &TextLanguage,
    text: &str,
    style: &TextStyle,
    width: f32,
    missing: &mut BTreeSet<char>,
) -> Vec<text::LineBox> {
    line_cache::set_lines(
        fonts,
        &[StyledText {
            text: text.to_string(),
            style: style.clone(),
        }],
        LineSettings {
            width,
            align: Align::Start,
            leading: 1.45,
            hyphenator: None,
            direction: language.direction,
            language: Some(&language.tag),
        },
        missing,
    )
}

fn push_line(page: &mut Page, items: Vec<Item>, x: f32, y: f32) {
    for mut item in items {
        item.translate(x, y);
        page.items.push(item);
    }
}
