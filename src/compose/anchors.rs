//! Links within the workbook (`[see](#heading)`) must lead somewhere: a
//! chapter, a section heading or a worksheet of the same document.

use std::collections::BTreeSet;

use crate::compose::doc::{Block, DocChapter, Inline};
use crate::diagnostics::Error;
use crate::load::content::Chapter;

/// Reports every `#anchor` link whose target is not in `chapters`, at the
/// line of the chapter file that holds it.
pub fn check_anchors(sources: &[Chapter], chapters: &[DocChapter]) -> Result<(), Vec<Error>> {
    let mut targets: BTreeSet<String> = BTreeSet::new();
    for chapter in chapters {
        targets.insert(chapter.id.clone());
        for worksheet in chapter.worksheets() {
            targets.insert(format!("ws-{}", worksheet.id));
        }
        each_block(&chapter.blocks, &mut |block| {
            if let Block::Heading { id, .. } = block {
                targets.insert(id.clone());
            }
        });
    }
    let mut errors = Vec::new();
    for (source, chapter) in sources.iter().zip(chapters) {
        let mut urls = Vec::new();
        each_block(&chapter.blocks, &mut |block| {
            for inlines in block_inlines(block) {
                collect_urls(inlines, &mut urls);
            }
        });
        for url in urls {
            let Some(anchor) = url.strip_prefix('#') else {
                continue;
            };
            if targets.contains(anchor) {
                continue;
            }
            let message = format!("the link to `#{anchor}` leads nowhere: no heading has that id");
            let needle = format!("(#{anchor}");
            let text = &source.source.text;
            let error = match text.find(&needle) {
                Some(offset) => {
                    Error::at_span(&source.source, offset + 1..offset + needle.len(), message)
                }
                None => Error::in_file(source.source.name.clone(), message),
            };
            let known: Vec<String> = targets.iter().cloned().collect();
            errors.push(match crate::diagnostics::closest(anchor, &known) {
                Some(best) => error.with_help(format!("did you mean `#{best}`?")),
                None => error,
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Calls `visit` on every block, nested ones included.
fn each_block<'a>(blocks: &'a [Block], visit: &mut impl FnMut(&'a Block)) {
    for block in blocks {
        visit(block);
        match block {
            Block::Quote(inner)
            | Block::Callout { blocks: inner, .. }
            | Block::Answer { blocks: inner, .. } => each_block(inner, visit),
            Block::List(list) => list.items.iter().for_each(|item| each_block(item, visit)),
            _ => {}
        }
    }
}

/// The runs of inline content a block holds itself (not in nested blocks).
fn block_inlines(block: &Block) -> Vec<&[Inline]> {
    match block {
        Block::Heading { content, .. } => vec![content],
        Block::Paragraph(inlines) => vec![inlines],
        Block::Table(table) => table
            .header
            .iter()
            .chain(table.rows.iter().flatten())
            .map(Vec::as_slice)
            .collect(),
        _ => Vec::new(),
    }
}

fn collect_urls<'a>(inlines: &'a [Inline], out: &mut Vec<&'a str>) {
    for inline in inlines {
        if let Inline::Link { url, content } = inline {
            out.push(url);
            collect_urls(content, out);
        }
    }
}
