//! Values written into prose in the workbook's language: lists, counts,
//! articles, mid-sentence case, first names and dates as people write
//! them. The rules are the language's data ([`Words`], from the theme's
//! `i18n/<tag>.toml`); the template helpers are thin wrappers over these.

use crate::load::locale::words::ArticleRule;
use crate::load::locale::{strings, Words};

/// Joins items in prose: "a", "a and b", "a, b and c". When an item holds a
/// comma of its own, no item may run into the next: a first item of two is
/// closed with a comma ("a, even b, and c"), longer lists are set apart
/// with semicolons ("a, even b; c; and d"). The conjunction takes the form
/// the next word asks for (Spanish "y" before "i" is "e").
pub fn join_words(items: &[String], conjunction: &str, words: &Words) -> String {
    let (comma, strong) = (&words.separator, &words.separator_with_commas);
    let Some(last) = items.last() else {
        return String::new();
    };
    let conjunction = conjunction_before(conjunction, last, words);
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] if first.contains(',') => format!("{first}{comma}{conjunction} {second}"),
        [first, second] => format!("{first} {conjunction} {second}"),
        [init @ .., last] if items.iter().any(|item| item.contains(',')) => {
            format!("{}{strong}{conjunction} {last}", init.join(strong))
        }
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(comma)),
    }
}

/// The conjunction as said before `next`.
fn conjunction_before<'a>(conjunction: &'a str, next: &str, words: &'a Words) -> &'a str {
    let next = next.trim_start().to_lowercase();
    let starts = |list: &[String]| list.iter().any(|start| next.starts_with(start.as_str()));
    words
        .conjunction_changes
        .iter()
        .find(|change| {
            change.word == conjunction && starts(&change.before) && !starts(&change.unless_before)
        })
        .map_or(conjunction, |change| change.becomes.as_str())
}

/// A whole number as it is said: words below a hundred ("five",
/// "twenty-five", "veintiséis", "treinta y uno"), digits from a hundred on.
pub fn number_words(n: u64, words: &Words) -> String {
    let numbers = &words.numbers;
    let unit = |k: u64| numbers.units[k as usize].clone();
    match n {
        n if (n as usize) < numbers.units.len() => unit(n),
        10..=99 if n % 10 == 0 => numbers.tens[(n / 10) as usize].clone(),
        10..=99 => format!(
            "{}{}{}",
            numbers.tens[(n / 10) as usize],
            numbers.joiner,
            unit(n % 10)
        ),
        _ => n.to_string(),
    }
}

/// A count of something: the number in words, agreeing with the noun
/// ("one year", "five years", "una meta", "veintiún años"); `plural` when
/// given, else the plural the language's rules make.
pub fn count(n: u64, singular: &str, plural: Option<&str>, words: &Words) -> String {
    let noun = if words.plural.singular.contains(&n) {
        singular.to_string()
    } else {
        plural.map_or_else(|| plural_of(singular, words), str::to_string)
    };
    let mut number = number_words(n, words);
    let agreement = words.numbers.before_noun.get(class_of(singular, words));
    if let Some((ending, becomes)) = agreement
        .into_iter()
        .flatten()
        .find(|(ending, _)| number.ends_with(ending.as_str()))
    {
        number.truncate(number.len() - ending.len());
        number.push_str(becomes);
    }
    format!("{number} {noun}")
}

/// The plural of a word by the first rule whose ending it has.
pub fn plural_of(singular: &str, words: &Words) -> String {
    let lower = singular.to_lowercase();
    match words
        .plural
        .rules
        .iter()
        .find(|rule| lower.ends_with(rule.ending.as_str()))
    {
        Some(rule) => {
            let keep = singular.chars().count() - rule.ending.chars().count();
            let stem: String = singular.chars().take(keep).collect();
            format!("{stem}{}", rule.plural)
        }
        None => singular.to_string(),
    }
}

/// Text as it reads in the middle of a sentence: where the language does
/// so, words written with only their first letter capitalised are lowered
/// ("Operations Analyst" becomes "operations analyst"); acronyms and mixed
/// case stay as written ("HR coordinator", "UX researcher", "DevOps
/// engineer").
pub fn mid_sentence(text: &str, words: &Words) -> String {
    if !words.lower_titles {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            word.push(ch);
        } else {
            out.push_str(&lower_title_word(&word));
            word.clear();
            out.push(ch);
        }
    }
    out.push_str(&lower_title_word(&word));
    out
}

