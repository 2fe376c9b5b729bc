//! The profile: one person's answers, read from TOML and validated on load.
//!
//! Every section but `[person]` is optional, and inside `[person]` only `name`
//! is required. Unknown fields are errors (with a "did you mean" hint), so a
//! typo never turns silently into a blank worksheet.

mod clean;
mod json_resume;
pub mod size;

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Error, SourceFile};

/// A profile read from disk with the files it names merged in: everything a
/// build needs from it, from the one place that reads it.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub profile: Profile,
    /// The profile's text, for errors that point into it.
    pub source: SourceFile,
    /// The files the profile names (its JSON Resume), as read.
    pub linked: Vec<SourceFile>,
}

impl LoadedProfile {
    /// Every text the workbook is made from (the profile, then each linked
    /// file), for the incremental build record.
    pub fn input_bytes(&self) -> Vec<u8> {
        let mut bytes = self.source.text.as_bytes().to_vec();
        for linked in &self.linked {
            bytes.push(0);
            bytes.extend_from_slice(linked.text.as_bytes());
        }
        bytes
    }

    /// The profile and its linked files, to look characters up in.
    pub fn sources(&self) -> impl Iterator<Item = &SourceFile> {
        std::iter::once(&self.source).chain(&self.linked)
    }
}

/// One person's profile: the data every chapter and worksheet is filled from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Who the workbook is for.
    pub person: Person,
    /// The company the person is interviewing with.
    #[serde(default)]
    pub company: Company,
    /// Step 1: reflection on values, likes, strengths and weaknesses.
    #[serde(default)]
    pub introspection: Introspection,
    /// Step 2: what the resume shows and what it should show.
    #[serde(default)]
    pub resume: Resume,
    /// Step 3: goals, steps and the give-and-take with the company.
    #[serde(default)]
    pub growth_plan: GrowthPlan,
    /// The aspiration itself and the draft answer.
    #[serde(default)]
    pub aspiration: Aspiration,
}

/// `[person]`: the only section a profile must have.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's name as it should appear on the cover.
    #[schemars(with = "String")]
    pub name: toml::Spanned<String>,
    /// The role the person holds now.
    #[serde(default)]
    pub current_role: Option<String>,
    /// The role the person is applying for.
    #[serde(default)]
    pub target_role: Option<String>,
    /// The industry the person works in or is moving into.
    #[serde(default)]
    pub industry: Option<String>,
    /// How many years ahead the person's aspiration looks.
    #[serde(default)]
    #[schemars(with = "Option<u32>", range(min = 1, max = 50))]
    pub horizon_years: Option<toml::Spanned<u32>>,
}

/// `[company]`: the employer the answer is shaped for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Company {
    pub name: Option<String>,
    pub mission: Option<String>,
    pub vision: Option<String>,
    pub values: Vec<String>,
    pub goals: Vec<String>,
}

/// `[introspection]`: preparation step 1.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Introspection {
    pub what_matters: Vec<String>,
    pub likes: Vec<String>,
    pub good_at: Vec<String>,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<Weakness>,
}

/// A weakness and the positive way to speak about it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Weakness {
    pub weakness: String,
    #[serde(default)]
    pub reframe: Option<String>,
}

/// `[resume]`: preparation step 2.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Resume {
    pub accomplishments: Vec<String>,
    pub history: Vec<Position>,
    pub to_improve: Vec<String>,
    pub to_develop: Vec<String>,
    /// A JSON Resume file (relative to the profile) whose work history and
    /// highlights are added to `history` and `accomplishments`.
    #[serde(skip_serializing)]
    #[schemars(with = "Option<String>")]
    pub json_resume: Option<toml::Spanned<String>>,
}

/// One line of career history.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub role: String,
    #[serde(default)]
    pub organization: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
}

/// `[growth_plan]`: preparation step 3.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GrowthPlan {
    pub goals: Vec<Goal>,
    pub my_impact_on_company: Vec<String>,
    pub company_impact_on_me: Vec<String>,
}

