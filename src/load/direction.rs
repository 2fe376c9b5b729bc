//! Writing direction: which way a language is written, and which way a
//! piece of text runs (the direction of its first strong letter, as the
//! Unicode Bidirectional Algorithm decides a paragraph's).

/// Which way text runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    /// The direction of a language (a BCP 47 tag): right to left for the
    /// languages written in Arabic, Hebrew, Syriac and Thaana letters.
    pub fn of_language(tag: &str) -> Direction {
        let lower = tag.trim().to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        let primary = subtags.next().unwrap_or_default();
        let script = subtags.find(|s| s.len() == 4);
        match script {
            Some("arab" | "hebr" | "syrc" | "thaa" | "nkoo" | "adlm" | "rohg") => Direction::Rtl,
            Some(_) => Direction::Ltr,
            None if RTL_LANGUAGES.contains(&primary) => Direction::Rtl,
            None => Direction::Ltr,
        }
    }

    /// The direction of the first strong character of `text` (rules P2 and
    /// P3 of UAX #9), if it has one.
    pub fn of_text(text: &str) -> Option<Direction> {
        match unicode_bidi::get_base_direction(text) {
            unicode_bidi::Direction::Ltr => Some(Direction::Ltr),
            unicode_bidi::Direction::Rtl => Some(Direction::Rtl),
            unicode_bidi::Direction::Mixed => None,
        }
    }

    pub fn is_rtl(self) -> bool {
        self == Direction::Rtl
    }

    /// The value of HTML's `dir` attribute.
    pub fn html(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// Languages written right to left by default.
const RTL_LANGUAGES: [&str; 14] = [
    "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_and_text_have_a_direction() {
        assert_eq!(Direction::of_language("ar"), Direction::Rtl);
        assert_eq!(Direction::of_language("fa-IR"), Direction::Rtl);
        assert_eq!(Direction::of_language("he"), Direction::Rtl);
        assert_eq!(Direction::of_language("ur"), Direction::Rtl);
        assert_eq!(Direction::of_language("en"), Direction::Ltr);
        assert_eq!(Direction::of_language("az-Arab"), Direction::Rtl);
        assert_eq!(Direction::of_language("uz-Latn"), Direction::Ltr);
        assert_eq!(Direction::of_text("2025 عام"), Some(Direction::Rtl));
        assert_eq!(Direction::of_text("Acme شركة"), Some(Direction::Ltr));
        assert_eq!(Direction::of_text("2025 — 42"), None);
        assert_eq!(Direction::Rtl.html(), "rtl");
    }
}
