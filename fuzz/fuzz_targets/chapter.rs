//! A chapter's text through templating, Markdown, the IR and both
//! renderers, with the repository's project and example profile.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prepbook::book::Book;
use prepbook::compose::doc::{Document, Meta};
use prepbook::compose::ids::UniqueIds;
use prepbook::compose::markdown;
use prepbook::compose::template::{self, Templates};
use prepbook::compose::worksheet::Fill;
use prepbook::diagnostics::{render, SourceFile};
use prepbook::load::answers::Answers;
use prepbook::load::content::Chapter;
use prepbook::load::image::Images;
use prepbook::load::profile::Profile;
use prepbook::load::project::{Format, Project};
use prepbook::review::rules::Vocabulary;
use prepbook::review::Context;

struct Setup {
    book: Book,
    profile: Profile,
    data: template::Context,
    schema: serde_json::Value,
    images: Images,
    vocabulary: Vocabulary,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let project = Project::load(&root).expect("the repository's project");
        let book = Book::load(project).unwrap_or_else(|_| panic!("the repository's book"));
        let profile = Profile::load(&root.join("profiles/example.toml"), &root)
            .expect("the example profile")
            .profile;
        let vocabulary = book
            .rules
            .as_ref()
            .map(|rules| rules.words.clone())
            .unwrap_or_default();
        Setup {
            images: Images::new(book.project.content()),
            book,
            data: template::Context::from(profile.to_template_data()),
            schema: Profile::schema_data(),
            profile,
            vocabulary,
        }
    })
}

fuzz_target!(|text: &str| {
    let setup = setup();
    let report = |error| {
        let _ = render(&error, false);
    };
    let chapter = match Chapter::parse("fuzz.md".to_string(), SourceFile::new("fuzz.md", text)) {
        Ok(chapter) => chapter,
        Err(error) => return report(error),
    };
    let words = &setup.book.locale.words;
    let markdown =
        match Templates::compile(std::slice::from_ref(&chapter), words, &setup.vocabulary)
            .map_err(|mut errors| errors.remove(0))
            .and_then(|templates| templates.render(&chapter, &setup.data))
        {
            Ok(markdown) => markdown,
            Err(error) => return report(error),
        };
    let answers = Answers::default();
    let fill = Fill {
        data: setup.data.data(),
        schema: &setup.schema,
        answers: &answers,
        words,
    };
    let parsed = markdown::parse_chapter(
        &chapter,
        &markdown,
        (&fill, &setup.images),
        &mut UniqueIds::default(),
    );
    let chapter_ir = match parsed {
        Ok(chapter_ir) => chapter_ir,
        Err(error) => return report(error),
    };
    let document = Document {
        meta: Meta {
            title: "Fuzz".to_string(),
            subtitle: String::new(),
            language: "en".to_string(),
            person: "Ana".to_string(),
            target_role: None,
            company: None,
            date: "2026-01-01".to_string(),
            written_date: "1 January 2026".to_string(),
            id: "fuzz:ana".to_string(),
            review: Context::of(&setup.profile),
            logo: None,
        },
        chapters: vec![chapter_ir],
    };
    for format in [Format::Html, Format::Pdf] {
        if let Err(error) = setup.book.render(&document, "ana", format, &[]) {
            report(error);
        }
    }
});