/// A goal with its target date and the steps towards it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub goal: String,
    #[serde(default)]
    pub by: Option<DateText>,
    #[serde(default)]
    pub steps: Vec<String>,
}

/// A date written either as text (`"spring 2027"`) or as a TOML date.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DateText {
    Text(String),
    #[serde(serialize_with = "serialize_display")]
    #[schemars(with = "String")]
    Date(toml::value::Datetime),
}

fn serialize_display<S: serde::Serializer>(
    value: &toml::value::Datetime,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// `[aspiration]`: the statement, what to explore and the draft answer.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Aspiration {
    pub statement: Option<String>,
    pub areas_to_explore: Vec<String>,
    pub environment: Option<String>,
    pub draft_answer: Option<String>,
}

impl Profile {
    /// The JSON Schema of a profile, for editors that check TOML against
    /// one (`prepbook schema`): every section and field with its doc
    /// comment, unknown fields refused as the loader refuses them.
    pub fn json_schema() -> serde_json::Value {
        let mut schema = schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<Profile>();
        schema.insert("title".to_string(), "prepbook profile".into());
        schema.to_value()
    }

    /// Parses, tidies (see `clean`) and validates a profile's text.
    pub fn parse(source: &SourceFile) -> Result<Profile, Error> {
        size::check(source)?;
        let mut profile: Profile =
            toml::from_str(&source.text).map_err(|error| Error::from_toml(source, &error))?;
        profile.clean(source)?;
        profile.validate(source)?;
        Ok(profile)
    }

    /// Reads, parses and validates the profile at `path` with the files it
    /// names; those must lie in the profile's folder or under `project_root`.
    /// Text is normalised to NFC, so accents typed as combining marks reach
    /// the PDF's text layer whole.
    pub fn load(path: &Path, project_root: &Path) -> Result<LoadedProfile, Error> {
        let source = clean::nfc(SourceFile::read(path)?);
        let mut profile = Profile::parse(&source)?;
        let mut linked = Vec::new();
        if let Some(file) = profile.resume.json_resume.take() {
            let dir = path.parent().unwrap_or(Path::new("."));
            let resolved = linked_file(&source, &file, &[dir, project_root])?;
            let text = json_resume::merge(&mut profile.resume, &resolved).map_err(|error| {
                if error.location().is_some() {
                    error
                } else {
                    Error::at_span(
                        &source,
                        file.span(),
                        format!(
                            "`json_resume` names {}: {}",
                            file.get_ref(),
                            error.message()
                        ),
                    )
                }
            })?;
            linked.push(text);
            profile.clean(&source)?;
        }
        Ok(LoadedProfile {
            profile,
            source,
            linked,
        })
    }

    fn validate(&self, source: &SourceFile) -> Result<(), Error> {
        let name = &self.person.name;
        if clean::is_blank(name.get_ref()) {
            return Err(Error::at_span(
                source,
                name.span(),
                "`name` in [person] is empty; every workbook needs the person's name",
            ));
        }
        if let Some(horizon) = &self.person.horizon_years {
            if !(1..=50).contains(horizon.get_ref()) {
                return Err(Error::at_span(
                    source,
                    horizon.span(),
                    "`horizon_years` in [person] must be between 1 and 50",
                ));
            }
        }
        Ok(())
    }

    /// The person's name as shown on the cover.
    pub fn name(&self) -> &str {
        self.person.name.get_ref().trim()
    }

