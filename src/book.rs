//! Everything loaded once per run (project, theme, chapters, compiled
//! templates, parsed fonts), and the per-profile path from a profile to a
//! document and its output bytes.

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::compose::anchors;
use crate::compose::doc::{Block, DocChapter, Document, Logo, Meta};
use crate::compose::feedback;
use crate::compose::ids::{slugify, UniqueIds};
use crate::compose::markdown;
use crate::compose::scan;
use crate::compose::template::Templates;
use crate::compose::words;
use crate::compose::worksheet::{self, Fill};
use crate::diagnostics::{Error, SourceFile};
use crate::html::{HtmlRenderer, HtmlTemplates};
use crate::load::answers::Answers;
use crate::load::content::{self, Chapter};
use crate::load::date::BuildDate;
use crate::load::folder::Folder;
use crate::load::image::Images;
use crate::load::locale::Locale;
use crate::load::profile::Profile;
use crate::load::project::{Format, Project};
use crate::load::theme::Theme;
use crate::pdf::fonts::FontSet;
use crate::pdf::layout::language::Languages;
use crate::pdf::PdfRenderer;
use crate::render::{RenderContext, Renderer};
use crate::review::{self, Rules};

/// What [`Book::load_words`] gives: each part, or `None` with its problems
/// in the list.
type LoadedWords = (
    Option<Locale>,
    Option<Vec<Chapter>>,
    Option<Rules>,
    Option<Templates>,
    Vec<Error>,
);

/// The theme with what the renderers take long to make from it and need
/// no words for: its fonts parsed, its HTML templates compiled, and the
/// workbook language's hyphenation patterns.
struct PreparedTheme {
    theme: Theme,
    fonts: FontSet,
    html: HtmlTemplates,
    languages: Languages,
}

impl PreparedTheme {
    fn load(project: &Project, dir: &Folder) -> Result<PreparedTheme, Vec<Error>> {
        let theme = Theme::load(dir, project.font_access).map_err(|e| vec![e])?;
        let language = project.language();
        let (fonts, (html, languages)) = rayon::join(
            || FontSet::load(&theme.fonts),
            || {
                (
                    HtmlTemplates::compile(&theme.html),
                    Languages::new(language),
                )
            },
        );
        match (fonts, html) {
            (Ok(fonts), Ok(html)) => Ok(PreparedTheme {
                theme,
                fonts,
                html,
                languages,
            }),
            (fonts, html) => Err(fonts.err().into_iter().chain(html.err()).collect()),
        }
    }
}

/// A project loaded and checked, ready to build any number of profiles.
pub struct Book {
    pub project: Project,
    pub theme: Theme,
    /// The theme's words in the language built.
    pub locale: Locale,
    pub chapters: Vec<Chapter>,
    pub date: BuildDate,
    /// The rules for feedback on a drafted answer (`content/review.toml`);
    /// `None` turns the review off.
    pub rules: Option<Rules>,
    /// The chapters' images, each read once on first use.
    images: Images,
    /// The organisation's logo for the cover (`logo` in prepbook.toml).
    logo: Option<Logo>,
    templates: Templates,
    schema: Value,
    html: HtmlRenderer,
    pdf: PdfRenderer,
}

impl Book {
    /// Loads the theme, its words in the project's language, the chapters
    /// and fonts, reporting every problem found.
    pub fn load(project: Project) -> Result<Book, Vec<Error>> {
        let theme_dir = project.theme();
        // The theme (its fonts read and parsed, its templates compiled)
        // and the words (the chapters' templates compiled) need nothing of
        // each other: one on each core.
        let (prepared, (locale, chapters, rules, templates, words_errors)) = rayon::join(
            || PreparedTheme::load(&project, &theme_dir),
            || Book::load_words(&project, &theme_dir),
        );
        let mut errors = Vec::new();
        let prepared = prepared.map_err(|mut e| errors.append(&mut e)).ok();
        errors.extend(words_errors);
        let date = BuildDate::resolve(&project.config.workbook.date)
            .map_err(|e| errors.push(e))
            .ok();
        let logo = project
            .logo()
            .map_err(|e| errors.push(e))
            .ok()
            .flatten()
            .map(|(image, alt)| Logo { image, alt });
        let renderers = prepared.zip(locale.as_ref()).map(|(prepared, locale)| {
            let theme = prepared.theme;
            let html = HtmlRenderer::new(&theme.html, prepared.html, rules.as_ref(), locale);
            let pdf = PdfRenderer::new(
                (&theme, prepared.fonts),
                prepared.languages,
                project.config.pdf.page_size,
                &locale.strings,
            );
            (theme, html, pdf)
        });
        match (locale, chapters, templates, date, renderers) {
            (
                Some(locale),
                Some(chapters),
                Some(templates),
                Some(date),
                Some((theme, html, pdf)),
            ) if errors.is_empty() => Ok(Book {
                images: Images::new(project.content()),
                logo,
                project,
                theme,
                locale,
                chapters,
                date,
                rules,
                templates,
                schema: Profile::schema_data(),
                html,
                pdf,
            }),
            _ => Err(errors),
        }
    }

    /// What `check` notes without failing: front-matter keys ignored, and
    /// raw HTML and MDX lines left out, each with its file and line. Only
    /// `check` asks, so a build does not scan the chapters for them.
    pub fn notes(&self) -> Vec<Error> {
        self.chapters
            .iter()
            .flat_map(|chapter| chapter.notes.iter().cloned().chain(scan::notes(chapter)))
            .collect()
    }

