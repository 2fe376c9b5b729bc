//! Everything loaded once per run (project, theme, chapters, compiled
//! templates, parsed fonts), and the per-profile path from a profile to a
//! document and its output bytes.

use serde_json::{json, Value};

use crate::answers::Answers;
use crate::content::{self, Chapter};
use crate::date::BuildDate;
use crate::diagnostics::{Error, SourceFile};
use crate::doc::{DocChapter, Document, Meta};
use crate::html::HtmlRenderer;
use crate::markdown::{self, IdSet};
use crate::pdf::PdfRenderer;
use crate::profile::Profile;
use crate::project::{Format, Project};
use crate::template::Templates;
use crate::theme::Theme;
use crate::worksheet::Fill;

/// A project loaded and checked, ready to build any number of profiles.
pub struct Book {
    pub project: Project,
    pub theme: Theme,
    pub chapters: Vec<Chapter>,
    pub date: BuildDate,
    templates: Templates,
    schema: Value,
    html: HtmlRenderer,
    pdf: PdfRenderer,
}

impl Book {
    /// Loads the theme, chapters and fonts, reporting every problem found.
    pub fn load(project: Project) -> Result<Book, Vec<Error>> {
        let mut errors = Vec::new();
        let theme = Theme::load(&project.theme_dir())
            .map_err(|e| errors.push(e))
            .ok();
        let chapters =
            content::load_chapters(&project.content_dir(), &project.config.workbook.chapters)
                .map_err(|mut e| errors.append(&mut e))
                .ok();
        let templates = chapters.as_deref().and_then(|c| {
            Templates::compile(c)
                .map_err(|mut e| errors.append(&mut e))
                .ok()
        });
        let date = BuildDate::resolve(&project.config.workbook.date)
            .map_err(|e| errors.push(e))
            .ok();
        let renderers = theme.as_ref().and_then(|theme| {
            let html = HtmlRenderer::new(&theme.html)
                .map_err(|e| errors.push(e))
                .ok();
            let pdf = PdfRenderer::new(
                theme,
                project.config.pdf.page_size,
                &project.config.workbook.language,
            )
            .map_err(|e| errors.push(e))
            .ok();
            html.zip(pdf)
        });
        match (theme, chapters, templates, date, renderers) {
            (Some(theme), Some(chapters), Some(templates), Some(date), Some((html, pdf)))
                if errors.is_empty() =>
            {
                Ok(Book {
                    project,
                    theme,
                    chapters,
                    date,
                    templates,
                    schema: Profile::schema_data(),
                    html,
                    pdf,
                })
            }
            _ => Err(errors),
        }
    }

    /// Fills every chapter for one profile and parses it into a document.
    pub fn document(
        &self,
        profile: &Profile,
        stem: &str,
        answers: &Answers,
    ) -> Result<Document, Vec<Error>> {
        let config = &self.project.config.workbook;
        let mut data = profile.to_template_data();
        if let Value::Object(map) = &mut data {
            map.insert(
                "workbook".to_string(),
                json!({"title": config.title, "subtitle": config.subtitle}),
            );
        }
        let fill = Fill {
            data: &data,
            schema: &self.schema,
            answers,
        };
        let mut ids = IdSet::default();
        let mut chapters = Vec::new();
        let mut errors = Vec::new();
        for chapter in &self.chapters {
            let parsed = self
                .templates
                .render(chapter, &data)
                .and_then(|markdown| markdown::parse_chapter(chapter, &markdown, &fill, &mut ids));
            match parsed {
                Ok(chapter) => chapters.push(chapter),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        check_prompt_ids(&self.chapters, &chapters)?;
        let person = &profile.person;
        Ok(Document {
            meta: Meta {
                title: config.title.clone(),
                subtitle: config.subtitle.clone(),
                language: config.language.clone(),
                person: person.name.get_ref().trim().to_string(),
                target_role: non_empty(person.target_role.as_deref()),
                company: non_empty(profile.company.name.as_deref()),
                date: self.date.iso.clone(),
                id: format!("{}:{stem}", markdown::slugify(&config.title)),
            },
            chapters,
        })
    }

    /// Renders a document in one format; `profile` is the profile's source,
    /// so that a problem with its text can point into it.
    pub fn render(
        &self,
        document: &Document,
        stem: &str,
        format: Format,
        profile: &SourceFile,
    ) -> Result<Vec<u8>, Error> {
        match format {
            Format::Pdf => self
                .pdf
                .render(document, self.date.timestamp)
                .map_err(|error| {
                    let sources: Vec<&SourceFile> = std::iter::once(profile)
                        .chain(self.chapters.iter().map(|c| &c.source))
                        .collect();
                    error.locate(&sources)
                }),
            Format::Html => self.html.render(document, stem).map(String::into_bytes),
        }
    }
}

impl Book {
    /// The PDF renderer, for timing layout on its own (the benchmark).
    pub fn pdf(&self) -> &PdfRenderer {
        &self.pdf
    }
}

/// Prompt ids nest by their dots (in exported answers and PDF form fields),
/// so one id may not be both an answer and a group of others.
fn check_prompt_ids(sources: &[Chapter], chapters: &[DocChapter]) -> Result<(), Vec<Error>> {
    let mut seen: Vec<(String, &Chapter)> = Vec::new();
    for (source, chapter) in sources.iter().zip(chapters) {
        for worksheet in chapter.worksheets() {
            for prompt in &worksheet.prompts {
                let nests = |outer: &str, inner: &str| {
                    inner
                        .strip_prefix(outer)
                        .is_some_and(|rest| rest.starts_with('.'))
                };
                let clash = seen
                    .iter()
                    .find(|(other, _)| nests(other, &prompt.id) || nests(&prompt.id, other));
                if let Some((other, other_source)) = clash {
                    return Err(vec![Error::in_file(
                        source.source.name.clone(),
                        format!(
                            "prompt id `{}` clashes with `{other}` (in {}): one id cannot be both \
                             an answer and a group of answers",
                            prompt.id, other_source.source.name
                        ),
                    )
                    .with_help(
                        "give one of the prompts an `id` of its own, e.g. `growth_plan.goal_steps`",
                    )]);
                }
                seen.push((prompt.id.clone(), source));
            }
        }
    }
    Ok(())
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
