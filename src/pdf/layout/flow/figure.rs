//! Figures: an image at its natural size (a CSS pixel is 0.75 pt, as a
//! browser prints it), never wider than the text nor taller than most of a
//! page, centred, kept with its caption and never split.

use super::super::page::Item;
use super::super::style::PT_PER_PX;
use super::super::tags::{Role, Tag};
use super::super::text::{Align, StyledText};
use super::{Builder, Chunk};
use crate::compose::doc::Figure;

/// The most of the page's text height an image may take, leaving room for
/// its caption and a line of text.
const MAX_PAGE_SHARE: f32 = 0.8;

impl Builder<'_> {
    pub(super) fn figure(&mut self, figure: &Figure, x: f32, width: f32, gap: f32) {
        let style = self.style;
        let image = &figure.image;
        let (natural_width, natural_height) = (
            image.width as f32 * PT_PER_PX,
            image.height as f32 * PT_PER_PX,
        );
        let scale = (width / natural_width)
            .min(style.content_height() * MAX_PAGE_SHARE / natural_height)
            .min(1.0);
        let (shown_width, shown_height) = (natural_width * scale, natural_height * scale);
        // An image without a description only decorates: readers skip it.
        let tag = if figure.alt.is_empty() {
            Tag::Artifact
        } else {
            let node = self.node(Role::Figure);
            self.tree.set_alt(node, &figure.alt);
            Tag::Node(node)
        };
        let caption = figure.caption.as_ref().map(|caption| {
            let spans = [StyledText {
                text: caption.clone(),
                style: self.aside_style(),
            }];
            self.set(&spans, width, Align::Center, 1.35)
        });
        self.push(Chunk {
            height: shown_height,
            space_before: gap * 1.5,
            items: vec![Item::Image {
                x: x + (width - shown_width) / 2.0,
                y: 0.0,
                width: shown_width,
                height: shown_height,
                image: image.clone(),
                tag,
            }],
            keep_with_next: caption.is_some(),
            keep_firmly: caption.is_some(),
            ..Chunk::default()
        });
        if let Some(lines) = caption {
            self.push_lines(lines, x, style.small * 0.6);
        }
    }
}
