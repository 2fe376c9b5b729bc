//! How a language writes values into prose (`[words]` of `i18n/<tag>.toml`):
//! list conjunctions, number words, plurals, articles and dates, as data.
//! `compose::words` applies them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A language's rules for the template helpers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The word that ends a list ("and").
    pub and: String,
    /// Between items of a list.
    pub separator: String,
    /// Between items when one of them holds a comma.
    pub separator_with_commas: String,
    /// Whether a word with only its first letter capitalised is lowered
    /// in mid-sentence.
    pub lower_titles: bool,
    /// Conjunctions that change before certain sounds.
    pub conjunction_changes: Vec<ConjunctionChange>,
    pub numbers: NumberWords,
    pub plural: PluralRules,
    pub articles: ArticleRules,
    pub dates: DateWords,
}

/// A conjunction that becomes another before a word starting with one of
/// `before` (in lower case), unless it starts with one of `unless_before`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConjunctionChange {
    pub word: String,
    pub becomes: String,
    pub before: Vec<String>,
    #[serde(default)]
    pub unless_before: Vec<String>,
}

/// `[words.numbers]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberWords {
    /// The words for 0, 1, 2 ... as far as the language has whole words.
    pub units: Vec<String>,
    /// The words for 0, 10, 20 ... 90, joined to a unit above `units`.
    pub tens: Vec<String>,
    pub joiner: String,
    /// By a counted noun's class: endings of a number and what they become
    /// in front of it.
    pub before_noun: BTreeMap<String, Vec<(String, String)>>,
}

/// `[words.plural]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluralRules {
    /// The counts that take the singular.
    pub singular: Vec<u64>,
    /// Tried in order: the first whose ending the word has makes its plural.
    pub rules: Vec<PluralRule>,
}

/// A word ending and what it becomes in the plural.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluralRule {
    pub ending: String,
    pub plural: String,
}

/// `[words.articles]`: words sorted into classes (a sound, a gender), and
/// each class's articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRules {
    pub default: String,
    pub rules: Vec<ArticleRule>,
    pub indefinite: BTreeMap<String, String>,
    pub definite: BTreeMap<String, String>,
}

/// Sorts a word into `class` when every condition given holds (compared
/// in lower case).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRule {
    pub class: String,
    /// Whether the word is (or is not) written in capitals only, as an
    /// acronym that is said letter by letter.
    #[serde(default)]
    pub acronym: Option<bool>,
    #[serde(default)]
    pub starts: Vec<String>,
    #[serde(default)]
    pub ends: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
}

/// `[words.dates]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateWords {
    /// January first.
    pub months: Vec<String>,
    /// With `{month}` and `{year}`.
    pub month_year: String,
    /// With `{day}`, `{month}` and `{year}`.
    pub day_month_year: String,
}

impl Words {
    /// What is wrong with these rules, if anything: the message and the
    /// text to point at in the file.
    pub fn problem(&self) -> Option<(String, String)> {
        let numbers = &self.numbers;
        if numbers.units.len() < 10 || numbers.tens.len() != 10 {
            return Some((
                "[words.numbers] needs `units` for at least 0 to 9 and ten `tens` (0, 10, ... 90)"
                    .to_string(),
                "[words.numbers]".to_string(),
            ));
        }
        if self.dates.months.len() != 12 {
            return Some((
                "`months` in [words.dates] must name twelve months".to_string(),
                "months".to_string(),
            ));
        }
        let articles = &self.articles;
        let classes = std::iter::once(&articles.default)
            .chain(articles.rules.iter().map(|rule| &rule.class))
            .chain(numbers.before_noun.keys());
        for class in classes {
            if !articles.indefinite.contains_key(class) || !articles.definite.contains_key(class) {
                return Some((
                    format!(
                        "the class `{class}` needs an article in both `indefinite` and `definite` of [words.articles]"
                    ),
                    class.clone(),
                ));
            }
        }
        None
    }
}
