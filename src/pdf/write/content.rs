//! Content streams written directly as bytes: the one place that turns
//! laid-out shapes and glyph runs into PDF operators, for page content and
//! for form-field appearances alike.
//!
//! The operators are kept short: one text object for consecutive runs, a
//! font or colour set only when it changes, positions relative to the
//! previous line, justification as word spacing (`Tw`) where the font
//! allows, and kerning as `TJ` offsets only where a glyph needs one.
//!
//! A page's stream is marked for readers: each glyph run in a marked-content
//! sequence of its structure element (numbered by MCID), everything else
//! (shapes, running headers, page numbers) in an artifact sequence.

use std::io::Write;

use crate::load::theme::Rgb;
use crate::pdf::fonts::FaceId;
use crate::pdf::layout::page::{alike, TextRun};
use crate::pdf::layout::tags::{NodeId, StructTree, Tag};

use super::embed::{EmbeddedFont, EmbeddedFonts};
use super::tokens::{push_literal_byte, write_integer, write_number};

/// A content stream being written. Positions come in layout coordinates
/// (points from the top-left corner) and are flipped against `height`, the
/// height of the page or of the form's box, after moving by `origin`.
pub struct ContentStream<'a> {
    out: Vec<u8>,
    fonts: &'a EmbeddedFonts,
    height: f32,
    origin: (f32, f32),
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    line_width: Option<f32>,
    /// `Tw`, which lasts across text objects.
    word_spacing: f32,
    text: Option<TextState>,
    marking: Option<Marking<'a>>,
    /// The glyphs of the run being shown, kept between runs so that its
    /// buffer is allocated once per stream.
    shown: Shown,
}

/// Marked content of a page: the structure element of each MCID, and the
/// sequence open now.
struct Marking<'a> {
    tree: &'a StructTree,
    mcids: Vec<NodeId>,
    /// The open sequence's tag, and whether it opened inside a text object
    /// (where it must also close).
    open: Option<(Tag, bool)>,
}

/// Inside `BT` … `ET`: the font in use and where the current line starts
/// and the pen stands, in PDF coordinates.
struct TextState {
    font: Option<(FaceId, f32)>,
    line_start: (f32, f32),
    pen: (f32, f32),
}

impl<'a> ContentStream<'a> {
    /// An empty stream for a box `height` points tall whose top-left corner
    /// is at `origin` in layout coordinates.
    pub fn new(fonts: &'a EmbeddedFonts, height: f32, origin: (f32, f32)) -> ContentStream<'a> {
        ContentStream {
            out: Vec::with_capacity(4096),
            fonts,
            height,
            origin,
            fill: None,
            stroke: None,
            line_width: None,
            word_spacing: 0.0,
            text: None,
            marking: None,
            shown: Shown::default(),
        }
    }

    /// An empty page stream whose content is marked with the elements of
    /// `tree` (see [`ContentStream::finish_marked`]).
    pub fn marked(
        fonts: &'a EmbeddedFonts,
        height: f32,
        tree: &'a StructTree,
    ) -> ContentStream<'a> {
        ContentStream {
            marking: Some(Marking {
                tree,
                mcids: Vec::new(),
                open: None,
            }),
            ..ContentStream::new(fonts, height, (0.0, 0.0))
        }
    }

    /// The finished operators.
    pub fn finish(self) -> Vec<u8> {
        self.finish_marked().0
    }

    /// The finished operators, and the structure element of each MCID.
    pub fn finish_marked(mut self) -> (Vec<u8>, Vec<NodeId>) {
        self.end_text();
        self.end_mark();
        let mcids = self.marking.map(|m| m.mcids).unwrap_or_default();
        (self.out, mcids)
    }

    /// How many marked-content sequences the stream has opened.
    pub fn mcid_count(&self) -> usize {
        self.marking.as_ref().map_or(0, |m| m.mcids.len())
    }

