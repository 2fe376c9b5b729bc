//! Worksheet blocks: a fenced block with the info string `worksheet` whose
//! body is TOML (a title, prompts, optionally a sorting exercise).
//!
//! Pre-fill goes by profile path, never by text substitution, so no profile
//! value can break the block.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::Value;

use crate::compose::doc::{DocChapter, Prompt, SortExercise, Statement, Worksheet};
use crate::compose::{literal, words};
use crate::diagnostics::Error;
use crate::load::answers::Answers;
use crate::load::content::Chapter;
use crate::load::locale::Words;

/// The most writing lines one prompt may ask for.
const MAX_LINES: u32 = 30;

/// A worksheet problem, with the 1-based line inside the block if known.
#[derive(Debug, Clone, PartialEq)]
pub struct WorksheetError {
    pub message: String,
    pub help: Option<String>,
    pub line: Option<usize>,
}

impl WorksheetError {
    fn new(message: impl Into<String>) -> WorksheetError {
        WorksheetError {
            message: message.into(),
            help: None,
            line: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> WorksheetError {
        self.help = Some(help.into());
        self
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorksheetSpec {
    id: String,
    title: String,
    #[serde(default)]
    intro: String,
    #[serde(default, rename = "prompt")]
    prompts: Vec<PromptSpec>,
    #[serde(default)]
    sort: Option<SortSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptSpec {
    question: String,
    #[serde(default)]
    hint: String,
    #[serde(default = "default_lines")]
    lines: u32,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    id: Option<String>,
    /// Text to pre-fill a prompt without `field` (a suggestion the chapter
    /// computes, such as a story matched to a strength).
    #[serde(default)]
    prefill: String,
}

fn default_lines() -> u32 {
    4
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SortSpec {
    choices: Vec<String>,
    statements: Vec<String>,
}

/// Everything a worksheet is filled from.
pub struct Fill<'a> {
    /// The profile as template data.
    pub data: &'a Value,
    /// A profile with every field present, to tell a typo from an empty field.
    pub schema: &'a Value,
    /// Answers saved from the HTML workbook.
    pub answers: &'a Answers,
    /// The workbook's language, for dates as people write them.
    pub words: &'a Words,
}

thread_local! {
    /// The worksheet blocks this thread has parsed, by their text: most are
    /// the same chapter text for every profile of a cohort.
    static PARSED: RefCell<FxHashMap<Box<str>, Arc<WorksheetSpec>>> =
        RefCell::new(FxHashMap::default());
}

/// Blocks kept per thread; past that the cache starts over.
const PARSED_LIMIT: usize = 256;

/// A worksheet block's TOML, parsed, or from the thread's cache.
fn parse(body: &str) -> Result<Arc<WorksheetSpec>, WorksheetError> {
    if let Some(spec) = PARSED.with(|parsed| parsed.borrow().get(body).cloned()) {
        return Ok(spec);
    }
    let spec: Arc<WorksheetSpec> = toml::from_str(body).map(Arc::new).map_err(|error| {
        let crate_error = crate::diagnostics::Error::from_toml(
            &crate::diagnostics::SourceFile::new("", body),
            &error,
        );
        WorksheetError {
            message: format!("worksheet: {}", literal::restore(crate_error.message())),
            help: crate_error.help_text().map(str::to_string),
            line: crate_error.location().map(|l| l.line),
        }
    })?;
    PARSED.with(|parsed| {
        let mut parsed = parsed.borrow_mut();
        if parsed.len() >= PARSED_LIMIT {
            parsed.clear();
        }
        parsed.insert(body.into(), Arc::clone(&spec));
    });
    Ok(spec)
}

/// Parses a worksheet block (text still protected by [`literal::protect`])
/// and fills it.
pub fn build(body: &str, fill: &Fill<'_>) -> Result<Worksheet, WorksheetError> {
    let spec = parse(body)?;
    let id = literal::restore(&spec.id).into_owned();
    if !is_id_segment(&id) {
        return Err(WorksheetError::new(format!(
            "worksheet id `{id}` may only use letters, digits, `-` and `_`"
        )));
    }
    if spec.prompts.is_empty() && spec.sort.is_none() {
        return Err(WorksheetError::new(format!(
            "worksheet `{id}` has neither [[prompt]] entries nor a [sort] exercise"
        )));
    }
    let prompts = spec
        .prompts
        .iter()
        .map(|prompt| {
            build_prompt(prompt, &id, fill).map_err(|mut error| {
                // Point at the prompt's `field` line when that is what is wrong.
                if let Some(field) = &prompt.field {
                    error.line = body
                        .lines()
                        .position(|line| {
                            line.trim_start().starts_with("field") && line.contains(field.as_str())
                        })
                        .map(|index| index + 1);
                }
                error
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sort = spec
        .sort
        .as_ref()
        .map(|sort| build_sort(sort, &id, fill.answers))
        .transpose()?;
    Ok(Worksheet {
        title: literal::restore(&spec.title).into_owned(),
        intro: literal::restore(&spec.intro).into_owned(),
        id,
        prompts,
        sort,
    })
}

fn build_prompt(
    spec: &PromptSpec,
    worksheet: &str,
    fill: &Fill<'_>,
) -> Result<Prompt, WorksheetError> {
    let field = spec.field.as_deref().map(literal::restore);
    let id = match (&spec.id, &field) {
        (Some(id), _) => literal::restore(id).into_owned(),
        (None, Some(field)) => field.to_string(),
        (None, None) => {
            return Err(WorksheetError::new(format!(
                "a prompt in worksheet `{worksheet}` has neither `field` nor `id`"
            ))
            .with_help("give it `field = \"section.name\"` to pre-fill it, or an `id` of its own"))
        }
    };
    if !id.split('.').all(is_id_segment) {
        return Err(WorksheetError::new(format!(
            "prompt id `{id}` may only use letters, digits, `-`, `_` and dots"
        )));
    }
    if !(1..=MAX_LINES).contains(&spec.lines) {
        return Err(WorksheetError::new(format!(
            "prompt `{id}` asks for {} lines; use 1 to {MAX_LINES}",
            spec.lines
        )));
    }
    if field.is_some() && !spec.prefill.is_empty() {
        return Err(WorksheetError::new(format!(
            "prompt `{id}` has both `field` and `prefill`; it can be filled from only one"
        )));
    }
    let prefill = match &field {
        Some(path) => {
            if lookup(fill.schema, path).is_none() {
                let help = suggest_path(fill.schema, path);
                let error =
                    WorksheetError::new(format!("prompt field `{path}` is not a profile field"));
                return Err(match help {
                    Some(best) => error.with_help(format!("did you mean `{best}`?")),
                    None => error,
                });
            }
            lookup(fill.data, path)
                .map(|v| format_value(&v, fill.words))
                .unwrap_or_default()
        }
        None => literal::restore(&spec.prefill).trim().to_string(),
    };
    let answer = fill.answers.get(&id).map_or(prefill, str::to_string);
    Ok(Prompt {
        question: literal::restore(&spec.question).into_owned(),
        hint: literal::restore(&spec.hint).into_owned(),
        lines: spec.lines,
        answer,
        id,
    })
}

fn build_sort(
    spec: &SortSpec,
    worksheet: &str,
    answers: &Answers,
) -> Result<SortExercise, WorksheetError> {
    let choices: Vec<String> = spec
        .choices
        .iter()
        .map(|c| literal::restore(c).into_owned())
        .collect();
    if choices.len() < 2 {
        return Err(WorksheetError::new(format!(
            "the sort exercise in worksheet `{worksheet}` needs at least two choices"
        )));
    }
    let id = format!("{worksheet}.sort");
    let statements = spec
        .statements
        .iter()
        .map(|s| literal::restore(s).trim().to_string())
        .filter(|text| !text.is_empty())
        .enumerate()
        .map(|(index, text)| {
            let statement_id = format!("{id}.{}", index + 1);
            // An answer that is not a choice is reported by `check_answers`.
            let choice = answers
                .get(&statement_id)
                .filter(|answer| choices.iter().any(|c| c == answer))
                .map(str::to_string);
            Statement {
                id: statement_id,
                text,
                choice,
            }
        })
        .collect();
    Ok(SortExercise {
        id,
        choices,
        statements,
    })
}
/// Every prompt (and sort statement) id must be unique, since answers are
/// saved and exported by id; and ids nest by their dots (in exported answers
/// and PDF form fields), so one id may not be both an answer and a group.
pub fn check_prompt_ids(sources: &[Chapter], chapters: &[DocChapter]) -> Result<(), Vec<Error>> {
    let mut seen: Vec<(&str, &Chapter)> = Vec::new();
    for (source, chapter) in sources.iter().zip(chapters) {
        for id in chapter.worksheets().into_iter().flat_map(answer_ids) {
            let nests = |outer: &str, inner: &str| {
                inner
                    .strip_prefix(outer)
                    .is_some_and(|rest| rest.starts_with('.'))
            };
            let clash = seen
                .iter()
                .find(|(other, _)| *other == id || nests(other, id) || nests(id, other));
            if let Some((other, other_source)) = clash {
                let problem = if *other == id {
                    format!(
                        "prompt id `{id}` is used twice (also in {}): the two answers would \
                         overwrite each other",
                        other_source.source.name
                    )
                } else {
                    format!(
                        "prompt id `{id}` clashes with `{other}` (in {}): one id cannot be both \
                         an answer and a group of answers",
                        other_source.source.name
                    )
                };
                return Err(vec![id_error(source, id, problem).with_help(
                    "give one of the prompts an `id` of its own, e.g. `growth_plan.goal_steps`",
                )]);
            }
            seen.push((id, source));
        }
    }
    Ok(())
}

/// The ids a worksheet saves answers under: its prompts', then its sort
/// statements'.
fn answer_ids(worksheet: &Worksheet) -> impl Iterator<Item = &str> {
    let prompts = worksheet.prompts.iter().map(|p| p.id.as_str());
    let statements = worksheet.sort.iter().flat_map(|s| &s.statements);
    prompts.chain(statements.map(|s| s.id.as_str()))
}

/// An error at the last `id`/`field` line of `chapter` that names `id`
/// (the second of two duplicates), or at the chapter file.
fn id_error(chapter: &Chapter, id: &str, message: String) -> Error {
    let source = &chapter.source;
    let quoted = format!("\"{id}\"");
    let line = source
        .text
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_start();
            (line.starts_with("id") || line.starts_with("field")) && line.contains(&quoted)
        })
        .last()
        .map(|(index, _)| index + 1);
    match line {
        Some(line) => Error::at_line(source, line, 1, message),
        None => Error::in_file(source.name.clone(), message),
    }
}

/// Every saved answer must belong to a prompt or sort statement of the
/// workbook, and a sort answer must be one of its choices: an answer that
/// fits nowhere would otherwise vanish from the workbook without a word.
pub fn check_answers(chapters: &[DocChapter], answers: &Answers) -> Result<(), Vec<Error>> {
    let worksheets: Vec<&Worksheet> = chapters.iter().flat_map(|c| c.worksheets()).collect();
    let known: Vec<String> = worksheets
        .iter()
        .flat_map(|w| answer_ids(w))
        .map(str::to_string)
        .collect();
    let mut errors = Vec::new();
    for (id, text) in answers.iter() {
        let sort = worksheets.iter().find_map(|w| {
            w.sort
                .as_ref()
                .filter(|s| s.statements.iter().any(|st| st.id == id))
        });
        if let Some(sort) = sort {
            if !sort.choices.iter().any(|c| c == text) {
                let choices: Vec<String> = sort.choices.iter().map(|c| format!("`{c}`")).collect();
                errors.push(
                    answers
                        .error_at(
                            id,
                            format!("answer `{id}` is `{text}`, which is not a choice"),
                        )
                        .with_help(format!("use one of {}", choices.join(", "))),
                );
            }
        } else if !known.iter().any(|k| k == id) {
            let error = answers.error_at(id, format!("no worksheet prompt has the id `{id}`"));
            errors.push(match crate::diagnostics::closest(id, &known) {
                Some(best) => error.with_help(format!("did you mean `{best}`?")),
                None => error.with_help("these answers may be from another workbook"),
            });
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn is_id_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Follows a dotted path; through a list, the path applies to every item.
pub fn lookup(value: &Value, path: &str) -> Option<Value> {
    // Through objects by reference, so only what is found is copied; an
    // array on the way takes the rest of the path over each of its items.
    let mut current = value;
    let mut segments = path.split('.');
    while let Some(segment) = segments.next() {
        match current {
            Value::Object(map) => current = map.get(segment)?,
            Value::Array(_) => {
                let mut found = step(current, segment)?;
                for segment in segments {
                    found = step(&found, segment)?;
                }
                return Some(found);
            }
            _ => return None,
        }
    }
    Some(current.clone())
}

fn step(value: &Value, segment: &str) -> Option<Value> {
    match value {
        Value::Object(map) => map.get(segment).cloned(),
        Value::Array(items) => {
            let mut mapped = Vec::new();
            for item in items {
                match step(item, segment)? {
                    Value::Array(inner) => mapped.extend(inner),
                    other => mapped.push(other),
                }
            }
            Some(Value::Array(mapped))
        }
        _ => None,
    }
}

/// The closest valid path to a mistyped one.
fn suggest_path(schema: &Value, path: &str) -> Option<String> {
    let mut paths = Vec::new();
    collect_paths(schema, String::new(), &mut paths);
    crate::diagnostics::closest(path, &paths).map(str::to_string)
}

fn collect_paths(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.push(path.clone());
                collect_paths(inner, path, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                collect_paths(first, prefix, out);
            }
        }
        _ => {}
    }
}

/// A profile value as answer text: lists one item per line, a table's
/// values joined with dashes (dates as people write them in the language
/// of `words`).
pub fn format_value(value: &Value, words: &Words) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| format_inline(item, words))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
        other => format_inline(other, words),
    }
}

fn format_inline(value: &Value, words: &Words) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items
            .iter()
            .map(|item| format_inline(item, words))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => map
            .values()
            .map(|value| words::spoken_date(&format_inline(value, words), words))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" — "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fill<'a>(data: &'a Value, answers: &'a Answers) -> Fill<'a> {
        Fill {
            data,
            schema: data,
            answers,
            words: crate::load::locale::english(),
        }
    }

    #[test]
    fn prompts_prefill_by_path() {
        let data = json!({"introspection": {"strengths": ["Calm", "Curious"],
            "weaknesses": [{"weakness": "Impatient", "reframe": "Moves fast"}]}});
        let answers = Answers::default();
        let sheet = build(
            "id = \"s\"\ntitle = \"T\"\n[[prompt]]\nquestion = \"Q\"\nfield = \"introspection.strengths\"\n\
             [[prompt]]\nquestion = \"W\"\nfield = \"introspection.weaknesses\"\n",
            &fill(&data, &answers),
        )
        .expect("valid");
        assert_eq!(sheet.prompts[0].id, "introspection.strengths");
        assert_eq!(sheet.prompts[0].answer, "Calm\nCurious");
        assert_eq!(sheet.prompts[1].answer, "Impatient — Moves fast");
    }

    #[test]
    fn a_path_through_a_list_takes_its_rest_over_every_item() {
        let data = json!({"resume": {"history": [
            {"role": "Agent", "skills": ["calls", "email"]},
            {"role": "Lead", "skills": ["hiring"]},
        ]}});
        assert_eq!(
            lookup(&data, "resume.history.role"),
            Some(json!(["Agent", "Lead"]))
        );
        assert_eq!(
            lookup(&data, "resume.history.skills"),
            Some(json!(["calls", "email", "hiring"]))
        );
        assert_eq!(
            lookup(&data, "resume.history"),
            data["resume"].get("history").cloned()
        );
        assert_eq!(lookup(&data, "resume.history.missing"), None);
        assert_eq!(lookup(&data, "resume.nothing"), None);
        assert_eq!(lookup(&json!("text"), "a"), None);
    }

    #[test]
    fn unknown_field_path_is_an_error_with_a_suggestion() {
        let data = json!({"introspection": {"strengths": []}});
        let answers = Answers::default();
        let error = build(
            "id = \"s\"\ntitle = \"T\"\n[[prompt]]\nquestion = \"Q\"\nfield = \"introspection.strenghts\"\n",
            &fill(&data, &answers),
        )
        .expect_err("typo");
        assert!(error.message.contains("introspection.strenghts"));
        assert_eq!(
            error.help.as_deref(),
            Some("did you mean `introspection.strengths`?")
        );
    }

    #[test]
    fn saved_answers_override_the_profile() {
        let data = json!({"aspiration": {"statement": "old"}});
        let answers = Answers::from_pairs([("aspiration.statement", "new words")]);
        let sheet = build(
            "id = \"s\"\ntitle = \"T\"\n[[prompt]]\nquestion = \"Q\"\nfield = \"aspiration.statement\"\n",
            &fill(&data, &answers),
        )
        .expect("valid");
        assert_eq!(sheet.prompts[0].answer, "new words");
    }

    #[test]
    fn sort_statements_drop_empties_and_number_the_rest() {
        let data = json!({});
        let answers = Answers::from_pairs([("s.sort.2", "Goal")]);
        let sheet = build(
            "id = \"s\"\ntitle = \"T\"\n[sort]\nchoices = [\"Aspiration\", \"Goal\"]\nstatements = [\"a\", \"  \", \"b\"]\n",
            &fill(&data, &answers),
        )
        .expect("valid");
        let sort = sheet.sort.expect("sort");
        assert_eq!(sort.statements.len(), 2);
        assert_eq!(sort.statements[1].id, "s.sort.2");
        assert_eq!(sort.statements[1].choice.as_deref(), Some("Goal"));
    }

    #[test]
    fn bad_toml_reports_the_line_in_the_block() {
        let data = json!({});
        let answers = Answers::default();
        let error = build("id = \"s\"\ntitle = \n", &fill(&data, &answers)).expect_err("syntax");
        assert_eq!(error.line, Some(2));
    }
}
