//! The HTML workbook in a real browser: headless chromium opens the built
//! file from disk, and each test does what a person would (type, reload,
//! export, print, read on a phone) and checks what they would see.
//!
//! Needs `chromium` and `chromium-driver` (Debian) and, for the accessibility
//! check, `npm ci --prefix tests/browser`. Without them these tests skip,
//! unless `CI=true`.

mod common;
#[path = "browser/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use fantoccini::key::Key;
use fantoccini::wd::PrintSize;
use harness::Browser;
use serde_json::{json, Value};

/// The hostile profile's name: markup, Markdown and template syntax.
const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)> *Zoë* _O'Brien_ \\ {{person.name}}";

/// The example and hostile workbooks, built once by the real binary.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        common::build(&[
            &common::repo().join("profiles/example.toml"),
            &common::fixture("profiles/hostile.toml"),
        ])
    })
    .path()
}

fn example() -> PathBuf {
    built().join("example.html")
}

fn hostile() -> PathBuf {
    built().join("hostile.html")
}

/// The progress indicator's text, read as (answered, of all).
fn progress(browser: &Browser) -> (u64, u64) {
    let text = browser.js(
        "return document.getElementById('progress-text').textContent",
        vec![],
    );
    let text = text.as_str().expect("progress text");
    let numbers: Vec<u64> = text
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    assert!(
        numbers.len() == 2 && text.ends_with("answered"),
        "progress reads {text:?}, not \"N of M answered\""
    );
    (numbers[0], numbers[1])
}

fn value(browser: &Browser, selector: &str) -> String {
    browser
        .js(
            "return document.querySelector(arguments[0]).value",
            vec![json!(selector)],
        )
        .as_str()
        .expect("a text field")
        .to_string()
}

fn strings(value: Value) -> Vec<String> {
    serde_json::from_value(value).expect("a list of strings")
}

#[test]
fn typed_answers_survive_a_reload_and_count_in_the_progress() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    let (answered, total) = progress(&browser);
    let fields = browser.js(
        "return document.querySelectorAll('textarea[data-prompt-id]').length
            + new Set(Array.from(document.querySelectorAll('input[type=radio][data-prompt-id]'),
                r => r.dataset.promptId)).size",
        vec![],
    );
    assert_eq!(Some(total), fields.as_u64(), "M counts every prompt");

    // An empty prompt answered, and a pre-filled one rewritten.
    let empty = "#ws-introspection-flaws";
    assert_eq!(value(&browser, empty), "", "this prompt has no pre-fill");
    let reframe = "Being too blunt: I now say the hard thing kindly.";
    browser.type_into(empty, reframe);
    assert_eq!(progress(&browser), (answered + 1, total));
    let strengths = "Patience\nCuriosity under pressure";
    browser.type_into("#ws-introspection-strengths", strengths);
    assert_eq!(progress(&browser), (answered + 1, total));
    let sort_choice = "input[name='aspiration-or-goal.sort.1']:checked";
    let before = browser.js(
        "return document.querySelector(arguments[0])",
        vec![json!(sort_choice)],
    );
    assert_eq!(before, Value::Null, "the first statement starts unsorted");
    browser.click("label[for='ws-aspiration-or-goal-sort-1-0']");
    assert_eq!(progress(&browser), (answered + 2, total));

    let stored = browser.js(
        "var prefix = 'prepbook:' + document.body.dataset.workbookId + ':';
         return [localStorage.getItem(prefix + 'introspection-flaws'),
                 localStorage.getItem(prefix + 'introspection.strengths')]",
        vec![],
    );
    assert_eq!(
        stored,
        json!([reframe, strengths]),
        "saved under prepbook:<workbook id>:<prompt id>"
    );

    browser.reload();
    assert_eq!(value(&browser, empty), reframe, "lost on reload");
    assert_eq!(value(&browser, "#ws-introspection-strengths"), strengths);
    let checked = browser.js(
        "return document.querySelector('#ws-aspiration-or-goal-sort-1-0').checked",
        vec![],
    );
    assert_eq!(checked, json!(true), "the sorting choice is lost on reload");
    assert_eq!(
        progress(&browser),
        (answered + 2, total),
        "progress after the reload"
    );
    let mirror = browser.js(
        "return document.querySelector('#ws-introspection-flaws + .print-answer').textContent",
        vec![],
    );
    assert_eq!(
        mirror,
        json!(reframe),
        "the printed copy is not the typed text"
    );

    // "Clear my answers" forgets them all and brings the profile's text back.
    browser.click("#clear-answers");
    browser.accept_dialog();
    assert_eq!(progress(&browser), (answered, total));
    assert_eq!(value(&browser, empty), "");
    let left = browser.js(
        "return Object.keys(localStorage).filter(k => k.startsWith('prepbook:'))",
        vec![],
    );
    assert_eq!(left, json!([]), "answers are still saved after clearing");
    browser.reload();
    let prefill = browser.js(
        "var t = document.getElementById('ws-introspection-strengths');
         return t.value === t.defaultValue && t.value.length > 0",
        vec![],
    );
    assert_eq!(prefill, json!(true), "the profile's text is not back");
}

