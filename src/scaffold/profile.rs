//! `prepbook new PROFILE`: a commented profile, filled from the answers to
//! a few questions asked on a terminal (any can be skipped), or left as a
//! template to edit when there is no terminal.

use std::io::{BufRead, Write};

/// What kind of value a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// Items separated by `;`.
    List,
    /// A whole number.
    Number,
}

/// One question: the profile field it fills, the note written above the
/// field, and an example shown when the field is left out.
struct Question {
    section: &'static str,
    field: &'static str,
    kind: Kind,
    ask: &'static str,
    example: &'static str,
}

const QUESTIONS: &[Question] = &[
    Question {
        section: "person",
        field: "name",
        kind: Kind::Text,
        ask: "Your name, as it should appear on the cover (required)",
        example: "\"Your Name\"",
    },
    Question {
        section: "person",
        field: "current_role",
        kind: Kind::Text,
        ask: "The role you hold now",
        example: "\"Customer Support Team Lead\"",
    },
    Question {
        section: "person",
        field: "target_role",
        kind: Kind::Text,
        ask: "The role you are interviewing for",
        example: "\"Operations Analyst\"",
    },
    Question {
        section: "person",
        field: "industry",
        kind: Kind::Text,
        ask: "The industry, as it reads mid-sentence",
        example: "\"residential solar energy\"",
    },
    Question {
        section: "person",
        field: "horizon_years",
        kind: Kind::Number,
        ask: "How many years ahead your aspiration looks (1 to 50)",
        example: "5",
    },
    Question {
        section: "company",
        field: "name",
        kind: Kind::Text,
        ask: "The company's name",
        example: "\"Brightwater Solar\"",
    },
    Question {
        section: "company",
        field: "mission",
        kind: Kind::Text,
        ask: "The company's mission, in its own words",
        example: "\"To make clean power an easy choice.\"",
    },
    Question {
        section: "company",
        field: "values",
        kind: Kind::List,
        ask: "The company's values",
        example: "[\"customers first\", \"learning in the open\"]",
    },
    Question {
        section: "introspection",
        field: "what_matters",
        kind: Kind::List,
        ask: "What matters most in your life",
        example: "[\"time with my family\"]",
    },
    Question {
        section: "introspection",
        field: "good_at",
        kind: Kind::List,
        ask: "What you are good at (skills you can show)",
        example: "[\"spotting patterns in data\"]",
    },
    Question {
        section: "introspection",
        field: "strengths",
        kind: Kind::List,
        ask: "Your strengths (qualities people notice)",
        example: "[\"reliability\", \"clear communication\"]",
    },
    Question {
        section: "resume",
        field: "accomplishments",
        kind: Kind::List,
        ask: "Accomplishments you are proud of",
        example: "[\"Cut the support backlog by half in a quarter\"]",
    },
    Question {
        section: "aspiration",
        field: "statement",
        kind: Kind::Text,
        ask: "Your aspiration in a sentence",
        example: "\"To help a growing company run smoothly as it scales.\"",
    },
];

/// The answers given so far, by question.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Answers(Vec<Option<String>>);

/// Asks every question on `output`, reading one line per answer from
/// `input`; an empty line skips a question (except the name, asked again).
/// `;` separates the items of a list.
pub fn ask(input: &mut impl BufRead, output: &mut impl Write) -> std::io::Result<Answers> {
    writeln!(
        output,
        "A new profile: answer what you can, press Enter to skip."
    )?;
    let mut answers = Vec::new();
    for question in QUESTIONS {
        let hint = match question.kind {
            Kind::List => " (separate items with ;)",
            _ => "",
        };
        loop {
            write!(output, "{}{hint}: ", question.ask)?;
            output.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                // The input ended: leave the rest as the template has them.
                answers.resize(QUESTIONS.len(), None);
                return Ok(Answers(answers));
            }
            let line = line.trim();
            let valid = match question.kind {
                _ if line.is_empty() => question.field != "name" || question.section != "person",
                Kind::Number => line.parse::<u32>().is_ok_and(|n| (1..=50).contains(&n)),
                Kind::Text | Kind::List => true,
            };
            if valid {
                answers.push((!line.is_empty()).then(|| line.to_string()));
                break;
            }
            if question.kind == Kind::Number {
                writeln!(
                    output,
                    "  please give a whole number from 1 to 50, or press Enter"
                )?;
            }
        }
    }
    Ok(Answers(answers))
}

/// The profile's text: every question's field with its note, filled where
/// answered and commented out (with an example) where not; the name is
/// always present, so the file builds as it is.
pub fn write(answers: &Answers) -> String {
    let mut text = String::from(
        "# A prepbook profile. Only `name` under [person] is required: anything\n\
         # left out gives blank lines to fill in by hand. Lines starting with #\n\
         # are notes; remove the # in front of a field to use it. Every field is\n\
         # described in prepbook's README (\"Profiles\").\n",
    );
    let mut section = "";
    for (index, question) in QUESTIONS.iter().enumerate() {
        if question.section != section {
            section = question.section;
            text.push_str(&format!("\n[{section}]\n"));
        }
        text.push_str(&format!("# {}\n", question.ask));
        let answer = answers.0.get(index).and_then(Option::as_deref);
        match (answer, question.field) {
            (Some(answer), field) => {
                text.push_str(&format!("{field} = {}\n", value(question.kind, answer)))
            }
            (None, "name") if section == "person" => {
                text.push_str(&format!("name = {}\n", question.example))
            }
            (None, field) => text.push_str(&format!("# {field} = {}\n", question.example)),
        }
    }
    text
}

/// An answer as a TOML value.
fn value(kind: Kind, answer: &str) -> String {
    let quoted = |text: &str| toml::Value::String(text.trim().to_string()).to_string();
    match kind {
        Kind::Text => quoted(answer),
        Kind::Number => answer.trim().to_string(),
        Kind::List => {
            let items: Vec<String> = answer
                .split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(quoted)
                .collect();
            format!("[{}]", items.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::load::profile::Profile;

    #[test]
    fn answers_fill_the_profile_and_skipped_fields_stay_notes() {
        let typed =
            "\nAna \"Quotes\" Lima\n\nUX researcher\n\nseventy\n7\n\n\nkind; clear \\ writing;\n";
        let mut shown = Vec::new();
        let answers = ask(&mut typed.as_bytes(), &mut shown).expect("in memory");
        let shown = String::from_utf8(shown).expect("utf-8");
        assert_eq!(
            shown.matches("Your name").count(),
            2,
            "the name is asked again"
        );
        assert!(shown.contains("whole number from 1 to 50"));
        let text = write(&answers);
        let profile = Profile::parse(&SourceFile::new("new.toml", text.clone())).expect("valid");
        assert_eq!(profile.person.name.get_ref(), "Ana \"Quotes\" Lima");
        assert_eq!(profile.person.target_role.as_deref(), Some("UX researcher"));
        assert_eq!(
            profile.person.horizon_years.map(|h| h.into_inner()),
            Some(7)
        );
        assert_eq!(profile.company.values, ["kind", "clear \\ writing"]);
        assert!(text.contains("# current_role = "), "{text}");
    }

    #[test]
    fn the_template_builds_as_it_is() {
        let text = write(&Answers::default());
        let profile = Profile::parse(&SourceFile::new("new.toml", text.clone())).expect("valid");
        assert_eq!(profile.person.name.get_ref(), "Your Name");
        assert!(text.contains("# strengths = "));
    }
}
