//! The HTML renderer: the IR to one self-contained page through the theme's
//! Handlebars layout.

mod blocks;

pub use blocks::escape;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output,
    RenderContext as HandlebarsContext,
};
use serde::Serialize;
use serde_json::{json, Value};

use crate::compose::doc::{Block, Document, Inline, Worksheet};
use crate::compose::piecewise::{CompiledPieces, PiecewiseTemplate};
use crate::diagnostics::{Error, SourceFile};
use crate::load::direction::Direction;
use crate::load::locale::{strings, Locale, Strings};
use crate::load::theme::HtmlTheme;
use crate::render::{RenderContext, RenderError, Renderer};
use crate::review::rules::{script_json, Rules};

/// The theme's layout and worksheet partial, compiled once per run.
pub struct HtmlRenderer {
    registry: Handlebars<'static>,
    /// The theme's `layout.hbs` and `worksheet.hbs`, compiled in pieces,
    /// with their text.
    layout: (PiecewiseTemplate, String),
    worksheet: (PiecewiseTemplate, String),
    /// The CSP source that lets exactly this script run (and nothing
    /// injected, not even an inline event handler).
    script_source: String,
    /// The review rules as JSON for the page's live feedback; empty when
    /// the project has none.
    review_rules: String,
    /// The theme's fixed text in the workbook's language.
    strings: Strings,
    /// What the page's script says, as JSON.
    script_strings: String,
}

const LAYOUT: &str = "layout";
const WORKSHEET: &str = "worksheet";

/// The theme's layout and worksheet templates, compiled: the slow part of
/// making an [`HtmlRenderer`], and one that needs none of the words.
pub struct HtmlTemplates {
    layout: CompiledPieces,
    worksheet: CompiledPieces,
}

impl HtmlTemplates {
    /// Compiles the theme's `layout.hbs` and `worksheet.hbs`.
    pub fn compile(theme: &HtmlTheme) -> Result<HtmlTemplates, Error> {
        let compile = |name: &str, source: &SourceFile| {
            PiecewiseTemplate::compile(name, &source.text, false)
                .map_err(|error| error.located(source, 1))
        };
        Ok(HtmlTemplates {
            layout: compile(LAYOUT, &theme.layout)?,
            worksheet: compile(WORKSHEET, &theme.worksheet)?,
        })
    }
}

impl HtmlRenderer {
    /// Makes the renderer of `theme` from its compiled `templates`; `rules`
    /// are shipped to every page, and the text around the chapters is in
    /// the words of `locale`.
    pub fn new(
        theme: &HtmlTheme,
        templates: HtmlTemplates,
        rules: Option<&Rules>,
        locale: &Locale,
    ) -> HtmlRenderer {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape_value);
        let layout = (
            templates.layout.register(&mut registry),
            theme.layout.text.clone(),
        );
        let worksheet = (
            templates.worksheet.register(&mut registry),
            theme.worksheet.text.clone(),
        );
        // The stylesheet and script are the same in every page: written
        // straight from here by `{{{css}}}` and `{{{js}}}` rather than copied
        // into each page's data.
        registry.register_helper("css", Box::new(FixedText(theme.css.clone())));
        registry.register_helper("js", Box::new(FixedText(theme.js.clone())));
        let table = serde_json::to_value(&locale.strings).unwrap_or_default();
        registry.register_helper("t", Box::new(Text(table)));
        let script_strings = script_json(&json!({
            "script": locale.strings.script,
            "export": locale.strings.html.export,
            "singular": locale.words.plural.singular,
        }));
        HtmlRenderer {
            registry,
            layout,
            worksheet,
            script_source: script_hash_source(&theme.js),
            review_rules: rules.map(Rules::to_script_json).unwrap_or_default(),
            strings: locale.strings.clone(),
            script_strings,
        }
    }

    /// Renders a document to a complete HTML page; `file_stem` names the
    /// file that exported answers are saved to.
    fn page(&self, document: &Document, file_stem: &str) -> Result<String, Error> {
        let mut ctx = blocks::Ctx {
            renderer: self,
            dom_ids: Default::default(),
        };
        let chapters: Vec<Value> = document
            .chapters
            .iter()
            .enumerate()
            .map(|(index, chapter)| {
                let html = blocks::chapter_html(&mut ctx, chapter)?;
                let neighbour = |i: Option<usize>| {
                    i.and_then(|i| document.chapters.get(i))
                        .map_or(Value::Null, |c| json!({"id": c.id, "title": c.title}))
                };
                let language = chapter.language.as_deref();
                Ok(json!({
                    "id": chapter.id,
                    "lang": language,
                    "dir": language.map(|l| Direction::of_language(l).html()),
                    "number": index + 1,
                    "title": chapter.title,
                    "html": html,
                    "sections": sections(&chapter.blocks),
                    "prev": neighbour(index.checked_sub(1)),
                    "next": neighbour(Some(index + 1)),
                }))
            })
            .collect::<Result<_, Error>>()?;
        let meta = &document.meta;
        let logo = meta.logo.as_ref().map(|logo| {
            let mut html = String::new();
            blocks::write_image(&logo.image, &logo.alt, &mut html);
            html
        });
        let data = json!({
            "lang": meta.language,
            "dir": Direction::of_language(&meta.language).html(),
            "title": meta.title,
            "subtitle": meta.subtitle,
            "person_name": meta.person,
            "target_role": meta.target_role.clone().unwrap_or_default(),
            "company_name": meta.company.clone().unwrap_or_default(),
            "workbook_id": meta.id,
            "file_stem": file_stem,
            "generator": concat!("prepbook ", env!("CARGO_PKG_VERSION")),
            "prompt_count": document.answerable_count(),
            "script_source": self.script_source,
            "chapters": chapters,
            "review_rules": self.review_rules,
            "review_context": script_json(&meta.review),
            "script_strings": self.script_strings,
            "logo": logo,
        });
        let (layout, source) = &self.layout;
        layout
            .render(&self.registry, source, &Context::from(data))
            .map_err(|e| Error::new(format!("theme layout.hbs: {}", e.error)))
    }

    fn worksheet_html(
        &self,
        worksheet: &Worksheet,
        ctx: &mut blocks::Ctx<'_>,
    ) -> Result<String, Error> {
        #[derive(Serialize)]
        struct PromptView<'a> {
            id: &'a str,
            dom_id: String,
            question: &'a str,
            hint: &'a str,
            lines: u32,
            prefill: &'a str,
        }
        let prompts: Vec<PromptView> = worksheet
            .prompts
            .iter()
            .map(|p| PromptView {
                id: &p.id,
                dom_id: ctx.dom_id(&p.id),
                question: &p.question,
                hint: &p.hint,
                lines: p.lines,
                prefill: &p.answer,
            })
            .collect();
        let sort = worksheet.sort.as_ref().map_or(Value::Null, |sort| {
            json!({
                "id": sort.id,
                "choices": sort.choices,
                "statements": sort.statements.iter().enumerate().map(|(i, s)| json!({
                    "id": s.id,
                    "dom_id": ctx.dom_id(&s.id),
                    "text": s.text,
                    "number": i + 1,
                    "choice": s.choice.clone().unwrap_or_default(),
                })).collect::<Vec<_>>(),
            })
        });
        let data = json!({
            "id": worksheet.id,
            "title": worksheet.title,
            "intro": worksheet.intro,
            "prompts": prompts,
            "sort": sort,
        });
        let (worksheet, source) = &self.worksheet;
        worksheet
            .render(&self.registry, source, &Context::from(data))
            .map_err(|e| Error::new(format!("theme worksheet.hbs: {}", e.error)))
    }
}