#[test]
fn exported_answers_build_into_the_next_pdf() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    let goal = "Lead the Zanzibar pilot by June 2027";
    let steps = "Book a \"quoted\" call with C:\\Quillon\nDraft the xylophone plan";
    let reframe = "Zoë rehearses: impatience becomes urgency";
    browser.type_into("#ws-growth_plan-goals", goal);
    browser.type_into("#ws-aspiration-draft_answer", steps);
    browser.type_into("#ws-introspection-flaws", reframe);

    browser.click("#export-answers");
    let file = browser.download("answers-example.toml");
    let toml = std::fs::read_to_string(&file).expect("exported file");
    assert!(
        toml.contains("[growth_plan]") && toml.contains("[aspiration]"),
        "answers are not nested under their profile sections:\n{toml}"
    );
    let status = browser.js(
        "return document.getElementById('answers-status').textContent",
        vec![],
    );
    assert!(
        status
            .as_str()
            .is_some_and(|s| s.contains("answers-example.toml")),
        "the page does not say what it downloaded: {status}"
    );

    let out = tempfile::tempdir().expect("temp dir");
    let output = common::prepbook(
        &common::repo(),
        &[
            "build",
            "profiles/example.toml",
            "--answers",
            &file.display().to_string(),
            "--format",
            "pdf",
            "--out",
            &out.path().display().to_string(),
        ],
    );
    assert!(
        output.status.success(),
        "build --answers failed:\n{}\nwith:\n{toml}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = common::pdf_text(&out.path().join("example.pdf"));
    for typed in [
        goal,
        "Book a \"quoted\" call with C:\\Quillon",
        "Draft the xylophone plan",
        reframe,
    ] {
        assert!(
            pdf.contains(typed),
            "the PDF built with the exported answers lacks {typed:?}"
        );
    }
}

