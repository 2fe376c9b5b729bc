//! What the review knows about the person: the company they are preparing
//! for and what is true of them. Taken from the profile; shipped to the
//! HTML workbook with the rules.

use serde::Serialize;

use crate::load::profile::Profile;

/// The parts of a profile the review compares an answer with.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Context {
    /// The company's name, if the profile has one.
    pub company: Option<String>,
    /// The company's own words: mission and vision (checked for recitals).
    pub company_statements: Vec<String>,
    /// The company's values and goals.
    pub company_aims: Vec<String>,
    /// The person's strengths, skills and areas to explore.
    pub personal: Vec<String>,
}

impl Context {
    /// The review context of a profile.
    pub fn of(profile: &Profile) -> Context {
        let texts = |items: &[&Option<String>]| -> Vec<String> {
            items
                .iter()
                .filter_map(|item| item.as_deref())
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        };
        let company = &profile.company;
        let lists = |lists: &[&Vec<String>]| -> Vec<String> {
            lists
                .iter()
                .flat_map(|list| list.iter())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        };
        Context {
            company: texts(&[&company.name]).into_iter().next(),
            company_statements: texts(&[&company.mission, &company.vision]),
            company_aims: lists(&[&company.values, &company.goals]),
            personal: lists(&[
                &profile.introspection.strengths,
                &profile.introspection.good_at,
                &profile.aspiration.areas_to_explore,
            ]),
        }
    }
}
