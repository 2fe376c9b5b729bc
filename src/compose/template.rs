//! Handlebars over each chapter, with the profile as data.
//!
//! Strict mode is on: a name the profile schema does not have is an error
//! that points at the chapter's file and line. Every inserted value passes
//! through [`literal::protect`], so profile text can never become Markdown
//! or HTML structure.

/// The data a chapter renders with: a Handlebars context, made once per
/// profile with `Context::from(value)`.
pub use handlebars::Context;
use handlebars::{
    Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason, ScopedJson,
};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

use std::sync::Arc;

use crate::compose::piecewise::{CompiledPieces, PieceError, PiecewiseTemplate};
use crate::compose::{literal, template_blocks, words};
use crate::diagnostics::Error;
use crate::load::content::Chapter;
use crate::load::locale::Words;
use crate::review::rules::Vocabulary;
use crate::review::text::ContentWords;

/// The compiled chapter templates of a project; built once per run.
pub struct Templates {
    registry: Handlebars<'static>,
    /// Each chapter, compiled in pieces.
    pieces: HashMap<String, PiecewiseTemplate>,
}

impl Templates {
    /// Compiles every chapter, reporting every template that does not parse.
    /// The helpers write in the language of `words`; `vocabulary` tells
    /// those that match words which words count (the review rules' `[words]`).
    pub fn compile(
        chapters: &[Chapter],
        words: &Words,
        vocabulary: &Vocabulary,
    ) -> Result<Templates, Vec<Error>> {
        let mut registry = registry(words, vocabulary);
        // Chapters compile on every core, then join the one registry in order.
        let compiled: Vec<Result<CompiledPieces, Error>> = chapters
            .par_iter()
            .map(|chapter| compile_chapter(chapter, registry.prevent_indent()))
            .collect();
        let mut errors = Vec::new();
        let mut pieces = HashMap::new();
        for (chapter, compiled) in chapters.iter().zip(compiled) {
            match compiled {
                Ok(compiled) => {
                    pieces.insert(chapter.name.clone(), compiled.register(&mut registry));
                }
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            Ok(Templates { registry, pieces })
        } else {
            Err(errors)
        }
    }

    /// Renders one chapter for one profile's data (made a context once for
    /// every chapter) into Markdown text.
    pub fn render(&self, chapter: &Chapter, data: &Context) -> Result<String, Error> {
        let Some(template) = self.pieces.get(&chapter.name) else {
            return Ok(String::new());
        };
        template
            .render(&self.registry, &chapter.body, data)
            .map_err(|PieceError { error, first_line }| render_error(chapter, first_line, &error))
    }
}

/// A registry in strict mode with the escape function and helpers.
fn registry(words: &Words, vocabulary: &Vocabulary) -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.set_prevent_indent(true);
    registry.register_escape_fn(literal::protect);
    register_helpers(&mut registry, words, vocabulary);
    registry
}

/// Checks one chapter's template and compiles it in pieces.
fn compile_chapter(chapter: &Chapter, prevent_indent: bool) -> Result<CompiledPieces, Error> {
    if let Some(offset) = triple_braces(&chapter.body) {
        return Err(
            at_body_offset(chapter, offset, "triple braces insert raw markup")
                .with_help("use `{{name}}`: profile values are always shown as plain text"),
        );
    }
    if let Err((offset, message, help)) = template_blocks::check(&chapter.body) {
        return Err(at_body_offset(chapter, offset, &message).with_help(help));
    }
    PiecewiseTemplate::compile(&chapter.name, &chapter.body, prevent_indent).map_err(|error| {
        let located = error.located(&chapter.source, chapter.body_line);
        let line = error.first_line + error.error.pos().map_or(1, |(line, _)| line);
        match literal_braces_help(chapter, line) {
            Some(help) => located.with_help(help),
            None => located,
        }
    })
}

fn at_body_offset(chapter: &Chapter, offset: usize, message: &str) -> Error {
    let line = chapter.body[..offset].matches('\n').count();
    let column = chapter.body[..offset]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count());
    Error::at_line(
        &chapter.source,
        chapter.body_line + line,
        column + 1,
        message,
    )
}

