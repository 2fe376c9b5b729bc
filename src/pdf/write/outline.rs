//! PDF bookmarks: chapters with their sections nested below, each jumping
//! to its heading. printpdf's own outline is flat, so it is built in lopdf.

use lopdf::{dictionary, Document, Object, ObjectId};

use super::text_string;
use crate::pdf::layout::page::PlacedAnchor;

/// Adds a nested outline of the level 1 and 2 anchors and opens the
/// document with it showing.
pub fn add_outline(doc: &mut Document, anchors: &[PlacedAnchor], page_height: f32) {
    let pages = doc.get_pages();
    let entries: Vec<&PlacedAnchor> = anchors.iter().filter(|a| a.anchor.level <= 2).collect();
    if entries.is_empty() {
        return;
    }
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the root for chapters, the chapter before for sections.
    let mut parents = Vec::with_capacity(entries.len());
    let mut current_chapter = None;
    for (index, entry) in entries.iter().enumerate() {
        if entry.anchor.level == 1 || current_chapter.is_none() {
            current_chapter = Some(index);
            parents.push(None);
        } else {
            parents.push(current_chapter);
        }
    }
    let siblings = |parent: Option<usize>| -> Vec<usize> {
        (0..entries.len())
            .filter(|&i| parents[i] == parent)
            .collect()
    };
    let top_level = siblings(None);
    for (index, entry) in entries.iter().enumerate() {
        let group = siblings(parents[index]);
        let position = group.iter().position(|&i| i == index).unwrap_or(0);
        let children = siblings(Some(index));
        let Some(page_id) = pages.get(&(entry.page as u32)).copied() else {
            continue;
        };
        let mut dict = dictionary! {
            "Parent" => parents[index].map_or(root_id, |p| ids[p]),
            "Dest" => vec![
                Object::Reference(page_id),
                "XYZ".into(),
                Object::Null,
                Object::Real(page_height - entry.y + 6.0),
                Object::Null,
            ],
        };
        dict.set("Title", text_string(&entry.anchor.title));
        if position > 0 {
            dict.set("Prev", ids[group[position - 1]]);
        }
        if let Some(&next) = group.get(position + 1) {
            dict.set("Next", ids[next]);
        }
        if let (Some(&first), Some(&last)) = (children.first(), children.last()) {
            dict.set("First", ids[first]);
            dict.set("Last", ids[last]);
            // Negative: sections start closed under their chapter.
            dict.set("Count", -(children.len() as i64));
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }
    let (first, last) = (top_level[0], top_level[top_level.len() - 1]);
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => ids[first],
            "Last" => ids[last],
            "Count" => top_level.len() as i64,
        }),
    );
    if let Ok(catalog) = doc.catalog_mut() {
        catalog.set("Outlines", root_id);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}
