//! Paragraphs set once per thread and reused: most paragraphs of a cohort's
//! workbooks are the same chapter text in the same style and width, set
//! again for every profile. A paragraph is looked up by its text, styles
//! and settings, with the structure elements its spans belong to replaced
//! by their order of first appearance (those differ from workbook to
//! workbook), and the lines of a hit are tagged with this paragraph's
//! elements.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use hyphenation::Language;
use rustc_hash::FxHashMap;

use super::bidi::Direction;
use super::tags::{NodeId, Tag};
use super::text::{self, Align, LineBox, LineSettings, StyledText};
use crate::pdf::fonts::{FaceId, FontSet};

/// Paragraphs longer than this (bytes) are set afresh: a long answer is
/// one profile's own, and hashing it would be wasted.
const LONGEST_CACHED: usize = 4096;

/// Paragraphs kept per thread; past that the cache starts over.
const CACHE_LIMIT: usize = 2048;

/// What decides how a paragraph is set.
#[derive(PartialEq, Eq, Hash)]
struct Key {
    font_set: usize,
    spans: Vec<(Box<str>, StyleKey)>,
    width: u32,
    align: Align,
    leading: u32,
    hyphenation: Option<Language>,
    direction: Direction,
    language: Option<Arc<str>>,
}

/// A span's style, its structure element given as the order in which the
/// paragraph's elements first appear.
#[derive(PartialEq, Eq, Hash)]
struct StyleKey {
    face: FaceId,
    size: u32,
    colour: [u32; 3],
    link: Option<Arc<str>>,
    strikethrough: bool,
    element: Option<u32>,
}

/// A set paragraph: its lines, tagged with placeholder elements (the
/// order of first appearance), and the characters no font could show.
struct Set {
    lines: Vec<LineBox>,
    missing: BTreeSet<char>,
}

thread_local! {
    static PARAGRAPHS: RefCell<FxHashMap<Key, Arc<Set>>> = RefCell::new(FxHashMap::default());
}

/// [`text::set_lines`], from the thread's cache when the same paragraph
/// was set before.
pub fn set_lines(
    fonts: &FontSet,
    spans: &[StyledText],
    settings: LineSettings<'_>,
    missing: &mut BTreeSet<char>,
) -> Vec<LineBox> {
    let length: usize = spans.iter().map(|span| span.text.len()).sum();
    if length > LONGEST_CACHED {
        return text::set_lines(fonts, spans, settings, missing);
    }
    // The paragraph's elements in order of first appearance.
    let mut elements: Vec<NodeId> = Vec::new();
    let mut slot = |tag: Tag| match tag {
        Tag::Artifact => None,
        Tag::Node(node) => Some(match elements.iter().position(|e| *e == node) {
            Some(index) => index as u32,
            None => {
                elements.push(node);
                elements.len() as u32 - 1
            }
        }),
    };
    let key = Key {
        font_set: fonts.id(),
        spans: spans
            .iter()
            .map(|span| {
                let style = &span.style;
                let key = StyleKey {
                    face: style.face,
                    size: style.size.to_bits(),
                    colour: [style.colour.r, style.colour.g, style.colour.b].map(f32::to_bits),
                    link: style.link.clone(),
                    strikethrough: style.strikethrough,
                    element: slot(style.tag),
                };
                (span.text.as_str().into(), key)
            })
            .collect(),
        width: settings.width.to_bits(),
        align: settings.align,
        leading: settings.leading.to_bits(),
        hyphenation: settings.hyphenator.map(|h| h.language()),
        direction: settings.direction,
        language: settings.language.cloned(),
    };
    let known = PARAGRAPHS.with(|cache| cache.borrow().get(&key).cloned());
    if let Some(set) = known {
        missing.extend(set.missing.iter().copied());
        let mut lines = set.lines.clone();
        let element = |placeholder: NodeId| {
            elements
                .get(placeholder.0 as usize)
                .copied()
                .unwrap_or(placeholder)
        };
        retag(&mut lines, &element);
        return lines;
    }
    let mut found = BTreeSet::new();
    let lines = text::set_lines(fonts, spans, settings, &mut found);
    missing.extend(found.iter().copied());
    // Lines only carry their spans' elements; should one carry any other,
    // the paragraph is not kept.
    let foreign = std::cell::Cell::new(false);
    let placeholder = |node: NodeId| match elements.iter().position(|e| *e == node) {
        Some(index) => NodeId(index as u32),
        None => {
            foreign.set(true);
            node
        }
    };
    let mut placeholders = lines.clone();
    retag(&mut placeholders, &placeholder);
    if !foreign.get() {
        let set = Arc::new(Set {
            lines: placeholders,
            missing: found,
        });
        PARAGRAPHS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.len() >= CACHE_LIMIT {
                cache.clear();
            }
            cache.insert(key, set);
        });
    }
    lines
}

fn retag(lines: &mut [LineBox], renumber: &impl Fn(NodeId) -> NodeId) {
    for line in lines {
        for item in &mut line.items {
            item.renumber(renumber);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::{FontRole, Rgb};
    use crate::pdf::layout::page::Item;
    use crate::pdf::layout::text::tests::fonts;
    use crate::pdf::layout::text::TextStyle;

    /// A paragraph of two spans, the second a link, in elements `p` and
    /// `link`.
    fn paragraph(p: u32, link: u32) -> Vec<StyledText> {
        let style = |tag: u32, url: Option<&str>| TextStyle {
            face: FaceId::Theme(FontRole::Regular),
            size: 10.0,
            colour: Rgb {
                r: 0.0,
                g: 0.0,
                b: 0.0,
            },
            link: url.map(Arc::from),
            strikethrough: false,
            tag: Tag::Node(NodeId(tag)),
        };
        vec![
            StyledText {
                text: "Where do you see yourself growing over the next years? ".repeat(4),
                style: style(p, None),
            },
            StyledText {
                text: "Read the guide".to_string(),
                style: style(link, Some("https://example.org/guide")),
            },
        ]
    }

    fn settings() -> LineSettings<'static> {
        LineSettings {
            width: 200.0,
            align: Align::Justify,
            leading: 1.4,
            hyphenator: None,
            direction: Direction::Ltr,
            language: None,
        }
    }

    fn tags(lines: &[LineBox]) -> std::collections::HashSet<Tag> {
        lines
            .iter()
            .flat_map(|line| &line.items)
            .filter_map(|item| match item {
                Item::Text(run) => Some(run.tag),
                Item::Link { tag, .. } => Some(*tag),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_paragraph_set_again_gets_its_own_elements() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        let first = set_lines(&fonts, &paragraph(3, 4), settings(), &mut missing);
        // The same text and styles in other elements: a hit, retagged.
        let again = set_lines(&fonts, &paragraph(7, 9), settings(), &mut missing);
        let fresh = text::set_lines(&fonts, &paragraph(7, 9), settings(), &mut missing);
        assert_eq!(again, fresh);
        assert_ne!(first, again);
        let expected = [7, 9].map(|n| Tag::Node(NodeId(n))).into();
        assert_eq!(tags(&again), expected);
        // Both spans in one element: another key, set and tagged alike.
        let one = set_lines(&fonts, &paragraph(5, 5), settings(), &mut missing);
        assert_eq!(
            one,
            text::set_lines(&fonts, &paragraph(5, 5), settings(), &mut missing)
        );
        assert_eq!(tags(&one), [Tag::Node(NodeId(5))].into());
    }
}
