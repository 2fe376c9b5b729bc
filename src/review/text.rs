//! Sentences, words and phrases: the matching every review rule is made of.
//! `workbook.js` implements the same functions; keep the two in step.

use crate::review::rules::Vocabulary;

/// The sentences of a text: cut after `.`, `!` or `?` followed by white
/// space, and at line breaks; trimmed, empty ones dropped.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\n' || ch == '\r' {
            push_sentence(&mut out, &mut current);
            continue;
        }
        current.push(ch);
        if matches!(ch, '.' | '!' | '?') && chars.peek().is_none_or(|next| next.is_whitespace()) {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let sentence = current.trim();
    if !sentence.is_empty() {
        out.push(sentence.to_string());
    }
    current.clear();
}

/// The words of a text in lower case: runs of letters and digits, joined by
/// an apostrophe inside a word ("don't"); a trailing "'s" is dropped, and
/// accents too where `vocabulary` folds them.
pub fn words(text: &str, vocabulary: &Vocabulary) -> Vec<String> {
    // ASCII text (most answers and phrases) has no curly quotes or
    // accents, and lowers byte by byte.
    let mut lower = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'")
    };
    if vocabulary.fold_accents && !lower.is_ascii() {
        lower = fold_accents(&lower);
    }
    let mut out = Vec::new();
    // Where the word being read starts: its characters are consecutive.
    let mut start: Option<usize> = None;
    let mut chars = lower.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let inner_apostrophe = ch == '\''
            && start.is_some()
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
        if ch.is_alphanumeric() || inner_apostrophe {
            start.get_or_insert(at);
        } else if let Some(from) = start.take() {
            out.push(finish_word(&lower[from..at]));
        }
    }
    if let Some(from) = start {
        out.push(finish_word(&lower[from..]));
    }
    out
}

/// A text without its accents and other combining marks ("análisis" is
/// "analisis", "año" is "ano"); `workbook.js` folds the same way.
pub fn fold_accents(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    text.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

fn finish_word(word: &str) -> String {
    word.strip_suffix("'s").unwrap_or(word).to_string()
}

/// Whether `phrase` (already split into words) occurs in `words`; `#` in a
/// phrase stands for any number, in digits or one of `numbers`.
pub fn contains_phrase(words: &[String], phrase: &[String], numbers: &[String]) -> bool {
    if phrase.is_empty() || phrase.len() > words.len() {
        return false;
    }
    words.windows(phrase.len()).any(|window| {
        window.iter().zip(phrase).all(|(word, want)| {
            if want == "#" {
                word.chars().all(|c| c.is_ascii_digit()) || numbers.contains(word)
            } else {
                word == want
            }
        })
    })
}

/// The distinct content words of a text (four letters or more, not ignored
/// by the vocabulary), split once to be compared with many texts, each
/// with what relates it to other words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentWords(Vec<ContentWord>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct ContentWord {
    text: String,
    /// Where its first five letters end, when it has five.
    stem_end: Option<usize>,
    /// The families of the vocabulary it belongs to (it starts with one of
    /// their stems), by index.
    families: Vec<usize>,
}

impl ContentWord {
    fn new(text: String, vocabulary: &Vocabulary) -> ContentWord {
        let stem_end = text.char_indices().nth(4).map(|(at, c)| at + c.len_utf8());
        let first = text.as_bytes().first();
        // A stem's first byte rules most out without comparing the rest.
        let starts_with =
            |stem: &String| stem.as_bytes().first() == first && text.starts_with(stem.as_str());
        let families = (vocabulary.families.iter().enumerate())
            .filter(|(_, family)| family.iter().any(starts_with))
            .map(|(index, _)| index)
            .collect();
        ContentWord {
            text,
            stem_end,
            families,
        }
    }

    fn stem(&self) -> Option<&str> {
        self.stem_end.map(|end| &self.text[..end])
    }

    /// Whether two words are related: equal, with the same first five
    /// letters ("reliable" and "reliability"), or of one family ("taught"
    /// and "mentored").
    fn relates_to(&self, other: &ContentWord) -> bool {
        self.text == other.text
            || self.stem().is_some_and(|stem| other.stem() == Some(stem))
            || self
                .families
                .iter()
                .any(|family| other.families.contains(family))
    }
}

impl ContentWords {
    /// The content words of `text`, each once.
    pub fn of(text: &str, vocabulary: &Vocabulary) -> ContentWords {
        ContentWords::among(&words(text, vocabulary), vocabulary)
    }