#[test]
fn page_logs_no_errors_and_loads_nothing_from_outside() {
    let Some(browser) = Browser::open() else {
        return;
    };
    for page in [example(), hostile()] {
        browser.clear_logs();
        let url = browser.open_file(&page);
        // Exercise the script: type, use the menu on a phone, export, scroll.
        browser.type_into("#ws-introspection-flaws", "Typed in the test");
        browser.click("#export-answers");
        browser.download(&format!(
            "answers-{}.toml",
            page.file_stem().expect("stem").to_string_lossy()
        ));
        browser.viewport(375, 812);
        browser.click("#menu-button");
        browser.click(".toc a[data-chapter]:last-of-type");
        browser.js("window.scrollTo(0, document.body.scrollHeight)", vec![]);
        browser.viewport(1280, 900);

        let csp = browser.js(
            "var meta = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');
             return meta && meta.getAttribute('content')",
            vec![],
        );
        let csp = csp.as_str().unwrap_or_default();
        assert!(
            csp.starts_with("default-src 'none'")
                && !csp.contains("http")
                && !csp.contains("'self'"),
            "no Content-Security-Policy forbids outside loads: {csp:?}"
        );
        let outside = strings(browser.js(
            "return Array.from(document.querySelectorAll('[src], link[href]'),
                e => e.getAttribute('src') || e.getAttribute('href'))
              .filter(u => !u.startsWith('data:'))
              .concat(performance.getEntriesByType('resource').map(e => e.name))",
            vec![],
        ));
        assert!(
            outside.is_empty(),
            "the page refers to outside files: {outside:?}"
        );
        let requests: Vec<String> = browser
            .requests()
            .into_iter()
            .filter(|request| *request != url && !request.starts_with("data:"))
            .collect();
        assert!(
            requests.is_empty(),
            "{}: requests {requests:?}",
            page.display()
        );
        let errors = browser.errors();
        assert!(errors.is_empty(), "{}: errors {errors:#?}", page.display());
    }
}

#[test]
fn no_horizontal_scrolling_at_phone_and_desktop_widths() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    for (width, height) in [(375, 812), (1280, 900)] {
        browser.viewport(width, height);
        for drawer in [false, true] {
            if drawer && width < 1000 {
                browser.click("#menu-button");
            }
            let overflow = browser.js(
                "var root = document.documentElement;
                 window.scrollTo(100000, window.scrollY);
                 var wide = Array.from(document.querySelectorAll('body *'))
                   .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                     && getComputedStyle(e).visibility !== 'hidden')
                   .slice(0, 5).map(e => e.tagName + '.' + e.className);
                 return {scroll: root.scrollWidth, width: root.clientWidth,
                         x: window.scrollX, inner: window.innerWidth, wide: wide}",
                vec![],
            );
            let (scroll, client) = (overflow["scroll"].as_u64(), overflow["width"].as_u64());
            assert_eq!(
                overflow["inner"].as_u64(),
                Some(width.into()),
                "the viewport is not {width} px wide: {overflow}"
            );
            assert!(
                scroll <= client && overflow["x"] == json!(0),
                "at {width} px (menu open: {drawer}) the page scrolls sideways: {overflow}"
            );
            if drawer && width < 1000 {
                browser.click("#drawer-close");
            }
        }
    }
}

#[test]
fn contents_are_a_sidebar_on_wide_screens_and_a_menu_on_phones() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    // Whether an element is on screen, once any sliding has settled.
    let shown = |selector: &str, expected: bool| {
        let script = format!(
            "var e = document.querySelector('{selector}');
             var box = e.getBoundingClientRect();
             var on = getComputedStyle(e).visibility === 'visible' && box.width > 0
               && box.right > 0 && box.left < document.documentElement.clientWidth;
             return on === {expected}"
        );
        browser.wait_for(&format!("{selector} to be shown: {expected}"), &script);
    };
    let chapters = strings(browser.js(
        "return Array.from(document.querySelectorAll('main .chapter'), c => c.id)",
        vec![],
    ));
    assert_eq!(chapters.len(), common::chapter_titles().len());

    browser.viewport(1280, 900);
    shown(".toc", true);
    shown("#menu-button", false);
    browser.js(
        "document.getElementById(arguments[0]).scrollIntoView()",
        vec![json!(chapters[2])],
    );
    browser.wait_for(
        "the third chapter to be current in the contents",
        &format!(
            "var a = document.querySelector('.toc a[aria-current]');
             return !!a && a.dataset.chapter === '{}'
               && document.querySelectorAll('.toc a[aria-current]').length === 1",
            chapters[2]
        ),
    );
    let next = browser.js(
        "return document.querySelector('#' + arguments[0] + ' a[rel=next]').getAttribute('href')",
        vec![json!(chapters[2])],
    );
    assert_eq!(
        next,
        json!(format!("#{}", chapters[3])),
        "no link to the next chapter"
    );

    browser.viewport(375, 812);
    shown(".toc", false);
    shown("#menu-button", true);
    browser.click("#menu-button");
    shown(".toc", true);
    let expanded = browser.js(
        "return document.getElementById('menu-button').getAttribute('aria-expanded')",
        vec![],
    );
    assert_eq!(expanded, json!("true"));
    browser.click(&format!(".toc a[data-chapter='{}']", chapters[5]));
    browser.wait_for(
        "the drawer to close and the sixth chapter to be current",
        &format!(
            "var a = document.querySelector('.toc a[aria-current]');
             return !document.body.classList.contains('drawer-open')
               && !!a && a.dataset.chapter === '{}'",
            chapters[5]
        ),
    );
    shown(".toc", false);
}

