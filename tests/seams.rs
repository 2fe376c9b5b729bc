//! The workbook reads as if a person wrote it for this reader: no template
//! seams in any profile, shipped or edge case (horizons of one to ten
//! years, acronym roles, a public-sector employer, list items holding
//! commas, no company, the minimal profile).

mod common;

use std::path::{Path, PathBuf};

use prepbook::book::Book;
use prepbook::compose::doc::{Block, Document, Inline};
use prepbook::load::answers::Answers;
use prepbook::load::profile::Profile;
use prepbook::load::project::Project;

/// Every profile the seams are looked for in.
fn profiles() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for dir in [
        common::fixture("seams"),
        common::repo().join("profiles"),
        common::repo().join("profiles/cohort"),
    ] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("a profile folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
}

/// The prose of a document: everything the chapters say, and the example
/// answers on their own. Prompt answers and sort statements are the
/// reader's own words, and are left out.
struct Prose {
    all: Vec<String>,
    answers: Vec<String>,
}

fn prose(document: &Document) -> Prose {
    let mut prose = Prose {
        all: Vec::new(),
        answers: Vec::new(),
    };
    for chapter in &document.chapters {
        prose.all.push(chapter.title.clone());
        collect(&chapter.blocks, &mut prose, false);
    }
    prose
}

fn collect(blocks: &[Block], prose: &mut Prose, in_answer: bool) {
    let push = |text: String, prose: &mut Prose| {
        if in_answer {
            prose.answers.push(text.clone());
        }
        prose.all.push(text);
    };
    for block in blocks {
        match block {
            Block::Heading { content, .. } | Block::Paragraph(content) => {
                push(Inline::plain_text(content), prose)
            }
            Block::List(list) => list
                .items
                .iter()
                .for_each(|item| collect(item, prose, in_answer)),
            Block::Quote(inner) | Block::Callout { blocks: inner, .. } => {
                collect(inner, prose, in_answer)
            }
            Block::Answer { title, blocks } => {
                prose.all.push(title.clone());
                let mut own = Prose {
                    all: Vec::new(),
                    answers: Vec::new(),
                };
                collect(blocks, &mut own, true);
                prose.answers.push(own.answers.join(" "));
                prose.all.extend(own.all);
            }
            Block::Table(table) => table
                .header
                .iter()
                .chain(table.rows.iter().flatten())
                .for_each(|cell| push(Inline::plain_text(cell), prose)),
            Block::Worksheet(worksheet) => {
                push(worksheet.title.clone(), prose);
                push(worksheet.intro.clone(), prose);
                for prompt in &worksheet.prompts {
                    push(prompt.question.clone(), prose);
                    push(prompt.hint.clone(), prose);
                }
            }
            Block::Figure(figure) => {
                push(figure.alt.clone(), prose);
                if let Some(caption) = &figure.caption {
                    push(caption.clone(), prose);
                }
            }
            Block::Code(_) | Block::Rule => {}
        }
    }
}

/// Every prompt's pre-filled answer.
fn prompt_answers(document: &Document) -> Vec<String> {
    document
        .worksheets()
        .flat_map(|w| w.prompts.iter().map(|p| p.answer.clone()))
        .collect()
}

/// Numbers below a hundred written as digits in running text, unless they
/// label something ("Shape 2", "Step 1", "1. The direction"), measure
/// seconds or words, are part of a date, or are the reader's own words
/// (`profile` is the profile's source).
fn small_digits(text: &str, profile: &str, months: &[String]) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_ascii_digit());
        if bare.is_empty()
            || bare.len() != word.trim_matches(|c: char| c.is_ascii_punctuation()).len()
        {
            continue;
        }
        let Ok(n) = bare.parse::<u32>() else { continue };
        let before = i.checked_sub(1).map_or("", |j| words[j]);
        let after = words.get(i + 1).copied().unwrap_or("");
        let label = ["Shape", "Step", "step", "Tip", "Chapter", "page"].contains(&before)
            || word.ends_with('.') && after.starts_with(char::is_uppercase);
        let unit = words
            .iter()
            .skip(i + 1)
            .take(3)
            .any(|w| w.starts_with("seconds") || w.starts_with("words"));
        let date = months
            .iter()
            .any(|m| after.starts_with(m) || before.starts_with(m));
        let theirs = profile.contains(&format!(
            "{bare} {}",
            after.trim_end_matches(['.', ',', ';'])
        ));
        if n < 100 && !label && !unit && !date && !theirs {
            found.push(format!("{before} {word} {after}"));
        }
    }
    found
}

fn is_iso_date(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
}

