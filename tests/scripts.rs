//! Workbooks in other scripts, built with Debian's Noto fonts as fallback
//! fonts and read back: Arabic, Persian, Hebrew, Hindi (Devanagari),
//! Japanese and Ukrainian. The text comes back in logical order, right-to-
//! left pages are set from the right, the glyphs on the page are the ones
//! rustybuzz gives for the same text and font, and a script the engine
//! cannot set is refused.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::content::Content;
use lopdf::{Document, Object};
use prepbook::load::direction::Direction;

const NOTO: &str = "/usr/share/fonts/truetype/noto";
const NOTO_CJK: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// The fallback fonts every test theme lists, bold Arabic beside regular.
fn fallback_fonts() -> Vec<PathBuf> {
    [
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
        "NotoSansHebrew-Regular.ttf",
        "NotoSansDevanagari-Regular.ttf",
    ]
    .iter()
    .map(|name| Path::new(NOTO).join(name))
    .chain([PathBuf::from(NOTO_CJK)])
    .collect()
}

/// Whether the fonts are installed; CI must have them (`.ci/run` installs
/// fonts-noto-core and fonts-noto-cjk), elsewhere the tests are skipped.
fn fonts_installed(extra: &[PathBuf]) -> bool {
    let missing: Vec<PathBuf> = fallback_fonts()
        .into_iter()
        .chain(extra.iter().cloned())
        .filter(|font| !font.exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must install fonts-noto-core and fonts-noto-cjk: {missing:?}"
    );
    eprintln!("skipped: fonts not installed: {missing:?}");
    false
}

/// A workbook in one language: its chapter and the profile of its reader.
struct Sample {
    language: &'static str,
    title: &'static str,
    chapter_title: &'static str,
    /// Paragraphs; `{name}` stands for the person's name.
    paragraphs: &'static [&'static str],
    list: &'static [&'static str],
    name: &'static str,
    role: &'static str,
    /// The chapter's own language, when the workbook is in another.
    chapter_language: Option<&'static str>,
}

const ARABIC: Sample = Sample {
    language: "ar",
    title: "طموحاتك المهنية",
    chapter_title: "لماذا يسأل المحاورون عن طموحك",
    paragraphs: &[
        "يسأل المحاور يا {name} عن طموحاتك المهنية ليعرف إن كانت أهدافك تسير في اتجاه \
         الشركة نفسه. جهّز إجابة قصيرة وصادقة، ثم راجعها مع فريق Acme Corp قبل المقابلة \
         بثلاثة أيام، أي في 12 مايو 2025.",
        "ليس مطلوبا منك أن تعرف المستقبل بدقة، ولا أن تلتزم بمسمى وظيفي بعد سنوات. المهم \
         أن تظهر أنك فكرت في طريقك، وأن هذه الوظيفة خطوة منطقية فيه، وأنك ستتعلم فيها \
         وتقدم للفريق ما يحتاجه في كل مرحلة من مراحل عمله.",
    ],
    list: &[
        "اعرف ما يهمك في العمل.",
        "اربط هدفك بما تقدمه الشركة.",
        "تدرّب على الإجابة بصوت مسموع.",
    ],
    name: "ليلى حسن",
    role: "محللة بيانات",
    chapter_language: None,
};

const PERSIAN: Sample = Sample {
    language: "fa",
    title: "آمادگی برای مصاحبه",
    chapter_title: "چرا مصاحبه‌گر می‌پرسد",
    paragraphs: &[
        "{name}، مصاحبه‌گر می‌خواهد بداند که هدف‌های شغلی شما با مسیر شرکت هم‌راستا است یا \
         نه. پاسخی کوتاه و صادقانه آماده کنید و آن را پیش از جلسه با دوستی تمرین کنید؛ \
         مثلاً سه روز پیش از مصاحبه در مهر ۱۴۰۳.",
        "هیچ‌کس انتظار ندارد آینده را دقیق پیش‌بینی کنید. کافی است نشان دهید که به راه خود \
         فکر کرده‌اید و این شغل گامی منطقی در آن راه است که در آن یاد می‌گیرید و به گروه \
         کمک می‌کنید.",
    ],
    list: &[
        "بدانید چه چیزی برایتان مهم است.",
        "هدف خود را به کار شرکت پیوند دهید.",
    ],
    name: "پریسا کاظمی",
    role: "طراح تجربه کاربری",
    chapter_language: None,
};

