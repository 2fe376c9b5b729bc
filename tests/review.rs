//! Feedback on a drafted answer: the review's verdicts on drafts of known
//! quality, `prepbook review` on the terminal, and the feedback section of
//! the PDF.

mod common;

use std::collections::BTreeMap;

use common::drafts;
use prepbook::load::profile::Profile;
use prepbook::review::{self, Context, Rules};

fn verdicts(review: &review::Review) -> BTreeMap<String, String> {
    review
        .findings
        .iter()
        .map(|f| {
            let verdict = serde_json::to_value(f.verdict).expect("a verdict");
            (
                f.check.to_string(),
                verdict.as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Checks each draft of a fixture file against the rules of a content
/// folder, for a profile.
fn check_drafts(content: &str, profile: &str, drafts_file: &str) {
    let rules = Rules::load(&prepbook::load::folder::Folder::Disk(
        common::repo().join(content),
    ))
    .expect("valid rules")
    .expect("the project has rules");
    let profile = Profile::load(&common::repo().join(profile), &common::repo())
        .expect("profile")
        .profile;
    let context = Context::of(&profile);
    let drafts = common::drafts_in(drafts_file);
    assert!(drafts.len() >= 10, "at least ten drafts");
    for draft in &drafts {
        let review = review::review(&rules, &context, &draft.text).expect("a draft has words");
        assert_eq!(verdicts(&review), draft.expect, "draft {:?}", draft.name);
        for finding in &review.findings {
            if let Some(sentence) = &finding.sentence {
                // A long sentence is quoted up to a cut, marked with "…".
                let quoted = sentence.strip_suffix('\u{2026}').unwrap_or(sentence);
                assert!(
                    quoted.chars().count() <= prepbook::review::check::QUOTE_CHARS,
                    "draft {:?}: a quote of {} characters",
                    draft.name,
                    quoted.chars().count()
                );
                assert!(
                    draft.text.contains(quoted),
                    "draft {:?}: {} quotes a sentence that is not in the draft: {sentence}",
                    draft.name,
                    finding.check
                );
            }
            assert!(
                !finding.message.contains('{'),
                "a placeholder is left in {:?}",
                finding.message
            );
        }
    }
}

#[test]
fn each_draft_gets_the_verdicts_it_deserves() {
    check_drafts("content", "profiles/example.toml", "review/drafts.toml");
}

#[test]
fn each_spanish_draft_gets_the_verdicts_it_deserves() {
    check_drafts(
        "content/es",
        "profiles/es/ejemplo.toml",
        "review/drafts-es.toml",
    );
}

#[test]
fn spanish_words_match_without_their_accents() {
    let path = common::repo().join("content/es/review.toml");
    let text = std::fs::read_to_string(&path).expect("the Spanish rules");
    let parse = |text: String| {
        Rules::parse(&prepbook::diagnostics::SourceFile::new("review.toml", text)).expect("valid")
    };
    let folding = parse(text.clone());
    assert!(folding.words.fold_accents);
    let exact = parse(text.replace("fold_accents = true", "fold_accents = false"));
    let profile = Profile::load(
        &common::repo().join("profiles/es/ejemplo.toml"),
        &common::repo(),
    )
    .expect("profile")
    .profile;
    let draft = common::drafts_in("review/drafts-es.toml")
        .into_iter()
        .find(|d| d.name == "escrita sin tildes")
        .expect("the draft typed without accents");
    let aspiration = |rules: &Rules| {
        let review = review::review(rules, &Context::of(&profile), &draft.text).expect("words");
        let finding = review
            .findings
            .into_iter()
            .find(|f| f.check == "aspiration");
        finding.expect("the aspiration check").verdict
    };
    // "Mi aspiracion" is "aspiración" only when accents are folded.
    assert_eq!(aspiration(&folding), review::Verdict::Pass);
    assert_eq!(aspiration(&exact), review::Verdict::Fail);
}

#[test]
fn a_missing_check_quotes_where_to_add_and_names_an_example() {
    let rules = Rules::load(&prepbook::load::folder::Folder::Disk(
        common::repo().join("content"),
    ))
    .expect("valid")
    .expect("present");
    let profile = Profile::load(
        &common::repo().join("profiles/example.toml"),
        &common::repo(),
    )
    .expect("profile")
    .profile;
    let draft = drafts()
        .into_iter()
        .find(|d| d.name == "generic")
        .expect("the generic draft");
    let review = review::review(&rules, &Context::of(&profile), &draft.text).expect("words");
    let specific = review
        .findings
        .iter()
        .find(|f| f.check == "specific")
        .expect("the specific check");
    assert!(
        specific.message.contains("analytical thinking"),
        "{}",
        specific.message
    );
    assert!(specific.sentence.is_some());
}

#[test]
fn review_prints_the_verdicts_and_exits_zero_whatever_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let answers = dir.path().join("answers.toml");
    std::fs::write(
        &answers,
        "[aspiration]\ndraft_answer = \"I hate my boss and want more money.\"\n",
    )
    .expect("write");
    let output = common::prepbook(
        &common::repo(),
        &[
            "review",
            "profiles/example.toml",
            "--answers",
            &answers.display().to_string(),
        ],
    );
    assert!(output.status.success(), "exit status {:?}", output.status);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("[Needs work] Stays positive"), "{text}");
    assert!(
        text.contains("> I hate my boss and want more money."),
        "{text}"
    );

    let output = common::prepbook(
        &common::repo(),
        &["review", "profiles/example.toml", "--json"],
    );
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let checks: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["check"].as_str())
        .collect();
    assert_eq!(
        checks,
        ["aspiration", "company", "positive", "specific", "length"]
    );

    let output = common::prepbook(&common::repo(), &["review", "profiles/minimal.toml"]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("no draft answer"));

    // In Spanish, with the Spanish rules.
    let output = common::prepbook(
        &common::repo(),
        &["--language", "es", "review", "profiles/es/ejemplo.toml"],
    );
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("77 palabras, unos 31 segundos en voz alta.")
            && text.contains("[Bien] Conecta con Cosecha Viva")
            && text.contains("[Mejorable] Dura entre 45 y 90 segundos"),
        "{text}"
    );
}

