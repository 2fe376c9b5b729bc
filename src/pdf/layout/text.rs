//! Setting styled text into lines: shaped words (see [`super::shape`])
//! broken into lines at the Unicode line-break opportunities (UAX #14),
//! justified or ragged, each line's runs put in the order they are drawn
//! (see [`super::bidi`]).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

use hyphenation::{Hyphenator, Language, Standard};
use rustc_hash::FxHashMap;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::load::theme::{FontRole, Rgb};

use super::bidi::{self, Direction};
use super::page::{Item, PlacedGlyph, TextRun};
use super::shape::{GlyphBox, GlyphText, Paragraph};
use super::tags::Tag;
use crate::pdf::fonts::{FaceId, FontSet};

/// How a run of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub face: FaceId,
    pub size: f32,
    pub colour: Rgb,
    /// The URL this text links to.
    pub link: Option<Arc<str>>,
    pub strikethrough: bool,
    /// The structure element the text belongs to (a link's text belongs
    /// to its link element).
    pub tag: Tag,
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledText {
    pub text: String,
    pub style: TextStyle,
}

/// Horizontal alignment of lines, relative to the direction of the text:
/// the start is the left edge of left-to-right text and the right edge of
/// right-to-left text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Align {
    Start,
    /// Both edges flush, except the last line and lines that would gape;
    /// those start at the start.
    Justify,
    Center,
    End,
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
    /// The paragraph's direction: the order of its mixed runs and the side
    /// its lines start on.
    pub direction: Direction,
    /// The language (BCP 47), for the letter forms it prefers.
    pub language: Option<&'h Arc<str>>,
}

#[derive(Debug, Clone, Default)]
struct Word {
    glyphs: Vec<GlyphBox>,
    /// Width without trailing spaces.
    width: f32,
    /// Width of the trailing spaces.
    trailing: f32,
    forced_break: bool,
    /// Where the word may be hyphenated.
    hyphen_points: HyphenPoints,
    /// Ends in a Chinese or Japanese character: text without spaces, which
    /// is justified by spacing its characters.
    ideographic_end: bool,
}

/// Where a word may be hyphenated: looked up in the patterns only when the
/// word does not fit on its line, which most words never need.
#[derive(Debug, Clone)]
enum HyphenPoints {
    /// Not looked up yet: the word is the paragraph's bytes `start..end`.
    Unknown { start: usize, end: usize },
    /// Glyph indices before which the word may be hyphenated.
    Known(Vec<usize>),
}

impl Default for HyphenPoints {
    fn default() -> HyphenPoints {
        HyphenPoints::Known(Vec::new())
    }
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

    /// Splits before glyph `at` (a hyphen point of
    /// [`Word::best_hyphenation`]), adding a hyphen to the first part.
    fn hyphenate_at(mut self, at: usize, hyphen: GlyphBox) -> (Word, Word) {
        let rest_glyphs = self.glyphs.split_off(at);
        let points = match std::mem::take(&mut self.hyphen_points) {
            HyphenPoints::Known(points) => points,
            HyphenPoints::Unknown { .. } => Vec::new(),
        };
        let mut rest = Word {
            glyphs: rest_glyphs,
            forced_break: self.forced_break,
            hyphen_points: HyphenPoints::Known(
                points
                    .into_iter()
                    .filter(|&p| p > at)
                    .map(|p| p - at)
                    .collect(),
            ),
            ideographic_end: self.ideographic_end,
            ..Word::default()
        };
        self.glyphs.push(hyphen);
        self.forced_break = false;
        self.ideographic_end = false;
        self.measure();
        rest.measure();
        (self, rest)
    }

    /// The hyphen glyph in the face of the glyph before `at`.
    fn hyphen_glyph(&self, fonts: &FontSet, styles: &[&TextStyle], at: usize) -> Option<GlyphBox> {
        let before = self.glyphs.get(at.checked_sub(1)?)?;
        let (face, glyph) = fonts.resolve(before.face, '-')?;
        let size = styles[before.style].size;
        let advance = fonts.face(face).to_points(glyph.advance as f32, size);
        Some(GlyphBox {
            style: before.style,
            face,
            id: glyph.id,
            advance,
            nominal: advance,
            offset: (0.0, 0.0),
            text: GlyphText::Added('-'),
            level: before.level,
            is_space: false,
        })
    }