/// A rendering error at its chapter line; the piece that failed starts on
/// body line `first_line` (0-based).
fn render_error(chapter: &Chapter, first_line: usize, error: &RenderError) -> Error {
    let message = match error.reason() {
        RenderErrorReason::MissingVariable(Some(path)) => {
            format!("unknown name `{path}`: the profile has no such field")
        }
        RenderErrorReason::MissingVariable(None) => {
            "a helper was given a name the profile does not have".to_string()
        }
        RenderErrorReason::HelperNotFound(name) => format!("unknown helper `{name}`"),
        other => other.to_string(),
    };
    let error_here = match (error.line_no, error.column_no) {
        (Some(line), Some(column)) => Error::at_line(
            &chapter.source,
            chapter.body_line + first_line + line - 1,
            column,
            message,
        ),
        _ => Error::in_file(chapter.source.name.clone(), message),
    };
    let help = error
        .line_no
        .and_then(|line| literal_braces_help(chapter, first_line + line))
        .unwrap_or(
            "profile data lives under person, company, introspection, resume, growth_plan, \
             aspiration and workbook; see the profile reference in README.md",
        );
    error_here.with_help(help)
}

/// The first `{{{` that is not part of a raw block's `{{{{`.
fn triple_braces(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(found) = body[from..].find("{{{") {
        let at = from + found;
        let run = bytes[at..].iter().take_while(|b| **b == b'{').count();
        if run != 4 {
            return Some(at);
        }
        from = at + run;
    }
    None
}

/// When line `line` of the chapter body holds braces that are clearly not
/// a template (a JSX style object, code), how to write them as text.
fn literal_braces_help(chapter: &Chapter, line: usize) -> Option<&'static str> {
    let text = chapter.body.lines().nth(line.checked_sub(1)?)?;
    let not_a_template = text.match_indices("{{").any(|(at, _)| {
        let inside = &text[at + 2..];
        let inside = inside.split("}}").next().unwrap_or(inside).trim();
        inside.starts_with('{')
            || inside.contains([':', ';', '\'', '`', '|', '?'])
            || inside.contains("=>")
            || inside.contains("==")
    });
    not_a_template.then_some(
        "these braces look like code, not a template: write `\\{{` to print `{{` as it \
         is, or put the passage between `{{{{raw}}}}` and `{{{{/raw}}}}`",
    )
}

/// What the helpers know besides their parameters: the language's words
/// and which words count when two texts are compared.
struct Language {
    words: Words,
    vocabulary: Vocabulary,
}

/// What a helper computes from its parameters: text, a number or a list.
type Compute = fn(&[&Value], &Language) -> Result<Value, String>;

/// A helper computed from its parameters in the workbook's language.
struct ValueHelper(Compute, Arc<Language>);

impl HelperDef for ValueHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let params: Vec<&Value> = helper.params().iter().map(|p| p.value()).collect();
        (self.0)(&params, &self.1)
            .map(ScopedJson::Derived)
            .map_err(|message| {
                RenderErrorReason::Other(format!("`{}`: {message}", helper.name())).into()
            })
    }
}

/// Registers the helpers, speaking the language of `words`; `vocabulary`
/// says which words count when two texts are compared (from the review
/// rules).
fn register_helpers(registry: &mut Handlebars<'static>, words: &Words, vocabulary: &Vocabulary) {
    let language = Arc::new(Language {
        words: words.clone(),
        vocabulary: vocabulary.clone(),
    });
    let helpers: [(&str, Compute); 11] = [
        ("join", |p, l| join(p, l).map(Value::String)),
        ("plural", |p, l| plural(p, l).map(Value::String)),
        ("number", |p, l| number(p, l).map(Value::String)),
        ("either", |p, l| either(p, l).map(Value::String)),
        ("lower", |p, l| lower(p, l).map(Value::String)),
        ("article", |p, l| article(p, l).map(Value::String)),
        ("first_name", |p, l| first_name(p, l).map(Value::String)),
        ("date", |p, l| date(p, l).map(Value::String)),
        ("at_least", |p, _| at_least(p)),
        ("choose", choose),
        ("story_for", |p, l| story_for(p, l).map(Value::String)),
    ];
    for (name, helper) in helpers {
        registry.register_helper(name, Box::new(ValueHelper(helper, Arc::clone(&language))));
    }
}