#[test]
fn the_pdf_has_a_feedback_section_only_when_there_is_a_draft() {
    let out = common::build(&[
        &common::repo().join("profiles/example.toml"),
        &common::repo().join("profiles/minimal.toml"),
    ]);
    let example = common::pdf_text(&out.path().join("example.pdf"));
    let at = example
        .find("Feedback on your answer")
        .expect("the example's draft gets feedback");
    let section = &example[at..];
    for title in [
        "Leads with an aspiration",
        "Connects to Brightwater Solar",
        "Stays positive",
        "Sounds like you",
        "Takes 45 to 90 seconds to say",
    ] {
        assert!(section.contains(title), "no {title:?} in the feedback");
    }
    let minimal = common::pdf_text(&out.path().join("minimal.pdf"));
    assert!(!minimal.contains("Feedback on your answer"));
}

#[test]
fn changed_review_rules_rebuild_every_workbook() {
    let project = common::project_copy();
    let dir = project.path();
    let build = || {
        let output = common::prepbook(dir, &["build", "profiles/example.toml"]);
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    build();
    assert!(build().contains("up to date example"));
    let rules = dir.join("content/review.toml");
    let text = std::fs::read_to_string(&rules).expect("rules");
    std::fs::write(&rules, text.replace("max_seconds = 90", "max_seconds = 80")).expect("write");
    assert!(build().contains("built example"));
    let pdf = common::pdf_text(&dir.join("out/example.pdf"));
    assert!(pdf.contains("Takes 45 to 80 seconds to say"));
}

#[test]
fn a_typo_in_the_review_rules_is_reported_at_its_line() {
    let project = common::project_copy();
    let dir = project.path();
    let rules = dir.join("content/review.toml");
    let text = std::fs::read_to_string(&rules).expect("rules");
    std::fs::write(&rules, text.replace("words_per_minute", "words_per_minit")).expect("write");
    let output = common::prepbook(dir, &["check"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = text
        .lines()
        .position(|l| l.starts_with("words_per_minute"))
        .expect("the pace")
        + 1;
    assert!(
        stderr.contains(&format!("review.toml:{line}:")),
        "no located error:\n{stderr}"
    );
}
