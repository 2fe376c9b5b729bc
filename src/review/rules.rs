//! The review's rules as written in `content/review.toml`: phrases, limits
//! and messages. Loaded once per run; shipped whole to the HTML workbook.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Error, SourceFile};
use crate::load::folder::Folder;
use crate::review::text;

/// Every rule of the review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub feedback: FeedbackText,
    pub verdicts: VerdictNames,
    pub speaking: Speaking,
    pub words: Vocabulary,
    pub aspiration: AspirationRules,
    pub company: CompanyRules,
    pub positive: PositiveRules,
    pub specific: SpecificRules,
    pub length: LengthRules,
}

/// `[feedback]`: how the review is presented in each output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackText {
    /// The heading of the feedback section.
    pub title: String,
    /// The section's first paragraph (PDF).
    pub intro: String,
    /// The live panel before anything is typed (HTML).
    pub waiting: String,
    /// The live panel's summary (HTML).
    pub live: String,
    /// The first line on the terminal.
    pub summary: String,
    /// How a quoted sentence is set off, with `{sentence}`.
    pub quote: String,
}

/// `[verdicts]`: what each verdict is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictNames {
    pub pass: String,
    pub warn: String,
    pub fail: String,
}

/// `[speaking]`: the pace and the window an answer should fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speaking {
    pub words_per_minute: u32,
    pub min_seconds: u32,
    pub max_seconds: u32,
}

/// `[words]`: number words for `#`, words too common to count, and
/// families of word stems that mean related things.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Whether accents are ignored when words are compared ("analisis" is
    /// "análisis"); the rules' own word lists are folded on loading.
    #[serde(default)]
    pub fold_accents: bool,
    pub numbers: Vec<String>,
    /// Looked up for every word compared: a set.
    pub ignore: BTreeSet<String>,
    #[serde(default)]
    pub families: Vec<Vec<String>>,
}

/// A list of phrases as written in the rules (and as the HTML page gets
/// them), each also split into the words an answer's are compared with:
/// once, when the rules are loaded, rather than for every draft.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Phrases {
    written: Vec<String>,
    split: Vec<Vec<String>>,
}

impl Phrases {
    /// Each phrase as words; `#` stands for a number.
    pub fn split(&self) -> &[Vec<String>] {
        &self.split
    }

    /// Splits the phrases as written into words of `vocabulary`.
    fn split_with(&mut self, vocabulary: &Vocabulary) {
        self.split = self
            .written
            .iter()
            .map(|phrase| {
                phrase
                    .split_whitespace()
                    .flat_map(|part| match part {
                        "#" => vec!["#".to_string()],
                        part => text::words(part, vocabulary),
                    })
                    .collect()
            })
            .collect();
    }
}

impl Serialize for Phrases {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.written.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Phrases {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(|written| Phrases {
            written,
            split: Vec::new(),
        })
    }
}

/// `[aspiration]`: direction before goals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AspirationRules {
    pub title: String,
    pub aspiration_phrases: Phrases,
    pub goal_phrases: Phrases,
    pub pass: String,
    pub buried: String,
    pub goal_only: String,
    pub none: String,
}

/// `[company]`: a link to the employer, in the person's own words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompanyRules {
    pub title: String,
    /// `{company}` when the profile names none.
    pub unnamed: String,
    /// Words a company's name may be said without ("the").
    pub articles: Vec<String>,
    pub reference_phrases: Phrases,
    pub shared_words: usize,
    pub recital_words: usize,
    pub pass: String,
    pub recital: String,
    pub missing: String,
}

/// `[positive]`: kinds of sentence that hurt an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositiveRules {
    pub title: String,
    pub pass: String,
    pub problem: Vec<Problem>,
}

/// One kind of negative sentence and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub label: String,
    pub phrases: Phrases,
    pub advice: String,
}

/// `[specific]`: something only this person could say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecificRules {
    pub title: String,
    pub pass: String,
    pub missing: String,
    pub unknown: String,
}

/// `[length]`: messages about speaking time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LengthRules {
    pub title: String,
    pub pass: String,
    pub short: String,
    pub long: String,
}

impl Rules {
    /// The file a project keeps its rules in, under `content/`.
    pub const FILE: &'static str = "review.toml";

    /// Reads the rules of a content folder; `None` when it has none, which
    /// turns the review off.
    pub fn load(content: &Folder) -> Result<Option<Rules>, Error> {
        if !content.has(Rules::FILE) {
            return Ok(None);
        }
        Rules::parse(&content.read_text(Rules::FILE)?).map(Some)
    }

    /// Parses and checks rules; errors point at the line.
    pub fn parse(source: &SourceFile) -> Result<Rules, Error> {
        let mut rules: Rules =
            toml::from_str(&source.text).map_err(|error| Error::from_toml(source, &error))?;
        if rules.words.fold_accents {
            rules.fold_word_lists();
        }
        let vocabulary = &rules.words;
        rules.aspiration.aspiration_phrases.split_with(vocabulary);
        rules.aspiration.goal_phrases.split_with(vocabulary);
        rules.company.reference_phrases.split_with(vocabulary);
        for problem in &mut rules.positive.problem {
            problem.phrases.split_with(vocabulary);
        }
        let speaking = &rules.speaking;
        if speaking.words_per_minute == 0 || speaking.min_seconds > speaking.max_seconds {
            return Err(Error::in_file(
                source.name.clone(),
                "[speaking] needs words_per_minute above 0 and min_seconds no more than max_seconds",
            ));
        }
        Ok(rules)
    }

    /// Writes every phrase and word list without accents, as the words of
    /// an answer are compared when `fold_accents` is on.
    fn fold_word_lists(&mut self) {
        let fold = |list: &mut Vec<String>| {
            for item in list.iter_mut() {
                *item = text::fold_accents(item);
            }
        };
        let words = &mut self.words;
        fold(&mut words.numbers);
        words.ignore = words
            .ignore
            .iter()
            .map(|word| text::fold_accents(word))
            .collect();
        words.families.iter_mut().for_each(fold);
        fold(&mut self.aspiration.aspiration_phrases.written);
        fold(&mut self.aspiration.goal_phrases.written);
        fold(&mut self.company.articles);
        fold(&mut self.company.reference_phrases.written);
        for problem in &mut self.positive.problem {
            fold(&mut problem.phrases.written);
        }
    }

    /// The rules as JSON for the HTML page, safe inside a `<script>` element.
    pub fn to_script_json(&self) -> String {
        script_json(self)
    }
}

/// JSON of a value with `<` escaped, so that no text in it can close the
/// `<script>` element holding it.
pub fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".to_string())
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_parse() {
        let rules = Rules::load(&Folder::built_in("content"))
            .expect("valid")
            .expect("present");
        assert_eq!(rules.speaking.max_seconds, 90);
        assert!(rules.to_script_json().contains("\"words_per_minute\":140"));
    }

    #[test]
    fn a_typo_points_at_its_line() {
        let source = SourceFile::new("review.toml", "[speaking]\nwords_per_minit = 1\n");
        let error = Rules::parse(&source).expect_err("typo");
        assert_eq!(error.location().map(|l| l.line), Some(2));
    }
}