    /// The theme's words in the project's language, the chapters, the
    /// review rules and the compiled templates, with the problems found.
    fn load_words(project: &Project, theme_dir: &Folder) -> LoadedWords {
        let mut errors = Vec::new();
        // Without its folder the theme reports itself; its words need not.
        let locale = theme_dir
            .exists()
            .then(|| {
                Locale::load(theme_dir, project.language())
                    .map_err(|e| errors.push(e))
                    .ok()
            })
            .flatten();
        let chapters = content::load_chapters(
            &project.content(),
            project.chapter_order(),
            &project.translations_in_content(),
        )
        .map_err(|mut e| errors.append(&mut e))
        .ok();
        let rules = Rules::load(&project.content())
            .map_err(|e| errors.push(e))
            .ok()
            .flatten();
        let vocabulary = rules.as_ref().map(|r| r.words.clone()).unwrap_or_default();
        let templates = chapters
            .as_deref()
            .zip(locale.as_ref())
            .and_then(|(c, locale)| {
                Templates::compile(c, &locale.words, &vocabulary)
                    .map_err(|mut e| errors.append(&mut e))
                    .ok()
            });
        (locale, chapters, rules, templates, errors)
    }

    /// Fills every chapter for one profile and parses it into a document.
    pub fn document(
        &self,
        profile: &Profile,
        stem: &str,
        answers: &Answers,
    ) -> Result<Document, Vec<Error>> {
        let project = &self.project;
        let words = &self.locale.words;
        let mut data = profile.to_template_data();
        if let Value::Object(map) = &mut data {
            map.insert(
                "workbook".to_string(),
                json!({"title": project.title(), "subtitle": project.subtitle()}),
            );
        }
        // Every chapter renders with the same data, made a context once.
        let context = handlebars::Context::from(data);
        let fill = Fill {
            data: context.data(),
            schema: &self.schema,
            answers,
            words,
        };
        let mut ids = UniqueIds::default();
        let mut chapters = Vec::new();
        let mut errors = Vec::new();
        // Filling the templates is most of the work, and each chapter's is
        // its own: in parallel. Parsing gives out the ids in chapter order.
        let filled: Vec<Result<String, Error>> = self
            .chapters
            .par_iter()
            .map(|chapter| self.templates.render(chapter, &context))
            .collect();
        for (chapter, markdown) in self.chapters.iter().zip(filled) {
            let parsed = markdown.and_then(|markdown| {
                markdown::parse_chapter(chapter, &markdown, (&fill, &self.images), &mut ids)
            });
            match parsed {
                Ok(chapter) => chapters.push(chapter),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        worksheet::check_prompt_ids(&self.chapters, &chapters)?;
        anchors::check_anchors(&self.chapters, &chapters)?;
        worksheet::check_answers(&chapters, answers)?;
        let context = review::Context::of(profile);
        if let Some(rules) = &self.rules {
            add_feedback(&mut chapters, rules, &context, &mut ids);
        }
        let person = &profile.person;
        Ok(Document {
            meta: Meta {
                title: project.title().to_string(),
                subtitle: project.subtitle().to_string(),
                language: project.language().to_string(),
                person: person.name.get_ref().trim().to_string(),
                target_role: non_empty(person.target_role.as_deref()),
                company: non_empty(profile.company.name.as_deref()),
                date: self.date.iso.clone(),
                written_date: words::spoken_date(&self.date.iso, words),
                id: format!("{}:{stem}", slugify(project.title())),
                review: context,
                logo: self.logo.clone(),
            },
            chapters,
        })
    }

    /// Renders a document in one format; `inputs` are the profile's files
    /// (and any answers), so that a problem with their text can point into them.
    pub fn render(
        &self,
        document: &Document,
        stem: &str,
        format: Format,
        inputs: &[&SourceFile],
    ) -> Result<Vec<u8>, Error> {
        let renderer: &dyn Renderer = match format {
            Format::Pdf => &self.pdf,
            Format::Html => &self.html,
        };
        let context = RenderContext {
            document,
            stem,
            date: &self.date,
        };
        renderer.render(&context).map_err(|error| {
            let sources: Vec<&SourceFile> = inputs
                .iter()
                .copied()
                .chain(self.chapters.iter().map(|c| &c.source))
                .collect();
            error.locate(&sources, &self.theme.dir.name("theme.toml"))
        })
    }
}

impl Book {
    /// The PDF renderer, for timing layout on its own (the benchmark).
    pub fn pdf(&self) -> &PdfRenderer {
        &self.pdf
    }
}

/// The prompt that holds the person's own answer.
pub const DRAFT_PROMPT: &str = "aspiration.draft_answer";

/// Puts the feedback section after the worksheet that holds the drafted
/// answer, when there is a draft to review.
fn add_feedback(
    chapters: &mut [DocChapter],
    rules: &Rules,
    context: &review::Context,
    ids: &mut UniqueIds,
) {
    for chapter in chapters {
        let found = chapter
            .blocks
            .iter()
            .enumerate()
            .find_map(|(index, block)| match block {
                Block::Worksheet(worksheet) => worksheet
                    .prompts
                    .iter()
                    .find(|p| p.id == DRAFT_PROMPT)
                    .map(|p| (index, p.answer.clone())),
                _ => None,
            });
        if let Some((index, draft)) = found {
            if let Some(review) = review::review(rules, context, &draft) {
                let section = feedback::section(&review, &rules.feedback, ids);
                chapter.blocks.splice(index + 1..index + 1, section);
            }
            return;
        }
    }
}

fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}
