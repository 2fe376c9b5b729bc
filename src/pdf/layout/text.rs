//! Setting styled text into lines: glyph lookup with font fallback,
//! measuring by the fonts' advance widths, and line breaking at the Unicode
//! line-break opportunities (UAX #14), justified or ragged.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use hyphenation::{Hyphenator, Language, Standard};
use rustc_hash::FxHashMap;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::load::theme::{FontRole, Rgb};

use super::page::{Item, PlacedGlyph, TextRun};
use crate::pdf::fonts::{text_twin, FaceId, FontSet};

/// How a run of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub face: FaceId,
    pub size: f32,
    pub colour: Rgb,
    /// The URL this text links to.
    pub link: Option<Arc<str>>,
    pub strikethrough: bool,
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledText {
    pub text: String,
    pub style: TextStyle,
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    /// Both edges flush, except the last line and lines that would gape.
    Justify,
    Center,
    Right,
}

/// One set line: its height and what it draws, relative to its top-left.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    pub height: f32,
    /// Distance from the line's top to its baseline.
    pub baseline: f32,
    /// The width the text actually takes.
    pub width: f32,
    pub items: Vec<Item>,
}

/// Settings of one paragraph's lines.
#[derive(Debug, Clone, Copy)]
pub struct LineSettings<'h> {
    pub width: f32,
    pub align: Align,
    /// Line height as a multiple of the largest type size on the line.
    pub leading: f32,
    /// Hyphenation patterns; words are only hyphenated in justified text.
    pub hyphenator: Option<&'h Standard>,
}

#[derive(Debug, Clone)]
struct GlyphBox {
    style: usize,
    face: FaceId,
    id: u16,
    /// The character this glyph shows; `None` for the second and later
    /// glyphs of one character.
    ch: Option<char>,
    advance: f32,
    is_space: bool,
}

#[derive(Debug, Clone, Default)]
struct Word {
    glyphs: Vec<GlyphBox>,
    /// Width without trailing spaces.
    width: f32,
    /// Width of the trailing spaces.
    trailing: f32,
    forced_break: bool,
    /// Glyph indices before which the word may be hyphenated.
    hyphen_points: Vec<usize>,
}

impl Word {
    fn measure(&mut self) {
        let trailing_start = self
            .glyphs
            .iter()
            .rposition(|g| !g.is_space)
            .map_or(0, |i| i + 1);
        self.width = self.glyphs[..trailing_start]
            .iter()
            .map(|g| g.advance)
            .sum();
        self.trailing = self.glyphs[trailing_start..]
            .iter()
            .map(|g| g.advance)
            .sum();
    }

    /// Splits before glyph `at`, adding a hyphen to the first part.
    fn hyphenate_at(mut self, at: usize, hyphen: GlyphBox) -> (Word, Word) {
        let rest_glyphs = self.glyphs.split_off(at);
        let mut rest = Word {
            glyphs: rest_glyphs,
            forced_break: self.forced_break,
            hyphen_points: self
                .hyphen_points
                .iter()
                .filter(|&&p| p > at)
                .map(|p| p - at)
                .collect(),
            ..Word::default()
        };
        self.glyphs.push(hyphen);
        self.forced_break = false;
        self.hyphen_points.clear();
        self.measure();
        rest.measure();
        (self, rest)
    }

    /// The hyphen glyph in the face of the glyph before `at`.
    fn hyphen_glyph(&self, fonts: &FontSet, styles: &[&TextStyle], at: usize) -> Option<GlyphBox> {
        let before = self.glyphs.get(at.checked_sub(1)?)?;
        let (face, glyph) = fonts.resolve(before.face, '-')?;
        let size = styles[before.style].size;
        Some(GlyphBox {
            style: before.style,
            face,
            id: glyph.id,
            ch: Some('-'),
            advance: fonts.face(face).to_points(glyph.advance as f32, size),
            is_space: false,
        })
    }

    /// The widest first part (with its hyphen) that fits in `room`.
    fn best_hyphenation(
        &self,
        fonts: &FontSet,
        styles: &[&TextStyle],
        room: f32,
    ) -> Option<(usize, GlyphBox)> {
        self.hyphen_points.iter().rev().find_map(|&at| {
            let hyphen = self.hyphen_glyph(fonts, styles, at)?;
            let width: f32 =
                self.glyphs[..at].iter().map(|g| g.advance).sum::<f32>() + hyphen.advance;
            (width <= room).then_some((at, hyphen))
        })
    }
}