    /// The widest first part (with its hyphen) that fits in `room`; the
    /// word's hyphen points are looked up in `hyphenation` (the patterns
    /// and the paragraph's text) the first time.
    fn best_hyphenation(
        &mut self,
        fonts: &FontSet,
        styles: &[&TextStyle],
        room: f32,
        hyphenation: Option<(&Standard, &str)>,
    ) -> Option<(usize, GlyphBox)> {
        if let (HyphenPoints::Unknown { start, end }, Some((hyphenator, text))) =
            (&self.hyphen_points, hyphenation)
        {
            let points = hyphen_points(hyphenator, &text[*start..*end], *start, &self.glyphs);
            self.hyphen_points = HyphenPoints::Known(points);
        }
        let HyphenPoints::Known(points) = &self.hyphen_points else {
            return None;
        };
        points.iter().rev().find_map(|&at| {
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
    let spans = &*printable(spans);
    let styles: Vec<&TextStyle> = spans.iter().map(|s| &s.style).collect();
    let hyphenator = match settings.align {
        Align::Justify => settings.hyphenator,
        _ => None,
    };
    let text = joined(spans);
    let paragraph = Paragraph::new(&text, settings.direction, settings.language.cloned());
    let mut words = shape_words(fonts, &paragraph, spans, hyphenator.is_some(), missing).peekable();
    let hyphenation = hyphenator.map(|hyphenator| (hyphenator, text.as_str()));
    if words.peek().is_none() {
        return Vec::new();
    }
    // Each line is placed once the next one starts (only then is it known
    // not to be the last), so a paragraph's shaped words are let go line
    // by line.
    let mut placed = Vec::new();
    let mut held: Option<(Vec<Word>, bool)> = None;
    let mut end_line = |line: (Vec<Word>, bool)| {
        if let Some((words, ends_paragraph)) = held.replace(line) {
            placed.push(place_line(
                fonts,
                &styles,
                &text,
                &words,
                settings,
                ends_paragraph,
            ));
        }
    };
    let mut current: Vec<Word> = Vec::new();
    let mut current_width = 0.0f32;
    // The rest of a word broken at a hyphen, set before the next word.
    let mut rest: Option<Word> = None;
    while let Some(mut word) = rest.take().or_else(|| words.next()) {
        let gap = current.last().map_or(0.0, |last: &Word| last.trailing);
        let room = settings.width - current_width - gap;
        if !current.is_empty() && word.width > room + 0.01 {
            // Hyphenate into what is left of the line, else start a new one.
            if let Some((at, hyphen)) = word.best_hyphenation(fonts, &styles, room, hyphenation) {
                let (head, tail) = word.hyphenate_at(at, hyphen);
                current.push(head);
                end_line((std::mem::take(&mut current), false));
                current_width = 0.0;
                rest = Some(tail);
                continue;
            }
            end_line((std::mem::take(&mut current), false));
            current_width = 0.0;
        }
        if current.is_empty() && word.width > settings.width {
            if let Some((at, hyphen)) =
                word.best_hyphenation(fonts, &styles, settings.width, hyphenation)
            {
                let (head, tail) = word.hyphenate_at(at, hyphen);
                end_line((vec![head], false));
                rest = Some(tail);
                continue;
            }
            let mut pieces = split_long_word(std::mem::take(&mut word), settings.width);
            let last = pieces.pop().unwrap_or_default();
            for piece in pieces {
                end_line((vec![piece], false));
            }
            word = last;
        }
        let forced = word.forced_break;
        if let Some(previous) = current.last() {
            current_width += previous.trailing;
        }
        current_width += word.width;
        current.push(word);
        if forced {
            end_line((std::mem::take(&mut current), true));
            current_width = 0.0;
        }
    }
    if !current.is_empty() {
        end_line((current, true));
    }
    if let Some((words, _)) = held {
        placed.push(place_line(fonts, &styles, &text, &words, settings, true));
    }
    placed
}

/// The spans without the variation selectors that ask for an emoji's
/// colour or text form (✔️ is ✔ and U+FE0F): a printed page has only the
/// one, and the shaper would draw them as invisible glyphs that text
/// extraction reads back as stray characters.
fn printable(spans: &[StyledText]) -> Cow<'_, [StyledText]> {
    const SELECTORS: [char; 2] = ['\u{FE0E}', '\u{FE0F}'];
    if !spans.iter().any(|span| span.text.contains(SELECTORS)) {
        return Cow::Borrowed(spans);
    }
    Cow::Owned(
        spans
            .iter()
            .map(|span| StyledText {
                text: span.text.replace(SELECTORS, ""),
                style: span.style.clone(),
            })
            .collect(),
    )
}

/// The spans' text, one after the other.
fn joined(spans: &[StyledText]) -> String {
    let mut text = String::with_capacity(spans.iter().map(|s| s.text.len()).sum());
    for span in spans {
        text.push_str(&span.text);
    }
    text
}

/// Measures text set on one line, without breaking.
pub fn natural_width(fonts: &FontSet, spans: &[StyledText]) -> f32 {
    let words = measure_words(fonts, spans);
    let count = words.len();
    words
        .iter()
        .enumerate()
        .map(|(i, w)| w.width + if i + 1 < count { w.trailing } else { 0.0 })
        .sum()
}

/// The widest word: the narrowest a column of this text can be.
pub fn longest_word(fonts: &FontSet, spans: &[StyledText]) -> f32 {
    measure_words(fonts, spans)
        .iter()
        .map(|w| w.width)
        .fold(0.0, f32::max)
}

/// The words of `spans`, shaped for measuring: the widths do not depend
/// on the direction.
fn measure_words(fonts: &FontSet, spans: &[StyledText]) -> Vec<Word> {
    let spans = &*printable(spans);
    let mut missing = BTreeSet::new();
    let text = joined(spans);
    let direction = Direction::of_text(&text).unwrap_or_default();
    let paragraph = Paragraph::new(&text, direction, None);
    shape_words(fonts, &paragraph, spans, false, &mut missing).collect()
}

/// The words of a paragraph, shaped one at a time as they are asked for,
/// so that a long paragraph never holds all its glyphs at once.
fn shape_words<'a>(
    fonts: &'a FontSet,
    paragraph: &'a Paragraph<'a>,
    spans: &'a [StyledText],
    hyphenate: bool,
    missing: &'a mut BTreeSet<char>,
) -> impl Iterator<Item = Word> + 'a {
    let text = paragraph.text;
    let mut span_starts = Vec::with_capacity(spans.len());
    let mut offset = 0;
    for span in spans {
        span_starts.push(offset);
        offset += span.text.len();
    }
    let mut start = 0;
    line_breaks(text).filter_map(move |(end, opportunity)| {
        let mut word = Word {
            glyphs: Vec::with_capacity(end - start),
            forced_break: opportunity == BreakOpportunity::Mandatory && end < text.len(),
            ideographic_end: text[start..end]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(is_ideographic),
            ..Word::default()
        };
        // Each part of the word in one span is shaped on its own.
        for (span_index, span) in spans.iter().enumerate() {
            let span_start = span_starts[span_index];
            let span_end = span_start + span.text.len();
            let (from, to) = (start.max(span_start), end.min(span_end));
            if from >= to {
                continue;
            }
            paragraph.shape(
                fonts,
                from..to,
                (span_index, &span.style),
                &mut word.glyphs,
                missing,
            );
        }
        if hyphenate {
            word.hyphen_points = HyphenPoints::Unknown { start, end };
        }
        word.measure();
        start = end;
        (!word.glyphs.is_empty() || word.forced_break).then_some(word)
    })
}