    /// Puts what follows in a sequence for `tag`, opened inside or outside
    /// a text object.
    fn mark(&mut self, tag: Tag, in_text: bool) {
        let Some(marking) = &self.marking else {
            return;
        };
        if marking.open == Some((tag, in_text)) {
            return;
        }
        self.end_mark();
        let Some(marking) = &mut self.marking else {
            return;
        };
        match tag {
            Tag::Artifact => self.out.extend_from_slice(b"/Artifact BMC\n"),
            Tag::Node(node) => {
                let role = marking.tree.get(node).map_or("Span", |n| n.role.name());
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b"<</MCID ");
                write_integer(&mut self.out, marking.mcids.len());
                self.out.extend_from_slice(b">>BDC\n");
                marking.mcids.push(node);
            }
        }
        marking.open = Some((tag, in_text));
    }

    fn end_mark(&mut self) {
        if let Some(marking) = &mut self.marking {
            if marking.open.take().is_some() {
                self.out.extend_from_slice(b"EMC\n");
            }
        }
    }

    fn x(&self, x: f32) -> f32 {
        x - self.origin.0
    }

    fn y(&self, y: f32) -> f32 {
        self.height - (y - self.origin.1)
    }

    /// A filled rectangle; `y` is its top edge.
    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32, colour: Rgb) {
        self.end_text();
        self.mark(Tag::Artifact, false);
        self.set_fill(colour);
        let (x, y) = (self.x(x), self.y(y + height));
        self.numbers(&[x, y, width, height]);
        self.out.extend_from_slice(b"re f\n");
    }

    /// A straight stroked line.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, colour: Rgb) {
        self.set_stroke(width, colour);
        let (x1, y1, x2, y2) = (self.x(from.0), self.y(from.1), self.x(to.0), self.y(to.1));
        self.numbers(&[x1, y1]);
        self.out.extend_from_slice(b"m ");
        self.numbers(&[x2, y2]);
        self.out.extend_from_slice(b"l S\n");
    }

    /// The outline of a square whose top-left corner is (`x`, `y`).
    pub fn frame(&mut self, (x, y, size): (f32, f32, f32), width: f32, colour: Rgb) {
        self.set_stroke(width, colour);
        let (x, y) = (self.x(x), self.y(y + size));
        self.numbers(&[x, y, size, size]);
        self.out.extend_from_slice(b"re S\n");
    }

    /// Ends any text and starts an artifact stroked in `colour`, `width`
    /// points wide.
    fn set_stroke(&mut self, width: f32, colour: Rgb) {
        self.end_text();
        self.mark(Tag::Artifact, false);
        if self.stroke != Some(colour) {
            self.colour(colour, b"RG\n");
            self.stroke = Some(colour);
        }
        if self.line_width != Some(width) {
            self.numbers(&[width]);
            self.out.extend_from_slice(b"w\n");
            self.line_width = Some(width);
        }
    }

    /// Draws the image XObject `name` into the box whose top-left corner
    /// is (`x`, `y`), marked as `tag`.
    pub fn image(&mut self, name: &str, (x, y, width, height): (f32, f32, f32, f32), tag: Tag) {
        self.end_text();
        self.mark(tag, false);
        self.out.extend_from_slice(b"q ");
        let (left, bottom) = (self.x(x), self.y(y + height));
        self.numbers(&[width, 0.0, 0.0, height, left, bottom]);
        let _ = writeln!(self.out, "cm /{name} Do Q");
    }

    /// Shows a glyph run. A run that starts where the previous one ended
    /// continues the same line without moving the pen.
    pub fn text_run(&mut self, run: &TextRun) {
        let Some(font) = self.fonts.get(run.face) else {
            return;
        };
        // Rounded as written, so relative moves never accumulate an error.
        let start = (round(self.x(run.x)), round(self.y(run.y)));
        if self.text.is_none() {
            // A sequence opened outside closes before the text object.
            self.end_mark();
            self.out.extend_from_slice(b"BT\n");
            self.text = Some(TextState {
                font: None,
                line_start: (0.0, 0.0),
                pen: (f32::NAN, f32::NAN),
            });
        }
        if self.fill != Some(run.colour) {
            self.set_fill(run.colour);
        }
        self.mark(run.tag, true);
        let Some(mut state) = self.text.take() else {
            return;
        };
        if state.font != Some((run.face, run.size)) {
            let _ = write!(self.out, "/{} ", font.resource);
            self.numbers(&[run.size]);
            self.out.extend_from_slice(b"Tf\n");
            state.font = Some((run.face, run.size));
        }
        if !alike(state.pen.0, start.0) || !alike(state.pen.1, start.1) {
            let (dx, dy) = (start.0 - state.line_start.0, start.1 - state.line_start.1);
            self.numbers(&[dx, dy]);
            self.out.extend_from_slice(b"Td\n");
            state.line_start = start;
        }
        // The spaces of a justified line all stretch by the same amount:
        // set once as word spacing, where code 32 is the space. To a
        // thousandth of a point, so that what rounding leaves seldom adds
        // up to an offset in the line.
        let word_spacing = if font.space_is_32 {
            run.space_stretch
                .map_or(0.0, |extra| (extra * 1000.0).round() / 1000.0)
        } else {
            0.0
        };
        if word_spacing != self.word_spacing {
            write_number(&mut self.out, word_spacing, 1000.0);
            self.out.extend_from_slice(b" Tw\n");
            self.word_spacing = word_spacing;
        }
        // Offsets are whole thousandths of an em; what rounding leaves out
        // is carried to the next offset, so the pen never drifts.
        let per_point = 1000.0 / run.size;
        let mut shown = std::mem::take(&mut self.shown);
        let advance = match shown.plain_run(font, run, word_spacing, per_point) {
            Some(advance) => advance,
            None => self.any_run(font, run, word_spacing, per_point, &mut shown),
        };
        shown.flush(&mut self.out);
        self.shown = shown;
        state.pen = (start.0 + advance, start.1);
        self.text = Some(state);
    }

    /// Shows the glyphs of any run, cluster by cluster: marks raised or
    /// moved onto their letters, and clusters the ToUnicode map cannot
    /// read given as ActualText. Returns how far the pen moved.
    fn any_run(
        &mut self,
        font: &EmbeddedFont,
        run: &TextRun,
        word_spacing: f32,
        per_point: f32,
        shown: &mut Shown,
    ) -> f32 {
        let mut advance = 0.0;
        let mut carry = 0.0f32;
        let mut rise = 0.0f32;
        for (glyphs, bytes) in run.cluster_spans() {
            let cluster = &run.glyphs[glyphs];
            // Text the ToUnicode map cannot give is given as ActualText.
            let actual = !font.reads_as(cluster, &run.text, bytes.clone());
            if actual {
                shown.flush(&mut self.out);
                let text = run.text.get(bytes.clone()).unwrap_or_default();
                let _ = writeln!(
                    self.out,
                    "/Span<</ActualText<FEFF{}>>>BDC",
                    super::embed::utf16_hex(text)
                );
            }
            // Justification stretches a lone space by the word spacing.
            let stretch = if cluster.len() == 1 && run.text.as_bytes().get(bytes) == Some(b" ") {
                word_spacing
            } else {
                0.0
            };
            for glyph in cluster {
                // A mark raised or lowered onto its letter: a text rise.
                let glyph_rise = if glyph.offset.1 == 0.0 {
                    0.0
                } else {
                    round(glyph.offset.1)
                };
                if glyph_rise != rise {
                    shown.flush(&mut self.out);
                    self.numbers(&[glyph_rise]);
                    self.out.extend_from_slice(b"Ts\n");
                    rise = glyph_rise;
                }
                // Moved sideways without moving the pen: an offset before
                // the glyph, taken back after it.
                carry -= glyph.offset.0 * per_point;
                shown.offset(&mut carry);
                let id = font.new_id(glyph.id);
                if font.one_byte {
                    shown.glyph(&[id as u8]);
                } else {
                    shown.glyph(&id.to_be_bytes());
                }
                advance += font.width(id) * run.size / 1000.0 + glyph.extra;
                carry += (glyph.offset.0 - (glyph.extra - stretch)) * per_point;
                shown.offset(&mut carry);
            }
            if actual {
                shown.flush(&mut self.out);
                self.out.extend_from_slice(b"EMC\n");
            }
        }
        if rise != 0.0 {
            shown.flush(&mut self.out);
            self.out.extend_from_slice(b"0 Ts\n");
        }
        advance
    }

    fn end_text(&mut self) {
        if self.text.is_some() {
            if self
                .marking
                .as_ref()
                .is_some_and(|m| m.open.is_some_and(|(_, inside)| inside))
            {
                self.end_mark();
            }
            self.text = None;
            self.out.extend_from_slice(b"ET\n");
        }
    }

    fn set_fill(&mut self, colour: Rgb) {
        self.colour(colour, b"rg\n");
        self.fill = Some(colour);
    }

    fn colour(&mut self, colour: Rgb, operator: &[u8]) {
        for channel in [colour.r, colour.g, colour.b] {
            write_number(&mut self.out, channel, 1000.0);
            self.out.push(b' ');
        }
        self.out.extend_from_slice(operator);
    }

    /// Numbers to two decimal places (a hundredth of a point), each
    /// followed by a space.
    fn numbers(&mut self, values: &[f32]) {
        for value in values {
            write_number(&mut self.out, *value, 100.0);
            self.out.push(b' ');
        }
    }
}