/// Breaks styled text into lines. Characters no font covers are collected
/// in `missing` and left out.
pub fn set_lines(
    fonts: &FontSet,
    spans: &[StyledText],
    settings: LineSettings<'_>,
    missing: &mut BTreeSet<char>,
) -> Vec<LineBox> {
    let styles: Vec<&TextStyle> = spans.iter().map(|s| &s.style).collect();
    let hyphenator = match settings.align {
        Align::Justify => settings.hyphenator,
        _ => None,
    };
    let words = shape_words(fonts, spans, hyphenator, missing);
    if words.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<(Vec<Word>, bool)> = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut current_width = 0.0f32;
    let mut pending: std::collections::VecDeque<Word> = words.into();
    while let Some(mut word) = pending.pop_front() {
        let gap = current.last().map_or(0.0, |last: &Word| last.trailing);
        let room = settings.width - current_width - gap;
        if !current.is_empty() && word.width > room + 0.01 {
            // Hyphenate into what is left of the line, else start a new one.
            if let Some((at, hyphen)) = word.best_hyphenation(fonts, &styles, room) {
                let (head, rest) = word.hyphenate_at(at, hyphen);
                current.push(head);
                lines.push((std::mem::take(&mut current), false));
                current_width = 0.0;
                pending.push_front(rest);
                continue;
            }
            lines.push((std::mem::take(&mut current), false));
            current_width = 0.0;
        }
        if current.is_empty() && word.width > settings.width {
            if let Some((at, hyphen)) = word.best_hyphenation(fonts, &styles, settings.width) {
                let (head, rest) = word.hyphenate_at(at, hyphen);
                lines.push((vec![head], false));
                pending.push_front(rest);
                continue;
            }
            let mut pieces = split_long_word(std::mem::take(&mut word), settings.width);
            let last = pieces.pop().unwrap_or_default();
            lines.extend(pieces.into_iter().map(|piece| (vec![piece], false)));
            word = last;
        }
        let forced = word.forced_break;
        if let Some(previous) = current.last() {
            current_width += previous.trailing;
        }
        current_width += word.width;
        current.push(word);
        if forced {
            lines.push((std::mem::take(&mut current), true));
            current_width = 0.0;
        }
    }
    if !current.is_empty() {
        lines.push((current, true));
    }
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(|(index, (words, ends_paragraph))| {
            let last = ends_paragraph || index + 1 == count;
            place_line(fonts, &styles, &words, settings, last)
        })
        .collect()
}

/// Measures text set on one line, without breaking.
pub fn natural_width(fonts: &FontSet, spans: &[StyledText]) -> f32 {
    let mut missing = BTreeSet::new();
    let words = shape_words(fonts, spans, None, &mut missing);
    let count = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| w.width + if i + 1 < count { w.trailing } else { 0.0 })
        .sum()
}

/// The widest word: the narrowest a column of this text can be.
pub fn longest_word(fonts: &FontSet, spans: &[StyledText]) -> f32 {
    let mut missing = BTreeSet::new();
    shape_words(fonts, spans, None, &mut missing)
        .iter()
        .map(|w| w.width)
        .fold(0.0, f32::max)
}

fn shape_words(
    fonts: &FontSet,
    spans: &[StyledText],
    hyphenator: Option<&Standard>,
    missing: &mut BTreeSet<char>,
) -> Vec<Word> {
    let mut text = String::new();
    let mut span_starts = Vec::with_capacity(spans.len());
    for span in spans {
        span_starts.push(text.len());
        text.push_str(&span.text);
    }
    let mut words = Vec::new();
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let mut word = Word {
            forced_break: opportunity == BreakOpportunity::Mandatory && end < text.len(),
            ..Word::default()
        };
        // Each part of the word in one span is shaped on its own.
        let mut clusters = Vec::new();
        for (span_index, span) in spans.iter().enumerate() {
            let span_start = span_starts[span_index];
            let span_end = span_start + span.text.len();
            let (from, to) = (start.max(span_start), end.min(span_end));
            if from >= to {
                continue;
            }
            shape_segment(
                fonts,
                &text[from..to],
                from,
                span_index,
                &span.style,
                &mut word,
                &mut clusters,
                missing,
            );
        }
        if let Some(hyphenator) = hyphenator {
            word.hyphen_points = hyphen_points(hyphenator, &text[start..end], start, &clusters);
        }
        word.measure();
        if !word.glyphs.is_empty() || word.forced_break {
            words.push(word);
        }
        start = end;
    }
    words
}

