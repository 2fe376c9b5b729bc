//! Shaping a paragraph into glyphs: the text is cut into pieces of one
//! style, bidirectional level and script, each piece is shaped as a run by
//! HarfRust in its style's face, and the clusters that face cannot show
//! are shaped again, as runs of their own, in the next face of the
//! fallback chain. Glyphs keep the text of their cluster, so the page can
//! say which characters they show.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use unicode_bidi::Level;
use unicode_script::{Script, UnicodeScript};

use super::bidi::{self, Direction};
use super::text::TextStyle;
use crate::pdf::fonts::{text_twin, Context, FaceId, FontSet, ShapeProps};

/// A shaped glyph of a paragraph, in logical order.
#[derive(Debug, Clone)]
pub struct GlyphBox {
    /// The style's index among the paragraph's spans.
    pub style: usize,
    pub face: FaceId,
    pub id: u16,
    /// Advance in points, kerning included.
    pub advance: f32,
    /// The glyph's own advance in points, which a PDF viewer moves by.
    pub nominal: f32,
    /// Where the glyph is drawn from the pen, in points right and up.
    pub offset: (f32, f32),
    pub text: GlyphText,
    pub level: Level,
    /// A space that may stretch and that ends a line unseen.
    pub is_space: bool,
}

/// What a glyph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphText {
    /// A glyph of the cluster that shows the paragraph's bytes
    /// `start..end` (every glyph of a cluster has the same range).
    Source { start: u32, end: u32 },
    /// A glyph the layout adds: a hyphen where a word breaks.
    Added(char),
}

impl GlyphText {
    /// The first byte of the cluster, for the paragraph's own glyphs.
    pub fn start(self) -> Option<usize> {
        match self {
            GlyphText::Source { start, .. } => Some(start as usize),
            GlyphText::Added(_) => None,
        }
    }
}

/// A paragraph ready to be shaped piece by piece: its text, the level and
/// script of each byte, and its language.
pub struct Paragraph<'t> {
    pub text: &'t str,
    /// Per byte; `None` when all are at level 0.
    levels: Option<Vec<Level>>,
    /// Runs of one script: where each starts, and its script.
    scripts: Vec<(usize, Script)>,
    language: Option<Arc<str>>,
}

