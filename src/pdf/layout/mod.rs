//! Laying out: the IR to pages of positioned glyph runs, lines, boxes,
//! links and form-field lines. Nothing here knows about PDF syntax.

pub mod bidi;
mod flow;
mod furniture;
pub mod language;
mod line_cache;
pub mod page;
mod paginate;
pub mod shape;
pub mod style;
mod support;
pub mod tags;
pub mod text;
mod toc;

use std::collections::BTreeSet;

use crate::compose::doc::Document;
use crate::pdf::fonts::FontSet;
use crate::render::RenderError;

use language::Languages;
use page::{Page, PlacedAnchor};
use style::PdfStyle;
use tags::{Role, StructTree};
use toc::TocEntry;

/// A laid-out document: its pages, where each heading landed (on
/// 1-based page numbers), for links, bookmarks and contents, and its
/// structure for readers.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pages: Vec<Page>,
    pub anchors: Vec<PlacedAnchor>,
    pub structure: StructTree,
}

/// Lays out a document: the cover, the contents, then the chapters.
pub fn lay_out(
    fonts: &FontSet,
    style: &PdfStyle,
    languages: &Languages,
    document: &Document,
) -> Result<Layout, RenderError> {
    let mut missing = BTreeSet::new();
    let mut structure = StructTree::default();
    let workbook = languages.workbook();
    // The cover is set while the chapters are: its elements come first in
    // the structure tree, the chapters' are joined after the contents'.
    let (cover, chapters) = rayon::join(
        || {
            furniture::cover(
                fonts,
                style,
                (&document.meta, workbook),
                &mut missing,
                &mut structure,
            )
        },
        || flow::flow_chapters(fonts, style, languages, &document.chapters),
    );
    let contents = structure.add(StructTree::ROOT, Role::Sect);
    let mut flow = chapters.join(&mut structure);
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
    let toc_count = toc::toc_pages(
        (fonts, workbook),
        style,
        &entries,
        toc_left,
        &mut missing,
        None,
    )
    .len();
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
    let toc = toc::toc_pages(
        (fonts, workbook),
        style,
        &entries,
        toc_left,
        &mut missing,
        Some((&mut structure, contents)),
    );

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
        furniture::header_and_footer(&mut page, (fonts, workbook), style, place, &mut missing);
        pages.push(page);
    }
    if !missing.is_empty() {
        return Err(RenderError::MissingGlyphs(missing));
    }
    if let Some(unsupported) = support::unsupported_script(&pages) {
        return Err(RenderError::UnsupportedScript {
            script: unsupported.script,
            character: unsupported.character,
            needs: unsupported.needs,
        });
    }
    Ok(Layout {
        pages,
        anchors,
        structure,
    })
}