/// `{{join list [conjunction] [field]}}`: "a, b and c"; the language's
/// "and" unless another conjunction is given.
fn join(params: &[&Value], language: &Language) -> Result<String, String> {
    let list = match params.first() {
        Some(Value::Array(items)) => items,
        Some(Value::Null) => return Ok(String::new()),
        _ => return Err("expects a list as its first parameter".to_string()),
    };
    let words = &language.words;
    let conjunction = params.get(1).and_then(|v| v.as_str()).unwrap_or(&words.and);
    let field = params.get(2).and_then(|v| v.as_str());
    let items: Vec<String> = list
        .iter()
        .map(|item| match (item, field) {
            (Value::Object(map), Some(field)) => map
                .get(field)
                .map(|v| text_of(v, words))
                .unwrap_or_default(),
            (item, _) => text_of(item, words),
        })
        .filter(|text| !text.trim().is_empty())
        .collect();
    Ok(words::join_words(&items, conjunction, words))
}

/// A whole number parameter, or `None` when it is absent.
fn whole_number(value: Option<&&Value>) -> Result<Option<u64>, String> {
    match value {
        Some(Value::Null) | None => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| "expects a whole number as its first parameter".to_string()),
    }
}

/// `{{plural n "year" ["years"]}}`: "one year", "five years".
fn plural(params: &[&Value], language: &Language) -> Result<String, String> {
    let Some(count) = whole_number(params.first())? else {
        return Ok(String::new());
    };
    let singular = params
        .get(1)
        .and_then(|v| v.as_str())
        .ok_or_else(|| "expects the singular word as its second parameter".to_string())?;
    let plural = params.get(2).and_then(|v| v.as_str());
    Ok(words::count(count, singular, plural, &language.words))
}

/// `{{number n}}`: "five", "twenty-five".
fn number(params: &[&Value], language: &Language) -> Result<String, String> {
    Ok(whole_number(params.first())?
        .map(|n| words::number_words(n, &language.words))
        .unwrap_or_default())
}

/// `{{at_least n floor}}`: the larger of the two; `floor` when `n` is absent.
fn at_least(params: &[&Value]) -> Result<Value, String> {
    let floor = params
        .get(1)
        .and_then(|v| v.as_u64())
        .ok_or_else(|| "expects a whole number as its second parameter".to_string())?;
    let n = whole_number(params.first())?.unwrap_or(floor);
    Ok(Value::from(n.max(floor)))
}

/// `{{either a b "fallback"}}`: the first non-empty parameter.
fn either(params: &[&Value], language: &Language) -> Result<String, String> {
    Ok(params
        .iter()
        .find(|value| !is_empty(value))
        .map(|value| text_of(value, &language.words))
        .unwrap_or_default())
}

/// The text of the first parameter; empty when there is none.
fn first_text(params: &[&Value], language: &Language) -> String {
    params
        .first()
        .map(|v| text_of(v, &language.words))
        .unwrap_or_default()
}

/// `{{lower text}}`: the text as it reads mid-sentence, acronyms kept.
fn lower(params: &[&Value], language: &Language) -> Result<String, String> {
    Ok(words::mid_sentence(
        &first_text(params, language),
        &language.words,
    ))
}

/// `{{article text ["definite"]}}`: "a" or "an" by how the text is said
/// ("un" or "una" by its gender); "the" ("el", "la") with "definite".
fn article(params: &[&Value], language: &Language) -> Result<String, String> {
    let definite = match params.get(1).map(|v| v.as_str()) {
        None => false,
        Some(Some("definite")) => true,
        Some(Some("indefinite")) => false,
        Some(_) => {
            return Err("takes \"definite\" or \"indefinite\" as its second parameter".to_string())
        }
    };
    Ok(words::article(
        &first_text(params, language),
        definite,
        &language.words,
    ))
}

/// `{{first_name person.name}}`: the name to greet someone by.
fn first_name(params: &[&Value], language: &Language) -> Result<String, String> {
    Ok(words::first_name(&first_text(params, language)))
}

/// `{{date by}}`: "June 2027" for "2027-06".
fn date(params: &[&Value], language: &Language) -> Result<String, String> {
    Ok(words::spoken_date(
        &first_text(params, language),
        &language.words,
    ))
}

/// `{{choose list n [prefer...]}}`: at most `n` items of `list`, those that
/// share a word with any `prefer` list first, otherwise in their order.
fn choose(params: &[&Value], language: &Language) -> Result<Value, String> {
    let list = strings_of(params.first().copied(), language);
    let n = params
        .get(1)
        .and_then(|v| v.as_u64())
        .ok_or_else(|| "expects how many to choose as its second parameter".to_string())?;
    let vocabulary = &language.vocabulary;
    let preferred: Vec<ContentWords> = params
        .iter()
        .skip(2)
        .flat_map(|value| strings_of(Some(value), language))
        .map(|p| ContentWords::of(&p, vocabulary))
        .collect();
    let (mut chosen, others): (Vec<String>, Vec<String>) = list.into_iter().partition(|item| {
        let item = ContentWords::of(item, vocabulary);
        preferred.iter().any(|p| item.share_one_with(p))
    });
    chosen.extend(others);
    chosen.truncate(usize::try_from(n).unwrap_or(usize::MAX));
    Ok(Value::from(chosen))
}