    /// The content words among `words` (as [`words`] splits a text), each
    /// once.
    pub fn among(words: &[String], vocabulary: &Vocabulary) -> ContentWords {
        let mut words: Vec<String> = words
            .iter()
            .filter(|w| w.chars().nth(3).is_some() && !vocabulary.ignore.contains(*w))
            .cloned()
            .collect();
        words.sort();
        words.dedup();
        ContentWords(
            words
                .into_iter()
                .map(|word| ContentWord::new(word, vocabulary))
                .collect(),
        )
    }

    /// How many of these words are related to a word of `other`.
    pub fn shared_with(&self, other: &ContentWords) -> usize {
        self.0.iter().filter(|word| other.relates_to(word)).count()
    }

    /// Whether one of these words is related to a word of `other`.
    pub fn share_one_with(&self, other: &ContentWords) -> bool {
        self.0.iter().any(|word| other.relates_to(word))
    }

    /// Whether one of these words is related to `word`.
    fn relates_to(&self, word: &ContentWord) -> bool {
        self.0.iter().any(|own| own.relates_to(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many distinct content words of `text` are related to a content
    /// word of `other` (`sharedWords` in `workbook.js`).
    fn shared_words(text: &str, other: &str, vocabulary: &Vocabulary) -> usize {
        ContentWords::of(text, vocabulary).shared_with(&ContentWords::of(other, vocabulary))
    }

    fn share_a_word(text: &str, other: &str, vocabulary: &Vocabulary) -> bool {
        let shares =
            ContentWords::of(text, vocabulary).share_one_with(&ContentWords::of(other, vocabulary));
        assert_eq!(shares, shared_words(text, other, vocabulary) > 0);
        shares
    }

    fn owned(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        assert_eq!(
            sentences("I want this. Really?  Yes!\nA new line e.g.here"),
            ["I want this.", "Really?", "Yes!", "A new line e.g.here"]
        );
    }

    #[test]
    fn words_keep_contractions_and_drop_possessives() {
        assert_eq!(
            words(
                "I don't know Brightwater’s long-term plan.",
                &Vocabulary::default()
            ),
            ["i", "don't", "know", "brightwater", "long", "term", "plan"]
        );
        // An apostrophe joins only letters on both sides.
        assert_eq!(
            words("'Tis the dogs' toys, a''b it's", &Vocabulary::default()),
            ["tis", "the", "dogs", "toys", "a", "b", "it"]
        );
    }

    #[test]
    fn folded_words_ignore_accents() {
        let folding = Vocabulary {
            fold_accents: true,
            ..Vocabulary::default()
        };
        assert_eq!(
            words("¿Análisis o ANALISIS? Sí, año.", &folding),
            ["analisis", "o", "analisis", "si", "ano"]
        );
        assert_eq!(words("Análisis", &Vocabulary::default()), ["análisis"]);
        assert_eq!(
            shared_words("análisis de datos", "un analista", &folding),
            1
        );
    }

    #[test]
    fn phrases_match_in_a_row_with_numbers() {
        let numbers = owned(&["two"]);
        let none = Vocabulary::default();
        let sentence = words("I hope to lead within two years", &none);
        assert!(contains_phrase(
            &sentence,
            &owned(&["within", "#", "years"]),
            &numbers
        ));
        assert!(contains_phrase(
            &words("by 2027", &none),
            &owned(&["by", "#"]),
            &numbers
        ));
        assert!(!contains_phrase(
            &sentence,
            &owned(&["lead", "two"]),
            &numbers
        ));
    }

    #[test]
    fn stems_join_related_words() {
        let none = Vocabulary::default();
        let related = |a: &str, b: &str| shared_words(a, b, &none) == 1;
        assert!(related("reliable", "reliability"));
        assert!(!related("calm", "calmly"));
        assert!(related("calm", "calm"));
        // Five letters, however many bytes they take.
        assert!(related("équip", "équipement"));
        assert!(!related("añoso", "añosa"));
        assert!(!related("ñandú", "ñandu"));
        assert!(!related("niño", "niños"));
        assert_eq!(
            shared_words("reliable analysis", "analytical reliability", &none),
            2
        );
        let families = Vocabulary {
            families: vec![vec!["teach".into(), "train".into(), "mentor".into()]],
            ..Vocabulary::default()
        };
        assert!(share_a_word(
            "teaching by example",
            "Trained new agents",
            &families
        ));
        assert!(!share_a_word(
            "teaching by example",
            "Trained new agents",
            &none
        ));
    }
}