impl<'t> Paragraph<'t> {
    pub fn new(text: &'t str, direction: Direction, language: Option<Arc<str>>) -> Paragraph<'t> {
        Paragraph {
            text,
            levels: bidi::levels(text, direction),
            scripts: script_runs(text),
            language,
        }
    }

    /// The bidirectional level of the byte at `at`.
    pub fn level(&self, at: usize) -> Level {
        self.levels
            .as_ref()
            .and_then(|levels| levels.get(at).copied())
            .unwrap_or_else(Level::ltr)
    }

    /// Shapes the bytes `range` (all in one style) and appends their glyphs
    /// in logical order. Characters no face of the fallback chain shows are
    /// collected in `missing` and left out.
    pub fn shape(
        &self,
        fonts: &FontSet,
        range: Range<usize>,
        (style_index, style): (usize, &TextStyle),
        out: &mut Vec<GlyphBox>,
        missing: &mut BTreeSet<char>,
    ) {
        // Pieces of one level and one script.
        let mut start = range.start;
        while start < range.end {
            let run = self.scripts.partition_point(|(at, _)| *at <= start).max(1) - 1;
            let script = self.scripts.get(run).map_or(Script::Common, |(_, s)| *s);
            let script_end = self
                .scripts
                .get(run + 1)
                .map_or(range.end, |(at, _)| (*at).min(range.end));
            let level = self.level(start);
            let end = match &self.levels {
                None => script_end,
                Some(levels) => (start..script_end)
                    .find(|&i| levels[i] != level)
                    .unwrap_or(script_end),
            };
            let props = ShapeProps {
                rtl: level.is_rtl(),
                script: shaping_script(script),
                language: self.language.clone(),
            };
            let piece = Piece {
                fonts,
                paragraph: self,
                style: (style_index, style),
                props: &props,
                level,
            };
            piece.shape(start..end, fonts.fallback_chain(style.face), out, missing);
            start = end;
        }
    }
}

/// One piece of a paragraph being shaped.
struct Piece<'a> {
    fonts: &'a FontSet,
    paragraph: &'a Paragraph<'a>,
    style: (usize, &'a TextStyle),
    props: &'a ShapeProps,
    level: Level,
}

impl Piece<'_> {
    /// Shapes `range` in the first face of `chain`, and what it cannot
    /// show in the rest of the chain.
    fn shape(
        &self,
        range: Range<usize>,
        chain: &[FaceId],
        out: &mut Vec<GlyphBox>,
        missing: &mut BTreeSet<char>,
    ) {
        let text = self.paragraph.text;
        let Some((&face, rest)) = chain.split_first() else {
            self.shape_twins(range, out, missing);
            return;
        };
        let glyphs = self.fonts.shape(
            face,
            &text[range.clone()],
            self.context(range.clone()),
            self.props,
        );
        let font = self.fonts.face(face);
        let scale = self.style.1.size / font.units_per_em;
        // Clusters in logical order; runs of clusters with a glyph the face
        // lacks go down the chain together.
        let mut unshown: Option<Range<usize>> = None;
        let mut index = 0;
        while index < glyphs.len() {
            let cluster = glyphs[index].cluster;
            let count = glyphs[index..]
                .iter()
                .take_while(|g| g.cluster == cluster)
                .count();
            let next = glyphs
                .get(index + count)
                .map_or(range.len(), |g| g.cluster as usize);
            let bytes = range.start + cluster as usize..range.start + next;
            let cluster_glyphs = &glyphs[index..index + count];
            index += count;
            let cluster_text = &text[bytes.clone()];
            // One printable ASCII character, most clusters, needs no look.
            let plain = matches!(cluster_text.as_bytes(), [b'!'..=b'~']);
            if !plain && cluster_text.chars().all(is_invisible) {
                continue;
            }
            // A joiner between letters the face lacks goes with them, so
            // the word is shaped whole in the face that has its letters.
            let joiner = !plain && unshown.is_some() && cluster_text.chars().all(is_joiner);
            if joiner || cluster_glyphs.iter().any(|g| g.id == 0) {
                unshown = Some(unshown.map_or(bytes.clone(), |u| u.start..bytes.end));
                continue;
            }
            if let Some(unshown) = unshown.take() {
                self.shape(unshown, rest, out, missing);
            }
            let is_space = !plain && cluster_text.chars().all(is_breaking_space);
            for glyph in cluster_glyphs {
                out.push(GlyphBox {
                    style: self.style.0,
                    face,
                    id: glyph.id,
                    advance: glyph.advance as f32 * scale,
                    nominal: font.to_points(f32::from(glyph.nominal), self.style.1.size),
                    offset: (glyph.x_offset as f32 * scale, glyph.y_offset as f32 * scale),
                    text: GlyphText::Source {
                        start: bytes.start as u32,
                        end: bytes.end as u32,
                    },
                    level: self.level,
                    is_space,
                });
            }
        }
        if let Some(unshown) = unshown {
            self.shape(unshown, rest, out, missing);
        }
    }

    /// Draws what no face shows: an emoji that exists only in colour fonts
    /// as its black-and-white twin (see [`text_twin`]), reading back as
    /// the emoji written; anything else is noted as missing.
    fn shape_twins(
        &self,
        range: Range<usize>,
        out: &mut Vec<GlyphBox>,
        missing: &mut BTreeSet<char>,
    ) {
        let text = &self.paragraph.text[range.clone()];
        let face = self.style.1.face;
        if !text.chars().any(|c| text_twin(c).is_some()) {
            note_missing(self.fonts, face, text, missing);
            return;
        }
        for (at, c) in text.char_indices() {
            if is_joiner(c) || is_invisible(c) {
                continue;
            }
            let Some((twin_face, glyph)) =
                text_twin(c).and_then(|twin| self.fonts.resolve(face, twin))
            else {
                note_missing(self.fonts, face, &text[at..at + c.len_utf8()], missing);
                continue;
            };
            let start = range.start + at;
            let advance = self
                .fonts
                .face(twin_face)
                .to_points(f32::from(glyph.advance), self.style.1.size);
            out.push(GlyphBox {
                style: self.style.0,
                face: twin_face,
                id: glyph.id,
                advance,
                nominal: advance,
                offset: (0.0, 0.0),
                text: GlyphText::Source {
                    start: start as u32,
                    end: (start + c.len_utf8()) as u32,
                },
                level: self.level,
                is_space: false,
            });
        }
    }