#[test]
fn dark_mode_follows_the_system_setting() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    let luminance = || {
        let rgb = browser.js(
            "return getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number)",
            vec![],
        );
        let rgb: Vec<f64> = serde_json::from_value(rgb).expect("rgb");
        (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255.0
    };
    browser.color_scheme("light");
    let light = luminance();
    browser.color_scheme("dark");
    let dark = luminance();
    assert!(
        light > 0.8 && dark < 0.2,
        "background luminance: light {light:.2}, dark {dark:.2}"
    );
}

#[test]
fn axe_finds_no_serious_violations_nor_outline_or_landmark_problems() {
    let Some(axe) = harness::axe_source() else {
        return;
    };
    let Some(browser) = Browser::open() else {
        return;
    };
    let mut problems = Vec::new();
    for page in [example(), hostile(), spanish()] {
        browser.open_file(&page);
        browser.js(&axe, vec![]);
        for (width, scheme, drawer) in [
            (1280, "light", false),
            (1280, "dark", false),
            (375, "light", true),
            (375, "dark", false),
        ] {
            browser.viewport(width, 900);
            browser.color_scheme(scheme);
            if drawer {
                browser.click("#menu-button");
            }
            let violations = browser.js_async(
                "var done = arguments[arguments.length - 1];
                 // Whatever their impact: the page's outline and landmarks.
                 var structural = ['heading-order', 'page-has-heading-one', 'region',
                   'landmark-one-main', 'landmark-unique', 'bypass', 'empty-heading'];
                 axe.run(document, {resultTypes: ['violations']})
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical'
                       || structural.includes(v.id))
                     .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at '
                       + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]))",
                vec![],
            );
            for violation in strings(violations) {
                problems.push(format!(
                    "{} at {width} px, {scheme}: {violation}",
                    page.file_name().expect("name").to_string_lossy()
                ));
            }
            if drawer {
                browser.click("#drawer-close");
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn keyboard_users_can_skip_to_the_content_and_see_the_focus() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    // The focused element, and whether a focus ring of 2 px or more shows.
    let focused = || {
        browser.js(
            "var e = document.activeElement;
             var box = e.getBoundingClientRect();
             // A radio button's ring is drawn around its label.
             var ring = [e, e.closest('label')].some(function (r) {
               var style = r && getComputedStyle(r);
               return !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
             });
             return {
               what: e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className,
               id: e.id,
               on_screen: box.bottom > 0 && box.top < innerHeight && box.width > 0,
               ring: ring
             }",
            vec![],
        )
    };
    browser.press(Key::Tab);
    let first = focused();
    assert_eq!(
        first["what"],
        json!("A.skip-link"),
        "the first Tab does not reach the skip link"
    );
    assert_eq!(
        first["on_screen"],
        json!(true),
        "the skip link stays hidden when focused: {first}"
    );
    assert_eq!(first["ring"], json!(true), "no focus ring: {first}");
    browser.press(Key::Enter);
    browser.wait_for(
        "the skip link to move the focus to the main content",
        "return document.activeElement.id === 'main'",
    );
    for _ in 0..5 {
        browser.press(Key::Tab);
        browser.wait_for(
            "the focused element to scroll into view",
            "var box = document.activeElement.getBoundingClientRect();
             return box.width > 0 && box.bottom > 0 && box.top < innerHeight",
        );
        let now = focused();
        assert_eq!(now["ring"], json!(true), "no visible focus ring: {now}");
    }
    browser.click("#ws-introspection-flaws");
    let field = focused();
    assert_eq!(field["id"], json!("ws-introspection-flaws"));
    assert_eq!(
        field["ring"],
        json!(true),
        "a focused text box shows no ring: {field}"
    );
}