/// Shapes one piece of a word in one style, appending its glyphs (and each
/// glyph's byte offset in the paragraph to `clusters`).
#[allow(clippy::too_many_arguments)]
fn shape_segment(
    fonts: &FontSet,
    segment: &str,
    offset: usize,
    span_index: usize,
    style: &TextStyle,
    word: &mut Word,
    clusters: &mut Vec<usize>,
    missing: &mut BTreeSet<char>,
) {
    let shaped = fonts.shape(style.face, segment);
    let mut previous_cluster = None;
    for glyph in shaped.iter() {
        let cluster = glyph.cluster as usize;
        let Some(c) = segment.get(cluster..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let first_of_cluster = previous_cluster != Some(cluster);
        previous_cluster = Some(cluster);
        // Variation selectors (✔️ is ✔ and U+FE0F) choose between emoji and
        // text forms; a printed page has only the one.
        if c.is_control() || matches!(c, '\u{AD}' | '\u{200B}' | '\u{FE0E}' | '\u{FE0F}') {
            continue;
        }
        let c = if c == '\t' { ' ' } else { c };
        let (face, id, advance, c) = if glyph.id != 0 {
            let face = fonts.face(style.face);
            (
                style.face,
                glyph.id,
                face.to_points(glyph.advance as f32, style.size),
                c,
            )
        } else if let Some((face, fallback)) = fonts.fallback(c) {
            let size_advance = fonts
                .face(face)
                .to_points(fallback.advance as f32, style.size);
            // A glyph drawn for an emoji's text twin reads back as the twin.
            let shown = match fonts.face(face).glyph(c) {
                Some(_) => c,
                None => text_twin(c).unwrap_or(c),
            };
            (face, fallback.id, size_advance, shown)
        } else {
            if !c.is_whitespace() {
                missing.insert(c);
            }
            continue;
        };
        word.glyphs.push(GlyphBox {
            style: span_index,
            face,
            id,
            ch: first_of_cluster.then_some(c),
            advance,
            is_space: is_breaking_space(c),
        });
        clusters.push(offset + cluster);
    }
}

/// Where a word may be hyphenated, as glyph indices.
fn hyphen_points(
    hyphenator: &Standard,
    word: &str,
    offset: usize,
    clusters: &[usize],
) -> Vec<usize> {
    let letters = word.trim_end();
    if letters.chars().count() < 6 || !letters.chars().all(char::is_alphabetic) {
        return Vec::new();
    }
    let lower = letters.to_lowercase();
    if lower.len() != letters.len() {
        return Vec::new();
    }
    HYPHEN_BREAKS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let words = cache.entry(hyphenator.language()).or_default();
        if words.len() >= HYPHEN_CACHE_LIMIT {
            words.clear();
        }
        let breaks = words
            .entry(lower)
            .or_insert_with_key(|lower| hyphenator.hyphenate(lower).breaks);
        breaks
            .iter()
            .filter_map(|at| clusters.iter().position(|&c| c == offset + at))
            .collect()
    })
}

thread_local! {
    /// Where each word may break, by language, as the patterns say: a
    /// workbook's vocabulary is small and repeats across profiles, so each
    /// word is looked up in the patterns once per thread.
    static HYPHEN_BREAKS: RefCell<FxHashMap<Language, FxHashMap<String, Vec<usize>>>> =
        RefCell::new(FxHashMap::default());
}

/// Words after which a thread's hyphenation cache starts over.
const HYPHEN_CACHE_LIMIT: usize = 100_000;

fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{A0}' && c != '\u{202F}' && c != '\u{2007}'
}

/// Splits a word wider than the line into pieces that fit.
fn split_long_word(word: Word, width: f32) -> Vec<Word> {
    let mut pieces = Vec::new();
    let mut piece = Word::default();
    for glyph in word.glyphs {
        if !piece.glyphs.is_empty() && piece.width + glyph.advance > width && !glyph.is_space {
            pieces.push(std::mem::take(&mut piece));
        }
        if glyph.is_space {
            piece.trailing += glyph.advance;
        } else {
            piece.width += piece.trailing + glyph.advance;
            piece.trailing = 0.0;
        }
        piece.glyphs.push(glyph);
    }
    piece.forced_break = word.forced_break;
    pieces.push(piece);
    pieces
}