const HEBREW: Sample = Sample {
    language: "he",
    title: "הכנה לראיון עבודה",
    chapter_title: "למה המראיין שואל",
    paragraphs: &[
        "{name}, המראיין רוצה לדעת אם השאיפות המקצועיות שלך מתאימות לכיוון שבו החברה צועדת. \
         הכן תשובה קצרה וכנה, ותרגל אותה בקול לפני הראיון עם צוות Acme Corp בשנת 2025.",
        "אף אחד לא מצפה שתדע בדיוק מה יקרה בעוד שנים. חשוב להראות שחשבת על הדרך שלך, \
         שהתפקיד הזה הוא צעד הגיוני בה, ושתלמד בו ותתרום לצוות את מה שהוא צריך.",
    ],
    list: &["דע מה חשוב לך בעבודה.", "קשר את המטרה שלך למה שהחברה עושה."],
    name: "נועה לוי",
    role: "מנהלת מוצר",
    chapter_language: None,
};

const HINDI: Sample = Sample {
    language: "hi",
    title: "साक्षात्कार की तैयारी",
    chapter_title: "साक्षात्कार में यह प्रश्न क्यों पूछा जाता है",
    paragraphs: &[
        "{name}, यह कार्यपुस्तिका आपको करियर की आकांक्षाओं वाले प्रश्न के लिए तैयार करती है। \
         उल्टा सोचने के बजाय अपने लक्ष्य को स्पष्ट शब्दों में लिखिए और उसे कंपनी की दिशा \
         से जोड़िए।",
        "अपनी क्षमता, अनुभव और सीखने की इच्छा के बारे में ईमानदारी से बताइए। कोई भी \
         आपसे भविष्य की सटीक भविष्यवाणी की अपेक्षा नहीं करता, पर स्थिति के अनुसार सोची \
         हुई दिशा दिखाना ज़रूरी है।",
    ],
    list: &[
        "जानिए कि आपके लिए क्या महत्वपूर्ण है।",
        "अपने लक्ष्य को कंपनी से जोड़िए।",
    ],
    name: "प्रिया शर्मा",
    role: "डेटा विश्लेषक",
    chapter_language: None,
};

const JAPANESE: Sample = Sample {
    language: "ja",
    title: "面接の準備",
    chapter_title: "面接官がこの質問をする理由",
    paragraphs: &[
        "{name}さん、面接では「あなたのキャリアの目標は何ですか？」と聞かれることがよく\
         あります。答えに正解はありませんが、考えを整理しておくことが大切です。自分の強\
         み、興味、そして会社の方向性を結びつけて、短く、正直に話しましょう。",
        "準備した答えは、声に出して何度か練習してください。友人や家族に聞いてもらい、「\
         分かりやすい」と言われるまで直しましょう。緊張しても、話す順番を覚えていれば大\
         丈夫です。面接官は完璧な答えではなく、あなたの考え方を知りたいのです。",
    ],
    list: &[
        "大切にしていることを書き出す。",
        "会社の方向性と結びつける。",
    ],
    name: "山田花子",
    role: "データアナリスト",
    chapter_language: None,
};

/// A Ukrainian chapter in an English workbook: its own language decides
/// its hyphenation.
const UKRAINIAN: Sample = Sample {
    language: "en",
    title: "Interview preparation",
    chapter_title: "Чому інтерв’юер питає про ваші прагнення",
    paragraphs: &[
        "{name}, роботодавці найчастіше запитують про професійні прагнення, щоб зрозуміти, \
         чи збігаються довгострокові цілі кандидата з напрямом розвитку організації. \
         Відповідальна, доброзичлива й послідовна відповідь демонструє самоусвідомлення, \
         відповідальність, наполегливість та здатність планувати міжнародне співробітництво \
         з найрізноманітнішими підрозділами.",
        "Ніхто не очікує від вас точного передбачення майбутнього. Важливо показати, що ви \
         обміркували свій шлях і що ця посада є логічним кроком, на якому ви навчатиметеся \
         та допомагатимете колективу досягати результатів.",
    ],
    list: &[
        "Визначте, що для вас найважливіше.",
        "Пов’яжіть свою мету з компанією.",
    ],
    name: "Олена Коваленко",
    role: "аналітикиня даних",
    chapter_language: Some("uk"),
};

impl Sample {
    fn paragraph_texts(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .map(|p| p.replace("{name}", self.name))
            .collect()
    }
}

