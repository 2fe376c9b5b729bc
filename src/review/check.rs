//! The five checks of a drafted answer. Each gives a verdict, a next step
//! and the sentence it is about; `workbook.js` runs the same checks in the
//! browser, so keep the two in step.

use serde::Serialize;

use crate::review::context::Context;
use crate::review::rules::Rules;
use crate::review::text::{contains_phrase, sentences, words, ContentWords};

/// How an answer fares on one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// `aspiration`, `company`, `positive`, `specific` or `length`.
    pub check: &'static str,
    pub title: String,
    pub verdict: Verdict,
    /// The verdict as a reader sees it ("Good").
    pub label: String,
    /// What to do next.
    pub message: String,
    /// The sentence of the answer the message is about.
    pub sentence: Option<String>,
}

/// The review of one drafted answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub words: usize,
    /// Speaking time at the rules' pace, rounded to the second.
    pub seconds: u32,
    pub findings: Vec<Finding>,
}

/// A sentence with its words.
struct Sentence {
    text: String,
    words: Vec<String>,
}

/// Reviews a draft; `None` when it has no words.
pub fn review(rules: &Rules, context: &Context, draft: &str) -> Option<Review> {
    let sentences: Vec<Sentence> = sentences(draft)
        .into_iter()
        .map(|text| Sentence {
            words: words(&text, &rules.words),
            text,
        })
        .filter(|s| !s.words.is_empty())
        .collect();
    let count: usize = sentences.iter().map(|s| s.words.len()).sum();
    if count == 0 {
        return None;
    }
    let pace = rules.speaking.words_per_minute as usize;
    let seconds = u32::try_from((count * 60 + pace / 2) / pace).unwrap_or(u32::MAX);
    let draft = Draft {
        rules,
        context,
        sentences,
        count,
        seconds,
    };
    Some(Review {
        words: count,
        seconds,
        findings: vec![
            draft.aspiration(),
            draft.company(),
            draft.positive(),
            draft.specific(),
            draft.length(),
        ],
    })
}

/// A draft cut into sentences, with what its checks need.
struct Draft<'a> {
    rules: &'a Rules,
    context: &'a Context,
    sentences: Vec<Sentence>,
    count: usize,
    seconds: u32,
}