/// The glyphs of a run being shown: strings of glyph codes and the
/// offsets between them, written as one `Tj` or `TJ` when flushed.
#[derive(Default)]
struct Shown {
    array: Vec<u8>,
    string_open: bool,
    offsets: bool,
}

impl Shown {
    /// Shows a plain run in one pass, as [`ContentStream::any_run`]
    /// would: one glyph per cluster, none moved off the pen, each read by
    /// the ToUnicode map as its cluster's text, in a font of one-byte
    /// codes (most runs of most scripts). Returns how far the pen moved,
    /// or `None`, having shown nothing, for any other run.
    fn plain_run(
        &mut self,
        font: &EmbeddedFont,
        run: &TextRun,
        word_spacing: f32,
        per_point: f32,
    ) -> Option<f32> {
        if !font.one_byte {
            return None;
        }
        let text = run.text.as_bytes();
        let mut advance = 0.0;
        let mut carry = 0.0f32;
        let mut byte = 0;
        for glyph in &run.glyphs {
            let end = byte + glyph.text_len as usize;
            let id = font.new_id(glyph.id);
            let plain = glyph.text_len != 0
                && glyph.offset == (0.0, 0.0)
                && text
                    .get(byte..end)
                    .is_some_and(|bytes| font.reads_as_bytes(id, bytes));
            if !plain {
                self.clear();
                return None;
            }
            let stretch = if end == byte + 1 && text[byte] == b' ' {
                word_spacing
            } else {
                0.0
            };
            self.offset(&mut carry);
            self.glyph(&[id as u8]);
            advance += font.width(id) * run.size / 1000.0 + glyph.extra;
            carry -= (glyph.extra - stretch) * per_point;
            self.offset(&mut carry);
            byte = end;
        }
        Some(advance)
    }