#[test]
fn hostile_values_and_answers_stay_text_and_run_nothing() {
    let Some(browser) = Browser::open() else {
        return;
    };
    // Before any page script runs: record calls to alert instead of blocking.
    browser.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({"source": "window.__alerts = []; window.alert = function (m) { window.__alerts.push(String(m)); };"}),
    );
    browser.open_file(&hostile());
    let typed = "<img src=y onerror=alert(2)><script>alert(3)</script> {{x}} **b**";
    browser.type_into("#ws-introspection-flaws", typed);
    browser.reload();

    let page = browser.js(
        "return {
           text: document.body.innerText,
           title: document.title,
           owner: document.querySelector('.workbook-owner').textContent,
           injected: document.querySelectorAll('img, b, i, [onerror], a[href^=\"javascript\"]').length,
           scripts: document.querySelectorAll('script:not([type=\"application/json\"])').length,
           data: Array.from(document.querySelectorAll('script[type=\"application/json\"]'),
             function (s) { return s.id; }),
           alerts: window.__alerts,
           answer: document.getElementById('ws-introspection-flaws').value,
           mirror: document.querySelector('#ws-introspection-flaws + .print-answer').textContent
         }",
        vec![],
    );
    assert!(
        page["alerts"].is_array(),
        "the alert trap was not installed before the page: {page}"
    );
    assert_eq!(page["alerts"], json!([]), "the page called alert");
    assert_eq!(
        page["injected"],
        json!(0),
        "an element was injected: {page}"
    );
    assert_eq!(
        page["scripts"],
        json!(1),
        "only the theme's script may exist"
    );
    assert_eq!(
        page["data"],
        json!(["workbook-strings", "review-rules", "review-context"]),
        "the only other script elements are the page's words and the review's data"
    );
    // The name is isolated (FSI … PDI) from the sentence around it.
    assert_eq!(
        page["owner"],
        json!(format!("For \u{2068}{HOSTILE_NAME}\u{2069}"))
    );
    assert!(page["title"]
        .as_str()
        .is_some_and(|t| t.contains(HOSTILE_NAME)));
    assert!(
        common::collapse(page["text"].as_str().unwrap_or_default()).contains(HOSTILE_NAME),
        "the name is not shown literally"
    );
    assert_eq!(page["answer"], json!(typed));
    assert_eq!(
        page["mirror"],
        json!(typed),
        "the typed answer is not text in print"
    );
    let errors = browser.errors();
    assert!(errors.is_empty(), "errors: {errors:#?}");
}

