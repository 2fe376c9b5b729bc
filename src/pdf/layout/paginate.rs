//! Cutting the flow into pages: chunks that must stay together move to the
//! next page as a unit, unless the unit is taller than a page, in which case
//! it breaks where it must. Frames are drawn behind their chunks per page.

use super::bidi::Direction;
use super::flow::{Chunk, Flow};
use super::page::{Item, Page, PlacedAnchor};

/// A page of body content and the chapter running on it.
#[derive(Debug, Clone, Default)]
pub struct BodyPage {
    pub page: Page,
    /// The chapter at the top of the page (for the running header).
    pub chapter: String,
    /// Whether a chapter starts on this page.
    pub opens_chapter: bool,
}

/// Where a chunk landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub page: usize,
    pub y: f32,
    /// A table header chunk drawn again above this row, at the page top.
    pub repeated_header: Option<usize>,
}

/// Places every chunk, returning its page and top (relative to the text block).
pub fn place(chunks: &[Chunk], page_height: f32) -> Vec<Placement> {
    let mut placements = Vec::with_capacity(chunks.len());
    let mut page = 0usize;
    let mut y = 0.0f32;
    let mut empty = true;
    for (index, chunk) in chunks.iter().enumerate() {
        if chunk.break_before && !empty {
            page += 1;
            y = 0.0;
            empty = true;
        }
        if !empty {
            // A group that fits on a page moves whole; one taller than a page
            // breaks, but its firm head (a heading and its first line) moves.
            // The space above the group's first chunk counts too.
            let group = group_height(chunks, index, |c| c.keep_with_next);
            let firm = group_height(chunks, index, |c| c.keep_firmly);
            let top = y + chunk.space_before;
            let moves = if group <= page_height {
                top + group > page_height
            } else {
                top + firm > page_height && firm <= page_height
            };
            if moves {
                page += 1;
                y = 0.0;
                empty = true;
            }
        }
        let space = if empty { 0.0 } else { chunk.space_before };
        if !empty && y + space + chunk.height > page_height {
            page += 1;
            y = 0.0;
            empty = true;
        }
        let space = if empty { 0.0 } else { space };
        // A table row that opens a page brings its header row along.
        let repeated_header = chunk.repeat_header.filter(|_| empty);
        if let Some(header) = repeated_header {
            y += chunks[header].height;
        }
        placements.push(Placement {
            page,
            y: y + space,
            repeated_header,
        });
        y += space + chunk.height;
        empty = false;
    }
    placements
}

/// The height of the chunk at `start` and every chunk `kept` with it.
fn group_height(chunks: &[Chunk], start: usize, kept: impl Fn(&Chunk) -> bool) -> f32 {
    let mut height = 0.0;
    for (offset, chunk) in chunks[start..].iter().enumerate() {
        if offset > 0 && chunk.break_before {
            break;
        }
        height += chunk.height + if offset > 0 { chunk.space_before } else { 0.0 };
        if !kept(chunk) {
            break;
        }
    }
    height
}