/// `{{story_for strength resume.accomplishments}}`: the first accomplishment
/// that shares a word with the strength, or nothing.
fn story_for(params: &[&Value], language: &Language) -> Result<String, String> {
    let vocabulary = &language.vocabulary;
    let strength = ContentWords::of(&first_text(params, language), vocabulary);
    Ok(strings_of(params.get(1).copied(), language)
        .into_iter()
        .find(|item| ContentWords::of(item, vocabulary).share_one_with(&strength))
        .unwrap_or_default())
}

/// The non-empty texts of a list parameter.
fn strings_of(value: Option<&Value>, language: &Language) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| text_of(item, &language.words))
            .filter(|t| !t.trim().is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(_) => false,
    }
}

/// The text of a scalar value; lists become prose.
fn text_of(value: &Value, words: &Words) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|item| text_of(item, words)).collect();
            words::join_words(&items, &words.and, words)
        }
        Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::locale::Locale;
    use serde_json::json;

    fn language(tag: &str) -> Language {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        Language {
            words: Locale::load_dir(&theme, tag).expect("words").words,
            vocabulary: Vocabulary::default(),
        }
    }

    #[test]
    fn chapters_rendered_in_pieces_read_as_rendered_whole() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let sets = [
            (
                "content",
                "en",
                ["profiles/example.toml", "profiles/minimal.toml"],
            ),
            (
                "content/es",
                "es",
                ["profiles/es/ejemplo.toml", "profiles/es/minimo.toml"],
            ),
        ];
        // The English chapters are the project's own; the Spanish ones, a
        // translation folder beside them.
        let skip = |folder: &str| {
            if folder == "content" {
                vec!["es".to_string()]
            } else {
                Vec::new()
            }
        };
        for (folder, tag, profiles) in sets {
            let chapters = crate::load::content::load_chapters(
                &crate::load::folder::Folder::Disk(root.join(folder)),
                &[],
                &skip(folder),
            )
            .expect("chapters");
            let language = language(tag);
            let (words, vocabulary) = (&language.words, &language.vocabulary);
            let pieces = Templates::compile(&chapters, words, vocabulary).expect("compiles");
            let mut whole = registry(words, vocabulary);
            for chapter in &chapters {
                assert!(
                    !chapter.body.contains("{{") || pieces.pieces[&chapter.name].len() > 1,
                    "{} is cut into pieces",
                    chapter.name
                );
                whole
                    .register_template_string(&chapter.name, &chapter.body)
                    .expect("compiles whole");
            }
            for profile in profiles {
                let loaded = crate::load::profile::Profile::load(&root.join(profile), root)
                    .expect("profile");
                let mut data = loaded.profile.to_template_data();
                data["workbook"] = json!({"title": "T", "subtitle": "S"});
                for chapter in &chapters {
                    assert_eq!(
                        pieces
                            .render(chapter, &Context::from(data.clone()))
                            .expect("renders in pieces"),
                        whole.render(&chapter.name, &data).expect("renders whole"),
                        "{} for {profile}",
                        chapter.name
                    );
                }
            }
        }
    }

    #[test]
    fn braces_that_are_code_get_help_on_writing_them_as_text() {
        let en = language("en");
        let chapter = |body: &str| {
            Chapter::parse(
                "t.md".to_string(),
                crate::diagnostics::SourceFile::new("t.md", body),
            )
            .expect("parses")
        };
        let jsx = chapter("# T\n\n<div style={{marginTop: 10}}>x</div>\n");
        let errors = Templates::compile(
            std::slice::from_ref(&jsx),
            &en.words,
            &Vocabulary::default(),
        )
        .err()
        .map(|errors| errors[0].clone())
        .or_else(|| {
            let templates = Templates::compile(
                std::slice::from_ref(&jsx),
                &en.words,
                &Vocabulary::default(),
            )
            .ok()?;
            templates.render(&jsx, &Context::from(json!({}))).err()
        })
        .expect("JSX braces fail as a template");
        assert!(
            errors.help_text().is_some_and(|h| h.contains("\\{{")),
            "{errors:?}"
        );

        let fixed = chapter(
            "# T\n\n<div style=\\{{marginTop: 10}}>x</div> {{{{raw}}}}{{a: 1}}{{{{/raw}}}}\n",
        );
        let templates = Templates::compile(
            std::slice::from_ref(&fixed),
            &en.words,
            &Vocabulary::default(),
        )
        .expect("escaped braces compile");
        let text = templates
            .render(&fixed, &Context::from(json!({})))
            .expect("renders");
        assert!(text.contains("style={{marginTop: 10}}"), "{text}");
        assert!(text.contains("{{a: 1}}"), "{text}");

        let typo = chapter("# T\n\n{{persn.name}}\n");
        let templates = Templates::compile(
            std::slice::from_ref(&typo),
            &en.words,
            &Vocabulary::default(),
        )
        .expect("compiles");
        let error = templates
            .render(&typo, &Context::from(json!({"person": {}})))
            .expect_err("unknown");
        assert!(error
            .help_text()
            .is_some_and(|h| h.contains("profile data")));
    }

    #[test]
    fn join_writes_prose_lists() {
        let en = language("en");
        let list = json!(["a", "b", "c"]);
        assert_eq!(join(&[&list], &en).unwrap(), "a, b and c");
        assert_eq!(
            join(&[&json!(["a", "b"]), &json!("or")], &en).unwrap(),
            "a or b"
        );
        let goals = json!([{"goal": "x"}, {"goal": "y"}]);
        assert_eq!(
            join(&[&goals, &json!("and"), &json!("goal")], &en).unwrap(),
            "x and y"
        );
        assert_eq!(join(&[&json!([])], &en).unwrap(), "");
        let es = language("es");
        assert_eq!(
            join(&[&json!(["ventas", "innovación"])], &es).unwrap(),
            "ventas e innovación"
        );
        assert_eq!(either(&[&json!(["a", "b"])], &es).unwrap(), "a y b");
    }

    #[test]
    fn plural_counts() {
        let en = language("en");
        assert_eq!(
            plural(&[&json!(1), &json!("year")], &en).unwrap(),
            "one year"
        );
        assert_eq!(
            plural(&[&json!(5), &json!("year")], &en).unwrap(),
            "five years"
        );
        assert_eq!(
            plural(&[&json!(2), &json!("person"), &json!("people")], &en).unwrap(),
            "two people"
        );
        assert_eq!(at_least(&[&json!(3), &json!(5)]).unwrap(), json!(5));
        assert_eq!(at_least(&[&json!(null), &json!(10)]).unwrap(), json!(10));
        let es = language("es");
        assert_eq!(plural(&[&json!(1), &json!("año")], &es).unwrap(), "un año");
        assert_eq!(
            plural(&[&json!(3), &json!("meta")], &es).unwrap(),
            "tres metas"
        );
        assert_eq!(number(&[&json!(21)], &es).unwrap(), "veintiuno");
    }

    #[test]
    fn articles_and_dates_speak_the_language() {
        let es = language("es");
        assert_eq!(
            article(&[&json!("Coordinadora de logística")], &es).unwrap(),
            "una"
        );
        assert_eq!(
            article(&[&json!("puesto"), &json!("definite")], &es).unwrap(),
            "el"
        );
        assert!(article(&[&json!("puesto"), &json!("the")], &es).is_err());
        assert_eq!(date(&[&json!("2027-06")], &es).unwrap(), "junio de 2027");
    }

    #[test]
    fn either_skips_empty_values() {
        let en = language("en");
        let fallback = json!("the company");
        assert_eq!(
            either(&[&json!(null), &json!(""), &fallback], &en).unwrap(),
            "the company"
        );
        assert_eq!(either(&[&json!("Acme"), &fallback], &en).unwrap(), "Acme");
    }

    #[test]
    fn choose_prefers_items_that_echo_the_person() {
        let en = language("en");
        let values = json!([
            "customers first",
            "learning in the open",
            "owning the outcome"
        ]);
        let strengths = json!(["a love of learning"]);
        assert_eq!(
            choose(&[&values, &json!(2), &strengths], &en).unwrap(),
            json!(["learning in the open", "customers first"])
        );
        let wins = json!(["Kept every shift calm", "Learned SQL in a month"]);
        assert_eq!(
            story_for(&[&json!("calm under pressure"), &wins], &en).unwrap(),
            "Kept every shift calm"
        );
    }
}