#[test]
fn print_hides_navigation_and_shows_typed_answers() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&example());
    let typed = "Printed quokka answer";
    browser.type_into("#ws-introspection-flaws", typed);
    // Every answered prompt: its question, and the last line of its answer.
    let prompts: Vec<(String, String)> = serde_json::from_value(browser.js(
        "return Array.from(document.querySelectorAll('.prompt'), p => [
           p.querySelector('label').textContent,
           p.querySelector('textarea').value.trim().split('\\n').pop()
         ]).filter(p => p[1])",
        vec![],
    ))
    .expect("prompts");
    let progress = browser.js(
        "return document.getElementById('progress-text').textContent",
        vec![],
    );

    // Where a prompt falls on the page depends on the paper: try three.
    for (paper, size) in [
        ("A4", PrintSize::A4),
        ("US Letter", PrintSize::US_LETTER),
        (
            "A5",
            PrintSize {
                width: 14.8,
                height: 21.0,
            },
        ),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = dir.path().join("printed.pdf");
        std::fs::write(&pdf, browser.print_pdf(size)).expect("write pdf");
        let pages: Vec<String> = common::pdf_pages_text(&pdf)
            .iter()
            .map(|page| common::collapse(page))
            .collect();
        let all = pages.join(" ");

        for hidden in [
            "Skip to main content",
            "Clear my answers",
            "Next chapter",
            "Previous chapter",
            "What you type is kept in this browser",
            progress.as_str().expect("progress text"),
        ] {
            assert!(!all.contains(hidden), "{paper}: {hidden:?} is printed");
        }
        assert_eq!(
            all.matches(typed).count(),
            1,
            "{paper}: the typed answer is not printed exactly once"
        );
        assert!(prompts.len() > 10, "the example pre-fills most prompts");
        for (question, answer) in &prompts {
            let question = common::collapse(question);
            let question: String = question.chars().take(40).collect();
            let answer: String = common::collapse(answer).chars().take(30).collect();
            let page = pages.iter().position(|page| page.contains(&question));
            assert!(
                page.is_some_and(|page| pages[page].contains(&answer)),
                "{paper}: {question:?} is printed on page {page:?} without the end of its answer {answer:?}"
            );
        }
        for (number, title) in common::chapter_titles().iter().enumerate() {
            let kicker = format!("CHAPTER {}", number + 1);
            let start = pages.iter().position(|page| page.starts_with(&kicker));
            assert!(
                start.is_some_and(|start| pages[start].contains(title.as_str())),
                "{paper}: chapter {} ({title}) does not start a page",
                number + 1
            );
        }
    }
}

/// The Spanish example workbook, built once by the real binary.
fn spanish() -> PathBuf {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        common::build_in(
            Some("es"),
            &[&common::repo().join("profiles/es/ejemplo.toml")],
        )
    })
    .path()
    .join("ejemplo.html")
}

/// Types each draft of `drafts_file` into the page's draft box and checks
/// that the live feedback agrees with the review of the terminal, under
/// the rules of `content` and for `profile`.
fn check_live_drafts(page: &Path, content: &str, profile: &str, drafts_file: &str) {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(page);
    let rules = prepbook::review::Rules::load(&prepbook::load::folder::Folder::Disk(
        common::repo().join(content),
    ))
    .expect("valid rules")
    .expect("present");
    let profile =
        prepbook::load::profile::Profile::load(&common::repo().join(profile), &common::repo())
            .expect("profile")
            .profile;
    let context = prepbook::review::Context::of(&profile);
    let panel = browser.js(
        "var p = document.getElementById('live-review');
         return p && p.previousElementSibling ? p.previousElementSibling.id : null",
        vec![],
    );
    assert_eq!(
        panel,
        json!("feedback-on-your-answer"),
        "the live feedback takes the place of the printed section"
    );
    for draft in common::drafts_in(drafts_file) {
        let seen = browser.js(
            "var box = document.querySelector('textarea[data-prompt-id=\"aspiration.draft_answer\"]');
             box.value = arguments[0];
             box.dispatchEvent(new Event('input', { bubbles: true }));
             return Array.from(document.querySelectorAll('#live-review [data-check]'), function (item) {
               var quote = item.querySelector('.finding-quote');
               return [item.dataset.check, item.dataset.verdict,
                       quote ? quote.textContent.slice(1, -1) : null];
             })",
            vec![json!(draft.text)],
        );
        let review = prepbook::review::review(&rules, &context, &draft.text).expect("words");
        let terminal: Vec<Value> = review
            .findings
            .iter()
            .map(|f| json!([f.check, f.verdict, f.sentence]))
            .collect();
        assert_eq!(seen, json!(terminal), "draft {:?}", draft.name);
        let verdicts: std::collections::BTreeMap<String, String> = strings_pairs(&seen);
        assert_eq!(
            verdicts, draft.expect,
            "draft {:?} in the browser",
            draft.name
        );
    }
    assert_eq!(browser.errors(), Vec::<String>::new());
}