fn place_line(
    fonts: &FontSet,
    styles: &[&TextStyle],
    words: &[Word],
    settings: LineSettings<'_>,
    last_line: bool,
) -> LineBox {
    // Glyphs to draw: everything but the spaces that end the line.
    let mut glyphs: Vec<&GlyphBox> = words.iter().flat_map(|w| &w.glyphs).collect();
    while glyphs.last().is_some_and(|g| g.is_space) {
        glyphs.pop();
    }
    let natural: f32 = glyphs.iter().map(|g| g.advance).sum();
    let spaces = glyphs.iter().filter(|g| g.is_space).count();
    let size = glyphs
        .iter()
        .map(|g| styles[g.style].size)
        .fold(0.0, f32::max)
        .max(styles.first().map_or(0.0, |s| s.size));
    let slack = (settings.width - natural).max(0.0);
    let extra_per_space = match settings.align {
        Align::Justify if !last_line && spaces > 0 => {
            let extra = slack / spaces as f32;
            // A gap wider than a third of an em on top of the space makes
            // rivers; such lines stay ragged.
            if extra <= size * 0.33 {
                extra
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    let x0 = match settings.align {
        Align::Center => slack / 2.0,
        Align::Right => slack,
        Align::Left | Align::Justify => 0.0,
    };
    let height = size * settings.leading;
    let regular = fonts.face(FaceId::Theme(FontRole::Regular));
    let ascent = regular.to_points(regular.ascender, size);
    let descent = regular.to_points(regular.descender, size);
    let baseline = (height - (ascent - descent)) / 2.0 + ascent;

    let mut items = Vec::new();
    let mut x = x0;
    let mut run: Option<TextRun> = None;
    let mut link_start: Option<(f32, Arc<str>)> = None;
    let mut strike_start: Option<(f32, usize)> = None;
    for glyph in &glyphs {
        let style = styles[glyph.style];
        let extra = if glyph.is_space { extra_per_space } else { 0.0 };
        let same_run = run.as_ref().is_some_and(|r| {
            r.face == glyph.face && r.size == style.size && r.colour == style.colour
        });
        if !same_run {
            items.extend(run.take().map(Item::Text));
            run = Some(TextRun {
                x,
                y: baseline,
                face: glyph.face,
                size: style.size,
                colour: style.colour,
                glyphs: Vec::new(),
            });
        }
        if let Some(run) = run.as_mut() {
            // The viewer advances by the font's own width; kerning and
            // justification are the difference, written after the glyph.
            let face = fonts.face(glyph.face);
            let nominal = face.to_points(face.nominal_advance(glyph.id), style.size);
            run.glyphs.push(PlacedGlyph {
                id: glyph.id,
                ch: glyph.ch,
                extra: extra + glyph.advance - nominal,
            });
        }
        // Links and strikethrough span consecutive glyphs of the same style.
        match (&link_start, &style.link) {
            (Some((_, open)), Some(url)) if open == url => {}
            (open, url) => {
                if let Some((start, open_url)) = open {
                    items.push(link_item(*start, x, height, open_url));
                }
                link_start = url.as_ref().map(|u| (x, u.clone()));
            }
        }
        match (strike_start, style.strikethrough) {
            (Some(_), true) => {}
            (open, strike) => {
                if let Some((start, style_index)) = open {
                    items.push(strike_item(start, x, baseline, styles[style_index]));
                }
                strike_start = strike.then_some((x, glyph.style));
            }
        }
        x += glyph.advance + extra;
    }
    items.extend(run.take().map(Item::Text));
    if let Some((start, url)) = link_start {
        items.push(link_item(start, x, height, &url));
    }
    if let Some((start, style_index)) = strike_start {
        items.push(strike_item(start, x, baseline, styles[style_index]));
    }
    LineBox {
        height,
        baseline,
        width: natural,
        items,
    }
}

fn link_item(start: f32, end: f32, height: f32, url: &str) -> Item {
    Item::Link {
        x: start,
        y: 0.0,
        width: end - start,
        height,
        url: url.to_string(),
    }
}

fn strike_item(start: f32, end: f32, baseline: f32, style: &TextStyle) -> Item {
    let y = baseline - style.size * 0.28;
    Item::Line {
        x1: start,
        y1: y,
        x2: end,
        y2: y,
        width: style.size * 0.06,
        colour: style.colour,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::theme::Theme;
    use hyphenation::{Language, Load};

    fn fonts() -> FontSet {
        let theme = Theme::load_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        )
        .expect("default theme");
        FontSet::load(&theme.fonts).expect("fonts")
    }

    fn spans(text: &str) -> Vec<StyledText> {
        vec![StyledText {
            text: text.to_string(),
            style: TextStyle {
                face: FaceId::Theme(FontRole::Regular),
                size: 10.0,
                colour: Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                },
                link: None,
                strikethrough: false,
            },
        }]
    }

    fn settings(width: f32, align: Align) -> LineSettings<'static> {
        LineSettings {
            width,
            align,
            leading: 1.4,
            hyphenator: None,
        }
    }

    /// The right edge of a set line: where its last glyph ends.
    fn right_edge(fonts: &FontSet, line: &LineBox) -> f32 {
        line.items
            .iter()
            .filter_map(|item| match item {
                Item::Text(run) => {
                    let face = fonts.face(run.face);
                    let advance: f32 = run
                        .glyphs
                        .iter()
                        .map(|g| face.to_points(face.nominal_advance(g.id), run.size) + g.extra)
                        .sum();
                    Some(run.x + advance)
                }
                _ => None,
            })
            .fold(0.0, f32::max)
    }

    const TEXT: &str = "Interviews are competitive, and the way to win is to define your \
        aspirations beforehand and to be ready for any scenario the interviewer brings up.";

    #[test]
    fn lines_never_overflow_the_measure() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        for width in [80.0, 150.0, 300.0] {
            let lines = set_lines(
                &fonts,
                &spans(TEXT),
                settings(width, Align::Left),
                &mut missing,
            );
            assert!(lines.len() > 1);
            for line in &lines {
                assert!(line.width <= width + 0.01, "{} > {width}", line.width);
            }
        }
        assert!(missing.is_empty());
    }

    #[test]
    fn justified_lines_reach_the_right_edge_except_the_last() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        let patterns = Standard::from_embedded(Language::EnglishUS).expect("patterns");
        let settings = LineSettings {
            hyphenator: Some(&patterns),
            ..settings(200.0, Align::Justify)
        };
        let lines = set_lines(&fonts, &spans(TEXT), settings, &mut missing);
        let (last, full) = lines.split_last().expect("lines");
        for line in full {
            assert!(
                (right_edge(&fonts, line) - 200.0).abs() < 0.05,
                "{}",
                right_edge(&fonts, line)
            );
        }
        assert!(right_edge(&fonts, last) < 199.0);
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_not_overflowing() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = set_lines(
            &fonts,
            &spans(word),
            settings(60.0, Align::Left),
            &mut missing,
        );
        assert!(lines.len() >= 3);
        assert!(lines.iter().all(|l| right_edge(&fonts, l) <= 60.01));
    }

    #[test]
    fn justified_text_is_hyphenated_with_a_visible_hyphen() {
        let fonts = fonts();
        let patterns = Standard::from_embedded(Language::EnglishUS).expect("patterns");
        let mut missing = BTreeSet::new();
        let text = "Understanding organizational responsibilities characteristically";
        let settings = LineSettings {
            hyphenator: Some(&patterns),
            ..settings(130.0, Align::Justify)
        };
        let lines = set_lines(&fonts, &spans(text), settings, &mut missing);
        let hyphenated = lines.iter().any(|line| {
            line.items.iter().any(|item| {
                matches!(item, Item::Text(run)
                if run.glyphs.last().is_some_and(|g| g.ch == Some('-')))
            })
        });
        assert!(hyphenated, "no line ends in a hyphen");
    }

    #[test]
    fn line_breaks_in_text_are_kept() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        let lines = set_lines(
            &fonts,
            &spans("one\ntwo\nthree"),
            settings(300.0, Align::Justify),
            &mut missing,
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn uncovered_characters_are_reported() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        set_lines(
            &fonts,
            &spans("Name: 王"),
            settings(300.0, Align::Left),
            &mut missing,
        );
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), vec!['王']);
    }
}
