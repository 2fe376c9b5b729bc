//! Writing direction: which way a paragraph runs, the bidirectional level
//! of each of its characters (the Unicode Bidirectional Algorithm, UAX #9,
//! through unicode-bidi), and the order a line's glyphs are drawn in.

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

pub use crate::load::direction::Direction;

/// The bidirectional level of each byte of a paragraph whose base
/// direction is `base`, or `None` when every byte is at level 0 (text
/// that is left to right throughout, the usual case, costs nothing).
pub fn levels(text: &str, base: Direction) -> Option<Vec<Level>> {
    if base == Direction::Ltr && (text.is_ascii() || !text.chars().any(may_be_rtl)) {
        return None;
    }
    let level = match base {
        Direction::Ltr => Level::ltr(),
        Direction::Rtl => Level::rtl(),
    };
    Some(ParagraphBidiInfo::new(text, Some(level)).levels)
}

/// Whether `c` can make text right to left: a right-to-left letter, an
/// Arabic number or an explicit direction mark.
fn may_be_rtl(c: char) -> bool {
    if (c as u32) < 0x0590 {
        return false;
    }
    matches!(
        unicode_bidi::bidi_class(c),
        BidiClass::R
            | BidiClass::AL
            | BidiClass::AN
            | BidiClass::RLE
            | BidiClass::RLO
            | BidiClass::RLI
            | BidiClass::FSI
    )
}

/// The order to draw items in whose levels are `levels` (rule L2 of
/// UAX #9: each run at an odd level, and each run nested deeper, reversed):
/// indices into `levels`, leftmost first.
pub fn visual_order(levels: &[Level]) -> Vec<usize> {
    if levels.iter().all(|l| l.number() == 0) {
        return (0..levels.len()).collect();
    }
    unicode_bidi::BidiInfo::reorder_visual(levels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_to_right_text_needs_no_levels() {
        assert!(levels("Plain text, 2025.", Direction::Ltr).is_none());
        let mixed = levels("ab שלום", Direction::Ltr).expect("levels");
        assert_eq!(mixed[0].number(), 0);
        assert_eq!(mixed["ab ".len()].number(), 1);
    }

    #[test]
    fn numbers_in_right_to_left_text_keep_their_order() {
        let text = "عام 2025";
        let levels = levels(text, Direction::Rtl).expect("levels");
        // One level per character, in logical order.
        let per_char: Vec<Level> = text.char_indices().map(|(i, _)| levels[i]).collect();
        let order = visual_order(&per_char);
        let chars: Vec<char> = text.chars().collect();
        let drawn: String = order.iter().map(|&i| chars[i]).collect();
        assert_eq!(drawn, "2025 ماع");
    }
}
