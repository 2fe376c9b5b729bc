//! Laid-out pages: positioned glyph runs, lines, boxes and links, in points
//! from the page's top-left corner. Nothing here knows about PDF syntax.

use std::ops::Range;
use std::sync::Arc;

use crate::load::image::Image;
use crate::load::theme::Rgb;

use crate::pdf::fonts::FaceId;

use super::tags::{NodeId, Tag};

/// One laid-out page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        colour: Rgb,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Rgb,
    },
    /// A rectangle's outline (a tick box); `y` is its top edge.
    Frame {
        x: f32,
        y: f32,
        size: f32,
        width: f32,
        colour: Rgb,
    },
    /// One writing line of a fillable form field.
    Field(FieldLine),
    /// An image drawn into the box; `y` is its top edge.
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        image: Arc<Image>,
        /// The figure element it shows, or an artifact for decoration.
        tag: Tag,
    },
    /// A clickable area opening a URL (or `#id`, a heading of the document).
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        url: String,
        /// The link element the annotation belongs to.
        tag: Tag,
    },
}

/// One ruled writing line that belongs to the form field `name`; the lines
/// of one field on one page become one multi-line text field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldLine {
    /// The field's name: the prompt's id.
    pub name: Arc<str>,
    /// The field's whole value (the pre-filled answer), shared by its lines.
    pub value: Arc<str>,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// The part of the value shown on this line.
    pub text: Vec<TextRun>,
    /// The question, which readers announce as the field's name.
    pub label: Arc<str>,
    /// The form element the field's widget belongs to.
    pub form: NodeId,
}

/// Glyphs of one face, size and colour on one baseline, in the order they
/// are drawn (left to right, whatever the direction of the text).
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left edge and baseline.
    pub x: f32,
    pub y: f32,
    pub face: FaceId,
    pub size: f32,
    pub colour: Rgb,
    pub glyphs: Vec<PlacedGlyph>,
    /// The structure element the text belongs to, or artifact.
    pub tag: Tag,
    /// The characters the glyphs show: the text of each cluster (the
    /// glyphs shaped from one group of characters) in logical order, the
    /// clusters in the order they are drawn.
    pub text: String,
    /// How far every lone space stretches beyond its width (points), when
    /// they all stretch alike and there is one (see
    /// [`TextRun::uniform_space_stretch`]): set once, as word spacing.
    pub space_stretch: Option<f32>,
}

/// A glyph, how much of its run's text it starts, where it sits, and how
/// far (points) the next glyph moves beyond this glyph's own advance width
/// (kerning plus justification).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub id: u16,
    /// On the first glyph of a cluster, the length in bytes of the
    /// cluster's text in the run's `text`; 0 on its other glyphs.
    pub text_len: u32,
    pub extra: f32,
    /// Where the glyph is drawn from the pen, in points right and up
    /// (a mark placed on its letter); the pen does not move by it.
    pub offset: (f32, f32),
}

/// Whether two lengths (points) are the same to within a two-hundredth of
/// a point: alike once written, which is to a hundredth.
pub fn alike(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.005
}

impl TextRun {
    /// How far every lone space of the run stretches beyond its width,
    /// when they all stretch alike (to within a two-hundredth of a point,
    /// finer than positions are written) and there is one.
    pub fn uniform_space_stretch(&self) -> Option<f32> {
        let (glyphs, text) = (self.glyphs.as_slice(), self.text.as_bytes());
        let mut first = None;
        let mut byte = 0;
        for (index, glyph) in glyphs.iter().enumerate() {
            let at = byte;
            byte = (byte + glyph.text_len as usize).min(text.len());
            // A cluster of its own (the next glyph starts text of its own)
            // that shows a space; cheaper than walking the clusters.
            let alone = glyphs.get(index + 1).is_none_or(|next| next.text_len != 0);
            if byte == at + 1 && text[at] == b' ' && alone {
                match first {
                    None => first = Some(glyph.extra),
                    Some(first) if !alike(glyph.extra, first) => return None,
                    Some(_) => {}
                }
            }
        }
        first
    }

    /// The run's clusters in drawing order: the range of their glyphs and
    /// of the bytes of `text` they show.
    pub fn cluster_spans(&self) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
        let mut glyph = 0;
        let mut byte = 0;
        std::iter::from_fn(move || {
            let first = self.glyphs.get(glyph)?;
            let start = glyph;
            glyph += 1;
            while self.glyphs.get(glyph).is_some_and(|g| g.text_len == 0) {
                glyph += 1;
            }
            let end = (byte + first.text_len as usize).min(self.text.len());
            let spans = (start..glyph, byte..end);
            byte = end;
            Some(spans)
        })
    }
}

impl Item {
    /// Makes the item's text and link an artifact: a repeated copy of
    /// content that readers have already heard (a table's header row).
    pub fn make_artifact(&mut self) {
        match self {
            Item::Text(run) => run.tag = Tag::Artifact,
            Item::Link { tag, .. } | Item::Image { tag, .. } => *tag = Tag::Artifact,
            Item::Line { .. } | Item::Rect { .. } | Item::Frame { .. } | Item::Field(_) => {}
        }
    }

    /// Tags the item's text (and a link's annotation) as content of `node`.
    pub fn set_tag(&mut self, node: NodeId) {
        match self {
            Item::Text(run) => run.tag = Tag::Node(node),
            Item::Link { tag, .. } | Item::Image { tag, .. } => *tag = Tag::Node(node),
            Item::Line { .. } | Item::Rect { .. } | Item::Frame { .. } | Item::Field(_) => {}
        }
    }

    /// Renumbers the structure elements the item belongs to.
    pub fn renumber(&mut self, renumber: &impl Fn(NodeId) -> NodeId) {
        let retag = |tag: &mut Tag| {
            if let Tag::Node(node) = tag {
                *node = renumber(*node);
            }
        };
        match self {
            Item::Text(run) => retag(&mut run.tag),
            Item::Link { tag, .. } | Item::Image { tag, .. } => retag(tag),
            Item::Field(field) => {
                field.form = renumber(field.form);
                for run in &mut field.text {
                    retag(&mut run.tag);
                }
            }
            Item::Line { .. } | Item::Rect { .. } | Item::Frame { .. } => {}
        }
    }

    /// Moves the item by `dx`, `dy`.
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Text(run) => {
                run.x += dx;
                run.y += dy;
            }
            Item::Line { x1, y1, x2, y2, .. } => {
                *x1 += dx;
                *x2 += dx;
                *y1 += dy;
                *y2 += dy;
            }
            Item::Rect { x, y, .. }
            | Item::Frame { x, y, .. }
            | Item::Link { x, y, .. }
            | Item::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            Item::Field(field) => {
                field.x += dx;
                field.y += dy;
                for run in &mut field.text {
                    run.x += dx;
                    run.y += dy;
                }
            }
        }
    }
}

/// A heading the reader can jump to.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    pub id: String,
    pub title: String,
    /// 1 for a chapter, 2 for a section, 3 and more below.
    pub level: u8,
}

/// An anchor where it landed: for links, bookmarks and the contents.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedAnchor {
    pub anchor: Anchor,
    /// The page: an index while the body is assembled, the 1-based page
    /// number in a finished [`Layout`](super::Layout).
    pub page: usize,
    /// The heading's top, in points from the top of the page.
    pub y: f32,
}