/// A project holding `sample` as its one chapter, with a theme listing the
/// Noto fonts (and `extra` fonts) as fallback fonts.
fn project(sample: &Sample, extra: &[PathBuf]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    common::copy_tree(&common::repo().join("themes"), &root.join("themes"));
    let theme_file = root.join("themes/default/theme.toml");
    let theme = std::fs::read_to_string(&theme_file).expect("theme");
    let fonts: Vec<String> = fallback_fonts()
        .iter()
        .chain(extra)
        .map(|path| toml(&path.display().to_string()))
        .collect();
    // The scripts' fonts first, before the theme's own symbol fonts.
    let theme = theme.replacen(
        "fallback = [",
        &format!("fallback = [{}, ", fonts.join(", ")),
        1,
    );
    assert!(theme.contains(NOTO), "the theme lists the fallback fonts");
    std::fs::write(&theme_file, theme).expect("write theme");
    // The theme's words: English ones stand in for a language the theme
    // has no table for (the furniture's words are not what is tested).
    let words = root.join("themes/default/i18n");
    let table = words.join(format!("{}.toml", sample.language));
    if !table.exists() {
        std::fs::copy(words.join("en.toml"), table).expect("a words table");
    }
    std::fs::write(
        root.join("prepbook.toml"),
        format!(
            "[workbook]\ntitle = {}\nlanguage = {}\ndate = \"2026-11-25\"\n",
            toml(sample.title),
            toml(sample.language)
        ),
    )
    .expect("config");
    std::fs::create_dir_all(root.join("content")).expect("content");
    let mut chapter = format!("+++\ntitle = {}\n", toml(sample.chapter_title));
    if let Some(language) = sample.chapter_language {
        chapter.push_str(&format!("language = {}\n", toml(language)));
    }
    chapter.push_str("+++\n\n");
    for paragraph in sample.paragraphs {
        chapter.push_str(&paragraph.replace("{name}", "{{person.name}}"));
        chapter.push_str("\n\n");
    }
    for item in sample.list {
        chapter.push_str(&format!("- {item}\n"));
    }
    // A callout, whose bar is on the side its text starts.
    chapter.push_str(&format!("\n> [!TIP]\n> {}\n", sample.list[1]));
    chapter.push_str(&format!(
        "\n```worksheet\nid = \"goal\"\ntitle = {}\n\n[[prompt]]\nquestion = {}\nfield = \"person.target_role\"\nlines = 2\n```\n",
        toml(sample.chapter_title),
        toml(sample.list[0])
    ));
    std::fs::write(root.join("content/01-chapter.md"), chapter).expect("chapter");
    std::fs::create_dir_all(root.join("profiles")).expect("profiles");
    std::fs::write(
        root.join("profiles/reader.toml"),
        format!(
            "[person]\nname = {}\ntarget_role = {}\n",
            toml(sample.name),
            toml(sample.role)
        ),
    )
    .expect("profile");
    dir
}

/// `text` as a TOML basic string.
fn toml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Builds the sample's workbook in a temporary project, returning the
/// project (removed when dropped) and its output folder; `None` when the
/// fonts are not installed.
fn build(sample: &Sample) -> Option<(tempfile::TempDir, PathBuf)> {
    if !fonts_installed(&[]) {
        return None;
    }
    let dir = project(sample, &[]);
    let output = common::prepbook(dir.path(), &["build", "profiles/reader.toml"]);
    assert!(
        output.status.success(),
        "{}: {}",
        sample.language,
        String::from_utf8_lossy(&output.stderr)
    );
    let out = dir.path().join("out");
    Some((dir, out))
}

/// Text as compared: no direction marks or joiners, no whitespace and no
/// punctuation (poppler moves a sentence's final stop across the space
/// beside a right-to-left run), words broken at a line end joined again,
/// and no Arabic or Hebrew vowel marks (poppler, reading a mark drawn over
/// its letter in right-to-left text, puts it before the letter, as it does
/// with Chromium's PDFs).
fn comparable(text: &str) -> String {
    text.replace("-\n", "")
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_ascii_punctuation()
                && !is_rtl_mark(*c)
                && !matches!(
                    c,
                    '\u{200C}'..='\u{200F}'
                        | '\u{202A}'..='\u{202E}'
                        | '\u{2066}'..='\u{2069}'
                        | '،' | '؛' | '。' | '、' | '「' | '」' | '？' | '।' | '’'
                )
        })
        .collect()
}

/// Arabic harakat and Hebrew points.
fn is_rtl_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0591}'..='\u{05C7}')
}

fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let output = Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn check_text_in_logical_order(sample: &Sample, pdf: &Path) {
    let text = comparable(&pdftotext(pdf, &[]));
    let expected = [sample.chapter_title, sample.name, sample.role]
        .into_iter()
        .map(str::to_string)
        .chain(sample.paragraph_texts())
        .chain(sample.list.iter().map(|s| s.to_string()));
    for source in expected {
        assert!(
            text.contains(&comparable(&source)),
            "{}: pdftotext does not give back, in order:\n{source}\nin:\n{}",
            sample.language,
            pdftotext(pdf, &[])
        );
    }
}

#[test]
fn arabic_persian_hebrew_hindi_japanese_and_ukrainian_read_back_in_logical_order() {
    for sample in [&ARABIC, &PERSIAN, &HEBREW, &HINDI, &JAPANESE, &UKRAINIAN] {
        let Some((_project, out)) = build(sample) else {
            return;
        };
        check_text_in_logical_order(sample, &out.join("reader.pdf"));
    }
}

/// A word of `pdftotext -bbox-layout`: its box and text.
#[derive(Debug, Clone)]
struct Word {
    x_min: f32,
    x_max: f32,
    y_min: f32,
    text: String,
}

/// The words of each page, line by line.
fn bbox_lines(pdf: &Path) -> Vec<(f32, Vec<Vec<Word>>)> {
    let layout = pdftotext(pdf, &["-bbox-layout"]);
    let attribute = |tag: &str, name: &str| -> f32 {
        let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
        let end = start + tag[start..].find('"').expect("quote");
        tag[start..end].parse().expect("number")
    };
    let mut pages = Vec::new();
    for page in layout.split("<page ").skip(1) {
        let width = attribute(page, "width");
        let mut lines = Vec::new();
        for line in page.split("<line ").skip(1) {
            let words = line
                .split("<word ")
                .skip(1)
                .map(|word| {
                    let (tag, rest) = word.split_once('>').expect("tag");
                    let text = rest.split("</word>").next().unwrap_or_default();
                    Word {
                        x_min: attribute(tag, "xMin"),
                        x_max: attribute(tag, "xMax"),
                        y_min: attribute(tag, "yMin"),
                        text: text.replace("&amp;", "&"),
                    }
                })
                .collect();
            lines.push(words);
        }
        pages.push((width, lines));
    }
    pages
}

/// Whether a word as poppler gives it (right-to-left words come back in
/// the order their letters are drawn) is `wanted`.
fn is_word(word: &Word, wanted: &str) -> bool {
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_ascii_punctuation() && !is_rtl_mark(*c) && !"،؛\u{200C}".contains(*c))
            .collect()
    };
    let (text, wanted) = (letters(&word.text), letters(wanted));
    text == wanted || text.chars().rev().collect::<String>() == wanted
}

/// Points per millimetre.
const MM: f32 = 72.0 / 25.4;