#[test]
fn drafts_get_the_same_feedback_as_they_type_as_on_the_terminal() {
    check_live_drafts(
        &example(),
        "content",
        "profiles/example.toml",
        "review/drafts.toml",
    );
}

#[test]
fn spanish_drafts_get_the_same_feedback_as_they_type_as_on_the_terminal() {
    check_live_drafts(
        &spanish(),
        "content/es",
        "profiles/es/ejemplo.toml",
        "review/drafts-es.toml",
    );
}

#[test]
fn the_spanish_workbook_speaks_spanish_as_the_person_works() {
    let Some(browser) = Browser::open() else {
        return;
    };
    browser.open_file(&spanish());
    let mut said = Vec::new();
    let text_of = |selector: &str| {
        browser
            .js(
                "var e = document.querySelector(arguments[0]); return e ? e.textContent : ''",
                vec![json!(selector)],
            )
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let progress = text_of("#progress-text");
    assert!(progress.ends_with("respondidas"), "{progress:?}");
    said.push(progress);
    browser.type_into("#ws-introspection-flaws", "Me cuesta decir que no.");
    said.push(text_of("#progress-text"));
    said.push(text_of("#live-review"));
    browser.click("#export-answers");
    browser.download("answers-ejemplo.toml");
    let status = text_of("#answers-status");
    assert!(status.contains("answers-ejemplo.toml"), "{status:?}");
    said.push(status.replace("answers-ejemplo.toml", ""));
    browser.click("#clear-answers");
    said.push(browser.dialog_text());
    browser.accept_dialog();
    said.push(text_of("#answers-status"));
    browser.js(
        "var box = document.querySelector('textarea[data-prompt-id=\"aspiration.draft_answer\"]');
         box.value = '';
         box.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![],
    );
    let waiting = text_of("#live-review");
    assert!(waiting.starts_with("Escribe tu respuesta"), "{waiting:?}");
    said.push(waiting);
    // On a phone, tables that scroll sideways are labelled for screen readers.
    browser.viewport(375, 812);
    browser.js("window.dispatchEvent(new Event('resize'))", vec![]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    said.extend(strings(browser.js(
        "return Array.from(document.querySelectorAll('[aria-label]'), e => e.getAttribute('aria-label'))",
        vec![],
    )));
    browser.viewport(1280, 900);
    let english: Vec<String> = said
        .iter()
        .flat_map(|text| common::english_words(text))
        .collect();
    assert!(
        english.is_empty(),
        "English on the page: {english:?} in {said:#?}"
    );
    assert_eq!(browser.errors(), Vec::<String>::new());
}

fn strings_pairs(seen: &Value) -> std::collections::BTreeMap<String, String> {
    seen.as_array()
        .expect("a list")
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap_or("").to_string(),
                row[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn without_a_draft_the_feedback_waits_under_the_answer_box() {
    let Some(browser) = Browser::open() else {
        return;
    };
    // The hostile profile has no draft, and hostile values in the review's data.
    browser.open_file(&hostile());
    let placed = browser.js(
        "var panel = document.getElementById('live-review');
         return [document.getElementById('feedback-on-your-answer') === null,
                 panel.closest('.prompt').querySelector('textarea').dataset.promptId,
                 panel.querySelectorAll('[data-check]').length]",
        vec![],
    );
    assert_eq!(placed, json!([true, "aspiration.draft_answer", 0]));
    browser.type_into(
        "#ws-aspiration-draft_answer",
        "I hate my job and I don't know what I want.",
    );
    let verdict = browser.js(
        "return document.querySelector('#live-review [data-check=positive]').dataset.verdict",
        vec![],
    );
    assert_eq!(verdict, json!("fail"));
    assert_eq!(browser.errors(), Vec::<String>::new());
}