    /// The profile as template data: every schema field present, absent
    /// values as `null` or `[]`, so strict mode only rejects real typos.
    pub fn to_template_data(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// The file `json_resume` names, resolved: an existing `.json` file inside
/// one of `roots`. Nothing of the file is shown when it is refused.
fn linked_file(
    source: &SourceFile,
    file: &toml::Spanned<String>,
    roots: &[&Path],
) -> Result<PathBuf, Error> {
    let refuse = |message: String| {
        Error::at_span(source, file.span(), message).with_help(
            "give the path, relative to this profile, of a JSON Resume file (`.json`) in the \
             profile's folder or the project",
        )
    };
    let named = file.get_ref();
    let Some(dir) = roots.first() else {
        return Err(refuse(format!(
            "`json_resume` names {named}, which cannot be found"
        )));
    };
    let path = dir.join(named);
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Err(refuse(format!(
            "`json_resume` names {named}, which is not a `.json` file"
        )));
    }
    let resolved = path
        .canonicalize()
        .map_err(|_| refuse(format!("`json_resume` names {named}, which does not exist")))?;
    let inside = roots
        .iter()
        .filter_map(|root| root.canonicalize().ok())
        .any(|root| resolved.starts_with(root));
    if !inside {
        return Err(refuse(format!(
            "`json_resume` names {named}, which is outside the profile's folder and the project"
        )));
    }
    Ok(resolved)
}

impl Profile {
    /// Template data of a profile with every optional field and one item in
    /// every list: the shape of the schema, used to check field paths.
    pub fn schema_data() -> serde_json::Value {
        let text = || Some(String::from("x"));
        let list = || vec![String::from("x")];
        let profile = Profile {
            person: Person {
                name: toml::Spanned::new(0..0, "x".to_string()),
                current_role: text(),
                target_role: text(),
                industry: text(),
                horizon_years: Some(toml::Spanned::new(0..0, 1)),
            },
            company: Company {
                name: text(),
                mission: text(),
                vision: text(),
                values: list(),
                goals: list(),
            },
            introspection: Introspection {
                what_matters: list(),
                likes: list(),
                good_at: list(),
                strengths: list(),
                weaknesses: vec![Weakness {
                    weakness: "x".to_string(),
                    reframe: text(),
                }],
            },
            resume: Resume {
                accomplishments: list(),
                history: vec![Position {
                    role: "x".to_string(),
                    organization: text(),
                    period: text(),
                }],
                to_improve: list(),
                to_develop: list(),
                json_resume: None,
            },
            growth_plan: GrowthPlan {
                goals: vec![Goal {
                    goal: "x".to_string(),
                    by: Some(DateText::Text("x".to_string())),
                    steps: list(),
                }],
                my_impact_on_company: list(),
                company_impact_on_me: list(),
            },
            aspiration: Aspiration {
                statement: text(),
                areas_to_explore: list(),
                environment: text(),
                draft_answer: text(),
            },
        };
        profile.to_template_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema of `value` with a `$ref` followed (draft 7 puts one with
    /// a description and a default under `allOf`).
    fn resolved<'a>(
        root: &'a serde_json::Value,
        value: &'a serde_json::Value,
    ) -> &'a serde_json::Value {
        let value = value.get("allOf").map_or(value, |all| &all[0]);
        match value.get("$ref").and_then(|r| r.as_str()) {
            Some(reference) => reference
                .trim_start_matches("#/")
                .split('/')
                .fold(root, |node, key| &node[key]),
            None => value,
        }
    }

    #[test]
    fn the_json_schema_knows_every_field_of_the_example_and_refuses_others() {
        let schema = Profile::json_schema();
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/profiles/example.toml"
        ))
        .expect("example profile");
        let example: toml::Table = toml::from_str(&text).expect("valid TOML");
        assert_eq!(schema["additionalProperties"], false);
        assert_eq!(schema["required"], serde_json::json!(["person"]));
        let mut checked = 0;
        for (section, fields) in &example {
            let section_schema = resolved(&schema, &schema["properties"][section]);
            assert_eq!(section_schema["additionalProperties"], false, "[{section}]");
            for field in fields.as_table().expect("a section").keys() {
                assert!(
                    section_schema["properties"].get(field).is_some(),
                    "[{section}] {field} is missing from the schema"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked} fields");
        let person = resolved(&schema, &schema["properties"]["person"]);
        assert_eq!(person["required"], serde_json::json!(["name"]));
        assert!(person["properties"]["name"]["description"]
            .as_str()
            .is_some_and(|d| d.contains("cover")));
    }
}