fn lower_title_word(word: &str) -> String {
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    let starts_capital = word.chars().next().is_some_and(char::is_uppercase);
    if capitals == 1 && starts_capital {
        word.to_lowercase()
    } else {
        word.to_string()
    }
}

/// Whether a word is spoken letter by letter (an acronym such as "HR").
fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// The class (a sound, a gender) the language sorts a text's first word
/// into, for its article and the number that counts it.
fn class_of<'a>(text: &str, words: &'a Words) -> &'a str {
    let first = text.split_whitespace().next().unwrap_or("");
    let lower = first.to_lowercase();
    let acronym = is_acronym(first);
    let matches = |rule: &ArticleRule| {
        let any = |list: &[String], test: &dyn Fn(&str) -> bool| {
            list.is_empty() || list.iter().any(|item| test(item))
        };
        rule.acronym.is_none_or(|wanted| wanted == acronym)
            && any(&rule.starts, &|start| lower.starts_with(start))
            && any(&rule.ends, &|end| lower.ends_with(end))
            && any(&rule.words, &|word| lower == word)
    };
    let articles = &words.articles;
    articles
        .rules
        .iter()
        .find(|rule| matches(rule))
        .map_or(&articles.default, |rule| &rule.class)
}

/// The article for a text, by how its first word is said or its gender:
/// "a" or "an" ("an HR coordinator", "a UX researcher", "a university"),
/// "un" or "una"; with `definite`, "the", "el" or "la".
pub fn article(text: &str, definite: bool, words: &Words) -> String {
    let articles = &words.articles;
    let table = if definite {
        &articles.definite
    } else {
        &articles.indefinite
    };
    // Every class has both articles: `Words::problem` checks it on loading.
    table
        .get(class_of(text, words))
        .cloned()
        .unwrap_or_default()
}

/// The name a person is greeted by: the first word of their full name.
pub fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or("").to_string()
}