impl Draft<'_> {
    /// A finding, its title and message filled in.
    fn finding(
        &self,
        check: &'static str,
        title: &str,
        verdict: Verdict,
        message: &str,
        example: &str,
        at: Option<&Sentence>,
    ) -> Finding {
        let names = &self.rules.verdicts;
        Finding {
            check,
            title: self.fill(title, example),
            verdict,
            label: match verdict {
                Verdict::Pass => names.pass.clone(),
                Verdict::Warn => names.warn.clone(),
                Verdict::Fail => names.fail.clone(),
            },
            message: self.fill(message, example),
            sentence: at.map(|s| quoted(&s.text)),
        }
    }

    /// A message with its `{placeholders}` replaced.
    fn fill(&self, template: &str, example: &str) -> String {
        let speaking = &self.rules.speaking;
        template
            .replace(
                "{company}",
                self.context
                    .company
                    .as_deref()
                    .unwrap_or(&self.rules.company.unnamed),
            )
            .replace("{example}", example)
            .replace("{seconds}", &self.seconds.to_string())
            .replace("{words}", &self.count.to_string())
            .replace("{min}", &speaking.min_seconds.to_string())
            .replace("{max}", &speaking.max_seconds.to_string())
    }

    /// Whether a sentence holds any of the phrases.
    fn has(&self, sentence: &Sentence, phrases: &[Vec<String>]) -> bool {
        phrases
            .iter()
            .any(|p| contains_phrase(&sentence.words, p, &self.rules.words.numbers))
    }

    /// The first sentence that passes `test`.
    fn first(&self, test: impl Fn(&Sentence) -> bool) -> Option<usize> {
        self.sentences.iter().position(test)
    }

    /// Leads with an aspiration: a direction before any goal.
    fn aspiration(&self) -> Finding {
        let r = &self.rules.aspiration;
        let (goals, aims) = (r.goal_phrases.split(), r.aspiration_phrases.split());
        let first_goal = self.first(|s| self.has(s, goals));
        let first_aim = self.first(|s| !self.has(s, goals) && self.has(s, aims));
        let (verdict, message, at) = match (first_aim, first_goal) {
            (Some(aim), Some(goal)) if goal < aim => (Verdict::Warn, &r.buried, aim),
            (Some(aim), _) => (Verdict::Pass, &r.pass, aim),
            (None, Some(goal)) => (Verdict::Fail, &r.goal_only, goal),
            (None, None) => (Verdict::Fail, &r.none, 0),
        };
        let at = self.sentences.get(at);
        self.finding("aspiration", &r.title, verdict, message, "", at)
    }

    /// Connects to the company, in the person's own words.
    fn company(&self) -> Finding {
        let r = &self.rules.company;
        let context = self.context;
        let vocabulary = &self.rules.words;
        let mut names = r.reference_phrases.split().to_vec();
        if let Some(name) = &context.company {
            // The name, also without an article ("the"), and its first word
            // alone when that is distinctive ("Harbor & Vine's" for Harbor &
            // Vine Restaurants).
            let name = words(name, vocabulary);
            let short = if name.len() > 1 && r.articles.contains(&name[0]) {
                name[1..].to_vec()
            } else {
                name.clone()
            };
            if let Some(first) = short.first() {
                if first.chars().count() >= 5 && !self.rules.words.ignore.contains(first) {
                    names.push(vec![first.clone()]);
                }
            }
            names.push(short);
            names.push(name);
        }
        let aims = [
            context.company_statements.clone(),
            context.company_aims.clone(),
        ]
        .concat()
        .join(". ");
        let vocabulary = &self.rules.words;
        let aims = ContentWords::of(&aims, vocabulary);
        let linked = self.first(|s| self.has(s, &names)).or_else(|| {
            self.first(|s| {
                ContentWords::among(&s.words, vocabulary).shared_with(&aims) >= r.shared_words
            })
        });
        let statements: Vec<Vec<String>> = context
            .company_statements
            .iter()
            .map(|s| words(s, vocabulary))
            .collect();
        let run = r.recital_words;
        let recital = self.first(|s| {
            run > 0
                && s.words.windows(run).any(|piece| {
                    statements
                        .iter()
                        .any(|statement| statement.windows(run).any(|w| w == piece))
                })
        });
        let (verdict, message, at) = match (recital, linked) {
            (Some(recital), _) => (Verdict::Warn, &r.recital, recital),
            (None, Some(link)) => (Verdict::Pass, &r.pass, link),
            (None, None) => (Verdict::Fail, &r.missing, self.sentences.len() - 1),
        };
        let at = self.sentences.get(at);
        self.finding("company", &r.title, verdict, message, "", at)
    }

    /// Stays positive: the first sentence with a problem, by the first
    /// kind of problem it shows.
    fn positive(&self) -> Finding {
        let r = &self.rules.positive;
        let problems: Vec<&[Vec<String>]> = r.problem.iter().map(|p| p.phrases.split()).collect();
        let found = self.sentences.iter().find_map(|s| {
            problems
                .iter()
                .position(|list| self.has(s, list))
                .map(|kind| (s, &r.problem[kind]))
        });
        match found {
            Some((at, problem)) => self.finding(
                "positive",
                &r.title,
                Verdict::Fail,
                &problem.advice,
                "",
                Some(at),
            ),
            None => self.finding("positive", &r.title, Verdict::Pass, &r.pass, "", None),
        }
    }

    /// Sounds like the person: a sentence shares a word with something the
    /// profile says is true of them.
    fn specific(&self) -> Finding {
        let r = &self.rules.specific;
        let personal = &self.context.personal;
        let example = personal.first().map_or("", String::as_str);
        let vocabulary = &self.rules.words;
        let personal_words: Vec<ContentWords> = personal
            .iter()
            .map(|item| ContentWords::of(item, vocabulary))
            .collect();
        let found = self.sentences.iter().find(|s| {
            let sentence = ContentWords::among(&s.words, vocabulary);
            personal_words
                .iter()
                .any(|item| sentence.share_one_with(item))
        });
        let (verdict, message, at) = match (personal.is_empty(), found) {
            (true, _) => (Verdict::Warn, &r.unknown, None),
            (false, Some(at)) => (Verdict::Pass, &r.pass, Some(at)),
            (false, None) => (Verdict::Fail, &r.missing, self.sentences.first()),
        };
        self.finding("specific", &r.title, verdict, message, example, at)
    }

    /// Takes the right time to say: quotes the last sentence of a short
    /// answer, the longest (the first of equals) of a long one.
    fn length(&self) -> Finding {
        let r = &self.rules.length;
        let speaking = &self.rules.speaking;
        let longest = self
            .sentences
            .iter()
            .fold(None::<&Sentence>, |best, s| match best {
                Some(b) if b.words.len() >= s.words.len() => Some(b),
                _ => Some(s),
            });
        let (verdict, message, at) = if self.seconds < speaking.min_seconds {
            (Verdict::Warn, &r.short, self.sentences.last())
        } else if self.seconds > speaking.max_seconds {
            (Verdict::Fail, &r.long, longest)
        } else {
            (Verdict::Pass, &r.pass, None)
        };
        self.finding("length", &r.title, verdict, message, "", at)
    }
}

/// Characters of a sentence a finding quotes; workbook.js cuts at the same
/// length, so the terminal and the page quote alike.
pub const QUOTE_CHARS: usize = 300;

/// A sentence as a finding quotes it: whole, or a long one cut at a space
/// before [`QUOTE_CHARS`] characters and ended with "…", so that an answer
/// written as one endless sentence is not printed again in full.
pub fn quoted(sentence: &str) -> String {
    if sentence.chars().count() <= QUOTE_CHARS {
        return sentence.to_string();
    }
    let head: String = sentence.chars().take(QUOTE_CHARS).collect();
    let cut = head.rfind(' ').unwrap_or(head.len());
    format!("{}\u{2026}", head[..cut].trim_end())
}
