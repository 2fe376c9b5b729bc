//! Handlebars over each chapter, with the profile as data.
//!
//! Strict mode is on: a name the profile schema does not have is an error
//! that points at the chapter's file and line. Every inserted value passes
//! through [`literal::protect`], so profile text can never become Markdown
//! or HTML structure.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use serde_json::Value;

use crate::compose::{literal, template_blocks};
use crate::diagnostics::Error;
use crate::load::content::Chapter;

/// The compiled chapter templates of a project; built once per run.
pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// Compiles every chapter, reporting every template that does not parse.
    pub fn compile(chapters: &[Chapter]) -> Result<Templates, Vec<Error>> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.set_prevent_indent(true);
        registry.register_escape_fn(literal::protect);
        register_helpers(&mut registry);
        let mut errors = Vec::new();
        for chapter in chapters {
            if let Some(offset) = chapter.body.find("{{{") {
                errors.push(
                    at_body_offset(chapter, offset, "triple braces insert raw markup")
                        .with_help("use `{{name}}`: profile values are always shown as plain text"),
                );
                continue;
            }
            if let Err((offset, message, help)) = template_blocks::check(&chapter.body) {
                errors.push(at_body_offset(chapter, offset, &message).with_help(help));
                continue;
            }
            if let Err(error) = registry.register_template_string(&chapter.name, &chapter.body) {
                let (line, column) = error.pos().unwrap_or((1, 1));
                errors.push(Error::at_line(
                    &chapter.source,
                    chapter.body_line + line - 1,
                    column,
                    format!("template syntax: {}", error.reason()),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Templates { registry })
        } else {
            Err(errors)
        }
    }

    /// Renders one chapter for one profile's data into Markdown text.
    pub fn render(&self, chapter: &Chapter, data: &Value) -> Result<String, Error> {
        self.registry
            .render(&chapter.name, data)
            .map_err(|error| render_error(chapter, &error))
    }
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

fn render_error(chapter: &Chapter, error: &RenderError) -> Error {
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
            chapter.body_line + line - 1,
            column,
            message,
        ),
        _ => Error::in_file(chapter.source.name.clone(), message),
    };
    error_here.with_help(
        "profile data lives under person, company, introspection, resume, growth_plan, \
         aspiration and workbook; see the profile reference in README.md",
    )
}

/// A helper that turns its parameters into text.
struct TextHelper(fn(&[&Value]) -> Result<String, String>);

impl HelperDef for TextHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let params: Vec<&Value> = helper.params().iter().map(|p| p.value()).collect();
        (self.0)(&params)
            .map(|text| ScopedJson::Derived(Value::String(text)))
            .map_err(|message| {
                RenderErrorReason::Other(format!("`{}`: {message}", helper.name())).into()
            })
    }
}

fn register_helpers(registry: &mut Handlebars<'static>) {
    registry.register_helper("join", Box::new(TextHelper(join)));
    registry.register_helper("plural", Box::new(TextHelper(plural)));
    registry.register_helper("either", Box::new(TextHelper(either)));
    registry.register_helper("lower", Box::new(TextHelper(lower)));
    registry.register_helper("article", Box::new(TextHelper(article)));
}

/// `{{join list ["and"|"or"] [field]}}`: "a, b and c".
fn join(params: &[&Value]) -> Result<String, String> {
    let list = match params.first() {
        Some(Value::Array(items)) => items,
        Some(Value::Null) => return Ok(String::new()),
        _ => return Err("expects a list as its first parameter".to_string()),
    };
    let conjunction = params.get(1).and_then(|v| v.as_str()).unwrap_or("and");
    let field = params.get(2).and_then(|v| v.as_str());
    let items: Vec<String> = list
        .iter()
        .map(|item| match (item, field) {
            (Value::Object(map), Some(field)) => map.get(field).map(text_of).unwrap_or_default(),
            (item, _) => text_of(item),
        })
        .filter(|text| !text.trim().is_empty())
        .collect();
    Ok(join_words(&items, conjunction))
}

/// Joins words in prose: "a", "a and b", "a, b and c".
pub fn join_words(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// `{{plural n "year" ["years"]}}`: "1 year", "5 years".
fn plural(params: &[&Value]) -> Result<String, String> {
    let count = match params.first() {
        Some(Value::Null) | None => return Ok(String::new()),
        Some(value) => value
            .as_f64()
            .ok_or_else(|| "expects a number as its first parameter".to_string())?,
    };
    let singular = params
        .get(1)
        .and_then(|v| v.as_str())
        .ok_or_else(|| "expects the singular word as its second parameter".to_string())?;
    let plural = params
        .get(2)
        .and_then(|v| v.as_str())
        .map_or_else(|| format!("{singular}s"), str::to_string);
    let word = if count == 1.0 { singular } else { &plural };
    Ok(format!("{} {word}", text_of(params[0])))
}

/// `{{either a b "fallback"}}`: the first non-empty parameter.
fn either(params: &[&Value]) -> Result<String, String> {
    Ok(params
        .iter()
        .find(|value| !is_empty(value))
        .map(|value| text_of(value))
        .unwrap_or_default())
}

/// `{{lower text}}`.
fn lower(params: &[&Value]) -> Result<String, String> {
    Ok(params
        .first()
        .map(|v| text_of(v))
        .unwrap_or_default()
        .to_lowercase())
}

/// `{{article text}}`: "a" or "an", by how the text starts.
fn article(params: &[&Value]) -> Result<String, String> {
    let text = params.first().map(|v| text_of(v)).unwrap_or_default();
    Ok(indefinite_article(&text).to_string())
}

/// "an" before a vowel sound, "a" otherwise (English, by spelling).
pub fn indefinite_article(word: &str) -> &'static str {
    let lower = word.trim().to_lowercase();
    let consonant_sound = ["uni", "use", "usu", "eu", "one", "once", "ur"];
    let vowel_sound = ["hour", "honest", "honor", "honour", "heir"];
    if vowel_sound.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    if consonant_sound.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
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
pub fn text_of(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => {
            let words: Vec<String> = items.iter().map(text_of).collect();
            join_words(&words, "and")
        }
        Value::Object(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn join_writes_prose_lists() {
        let list = json!(["a", "b", "c"]);
        assert_eq!(join(&[&list]).unwrap(), "a, b and c");
        assert_eq!(join(&[&json!(["a", "b"]), &json!("or")]).unwrap(), "a or b");
        let goals = json!([{"goal": "x"}, {"goal": "y"}]);
        assert_eq!(
            join(&[&goals, &json!("and"), &json!("goal")]).unwrap(),
            "x and y"
        );
        assert_eq!(join(&[&json!([])]).unwrap(), "");
    }

    #[test]
    fn plural_counts() {
        assert_eq!(plural(&[&json!(1), &json!("year")]).unwrap(), "1 year");
        assert_eq!(plural(&[&json!(5), &json!("year")]).unwrap(), "5 years");
        assert_eq!(
            plural(&[&json!(2), &json!("person"), &json!("people")]).unwrap(),
            "2 people"
        );
    }

    #[test]
    fn either_skips_empty_values() {
        let fallback = json!("the company");
        assert_eq!(
            either(&[&json!(null), &json!(""), &fallback]).unwrap(),
            "the company"
        );
        assert_eq!(either(&[&json!("Acme"), &fallback]).unwrap(), "Acme");
    }

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(indefinite_article("operations analyst"), "an");
        assert_eq!(indefinite_article("product manager"), "a");
        assert_eq!(indefinite_article("university tutor"), "a");
        assert_eq!(indefinite_article("hourly role"), "an");
    }
}