/// A date as people write it: "2027-06" becomes "June 2027" ("junio de
/// 2027"), "2027-09-30" becomes "30 September 2027"; any other text is
/// kept as written.
pub fn spoken_date(text: &str, words: &Words) -> String {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split('-').collect();
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse::<usize>().ok())
            .flatten()
    };
    let month = |part: &str| number(part, 2).filter(|m| (1..=12).contains(m));
    let dates = &words.dates;
    let name = |m: usize| dates.months[m - 1].as_str();
    match parts.as_slice() {
        [year, m] => match (number(year, 4), month(m)) {
            (Some(year), Some(m)) => strings::fill(
                &dates.month_year,
                &[("month", name(m)), ("year", &year.to_string())],
            ),
            _ => trimmed.to_string(),
        },
        [year, m, day] => match (number(year, 4), month(m), number(day, 2)) {
            (Some(year), Some(m), Some(day)) if (1..=31).contains(&day) => strings::fill(
                &dates.day_month_year,
                &[
                    ("day", &day.to_string()),
                    ("month", name(m)),
                    ("year", &year.to_string()),
                ],
            ),
            _ => trimmed.to_string(),
        },
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::locale::Locale;

    fn words(tag: &str) -> Words {
        let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        Locale::load_dir(&theme, tag)
            .expect("the theme's words")
            .words
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists_with_commas_inside_use_semicolons() {
        let en = words("en");
        assert_eq!(
            join_words(&strings(&["a", "b", "c"]), "and", &en),
            "a, b and c"
        );
        assert_eq!(join_words(&strings(&["a", "b"]), "or", &en), "a or b");
        assert_eq!(
            join_words(&strings(&["a, even b", "c"]), "and", &en),
            "a, even b, and c"
        );
        assert_eq!(
            join_words(&strings(&["c", "a, even b"]), "and", &en),
            "c and a, even b"
        );
        assert_eq!(
            join_words(
                &strings(&["calm, even on a Saturday", "reliability", "teaching"]),
                "and",
                &en
            ),
            "calm, even on a Saturday; reliability; and teaching"
        );
    }

    #[test]
    fn spanish_conjunctions_follow_the_next_sound() {
        let es = words("es");
        let join = |items: &[&str], conjunction| join_words(&strings(items), conjunction, &es);
        assert_eq!(
            join(&["ventas", "marketing", "logística"], "y"),
            "ventas, marketing y logística"
        );
        assert_eq!(join(&["Ana", "Isabel"], "y"), "Ana e Isabel");
        assert_eq!(
            join(&["geografía", "historia"], "y"),
            "geografía e historia"
        );
        assert_eq!(join(&["agua", "hielo"], "y"), "agua y hielo");
        assert_eq!(join(&["siete", "ocho"], "o"), "siete u ocho");
        assert_eq!(join(&["uno", "otro"], "y"), "uno y otro");
    }

    #[test]
    fn numbers_below_a_hundred_are_words() {
        let en = words("en");
        assert_eq!(number_words(1, &en), "one");
        assert_eq!(number_words(10, &en), "ten");
        assert_eq!(number_words(25, &en), "twenty-five");
        assert_eq!(number_words(40, &en), "forty");
        assert_eq!(number_words(120, &en), "120");
        assert_eq!(count(1, "goal", None, &en), "one goal");
        assert_eq!(count(3, "year", None, &en), "three years");
        assert_eq!(count(2, "person", Some("people"), &en), "two people");
        let es = words("es");
        assert_eq!(number_words(16, &es), "dieciséis");
        assert_eq!(number_words(21, &es), "veintiuno");
        assert_eq!(number_words(30, &es), "treinta");
        assert_eq!(number_words(31, &es), "treinta y uno");
        assert_eq!(number_words(99, &es), "noventa y nueve");
    }

    #[test]
    fn spanish_counts_agree_with_the_noun() {
        let es = words("es");
        assert_eq!(count(1, "año", None, &es), "un año");
        assert_eq!(count(5, "año", None, &es), "cinco años");
        assert_eq!(count(21, "año", None, &es), "veintiún años");
        assert_eq!(count(1, "meta", None, &es), "una meta");
        assert_eq!(count(31, "meta", None, &es), "treinta y una metas");
        assert_eq!(count(2, "mes", None, &es), "dos meses");
        assert_eq!(count(3, "acción", None, &es), "tres acciones");
        assert_eq!(count(2, "vez", None, &es), "dos veces");
        assert_eq!(count(2, "análisis", None, &es), "dos análisis");
    }

    #[test]
    fn acronyms_keep_their_case_and_take_the_article_of_their_sound() {
        let en = words("en");
        assert_eq!(
            mid_sentence("Operations Analyst", &en),
            "operations analyst"
        );
        assert_eq!(mid_sentence("HR Coordinator", &en), "HR coordinator");
        assert_eq!(mid_sentence("UX researcher", &en), "UX researcher");
        assert_eq!(mid_sentence("DevOps Engineer", &en), "DevOps engineer");
        let a = |text| article(text, false, &en);
        assert_eq!(a("HR coordinator"), "an");
        assert_eq!(a("UX researcher"), "a");
        assert_eq!(a("operations analyst"), "an");
        assert_eq!(a("product manager"), "a");
        assert_eq!(a("university tutor"), "a");
        assert_eq!(a("hourly role"), "an");
        assert_eq!(article("hourly role", true, &en), "the");
    }

    #[test]
    fn spanish_articles_follow_the_gender_of_the_first_word() {
        let es = words("es");
        let a = |text| article(text, false, &es);
        let the = |text| article(text, true, &es);
        assert_eq!(a("coordinadora de logística"), "una");
        assert_eq!(a("técnico de soporte"), "un");
        assert_eq!(the("gestión de proyectos"), "la");
        assert_eq!(the("problema"), "el");
        assert_eq!(the("área de ventas"), "el");
        assert_eq!(a("área de ventas"), "un");
        assert_eq!(the("mano"), "la");
        assert_eq!(
            mid_sentence("Coordinadora de Logística", &es),
            "coordinadora de logística"
        );
        assert_eq!(mid_sentence("Investigadora UX", &es), "investigadora UX");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let en = words("en");
        assert_eq!(spoken_date("2027-06", &en), "June 2027");
        assert_eq!(spoken_date("2027-09-30", &en), "30 September 2027");
        assert_eq!(spoken_date("spring 2028", &en), "spring 2028");
        assert_eq!(spoken_date("2027-13", &en), "2027-13");
        assert_eq!(first_name("Daniela Reyes"), "Daniela");
        let es = words("es");
        assert_eq!(spoken_date("2027-06", &es), "junio de 2027");
        assert_eq!(spoken_date("2026-11-05", &es), "5 de noviembre de 2026");
    }
}