    fn glyph(&mut self, code: &[u8]) {
        if !self.string_open {
            self.array.push(b'(');
            self.string_open = true;
        }
        for byte in code {
            push_literal_byte(&mut self.array, *byte);
        }
    }

    /// Writes the whole thousandths of `carry` as an offset, keeping the rest.
    fn offset(&mut self, carry: &mut f32) {
        // Most glyphs need none: what rounds to zero is known without
        // rounding.
        if carry.abs() < 0.5 {
            return;
        }
        let offset = carry.round();
        *carry -= offset;
        if self.string_open {
            self.array.push(b')');
            self.string_open = false;
        }
        write_integer(&mut self.array, offset as i64);
        self.offsets = true;
    }

    fn flush(&mut self, out: &mut Vec<u8>) {
        if self.array.is_empty() {
            return;
        }
        if self.string_open {
            self.array.push(b')');
        }
        if self.offsets {
            out.push(b'[');
            out.extend_from_slice(&self.array);
            out.extend_from_slice(b"]TJ\n");
        } else {
            out.extend_from_slice(&self.array);
            out.extend_from_slice(b"Tj\n");
        }
        self.clear();
    }

    fn clear(&mut self) {
        self.array.clear();
        self.string_open = false;
        self.offsets = false;
    }
}