#[test]
fn right_to_left_workbooks_are_set_from_the_right() {
    for sample in [&ARABIC, &PERSIAN, &HEBREW] {
        let Some((_project, out)) = build(sample) else {
            return;
        };
        let pdf = out.join("reader.pdf");
        let pages = bbox_lines(&pdf);
        // A right-to-left book is bound on the right: its odd pages have
        // the inner margin (22 mm) on the right, its even pages the outer
        // one (20 mm).
        let right_edge =
            |number: usize, width: f32| width - if number % 2 == 1 { 22.0 } else { 20.0 } * MM;
        let body = 3;
        let (width, lines) = &pages[body - 1];
        let edge = right_edge(body, *width);
        let line_of = |wanted: &str| {
            lines
                .iter()
                .find(|line| line.iter().any(|w| is_word(w, wanted)))
                .unwrap_or_else(|| panic!("{}: no line holds `{wanted}`", sample.language))
        };
        let right = |line: &[Word]| line.iter().map(|w| w.x_max).fold(0.0, f32::max);
        let left = |line: &[Word]| line.iter().map(|w| w.x_min).fold(f32::MAX, f32::min);
        for paragraph in sample.paragraph_texts() {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            let plain = |w: &str| {
                w.trim_matches(|c: char| c.is_ascii_punctuation() || "،؛".contains(c))
                    .to_string()
            };
            let first = line_of(&plain(words[0]));
            let last = line_of(&plain(words[words.len() - 1]));
            // Every line, the last one too, ends at the right margin.
            for line in [first, last] {
                assert!(
                    (right(line) - edge).abs() < 1.5,
                    "{}: a line ends at {} not at the right margin {edge}: {line:?}",
                    sample.language,
                    right(line)
                );
            }
            // The last line is short and ragged on the left.
            assert!(
                left(last) > 56.0 + 40.0,
                "{}: the last line starts at the left margin",
                sample.language
            );
        }
        // List bullets sit to the right of their items.
        let items: Vec<&Vec<Word>> = lines
            .iter()
            .filter(|line| line.iter().any(|w| w.text == "•"))
            .collect();
        assert_eq!(items.len(), sample.list.len(), "{}", sample.language);
        for line in items {
            let bullet = line.iter().find(|w| w.text == "•").expect("a bullet");
            let text_right = line
                .iter()
                .filter(|w| w.text != "•")
                .map(|w| w.x_max)
                .fold(0.0, f32::max);
            assert!(
                bullet.x_min > text_right,
                "{}: the bullet is not right of its item: {line:?}",
                sample.language
            );
        }
        // The callout's bar is on the right of its box, at the margin.
        let doc = Document::load(&pdf).expect("a PDF");
        let bars = bars(&doc, body as u32);
        assert!(
            !bars.is_empty(),
            "{}: the callout has a bar",
            sample.language
        );
        for x in bars {
            assert!(
                (x + BAR - edge).abs() < 0.5,
                "{}: a bar at {x}, not at the right margin {edge}",
                sample.language
            );
        }
        // The cover's column and the page furniture mirror: the title ends
        // beside the band on the right, page numbers sit on the outer edge
        // (the left of odd pages, the right of even ones).
        let (width, cover) = &pages[0];
        let title_word = sample.title.split_whitespace().next().expect("a word");
        let title = cover
            .iter()
            .find(|line| line.iter().any(|w| is_word(w, title_word)))
            .expect("the title on the cover");
        let column_end = width - (14.0 + 18.0) * MM;
        assert!(
            (right(title) - column_end).abs() < 1.5,
            "{}: the cover title ends at {}, not {column_end}",
            sample.language,
            right(title)
        );
        // The date, in the theme's English words (the language has none of
        // its own here), reads left to right, still on the workbook's side.
        let date = cover
            .iter()
            .find(|line| line.iter().any(|w| w.text == "November"))
            .expect("the date on the cover");
        let mut date_words: Vec<&Word> = date.iter().collect();
        date_words.sort_by(|a, b| a.x_min.total_cmp(&b.x_min));
        let date_words: Vec<&str> = date_words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            date_words,
            ["25", "November", "2026"],
            "{}",
            sample.language
        );
        assert!(
            (right(date) - column_end).abs() < 1.5,
            "{}: the date ends at {}, not {column_end}",
            sample.language,
            right(date)
        );
        for (index, (width, lines)) in pages.iter().enumerate().skip(1) {
            let number = index + 1;
            let footer = lines
                .iter()
                .max_by(|a, b| a[0].y_min.total_cmp(&b[0].y_min))
                .expect("a footer");
            if number % 2 == 1 {
                assert!(
                    (left(footer) - 20.0 * MM).abs() < 1.5,
                    "page {number}: {footer:?}"
                );
            } else {
                assert!(
                    (right(footer) - (width - 20.0 * MM)).abs() < 1.5,
                    "page {number}: {footer:?}"
                );
            }
        }
    }
}

/// The width of the bar beside a quote or callout.
const BAR: f32 = 2.5;

/// The left edges of the bars (filled rectangles as wide as a callout's
/// bar) on a page.
fn bars(doc: &Document, page_number: u32) -> Vec<f32> {
    let page_id = doc.get_pages()[&page_number];
    let content = Content::decode(&doc.get_page_content(page_id)).expect("operators");
    let number = |object: &Object| match object {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("{other:?}"),
    };
    content
        .operations
        .iter()
        .filter(|op| op.operator == "re")
        .filter(|op| (number(&op.operands[2]) - BAR).abs() < 0.01)
        .map(|op| number(&op.operands[0]))
        .collect()
}

#[test]
fn left_to_right_text_still_starts_at_the_left_margin() {
    let Some((_project, out)) = build(&UKRAINIAN) else {
        return;
    };
    let pages = bbox_lines(&out.join("reader.pdf"));
    let (_, lines) = &pages[2];
    let first = lines
        .iter()
        .find(|line| line.iter().any(|w| w.text == "роботодавці"))
        .expect("the paragraph's first line");
    // Odd pages of a left-to-right book have the inner margin on the left,
    // where the callout's bar is too.
    assert!((first[0].x_min - 22.0 * MM).abs() < 1.5, "{first:?}");
    let doc = Document::load(out.join("reader.pdf")).expect("a PDF");
    let bars = bars(&doc, 3);
    assert!(!bars.is_empty());
    assert!(bars.iter().all(|x| (x - 22.0 * MM).abs() < 0.5), "{bars:?}");
}

