//! The five checks of a drafted answer. Each gives a verdict, a next step
//! and the sentence it is about; `workbook.js` runs the same checks in the
//! browser, so keep the two in step.

use serde::Serialize;

use crate::review::context::Context;
use crate::review::rules::Rules;
use crate::review::text::{contains_phrase, sentences, shared_words, words};

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
            words: words(&text),
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
    let company = context.company.as_deref().unwrap_or("the company");
    let fill = |template: &str, example: &str| {
        template
            .replace("{company}", company)
            .replace("{example}", example)
            .replace("{seconds}", &seconds.to_string())
            .replace("{words}", &count.to_string())
            .replace("{min}", &rules.speaking.min_seconds.to_string())
            .replace("{max}", &rules.speaking.max_seconds.to_string())
    };
    let finding = |check,
                   title: &str,
                   verdict: Verdict,
                   message: &str,
                   example: &str,
                   at: Option<&Sentence>| {
        Finding {
            check,
            title: fill(title, example),
            verdict,
            label: match verdict {
                Verdict::Pass => rules.verdicts.pass.clone(),
                Verdict::Warn => rules.verdicts.warn.clone(),
                Verdict::Fail => rules.verdicts.fail.clone(),
            },
            message: fill(message, example),
            sentence: at.map(|s| s.text.clone()),
        }
    };
    let mut findings = Vec::new();

    let phrases =
        |list: &[String]| -> Vec<Vec<String>> { list.iter().map(|p| words_or_hash(p)).collect() };
    let has = |s: &Sentence, list: &[Vec<String>]| {
        list.iter()
            .any(|p| contains_phrase(&s.words, p, &rules.words.numbers))
    };

    // Leads with an aspiration.
    let r = &rules.aspiration;
    let goals = phrases(&r.goal_phrases);
    let aims = phrases(&r.aspiration_phrases);
    let first_goal = sentences.iter().position(|s| has(s, &goals));
    let first_aim = sentences
        .iter()
        .position(|s| !has(s, &goals) && has(s, &aims));
    let (verdict, message, at) = match (first_aim, first_goal) {
        (Some(aim), Some(goal)) if goal < aim => (Verdict::Warn, &r.buried, aim),
        (Some(aim), _) => (Verdict::Pass, &r.pass, aim),
        (None, Some(goal)) => (Verdict::Fail, &r.goal_only, goal),
        (None, None) => (Verdict::Fail, &r.none, 0),
    };
    findings.push(finding(
        "aspiration",
        &r.title,
        verdict,
        message,
        "",
        sentences.get(at),
    ));

    // Connects to the company, in the person's own words.
    let r = &rules.company;
    let mut names: Vec<Vec<String>> = phrases(&r.reference_phrases);
    if let Some(name) = &context.company {
        // The name, also without "the", and its first word alone when that
        // is distinctive ("Harbor & Vine's" for Harbor & Vine Restaurants).
        let name = words(name);
        let short = if name.len() > 1 && name[0] == "the" {
            name[1..].to_vec()
        } else {
            name.clone()
        };
        if let Some(first) = short.first() {
            if first.chars().count() >= 5 && !rules.words.ignore.contains(first) {
                names.push(vec![first.clone()]);
            }
        }
        names.push(short);
        names.push(name);
    }
    let aims_text = [
        context.company_statements.clone(),
        context.company_aims.clone(),
    ]
    .concat()
    .join(". ");
    let linked = sentences.iter().position(|s| has(s, &names)).or_else(|| {
        sentences
            .iter()
            .position(|s| shared_words(&s.text, &aims_text, &rules.words) >= r.shared_words)
    });
    let statements: Vec<Vec<String>> = context
        .company_statements
        .iter()
        .map(|s| words(s))
        .collect();
    let recital = sentences.iter().position(|s| {
        r.recital_words > 0
            && s.words.windows(r.recital_words).any(|run| {
                statements
                    .iter()
                    .any(|statement| statement.windows(r.recital_words).any(|w| w == run))
            })
    });
    let (verdict, message, at) = match (recital, linked) {
        (Some(recital), _) => (Verdict::Warn, &r.recital, recital),
        (None, Some(link)) => (Verdict::Pass, &r.pass, link),
        (None, None) => (Verdict::Fail, &r.missing, sentences.len() - 1),
    };
    findings.push(finding(
        "company",
        &r.title,
        verdict,
        message,
        "",
        sentences.get(at),
    ));

    // Stays positive.
    let r = &rules.positive;
    let problems: Vec<Vec<Vec<String>>> = r.problem.iter().map(|p| phrases(&p.phrases)).collect();
    let first_problem = sentences.iter().find_map(|s| {
        problems
            .iter()
            .position(|list| has(s, list))
            .map(|kind| (s, &r.problem[kind]))
    });
    findings.push(match first_problem {
        Some((at, problem)) => finding(
            "positive",
            &r.title,
            Verdict::Fail,
            &problem.advice,
            "",
            Some(at),
        ),
        None => finding("positive", &r.title, Verdict::Pass, &r.pass, "", None),
    });

    // Sounds like the person.
    let r = &rules.specific;
    let example = context.personal.first().map_or("", String::as_str);
    let personal = sentences.iter().find(|s| {
        context
            .personal
            .iter()
            .any(|item| shared_words(&s.text, item, &rules.words) > 0)
    });
    findings.push(match (context.personal.is_empty(), personal) {
        (true, _) => finding(
            "specific",
            &r.title,
            Verdict::Warn,
            &r.unknown,
            example,
            None,
        ),
        (false, Some(at)) => finding(
            "specific",
            &r.title,
            Verdict::Pass,
            &r.pass,
            example,
            Some(at),
        ),
        (false, None) => finding(
            "specific",
            &r.title,
            Verdict::Fail,
            &r.missing,
            example,
            sentences.first(),
        ),
    });

    // Takes the right time to say.
    let r = &rules.length;
    let speaking = &rules.speaking;
    let longest = sentences
        .iter()
        .fold(None::<&Sentence>, |best, s| match best {
            Some(b) if b.words.len() >= s.words.len() => Some(b),
            _ => Some(s),
        });
    findings.push(if seconds < speaking.min_seconds {
        finding(
            "length",
            &r.title,
            Verdict::Warn,
            &r.short,
            "",
            sentences.last(),
        )
    } else if seconds > speaking.max_seconds {
        finding("length", &r.title, Verdict::Fail, &r.long, "", longest)
    } else {
        finding("length", &r.title, Verdict::Pass, &r.pass, "", None)
    });

    Some(Review {
        words: count,
        seconds,
        findings,
    })
}

/// A phrase's words; `#` is kept as the number placeholder.
fn words_or_hash(phrase: &str) -> Vec<String> {
    phrase
        .split_whitespace()
        .flat_map(|part| {
            if part == "#" {
                vec!["#".to_string()]
            } else {
                words(part)
            }
        })
        .collect()
}
