//! Setting styled text into lines: glyph lookup with font fallback,
//! measuring by the fonts' advance widths, and line breaking at the Unicode
//! line-break opportunities (UAX #14), justified or ragged.

use std::collections::BTreeSet;
use std::sync::Arc;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use crate::theme::Rgb;

use super::fonts::{FaceId, FontSet};
use super::page::{Item, PlacedGlyph, TextRun};

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
pub struct LineSettings {
    pub width: f32,
    pub align: Align,
    /// Line height as a multiple of the largest type size on the line.
    pub leading: f32,
}

#[derive(Debug, Clone)]
struct GlyphBox {
    style: usize,
    face: FaceId,
    id: u16,
    ch: char,
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
}

/// Breaks styled text into lines. Characters no font covers are collected
/// in `missing` and left out.
pub fn set_lines(
    fonts: &FontSet,
    spans: &[StyledText],
    settings: LineSettings,
    missing: &mut BTreeSet<char>,
) -> Vec<LineBox> {
    let styles: Vec<&TextStyle> = spans.iter().map(|s| &s.style).collect();
    let words = shape_words(fonts, spans, missing);
    if words.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<(Vec<Word>, bool)> = Vec::new();
    let mut current: Vec<Word> = Vec::new();
    let mut current_width = 0.0f32;
    for word in words {
        let forced = word.forced_break;
        let fits = current.last().is_none_or(|last: &Word| {
            current_width + last.trailing + word.width <= settings.width + 0.01
        });
        if !fits {
            lines.push((std::mem::take(&mut current), false));
            current_width = 0.0;
        }
        if current.is_empty() && word.width > settings.width {
            let mut pieces = split_long_word(word, settings.width);
            let last = pieces.pop().unwrap_or_default();
            lines.extend(pieces.into_iter().map(|piece| (vec![piece], false)));
            current_width = last.width;
            current.push(last);
        } else {
            if let Some(previous) = current.last() {
                current_width += previous.trailing;
            }
            current_width += word.width;
            current.push(word);
        }
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
    let words = shape_words(fonts, spans, &mut missing);
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
    shape_words(fonts, spans, &mut missing)
        .iter()
        .map(|w| w.width)
        .fold(0.0, f32::max)
}

fn shape_words(fonts: &FontSet, spans: &[StyledText], missing: &mut BTreeSet<char>) -> Vec<Word> {
    let mut text = String::new();
    let mut span_starts = Vec::with_capacity(spans.len());
    for span in spans {
        span_starts.push(text.len());
        text.push_str(&span.text);
    }
    let span_at = |offset: usize| span_starts.partition_point(|&start| start <= offset) - 1;

    let mut words = Vec::new();
    let mut start = 0;
    for (end, opportunity) in linebreaks(&text) {
        let mut word = Word {
            forced_break: opportunity == BreakOpportunity::Mandatory && end < text.len(),
            ..Word::default()
        };
        for (offset, c) in text[start..end].char_indices() {
            let span_index = span_at(start + offset);
            let style = &spans[span_index].style;
            let c = if c == '\t' { ' ' } else { c };
            if c.is_control() {
                continue;
            }
            let Some((face, glyph)) = fonts.resolve(style.face, c) else {
                if !c.is_whitespace() && c != '\u{AD}' && c != '\u{200B}' {
                    missing.insert(c);
                }
                continue;
            };
            if c == '\u{AD}' || c == '\u{200B}' {
                continue;
            }
            let advance = fonts.face(face).to_points(glyph.advance as f32, style.size);
            word.glyphs.push(GlyphBox {
                style: span_index,
                face,
                id: glyph.id,
                ch: c,
                advance,
                is_space: is_breaking_space(c),
            });
        }
        let trailing_start = word
            .glyphs
            .iter()
            .rposition(|g| !g.is_space)
            .map_or(0, |i| i + 1);
        word.width = word.glyphs[..trailing_start]
            .iter()
            .map(|g| g.advance)
            .sum();
        word.trailing = word.glyphs[trailing_start..]
            .iter()
            .map(|g| g.advance)
            .sum();
        if !word.glyphs.is_empty() || word.forced_break {
            words.push(word);
        }
        start = end;
    }
    words
}

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
    settings: LineSettings,
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
    let regular = fonts.face(FaceId::Regular);
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
            run.glyphs.push(PlacedGlyph {
                id: glyph.id,
                ch: glyph.ch,
                extra,
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