/// Glyphs shown with each font of a page, in the order drawn: the fonts'
/// names and, per glyph, its outline in the embedded font.
fn drawn_outlines(doc: &Document, page_number: u32) -> Vec<(String, Vec<Vec<String>>)> {
    let pages = doc.get_pages();
    let page_id = pages[&page_number];
    let fonts = doc.get_page_fonts(page_id).expect("fonts");
    let content = Content::decode(&doc.get_page_content(page_id)).expect("operators");
    let mut drawn: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    let mut current: Option<Vec<u8>> = None;
    for operation in &content.operations {
        match operation.operator.as_str() {
            "Tf" => current = operation.operands[0].as_name().ok().map(<[u8]>::to_vec),
            "Tj" | "TJ" => {
                let resource = current.as_ref().expect("a font is set");
                let font = fonts[resource];
                let name = String::from_utf8_lossy(
                    font.get(b"BaseFont")
                        .and_then(Object::as_name)
                        .expect("a name"),
                )
                .into_owned();
                let one_byte = !matches!(font.get(b"Encoding"), Ok(Object::Name(_)));
                let program = embedded_program(doc, font);
                let face = ttf_parser::Face::parse(&program, 0).expect("the embedded font parses");
                let strings: Vec<&Object> = match &operation.operands[0] {
                    Object::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                let mut outlines = Vec::new();
                for string in strings {
                    let Object::String(bytes, _) = string else {
                        continue;
                    };
                    let codes: Vec<u16> = if one_byte {
                        bytes.iter().map(|b| u16::from(*b)).collect()
                    } else {
                        bytes
                            .chunks(2)
                            .map(|c| u16::from_be_bytes([c[0], c[1]]))
                            .collect()
                    };
                    outlines.extend(
                        codes
                            .into_iter()
                            .map(|code| outline(&face, ttf_parser::GlyphId(code))),
                    );
                }
                match drawn.last_mut() {
                    Some((last, glyphs)) if *last == name => glyphs.extend(outlines),
                    _ => drawn.push((name, outlines)),
                }
            }
            _ => {}
        }
    }
    drawn
}

/// The font program embedded for a Type 0 font.
fn embedded_program(doc: &Document, font: &lopdf::Dictionary) -> Vec<u8> {
    let descendant = match font.get(b"DescendantFonts").expect("descendants") {
        Object::Array(items) => items[0].clone(),
        Object::Reference(id) => doc
            .get_object(*id)
            .expect("array")
            .as_array()
            .expect("array")[0]
            .clone(),
        other => panic!("{other:?}"),
    };
    let descendant = doc
        .get_dictionary(descendant.as_reference().expect("reference"))
        .expect("CID font");
    let descriptor = doc
        .get_dictionary(
            descendant
                .get(b"FontDescriptor")
                .and_then(Object::as_reference)
                .expect("descriptor"),
        )
        .expect("descriptor");
    let file = descriptor
        .get(b"FontFile2")
        .or_else(|_| descriptor.get(b"FontFile3"))
        .and_then(Object::as_reference)
        .expect("an embedded program");
    let stream = doc
        .get_object(file)
        .and_then(Object::as_stream)
        .expect("stream");
    stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone())
}

/// A glyph's outline as drawing commands, rounded to font units.
fn outline(face: &ttf_parser::Face<'_>, id: ttf_parser::GlyphId) -> Vec<String> {
    struct Commands(Vec<String>);
    impl ttf_parser::OutlineBuilder for Commands {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x:.0},{y:.0}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x:.0},{y:.0}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1:.0},{y1:.0},{x:.0},{y:.0}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0
                .push(format!("C{x1:.0},{y1:.0},{x2:.0},{y2:.0},{x:.0},{y:.0}"));
        }
        fn close(&mut self) {
            self.0.push("Z".to_string());
        }
    }
    let mut commands = Commands(Vec::new());
    face.outline_glyph(id, &mut commands);
    commands.0
}