/// Builds body pages from the flow and the placements; `left(page_index)`
/// gives the left edge of the text block, `top` its top.
pub fn assemble(
    flow: Flow,
    placements: &[Placement],
    top: f32,
    left: impl Fn(usize) -> f32,
) -> (Vec<BodyPage>, Vec<PlacedAnchor>) {
    let mut anchors = Vec::new();
    let page_count = placements.last().map_or(0, |p| p.page + 1);
    let mut pages = vec![BodyPage::default(); page_count];
    let mut chapter = String::new();
    // Frame extents per page: (frame, page) -> (top, bottom).
    let mut extents: std::collections::BTreeMap<(usize, usize), (f32, f32)> = Default::default();
    let repeated: std::collections::BTreeMap<usize, Vec<Item>> = placements
        .iter()
        .filter_map(|p| p.repeated_header)
        .map(|header| (header, flow.chunks[header].items.clone()))
        .collect();
    for (chunk, placement) in flow.chunks.into_iter().zip(placements) {
        let page = &mut pages[placement.page];
        if let Some(items) = placement.repeated_header.and_then(|h| repeated.get(&h)) {
            // The header row again: readers have heard it already.
            for mut item in items.iter().cloned() {
                item.make_artifact();
                item.translate(left(placement.page), top);
                page.page.items.push(item);
            }
        }
        if let Some(anchor) = chunk.anchor {
            if anchor.level == 1 {
                page.opens_chapter |= page.page.items.is_empty();
                chapter = anchor.title.clone();
            }
            anchors.push(PlacedAnchor {
                anchor,
                page: placement.page,
                y: top + placement.y,
            });
        }
        if page.chapter.is_empty() {
            page.chapter = chapter.clone();
        }
        let dx = left(placement.page);
        let dy = top + placement.y;
        for frame in &chunk.frames {
            let extent = extents
                .entry((*frame, placement.page))
                .or_insert((dy, dy + chunk.height));
            extent.0 = extent.0.min(dy);
            extent.1 = extent.1.max(dy + chunk.height);
        }
        for mut item in chunk.items {
            item.translate(dx, dy);
            page.page.items.push(item);
        }
    }
    for ((frame_index, page_index), (y0, y1)) in extents.into_iter().rev() {
        let frame = &flow.frames[frame_index];
        let dx = left(page_index);
        let mut behind = Vec::new();
        if let Some(fill) = frame.fill {
            behind.push(Item::Rect {
                x: dx + frame.x,
                y: y0,
                width: frame.width,
                height: y1 - y0,
                fill,
            });
        }
        if let Some(bar) = frame.bar {
            let bar_x = match frame.direction {
                Direction::Ltr => frame.x,
                Direction::Rtl => frame.x + frame.width - 2.5,
            };
            behind.push(Item::Rect {
                x: dx + bar_x,
                y: y0,
                width: 2.5,
                height: y1 - y0,
                fill: bar,
            });
        }
        let items = &mut pages[page_index].page.items;
        items.splice(0..0, behind);
    }
    (pages, anchors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(height: f32, keep: bool) -> Chunk {
        Chunk {
            height,
            keep_with_next: keep,
            items: vec![Item::Rect {
                x: 0.0,
                y: 0.0,
                width: 1.0,
                height,
                fill: crate::load::theme::Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                },
            }],
            ..Chunk::default()
        }
    }

    #[test]
    fn a_kept_group_moves_to_the_next_page_whole() {
        // 80 used; a heading (10, kept) + line (10) needs 20 but 15 remain.
        let chunks = vec![chunk(80.0, false), chunk(10.0, true), chunk(10.0, false)];
        let placed = place(&chunks, 95.0);
        assert_eq!(placed[1].page, 1);
        assert_eq!(placed[2].page, 1);
        assert_eq!(placed[1].y, 0.0);
    }

    #[test]
    fn a_group_taller_than_a_page_breaks_instead_of_overflowing() {
        let chunks: Vec<Chunk> = (0..12).map(|i| chunk(10.0, i < 11)).collect();
        let placed = place(&chunks, 50.0);
        assert!(placed.iter().all(|p| p.y + 10.0 <= 50.0));
        assert_eq!(placed.last().map(|p| p.page), Some(2));
    }

    #[test]
    fn a_heading_at_the_head_of_a_group_taller_than_a_page_still_moves() {
        // 85 used; a heading (firm) then a 12-line unit of 10 each (too tall
        // for a 100-high page): the heading must not stay alone at the foot.
        let mut chunks = vec![chunk(85.0, false)];
        let mut heading = chunk(10.0, true);
        heading.keep_firmly = true;
        chunks.push(heading);
        chunks.extend((0..12).map(|i| chunk(10.0, i < 11)));
        let placed = place(&chunks, 100.0);
        assert_eq!(placed[1].page, 1, "the heading moved to the next page");
        assert_eq!(placed[2].page, 1, "with its first line");
        assert!(placed.iter().all(|p| p.y + 10.0 <= 100.0));
    }

    #[test]
    fn the_space_above_a_firm_head_counts_when_deciding_whether_it_moves() {
        // 70 used; a chapter opening (kicker, title: firm) with 12 space
        // above the kicker, then a unit too tall for the page. Without the
        // space the head fits (70 + 10 + 10 + 10 = 100); with it, it does
        // not, and the kicker must move with the title.
        let mut chunks = vec![chunk(70.0, false)];
        let mut kicker = chunk(10.0, true);
        kicker.keep_firmly = true;
        kicker.space_before = 12.0;
        let mut title = chunk(10.0, true);
        title.keep_firmly = true;
        chunks.extend([kicker, title]);
        chunks.extend((0..12).map(|i| chunk(10.0, i < 11)));
        let placed = place(&chunks, 100.0);
        assert_eq!(placed[1].page, placed[2].page, "kicker and title together");
        assert_eq!(placed[2].page, 1);
        assert!(placed.iter().all(|p| p.y + 10.0 <= 100.0));
    }

    #[test]
    fn space_before_is_dropped_at_the_top_of_a_page() {
        let mut second = chunk(10.0, false);
        second.space_before = 8.0;
        let chunks = vec![chunk(45.0, false), second];
        let placed = place(&chunks, 50.0);
        assert_eq!(
            placed[1],
            Placement {
                page: 1,
                y: 0.0,
                repeated_header: None
            }
        );
    }

    #[test]
    fn a_table_row_opening_a_page_repeats_the_header() {
        let mut header = chunk(12.0, true);
        header.items.clear();
        let rows: Vec<Chunk> = (0..6)
            .map(|_| Chunk {
                repeat_header: Some(0),
                ..chunk(20.0, false)
            })
            .collect();
        let chunks: Vec<Chunk> = std::iter::once(header).chain(rows).collect();
        let placed = place(&chunks, 80.0);
        // 12 + 3 rows fill page one; page two starts with the header again.
        assert_eq!(placed[4].page, 1);
        assert_eq!(placed[4].repeated_header, Some(0));
        assert_eq!(placed[4].y, 12.0);
        assert_eq!(placed[5].repeated_header, None);
    }

    #[test]
    fn chapters_start_new_pages() {
        let mut opening = chunk(10.0, false);
        opening.break_before = true;
        let chunks = vec![chunk(10.0, false), opening];
        assert_eq!(place(&chunks, 500.0)[1].page, 1);
    }
}