impl Renderer for HtmlRenderer {
    fn render(&self, context: &RenderContext<'_>) -> Result<Vec<u8>, RenderError> {
        Ok(self.page(context.document, context.stem)?.into_bytes())
    }
}

/// Escapes a value for the page as Handlebars does (the same characters,
/// the same entities: [`handlebars::html_escape`]), copying the runs
/// between them whole rather than growing the string a character at a
/// time.
fn escape_value(text: &str) -> String {
    blocks::escape_with(text, |byte| match byte {
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'&' => Some("&amp;"),
        b'\'' => Some("&#x27;"),
        b'`' => Some("&#x60;"),
        b'=' => Some("&#x3D;"),
        _ => None,
    })
}

/// A helper that writes one fixed text, unescaped.
struct FixedText(String);

impl HelperDef for FixedText {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut HandlebarsContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        out.write(&self.0)?;
        Ok(())
    }
}

/// `{{t "cover.role"}}`: a string of the theme's table in the workbook's
/// language, with `{name}` filled from the helper's `name=...`
/// (`{{t "html.owner" name=person_name}}`); escaped like any value.
struct Text(Value);

impl HelperDef for Text {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        helper: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut HandlebarsContext<'reg, 'rc>,
    ) -> Result<handlebars::ScopedJson<'rc>, handlebars::RenderError> {
        let key = helper
            .param(0)
            .and_then(|p| p.value().as_str())
            .unwrap_or("");
        let template = key
            .split('.')
            .try_fold(&self.0, |table, part| table.get(part))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                handlebars::RenderErrorReason::Other(format!(
                    "`t`: the theme's words have no `{key}`"
                ))
            })?;
        let values: Vec<(String, String)> = helper
            .hash()
            .iter()
            .map(|(name, value)| {
                // A name is isolated from the sentence around it (as
                // `<bdi>` would), so a right-to-left name in a left-to-right
                // sentence, or the reverse, keeps both in order.
                let text = match value.value() {
                    Value::String(s) => format!("\u{2068}{s}\u{2069}"),
                    other => other.to_string(),
                };
                (name.to_string(), text)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        Ok(handlebars::ScopedJson::Derived(Value::String(
            strings::fill(template, &pairs),
        )))
    }
}

/// `'sha256-…'` of a script, for `script-src`: the theme's layout must
/// insert the script exactly, as `<script>{{{js}}}</script>`.
fn script_hash_source(script: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn sections(blocks: &[Block]) -> Vec<Value> {
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading {
                level: 2,
                id,
                content,
            } => Some(json!({"id": id, "title": Inline::plain_text(content)})),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_exactly_as_handlebars_escapes_them() {
        for text in [
            "",
            "plain words",
            "<b>\"Ana\" & 'Bo'</b> `x`=1",
            "Ça coûte 5 € — «très» <cher> & l'été",
            "=&=&",
            "مرحبا <عالم> & नमस्ते",
        ] {
            assert_eq!(escape_value(text), handlebars::html_escape(text), "{text}");
        }
    }
}