/// The outlines rustybuzz gives for `text` in `font`, in drawing order
/// (as the workbook shapes: optional ligatures off; digits and other
/// characters common to scripts in the script of the text around them).
fn shaped_outlines(font: &Path, text: &str, language: &str, script: &[u8; 4]) -> Vec<Vec<String>> {
    let data = std::fs::read(font).expect("font");
    let face = rustybuzz::Face::from_slice(&data, 0).expect("a font");
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    buffer.set_language(language.parse().expect("a language"));
    if buffer.script() == rustybuzz::script::COMMON || buffer.script() == rustybuzz::script::UNKNOWN
    {
        let tag = ttf_parser::Tag::from_bytes(script);
        buffer.set_script(rustybuzz::Script::from_iso15924_tag(tag).expect("a script"));
    }
    // Digits run left to right, whatever their script.
    buffer.set_direction(match Direction::of_text(text) {
        Some(Direction::Rtl) => rustybuzz::Direction::RightToLeft,
        _ => rustybuzz::Direction::LeftToRight,
    });
    let off = |tag: &[u8; 4]| rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(tag), 0, ..);
    let shaped = rustybuzz::shape(&face, &[off(b"liga"), off(b"clig")], buffer);
    shaped
        .glyph_infos()
        .iter()
        .map(|info| outline(&face, ttf_parser::GlyphId(info.glyph_id as u16)))
        .collect()
}

/// Words of a sample whose glyphs are looked for on its chapter's page, in
/// the font (by PostScript name and file) and script they are set in.
struct Glyphs(
    &'static Sample,
    &'static str,
    PathBuf,
    &'static [u8; 4],
    &'static [&'static str],
);

#[test]
fn glyphs_on_the_page_are_those_rustybuzz_gives() {
    let cases = [
        Glyphs(
            &ARABIC,
            "NotoNaskhArabic-Regular",
            Path::new(NOTO).join("NotoNaskhArabic-Regular.ttf"),
            b"Arab",
            &["المهنية", "جهّز", "الإجابة"],
        ),
        Glyphs(
            &PERSIAN,
            "NotoNaskhArabic-Regular",
            Path::new(NOTO).join("NotoNaskhArabic-Regular.ttf"),
            b"Arab",
            &["مصاحبه‌گر", "شغلی", "۱۴۰۳"],
        ),
        Glyphs(
            &HEBREW,
            "NotoSansHebrew-Regular",
            Path::new(NOTO).join("NotoSansHebrew-Regular.ttf"),
            b"Hebr",
            &["המקצועיות"],
        ),
        Glyphs(
            &HINDI,
            "NotoSansDevanagari-Regular",
            Path::new(NOTO).join("NotoSansDevanagari-Regular.ttf"),
            b"Deva",
            &["कार्यपुस्तिका", "उल्टा", "क्षमता", "स्थिति", "ज़रूरी"],
        ),
        Glyphs(
            &JAPANESE,
            "NotoSansCJKjp-Regular",
            PathBuf::from(NOTO_CJK),
            b"Jpan",
            &["面接", "キャリア"],
        ),
    ];
    for Glyphs(sample, font_name, font_file, script, words) in cases {
        let Some((_project, out)) = build(sample) else {
            return;
        };
        let doc = Document::load(out.join("reader.pdf")).expect("a PDF");
        let drawn = drawn_outlines(&doc, 3);
        let runs: Vec<&Vec<Vec<String>>> = drawn
            .iter()
            .filter(|(name, _)| name.ends_with(&format!("+{font_name}")))
            .map(|(_, glyphs)| glyphs)
            .collect();
        assert!(
            !runs.is_empty(),
            "{}: {font_name} is not used",
            sample.language
        );
        for word in words {
            let expected = shaped_outlines(&font_file, word, sample.language, script);
            assert!(expected.len() > 1, "{word}");
            let found = runs
                .iter()
                .any(|glyphs| glyphs.windows(expected.len()).any(|w| w == expected));
            assert!(
                found,
                "{}: the glyphs of `{word}` are not on the page as rustybuzz shapes them",
                sample.language
            );
        }
    }
}

#[test]
fn japanese_lines_never_start_with_a_closing_mark() {
    let Some((_project, out)) = build(&JAPANESE) else {
        return;
    };
    let text = pdftotext(&out.join("reader.pdf"), &[]);
    let mut lines = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        let first = line.chars().next().expect("a character");
        assert!(
            !"、。」』）！？ーぁぃぅぇぉっゃゅょァィゥェォッャュョ".contains(first),
            "a line starts with `{first}`: {line}"
        );
    }
    assert!(lines > 8, "the text wraps onto several lines");
}