/// A position as written: to a hundredth of a point.
fn round(value: f32) -> f32 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::FontRole;
    use crate::pdf::layout::page::PlacedGlyph;

    /// Glyph `b` shows ASCII character `b`, 500 + `b` thousandths wide;
    /// glyph 200 shows "é", and glyph 201 (a ligature) no text at all.
    fn font() -> EmbeddedFont {
        let mut texts: Vec<Option<String>> = (0..=201u8)
            .map(|b| (32..127).contains(&b).then(|| char::from(b).to_string()))
            .collect();
        texts[200] = Some("é".to_string());
        let texts: Vec<Option<&str>> = texts.iter().map(Option::as_deref).collect();
        let widths: Vec<f32> = (0..=201).map(|id| 500.0 + id as f32).collect();
        EmbeddedFont::for_tests(&texts, &widths)
    }

    /// A run of `text`, one glyph per character (`é` as glyph 200), each
    /// moved on by `extra(index, character)`.
    fn run(text: &str, extra: impl Fn(usize, char) -> f32) -> TextRun {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(index, c)| PlacedGlyph {
                id: if c == 'é' { 200 } else { c as u16 },
                text_len: c.len_utf8() as u32,
                extra: extra(index, c),
                offset: (0.0, 0.0),
            })
            .collect();
        TextRun {
            x: 0.0,
            y: 0.0,
            face: FaceId::Theme(FontRole::Regular),
            size: 10.5,
            colour: Rgb {
                r: 0.0,
                g: 0.0,
                b: 0.0,
            },
            glyphs,
            tag: Tag::Artifact,
            text: text.to_string(),
            space_stretch: None,
        }
    }

    /// The operators a run is shown with, and how far the pen moves.
    type Shows = (Vec<u8>, f32);

    /// How `run` is shown by the plain path, if it takes the run, and by
    /// the general one.
    fn shown_both_ways(run: &TextRun, word_spacing: f32) -> (Option<Shows>, Shows) {
        let (font, fonts) = (font(), EmbeddedFonts::default());
        let per_point = 1000.0 / run.size;
        let mut shown = Shown::default();
        let plain = shown
            .plain_run(&font, run, word_spacing, per_point)
            .map(|advance| {
                let mut out = Vec::new();
                shown.flush(&mut out);
                (out, advance)
            });
        assert!(shown.array.is_empty(), "a run not taken leaves nothing");
        let mut stream = ContentStream::new(&fonts, 0.0, (0.0, 0.0));
        let advance = stream.any_run(&font, run, word_spacing, per_point, &mut shown);
        shown.flush(&mut stream.out);
        (plain, (stream.out, advance))
    }

    #[test]
    fn plain_runs_are_shown_as_the_general_path_shows_them() {
        let kerned = run("Type (a) \\ café", |index, _| {
            [0.0, -0.37, 0.12, 0.049][index % 4]
        });
        let justified = run("spaced out words", |_, c| if c == ' ' { 1.7 } else { 0.0 });
        for (run, word_spacing) in [(&kerned, 0.0), (&justified, 1.7), (&justified, 0.0)] {
            let (plain, general) = shown_both_ways(run, word_spacing);
            let plain = plain.expect("a plain run");
            assert_eq!(
                String::from_utf8_lossy(&plain.0),
                String::from_utf8_lossy(&general.0)
            );
            assert_eq!(plain.1.to_bits(), general.1.to_bits());
        }
        // What was checked is what a viewer reads: offsets, escapes and
        // the multi-byte character.
        let (plain, _) = shown_both_ways(&kerned, 0.0);
        let bytes = plain.expect("a plain run").0;
        assert!(bytes.starts_with(b"[") && bytes.ends_with(b"]TJ\n"));
        assert!(bytes.windows(2).any(|pair| pair == br"\("));
        assert!(bytes.contains(&200));
    }

    #[test]
    fn other_runs_are_left_to_the_general_path() {
        let mut marked = run("ab", |_, _| 0.0);
        marked.glyphs[1].offset = (-2.0, 0.0);
        let mut misread = run("ab", |_, _| 0.0);
        misread.glyphs[1].id = u16::from(b'x');
        let mut ligature = run("fi", |_, _| 0.0);
        ligature.glyphs = vec![PlacedGlyph {
            id: 201,
            text_len: 2,
            extra: 0.0,
            offset: (0.0, 0.0),
        }];
        for run in [&marked, &misread, &ligature] {
            let (plain, general) = shown_both_ways(run, 0.0);
            assert_eq!(plain, None, "{:?}", run.text);
            assert!(!general.0.is_empty());
        }
        let mut two_bytes = font();
        two_bytes.one_byte = false;
        let mut shown = Shown::default();
        assert_eq!(
            shown.plain_run(&two_bytes, &run("ab", |_, _| 0.0), 0.0, 1.0),
            None
        );
    }
}