#[test]
fn no_profile_shows_a_template_seam() {
    let project = Project::locate(&common::repo(), None).expect("the default project");
    let book = Book::load(project).expect("the default project loads");
    let rules = book
        .rules
        .clone()
        .expect("the default project has review rules");
    let mut problems = Vec::new();
    for path in profiles() {
        let source = std::fs::read_to_string(&path).expect("profile text");
        let profile = Profile::load(&path, &common::repo())
            .expect("a valid profile")
            .profile;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
        let document = book
            .document(&profile, stem, &Answers::default())
            .expect("a document");
        let prose = prose(&document);
        let text = prose.all.join("\n");
        let mut seam = |what: String| problems.push(format!("{}: {what}", path.display()));

        for hit in small_digits(&text, &source, &book.locale.words.dates.months) {
            seam(format!("a small number in digits: {hit:?}"));
        }
        for bad in [
            "a hr ",
            "an ux ",
            "hr coordinator",
            "ux researcher",
            "an UX",
            "a HR",
        ] {
            if text.contains(bad) {
                seam(format!(
                    "an acronym lowered or given the wrong article: {bad:?}"
                ));
            }
        }
        for word in text.split_whitespace().chain(
            prompt_answers(&document)
                .iter()
                .flat_map(|a| a.split_whitespace()),
        ) {
            if is_iso_date(word.trim_matches(|c: char| !c.is_ascii_alphanumeric())) {
                seam(format!("a date as ISO: {word:?}"));
            }
        }
        let name = profile.person.name.get_ref().trim().to_string();
        if name.split_whitespace().count() > 1 && text.contains(&name) {
            seam(format!("the full name {name:?} in direct address"));
        }
        for agreement in [
            "1 goal",
            "one goals",
            "one years",
            "one strengths",
            "one areas",
        ] {
            if text.contains(agreement) {
                seam(format!("{agreement:?}"));
            }
        }
        if profile.growth_plan.goals.len() == 1 && text.contains("check each") {
            seam("\"check each\" with one goal".to_string());
        }
        if profile.introspection.strengths.len() == 1 && text.contains("these strengths") {
            seam("\"these strengths\" with one strength".to_string());
        }
        if profile.introspection.weaknesses.len() == 1 && text.contains("the weaknesses from") {
            seam("\"the weaknesses\" with one weakness".to_string());
        }
        if profile.resume.to_develop.len() == 1 && text.contains("some areas") {
            seam("\"some areas\" with one area".to_string());
        }

        assert_eq!(prose.answers.len(), 2, "two example answers");
        for answer in &prose.answers {
            check_answer(answer, &profile, &source, &rules, &mut seam);
        }
    }
    assert!(problems.is_empty(), "seams:\n{}", problems.join("\n"));
}

fn check_answer(
    answer: &str,
    profile: &Profile,
    source: &str,
    rules: &prepbook::review::Rules,
    seam: &mut dyn FnMut(String),
) {
    for third_person in ["someone who has grown", "they started", "the job they"] {
        if answer.contains(third_person) {
            seam(format!("third person in an answer: {third_person:?}"));
        }
    }
    for word in ["business", "market"] {
        if answer.contains(word) && !source.contains(word) {
            seam(format!("{word:?} in an answer"));
        }
    }
    if answer.contains("operations, marketing and sales") {
        seam("the fallback areas of a business".to_string());
    }
    if let Some(mission) = &profile.company.mission {
        let quoted: String = mission
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        if answer.contains(&quoted) {
            seam("the mission quoted in an answer".to_string());
        }
    }
    let values = profile
        .company
        .values
        .iter()
        .filter(|v| answer.contains(v.as_str()))
        .count();
    if values > 2 {
        seam(format!("{values} values in one answer"));
    }
    for short in [
        "In one year",
        "In two years",
        "In three years",
        "In four years",
    ] {
        if answer.starts_with(short) {
            seam(format!("a long view that is short: {short:?}"));
        }
    }
    // The chapter promises no more than two hundred words, within the
    // review's window.
    let words = prepbook::review::text::words(answer, &rules.words).len();
    let seconds = words * 60 / rules.speaking.words_per_minute as usize;
    if words > 200 || seconds > rules.speaking.max_seconds as usize {
        seam(format!("an answer of {words} words, about {seconds} s"));
    }
}

#[test]
fn the_edge_case_profiles_build() {
    let paths: Vec<PathBuf> = profiles();
    let refs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let out = common::build(&refs);
    let text = common::pdf_text(&out.path().join("hr-one-year.pdf"));
    assert!(text.contains("as an HR coordinator"), "the article of HR");
    assert!(text.contains("Good luck, Ruth."));
    assert!(text.contains("(by June 2027)"));
    let text = common::pdf_text(&out.path().join("ux-three-years.pdf"));
    assert!(text.contains("as a UX researcher"), "the article of UX");
    assert!(
        text.contains("In five years, I would like"),
        "the long view"
    );
}