#[test]
fn a_chapter_is_hyphenated_by_its_own_language() {
    let Some((_project, out)) = build(&UKRAINIAN) else {
        return;
    };
    let text = pdftotext(&out.join("reader.pdf"), &["-layout"]);
    let patterns = {
        use hyphenation::Load;
        hyphenation::Standard::from_embedded(hyphenation::Language::Ukrainian).expect("patterns")
    };
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut hyphenated = 0;
    for pair in lines.windows(2) {
        let Some(head) = pair[0].strip_suffix('-') else {
            continue;
        };
        let head = head.split_whitespace().last().expect("a word");
        if !head
            .chars()
            .all(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'і' | 'ї' | 'є' | 'ґ'))
        {
            continue;
        }
        let tail: String = pair[1]
            .split_whitespace()
            .next()
            .expect("a word")
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let word = format!("{head}{tail}").to_lowercase();
        use hyphenation::Hyphenator;
        let breaks = patterns.hyphenate(&word).breaks;
        assert!(
            breaks.contains(&head.to_lowercase().len()),
            "`{head}-{tail}` is not a break the Ukrainian patterns allow ({breaks:?})"
        );
        hyphenated += 1;
    }
    assert!(hyphenated > 0, "no Ukrainian word is hyphenated:\n{text}");
    // The HTML marks the chapter's language too.
    let html = std::fs::read_to_string(out.join("reader.html")).expect("html");
    let page = scraper::Html::parse_document(&html);
    let section = scraper::Selector::parse("section.chapter").expect("selector");
    let section = page.select(&section).next().expect("a chapter");
    assert_eq!(section.value().attr("lang"), Some("uk"));
    assert_eq!(section.value().attr("dir"), Some("ltr"));
}

#[test]
fn right_to_left_text_has_no_hyphens_where_there_are_no_patterns() {
    for sample in [&ARABIC, &HEBREW] {
        let Some((_project, out)) = build(sample) else {
            return;
        };
        let text = pdftotext(&out.join("reader.pdf"), &[]);
        assert!(
            !text.lines().any(|l| l.trim_end().ends_with('-')),
            "{}: {text}",
            sample.language
        );
    }
}

#[test]
fn the_html_takes_its_direction_from_the_language_and_values_their_own() {
    let Some((_project, out)) = build(&ARABIC) else {
        return;
    };
    let html = std::fs::read_to_string(out.join("reader.html")).expect("html");
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).expect("selector");
        page.select(&selector)
            .map(|e| e.value().clone())
            .collect::<Vec<_>>()
    };
    let root = &select("html")[0];
    assert_eq!(root.attr("lang"), Some("ar"));
    assert_eq!(root.attr("dir"), Some("rtl"));
    let textareas = select("textarea");
    assert!(!textareas.is_empty());
    assert!(textareas.iter().all(|t| t.attr("dir") == Some("auto")));
    let values = select(".cover-meta dd");
    assert!(!values.is_empty());
    assert!(values.iter().all(|d| d.attr("dir") == Some("auto")));
    // A left-to-right workbook says so.
    let Some((_project, out)) = build(&HINDI) else {
        return;
    };
    let html = std::fs::read_to_string(out.join("reader.html")).expect("html");
    assert!(html.contains("<html lang=\"hi\" dir=\"ltr\">"));
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::prepbook(dir, args)
}

#[test]
fn a_script_the_engine_cannot_set_is_refused_with_where_and_why() {
    let thai = Path::new(NOTO).join("NotoSansThai-Regular.ttf");
    if !fonts_installed(std::slice::from_ref(&thai)) {
        return;
    }
    let dir = project(&HINDI, &[thai]);
    std::fs::write(
        dir.path().join("profiles/reader.toml"),
        "[person]\nname = \"Priya\"\ntarget_role = \"นักวิเคราะห์ข้อมูล\"\n",
    )
    .expect("profile");
    for command in ["build", "check"] {
        let output = run(dir.path(), &[command, "profiles/reader.toml"]);
        assert!(!output.status.success(), "{command} must fail");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for needed in [
            "profiles/reader.toml:3:",
            "cannot lay out Thai text",
            "dictionary",
            "target_role",
        ] {
            assert!(
                stderr.contains(needed),
                "{command}: `{needed}` not in:\n{stderr}"
            );
        }
    }
    assert!(
        !dir.path().join("out/reader.pdf").exists(),
        "no PDF is written for a refused script"
    );
}