    /// The letters next to `range` that its ends may join with: only in a
    /// script whose letters join, and never across a space.
    fn context(&self, range: Range<usize>) -> Context<'_> {
        if !is_joining(self.props.script) {
            return Context::default();
        }
        let text = self.paragraph.text;
        let joins = |c: char| !c.is_whitespace() && !is_invisible(c);
        let before = &text[..range.start];
        let from = before
            .char_indices()
            .rev()
            .take(5)
            .take_while(|(_, c)| joins(*c))
            .last()
            .map_or(range.start, |(i, _)| i);
        let after = &text[range.end..];
        let to = after
            .char_indices()
            .take(5)
            .take_while(|(_, c)| joins(*c))
            .last()
            .map_or(range.end, |(i, c)| range.end + i + c.len_utf8());
        Context {
            before: &text[from..range.start],
            after: &text[range.end..to],
        }
    }
}

/// Records what no face could show: the characters no face of the chain
/// has, or, when each has a face but no face has them all together, all
/// of them.
fn note_missing(fonts: &FontSet, face: FaceId, text: &str, missing: &mut BTreeSet<char>) {
    let visible = || {
        text.chars()
            .filter(|c| !c.is_whitespace() && !is_invisible(*c))
    };
    let before = missing.len();
    missing.extend(visible().filter(|c| fonts.resolve(face, *c).is_none()));
    if missing.len() == before {
        missing.extend(visible());
    }
}

/// Characters that draw nothing and are left out: controls, the soft
/// hyphen, the zero-width space and word joiner, and direction marks (the
/// order they ask for is already in the line). Zero-width joiners and
/// non-joiners stay: they are part of how Persian and Indic words are
/// spelled.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{AD}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Characters that only say how their neighbours join or look: zero-width
/// joiners and non-joiners, the grapheme joiner and variation selectors.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\u{200C}' | '\u{200D}' | '\u{034F}' | '\u{FE00}'..='\u{FE0F}'
    )
}

/// A space that justification stretches and a line end swallows (not the
/// no-break spaces).
pub fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}' && c != '\u{2007}'
}

/// Runs of one script over `text`: characters common to scripts (spaces,
/// digits, punctuation) and combining marks belong to the script before
/// them, or to the one after at the start.
fn script_runs(text: &str) -> Vec<(usize, Script)> {
    if text.is_ascii() {
        let latin = text.bytes().any(|b| b.is_ascii_alphabetic());
        return vec![(0, if latin { Script::Latin } else { Script::Common })];
    }
    let mut runs: Vec<(usize, Script)> = Vec::new();
    let mut pending_start: Option<usize> = None;
    for (index, c) in text.char_indices() {
        let script = char_script(c);
        if matches!(script, Script::Common | Script::Inherited | Script::Unknown) {
            if runs.is_empty() {
                pending_start.get_or_insert(index);
            }
            continue;
        }
        match runs.last() {
            Some((_, last)) if *last == script => {}
            _ => runs.push((pending_start.take().unwrap_or(index), script)),
        }
    }
    if runs.is_empty() {
        runs.push((0, Script::Common));
    }
    runs
}

/// A character's script, quickly for ASCII.
fn char_script(c: char) -> Script {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            Script::Latin
        } else {
            Script::Common
        };
    }
    c.script()
}

/// The script as the shaper names it.
fn shaping_script(script: Script) -> harfrust::Script {
    script
        .short_name()
        .parse()
        .unwrap_or(harfrust::Script::COMMON)
}

/// Scripts whose letters join their neighbours, so a piece cut out of a
/// word must be shaped knowing the letters around it.
fn is_joining(script: harfrust::Script) -> bool {
    use harfrust::Script;
    [
        Script::ARABIC,
        Script::SYRIAC,
        Script::NKO,
        Script::MONGOLIAN,
        Script::ADLAM,
        Script::HANIFI_ROHINGYA,
        Script::MANDAIC,
        Script::MANICHAEAN,
        Script::PHAGS_PA,
        Script::PSALTER_PAHLAVI,
        Script::SOGDIAN,
    ]
    .contains(&script)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_characters_join_the_script_around_them() {
        let text = "1. Acme، شركة 2025";
        let runs = script_runs(text);
        let arabic = text.find('ش').expect("Arabic letters");
        assert_eq!(runs, vec![(0, Script::Latin), (arabic, Script::Arabic)]);
        assert_eq!(script_runs("42 !"), vec![(0, Script::Common)]);
    }
}