/// The line-break opportunities of `text` (UAX #14), with the strict
/// Japanese rule on top: no line starts with a small kana or the prolonged
/// sound mark.
fn line_breaks(text: &str) -> impl Iterator<Item = (usize, BreakOpportunity)> + '_ {
    linebreaks(text).filter(move |(at, opportunity)| {
        *opportunity == BreakOpportunity::Mandatory
            || !text[*at..].chars().next().is_some_and(|c| {
                unicode_linebreak::break_property(c as u32)
                    == unicode_linebreak::BreakClass::ConditionalJapaneseStarter
            })
    })
}

/// Chinese and Japanese characters, which are set without spaces.
fn is_ideographic(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF // CJK punctuation, hiragana, katakana
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFF00..=0xFF60 // full-width forms
        | 0x20000..=0x3FFFF) // supplementary ideographs
}

/// Where a word may be hyphenated, as glyph indices.
fn hyphen_points(
    hyphenator: &Standard,
    word: &str,
    offset: usize,
    glyphs: &[GlyphBox],
) -> Vec<usize> {
    // The letters, without the punctuation around them ("(word)," too).
    let letters = word
        .trim_end()
        .trim_end_matches(|c: char| !c.is_alphabetic());
    let start = letters.len()
        - letters
            .trim_start_matches(|c: char| !c.is_alphabetic())
            .len();
    let (letters, offset) = (&letters[start..], offset + start);
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
        // A break inside a cluster (between a letter and its marks) or
        // inside a right-to-left run is no place to hyphenate.
        breaks
            .iter()
            .filter_map(|at| {
                let index = glyphs
                    .iter()
                    .position(|g| g.text.start() == Some(offset + at))?;
                let ltr = |g: &GlyphBox| !g.level.is_rtl();
                (index > 0 && ltr(&glyphs[index]) && ltr(&glyphs[index - 1])).then_some(index)
            })
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

/// Splits a word wider than the line into pieces that fit, between
/// clusters (never between a letter and its marks).
fn split_long_word(word: Word, width: f32) -> Vec<Word> {
    let mut pieces = Vec::new();
    let mut piece = Word::default();
    let mut previous_cluster = None;
    for glyph in word.glyphs {
        let new_cluster = glyph.text.start().is_none() || glyph.text.start() != previous_cluster;
        previous_cluster = glyph.text.start();
        if new_cluster
            && !piece.glyphs.is_empty()
            && piece.width + glyph.advance > width
            && !glyph.is_space
        {
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
    piece.ideographic_end = word.ideographic_end;
    pieces.push(piece);
    pieces
}

fn place_line(
    fonts: &FontSet,
    styles: &[&TextStyle],
    text: &str,
    words: &[Word],
    settings: LineSettings<'_>,
    last_line: bool,
) -> LineBox {
    // Glyphs to draw, in logical order, each with the space justification
    // adds after it: everything but the spaces that end the line.
    let mut glyphs: Vec<(&GlyphBox, bool)> =
        Vec::with_capacity(words.iter().map(|w| w.glyphs.len()).sum());
    for (index, word) in words.iter().enumerate() {
        let stretches_after = word.ideographic_end && index + 1 < words.len();
        let count = word.glyphs.len();
        glyphs.extend(
            word.glyphs
                .iter()
                .enumerate()
                .map(|(i, g)| (g, stretches_after && i + 1 == count)),
        );
    }
    while glyphs.last().is_some_and(|(g, _)| g.is_space) {
        glyphs.pop();
    }
    let natural: f32 = glyphs.iter().map(|(g, _)| g.advance).sum();
    let spaces = glyphs.iter().filter(|(g, _)| g.is_space).count();
    let ideographic_gaps = glyphs.iter().filter(|(_, gap)| *gap).count();
    let size = glyphs
        .iter()
        .map(|(g, _)| styles[g.style].size)
        .fold(0.0, f32::max)
        .max(styles.first().map_or(0.0, |s| s.size));
    let slack = (settings.width - natural).max(0.0);
    // Spaces stretch; text without spaces (Chinese, Japanese) is spread
    // between its characters.
    let (stretch, stretching, limit) = if spaces > 0 {
        (spaces, true, size * 0.33)
    } else {
        (ideographic_gaps, false, size * 0.25)
    };
    let extra_per_gap = match settings.align {
        Align::Justify if !last_line && stretch > 0 => {
            let extra = slack / stretch as f32;
            // A gap wider than a third of an em on top of the space makes
            // rivers; such lines stay ragged.
            if extra <= limit {
                extra
            } else {
                0.0
            }
        }
        _ => 0.0,
    };
    let rtl = settings.direction.is_rtl();
    let x0 = match settings.align {
        Align::Center => slack / 2.0,
        Align::Justify if extra_per_gap > 0.0 => 0.0,
        Align::Start | Align::Justify if rtl => slack,
        Align::End if !rtl => slack,
        _ => 0.0,
    };
    let height = size * settings.leading;
    let regular = fonts.face(FaceId::Theme(FontRole::Regular));
    let ascent = regular.to_points(regular.ascender, size);
    let descent = regular.to_points(regular.descender, size);
    let baseline = (height - (ascent - descent)) / 2.0 + ascent;

    // The most text a run of the line can show.
    let text_bytes = {
        let starts = glyphs.iter().filter_map(|(g, _)| g.text.start());
        let ends = glyphs.iter().map(|(g, _)| match g.text {
            GlyphText::Source { end, .. } => end as usize,
            GlyphText::Added(c) => c.len_utf8(),
        });
        ends.max().unwrap_or(0) - starts.min().unwrap_or(0) + 4
    };
    // Drawn left to right: runs of the other direction reversed.
    let order = if glyphs.iter().all(|(g, _)| g.level.number() == 0) {
        None
    } else {
        let levels: Vec<_> = glyphs.iter().map(|(g, _)| g.level).collect();
        Some(bidi::visual_order(&levels))
    };
    let order = (0..glyphs.len()).map(|i| order.as_ref().map_or(i, |order| order[i]));

    let mut items = Vec::new();
    let mut x = x0;
    let mut run: Option<TextRun> = None;
    let mut link_start: Option<(f32, Arc<str>, Tag)> = None;
    let mut strike_start: Option<(f32, usize)> = None;
    let mut previous_cluster: Option<GlyphText> = None;
    // The style of the glyph before: most glyphs keep it, and with it
    // their run, link and strikethrough.
    let mut previous_style = usize::MAX;
    for (drawn, index) in order.enumerate() {
        let (glyph, gap) = glyphs[index];
        let style = styles[glyph.style];
        let same_style = previous_style == glyph.style;
        previous_style = glyph.style;
        let extra = if (glyph.is_space && stretching) || gap {
            extra_per_gap
        } else {
            0.0
        };
        let same_run = run.as_ref().is_some_and(|r| {
            r.face == glyph.face
                && (same_style
                    || r.size == style.size && r.colour == style.colour && r.tag == style.tag)
        });
        if !same_run {
            items.extend(run.take().map(finished));
            run = Some(TextRun {
                x,
                y: baseline,
                face: glyph.face,
                size: style.size,
                colour: style.colour,
                glyphs: Vec::with_capacity(glyphs.len() - drawn),
                tag: style.tag,
                text: String::with_capacity(text_bytes),
                space_stretch: None,
            });
            previous_cluster = None;
        }
        if let Some(run) = run.as_mut() {
            // The glyph's cluster's text, on its first glyph.
            let starts_cluster =
                matches!(glyph.text, GlyphText::Added(_)) || previous_cluster != Some(glyph.text);
            previous_cluster = Some(glyph.text);
            let before = run.text.len();
            if starts_cluster {
                match glyph.text {
                    // One byte on character boundaries is ASCII: pushed as
                    // such, without copying a slice.
                    GlyphText::Source { start, end } if end == start + 1 => {
                        run.text.push(char::from(text.as_bytes()[start as usize]));
                    }
                    GlyphText::Source { start, end } => {
                        run.text.push_str(&text[start as usize..end as usize]);
                    }
                    GlyphText::Added(c) => run.text.push(c),
                }
            }
            // The viewer advances by the font's own width; kerning and
            // justification are the difference, written after the glyph.
            run.glyphs.push(PlacedGlyph {
                id: glyph.id,
                text_len: (run.text.len() - before) as u32,
                extra: extra + glyph.advance - glyph.nominal,
                offset: glyph.offset,
            });
        }
        // Links and strikethrough span consecutive glyphs of the same style;
        // a glyph in the style of the one before goes on with them.
        if !same_style {
            match (&link_start, &style.link) {
                (Some((_, open, open_tag)), Some(url)) if open == url && *open_tag == style.tag => {
                }
                (open, url) => {
                    if let Some((start, open_url, open_tag)) = open {
                        items.push(link_item(*start, x, height, open_url, *open_tag));
                    }
                    link_start = url.as_ref().map(|u| (x, u.clone(), style.tag));
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
        }
        x += glyph.advance + extra;
    }
    items.extend(run.take().map(finished));
    if let Some((start, url, tag)) = link_start {
        items.push(link_item(start, x, height, &url, tag));
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

/// A run with all its glyphs, as an item: its spaces' stretch found once,
/// where the run is made (and kept with a paragraph the cache reuses).
fn finished(mut run: TextRun) -> Item {
    run.space_stretch = run.uniform_space_stretch();
    Item::Text(run)
}

fn link_item(start: f32, end: f32, height: f32, url: &str, tag: Tag) -> Item {
    Item::Link {
        x: start,
        y: 0.0,
        width: end - start,
        height,
        url: url.to_string(),
        tag,
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
pub(crate) mod tests {
    use super::*;
    use crate::load::theme::Theme;
    use hyphenation::{Language, Load};

    /// The default theme's fonts, for tests of line setting.
    pub(crate) fn fonts() -> FontSet {
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
                tag: Tag::Artifact,
            },
        }]
    }

    fn settings(width: f32, align: Align) -> LineSettings<'static> {
        LineSettings {
            width,
            align,
            leading: 1.4,
            hyphenator: None,
            direction: Direction::Ltr,
            language: None,
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

    #[test]
    fn links_and_strikethrough_span_exactly_their_words() {
        let fonts = fonts();
        let plain = spans("x").remove(0).style;
        let styled = |text: &str, link: Option<&str>, strikethrough: bool| StyledText {
            text: text.to_string(),
            style: TextStyle {
                link: link.map(Arc::from),
                strikethrough,
                ..plain.clone()
            },
        };
        let line = [
            styled("Read ", None, false),
            styled("the guide", Some("https://example.org"), false),
            styled(" then ", None, false),
            styled("skip", None, true),
            styled(" it", None, false),
        ];
        let mut missing = BTreeSet::new();
        let lines = set_lines(&fonts, &line, settings(400.0, Align::Start), &mut missing);
        assert_eq!(lines.len(), 1);
        // A trailing space counts too: measured before a bar.
        let width = |text: &str| {
            natural_width(&fonts, &spans(&format!("{text}|"))) - natural_width(&fonts, &spans("|"))
        };
        let spans = |span: fn(&Item) -> Option<(f32, f32)>| -> Vec<(f32, f32)> {
            lines[0].items.iter().filter_map(span).collect()
        };
        let links = spans(|item| match item {
            Item::Link { x, width, .. } => Some((*x, *width)),
            _ => None,
        });
        let strikes = spans(|item| match item {
            Item::Line { x1, x2, .. } => Some((*x1, *x2)),
            _ => None,
        });
        let close = |a: f32, b: f32| (a - b).abs() < 0.01;
        let [(link_x, link_width)] = links[..] else {
            panic!("one link: {links:?}");
        };
        assert!(close(link_x, width("Read ")), "{link_x}");
        assert!(close(link_width, width("the guide")), "{link_width}");
        let [(strike_from, strike_to)] = strikes[..] else {
            panic!("one strikethrough: {strikes:?}");
        };
        assert!(close(strike_from, width("Read the guide then ")));
        assert!(close(strike_to - strike_from, width("skip")));
        // One style throughout: the words are one run.
        let runs = lines[0].items.iter().filter(|i| matches!(i, Item::Text(_)));
        assert_eq!(runs.count(), 1);
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
                settings(width, Align::Start),
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
        // Each run knows how far its spaces stretch: alike on a full line,
        // not at all on the last.
        let stretch = |line: &LineBox| -> Vec<Option<f32>> {
            let runs = line.items.iter().filter_map(|item| match item {
                Item::Text(run) => Some(run.space_stretch),
                _ => None,
            });
            runs.collect()
        };
        for line in full {
            let Some(Some(stretch)) = stretch(line).first().copied() else {
                panic!("a full line's spaces stretch");
            };
            assert!(stretch > 0.1, "{stretch}");
        }
        assert!(stretch(last)
            .iter()
            .all(|s| s.is_some_and(|s| s.abs() < 0.01)));
        let word = set_lines(&fonts, &spans("Interviews"), settings, &mut missing);
        assert_eq!(stretch(&word[0]), [None]);
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_not_overflowing() {
        let fonts = fonts();
        let mut missing = BTreeSet::new();
        let word = "Pneumonoultramicroscopicsilicovolcanoconiosis";
        let lines = set_lines(
            &fonts,
            &spans(word),
            settings(60.0, Align::Start),
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
                if run.text.ends_with('-'))
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
            settings(300.0, Align::Start),
            &mut missing,
        );
        assert_eq!(missing.into_iter().collect::<Vec<_>>(), vec!['王']);
    }
}
