//! English wording for values inserted into prose: lists, counts, articles,
//! mid-sentence case, first names and dates as people write them. The
//! template helpers are thin wrappers over these.

use crate::load::date::MONTHS;

/// Joins items in prose: "a", "a and b", "a, b and c". When an item holds a
/// comma of its own, no item may run into the next: a first item of two is
/// closed with a comma ("a, even b, and c"), longer lists are set apart
/// with semicolons ("a, even b; c; and d").
pub fn join_words(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [first, second] if first.contains(',') => format!("{first}, {conjunction} {second}"),
        [first, second] => format!("{first} {conjunction} {second}"),
        [init @ .., last] if items.iter().any(|item| item.contains(',')) => {
            format!("{}; {conjunction} {last}", init.join("; "))
        }
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// A whole number as it is said: words below a hundred ("five",
/// "twenty-five"), digits from a hundred on.
pub fn number_words(n: u64) -> String {
    match n {
        0..=19 => UNITS[n as usize].to_string(),
        20..=99 if n % 10 == 0 => TENS[(n / 10) as usize].to_string(),
        20..=99 => format!("{}-{}", TENS[(n / 10) as usize], UNITS[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// "one year", "five years", "two people".
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    let word = if n == 1 { singular } else { plural };
    format!("{} {word}", number_words(n))
}

/// Text as it reads in the middle of a sentence: words written with only
/// their first letter capitalised are lowered ("Operations Analyst" becomes
/// "operations analyst"); acronyms and mixed case stay as written ("HR
/// coordinator", "UX researcher", "DevOps engineer").
pub fn mid_sentence(text: &str) -> String {
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

/// "a" or "an" for the text, by how its first word is said: letter by
/// letter for acronyms ("an HR coordinator", "a UX researcher"), otherwise
/// by its spelling with the usual exceptions ("a university", "an hour").
pub fn indefinite_article(text: &str) -> &'static str {
    let first = text.split_whitespace().next().unwrap_or("");
    if is_acronym(first) {
        // Letters whose names start with a vowel sound: eff, aitch, el, ...
        return match first.chars().next() {
            Some('A' | 'E' | 'F' | 'H' | 'I' | 'L' | 'M' | 'N' | 'O' | 'R' | 'S' | 'X') => "an",
            _ => "a",
        };
    }
    let lower = first.to_lowercase();
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

/// The name a person is greeted by: the first word of their full name.
pub fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or("").to_string()
}

/// A date as people write it: "2027-06" becomes "June 2027", "2027-09-30"
/// becomes "30 September 2027"; any other text is kept as written.
pub fn spoken_date(text: &str) -> String {
    let trimmed = text.trim();
    let parts: Vec<&str> = trimmed.split('-').collect();
    let number = |part: &str, digits: usize| {
        (part.len() == digits && part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse::<usize>().ok())
            .flatten()
    };
    let month = |part: &str| number(part, 2).filter(|m| (1..=12).contains(m));
    match parts.as_slice() {
        [year, m] => match (number(year, 4), month(m)) {
            (Some(year), Some(m)) => format!("{} {year}", MONTHS[m - 1]),
            _ => trimmed.to_string(),
        },
        [year, m, day] => match (number(year, 4), month(m), number(day, 2)) {
            (Some(year), Some(m), Some(day)) if (1..=31).contains(&day) => {
                format!("{day} {} {year}", MONTHS[m - 1])
            }
            _ => trimmed.to_string(),
        },
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists_with_commas_inside_use_semicolons() {
        assert_eq!(join_words(&strings(&["a", "b", "c"]), "and"), "a, b and c");
        assert_eq!(join_words(&strings(&["a", "b"]), "or"), "a or b");
        assert_eq!(
            join_words(&strings(&["a, even b", "c"]), "and"),
            "a, even b, and c"
        );
        assert_eq!(
            join_words(&strings(&["c", "a, even b"]), "and"),
            "c and a, even b"
        );
        assert_eq!(
            join_words(
                &strings(&["calm, even on a Saturday", "reliability", "teaching"]),
                "and"
            ),
            "calm, even on a Saturday; reliability; and teaching"
        );
    }

    #[test]
    fn numbers_below_a_hundred_are_words() {
        assert_eq!(number_words(1), "one");
        assert_eq!(number_words(10), "ten");
        assert_eq!(number_words(25), "twenty-five");
        assert_eq!(number_words(40), "forty");
        assert_eq!(number_words(120), "120");
        assert_eq!(count(1, "goal", "goals"), "one goal");
        assert_eq!(count(3, "year", "years"), "three years");
    }

    #[test]
    fn acronyms_keep_their_case_and_take_the_article_of_their_sound() {
        assert_eq!(mid_sentence("Operations Analyst"), "operations analyst");
        assert_eq!(mid_sentence("HR Coordinator"), "HR coordinator");
        assert_eq!(mid_sentence("UX researcher"), "UX researcher");
        assert_eq!(mid_sentence("DevOps Engineer"), "DevOps engineer");
        assert_eq!(indefinite_article("HR coordinator"), "an");
        assert_eq!(indefinite_article("UX researcher"), "a");
        assert_eq!(indefinite_article("operations analyst"), "an");
        assert_eq!(indefinite_article("product manager"), "a");
        assert_eq!(indefinite_article("university tutor"), "a");
        assert_eq!(indefinite_article("hourly role"), "an");
    }

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(spoken_date("2027-06"), "June 2027");
        assert_eq!(spoken_date("2027-09-30"), "30 September 2027");
        assert_eq!(spoken_date("spring 2028"), "spring 2028");
        assert_eq!(spoken_date("2027-13"), "2027-13");
        assert_eq!(first_name("Daniela Reyes"), "Daniela");
    }
}
