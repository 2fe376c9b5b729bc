//! The languages text is set in: for each, its direction, the tag shaping
//! uses for the letter forms it prefers, and its hyphenation patterns
//! (none where the patterns have none).

use std::sync::{Arc, Mutex};

use hyphenation::{Language, Load, Standard};

use super::bidi::Direction;

/// What laying out needs to know about a language.
#[derive(Debug)]
pub struct TextLanguage {
    /// The BCP 47 tag.
    pub tag: Arc<str>,
    pub direction: Direction,
    pub hyphenator: Option<Standard>,
}

impl TextLanguage {
    /// The language of BCP 47 `tag`.
    pub fn new(tag: &str) -> TextLanguage {
        TextLanguage {
            tag: tag.trim().into(),
            direction: Direction::of_language(tag),
            hyphenator: hyphenation_language(tag).and_then(|l| Standard::from_embedded(l).ok()),
        }
    }
}

/// The languages of a run: the workbook's, and those of chapters in
/// another language, each made once when first asked for.
#[derive(Debug)]
pub struct Languages {
    workbook: Arc<TextLanguage>,
    others: Mutex<Vec<Arc<TextLanguage>>>,
}

impl Languages {
    /// The languages of a workbook written in `tag`.
    pub fn new(tag: &str) -> Languages {
        Languages {
            workbook: Arc::new(TextLanguage::new(tag)),
            others: Mutex::new(Vec::new()),
        }
    }

    /// The workbook's language.
    pub fn workbook(&self) -> &Arc<TextLanguage> {
        &self.workbook
    }

    /// The language of `tag`, the workbook's when `tag` is `None`.
    pub fn get(&self, tag: Option<&str>) -> Arc<TextLanguage> {
        let Some(tag) = tag
            .map(str::trim)
            .filter(|t| !t.eq_ignore_ascii_case(&self.workbook.tag))
        else {
            return self.workbook.clone();
        };
        let mut others = self.others.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(found) = others.iter().find(|l| l.tag.eq_ignore_ascii_case(tag)) {
            return found.clone();
        }
        let language = Arc::new(TextLanguage::new(tag));
        others.push(language.clone());
        language
    }
}

/// The hyphenation patterns for a BCP 47 tag: the exact tag, else the
/// usual variant of its language ("en" is US English, "de" the 1996 rules).
fn hyphenation_language(tag: &str) -> Option<Language> {
    let tag = tag.trim().to_lowercase();
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    let usual = match primary {
        "en" => "en-us",
        "de" => "de-1996",
        "el" => "el-monoton",
        "sr" => "sr-cyrl",
        "mn" => "mn-cyrl",
        other => other,
    };
    Language::try_from_code(&tag).or_else(|| Language::try_from_code(usual))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_patterns_or_none() {
        let languages = Languages::new("en");
        let english = languages.get(None);
        assert_eq!(
            english.hyphenator.as_ref().map(|h| h.language()),
            Some(Language::EnglishUS)
        );
        let hindi = languages.get(Some("hi"));
        assert_eq!(
            hindi.hyphenator.as_ref().map(|h| h.language()),
            Some(Language::Hindi)
        );
        assert!(Arc::ptr_eq(&hindi, &languages.get(Some("hi"))));
        let arabic = languages.get(Some("ar"));
        assert!(arabic.hyphenator.is_none(), "no patterns for Arabic");
        assert_eq!(arabic.direction, Direction::Rtl);
        assert!(languages.get(Some("ja")).hyphenator.is_none());
    }
}
