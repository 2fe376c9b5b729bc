//! Realistic, varied, fictional profiles from a seed, for benchmarks: the
//! same seed always gives the same cohort. Shared by `benches/workbook.rs`
//! and `examples/cohort.rs`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use prepbook::load::profile::{
    Aspiration, Company, DateText, Goal, GrowthPlan, Introspection, Person, Position, Profile,
    Resume, Weakness,
};

/// SplitMix64: tiny, fast and fully determined by its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }

    /// `count` different items, in a random order.
    pub fn some(&mut self, items: &[&str], low: usize, high: usize) -> Vec<String> {
        let mut pool: Vec<&str> = items.to_vec();
        let count = self.range(low, high.min(pool.len()));
        (0..count)
            .map(|_| pool.remove(self.range(0, pool.len() - 1)).to_string())
            .collect()
    }
}

const FIRST: &[&str] = &[
    "Ana",
    "Bilal",
    "Chiara",
    "Dmitri",
    "Efua",
    "Farhan",
    "Grace",
    "Hiroshi",
    "Inés",
    "Jamal",
    "Katarzyna",
    "Liam",
    "Mariana",
    "Nikolai",
    "Olusegun",
    "Priya",
    "Quentin",
    "Rania",
    "Søren",
    "Thandiwe",
    "Uma",
    "Víctor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
    "Αλέξανδρος",
    "Ирина",
];
const LAST: &[&str] = &[
    "Abara",
    "Bergström",
    "Castillo",
    "Dubois",
    "Eze",
    "Fernández",
    "Goldberg",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Mensah",
    "Nakamura",
    "O'Connor",
    "Petrov",
    "Quispe",
    "Rossi",
    "Sato",
    "Tanaka",
    "Umarov",
    "Varga",
    "Wójcik",
    "Yilmaz",
    "Zhang",
];
const ROLES: &[&str] = &[
    "Customer Support Agent",
    "Junior Accountant",
    "Line Cook",
    "Warehouse Associate",
    "Graduate Research Assistant",
    "Retail Supervisor",
    "Teaching Assistant",
    "Office Administrator",
    "Junior Developer",
    "Marketing Coordinator",
    "Nursing Assistant",
    "Sales Representative",
];
const TARGETS: &[&str] = &[
    "Operations Analyst",
    "Financial Analyst",
    "Kitchen Manager",
    "Logistics Coordinator",
    "Clinical Research Coordinator",
    "Store Manager",
    "Instructional Designer",
    "Project Coordinator",
    "Software Engineer",
    "Product Marketing Manager",
    "Registered Nurse",
    "Account Manager",
];
const INDUSTRIES: &[&str] = &[
    "residential solar energy",
    "public water services",
    "restaurant hospitality",
    "regional logistics",
    "clinical research",
    "independent retail",
    "adult education",
    "municipal government",
    "healthcare software",
    "outdoor equipment",
];
const COMPANIES: &[&str] = &[
    "Brightwater Solar",
    "Clearwell Water Authority",
    "Harbor & Vine Restaurants",
    "Swiftline Distribution",
    "Northfield Medical Research Institute",
    "Maple Street Books",
    "Open Door Learning",
    "Riverside City Council",
    "Quillwork Health",
    "Summit Trail Outfitters",
];
const VALUES: &[&str] = &[
    "customers first",
    "learning in the open",
    "owning the outcome",
    "care for the planet",
    "public service",
    "plain dealing",
    "safety first",
    "respect in the kitchen",
    "rigour",
    "curiosity",
    "teamwork",
    "fairness",
];
const PHRASES: &[&str] = &[
    "untangling messy processes",
    "working with numbers and spreadsheets",
    "coaching new colleagues",
    "talking with customers",
    "keeping calm under pressure",
    "explaining complicated things simply",
    "planning a team's week",
    "writing clear reports",
    "spotting patterns in data",
    "learning new tools quickly",
    "organising events",
    "listening before acting",
    "fixing things that are broken",
    "making people feel welcome",
];
const STRENGTHS: &[&str] = &[
    "analytical thinking",
    "clear communication",
    "reliability",
    "empathy",
    "patience",
    "precision",
    "curiosity",
    "composure",
    "initiative",
    "integrity",
    "adaptability",
];
const WEAKNESSES: &[(&str, &str)] = &[
    ("Finding it hard to delegate", "I care about quality, so I agree clear standards up front and check in instead of doing the work myself."),
    ("Impatience with slow processes", "I notice wasted effort quickly, and I turn that impatience into written, tested proposals."),
    ("Reluctance to speak up in large meetings", "I prepare carefully and send a short summary first, which has made my input count."),
    ("Perfectionism with documents", "I now agree on a \"good enough\" standard up front, which keeps quality high without holding up the team."),
    ("Little formal training in data analysis", "I taught myself spreadsheet modelling on the job and I am taking a certificate course."),
];
const ACCOMPLISHMENTS: &[&str] = &[
    "Cut the team's average response time from 26 hours to 9",
    "Trained and mentored eight new colleagues",
    "Built the weekly report that managers now use for planning",
    "Found a $38,000 duplicate-payment error during a review",
    "Reduced food waste on my station by 22% in six months",
    "Reorganised the returns area, cutting processing time by a third",
    "Coordinated data collection for a 120-participant study",
    "Led the move to a new system without losing a single record",
];
const STEPS: &[&str] = &[
    "enrol in the evening course",
    "finish one module a month",
    "talk to two people who do the job",
    "update my resume with measurable results",
    "volunteer for the next project review",
    "ask my manager for a stretch assignment",
    "present the results to the team",
    "read one book on the subject each quarter",
];

/// The profile of person `index` of the cohort made from `seed`.
pub fn profile(seed: u64, index: usize) -> Profile {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let mut profile = Profile {
        person: Person {
            name: toml::Spanned::new(0..0, name),
            current_role: None,
            target_role: None,
            industry: None,
            horizon_years: None,
        },
        company: Company::default(),
        introspection: Introspection::default(),
        resume: Resume::default(),
        growth_plan: GrowthPlan::default(),
        aspiration: Aspiration::default(),
    };
    // One in ten is just a name, as a counselor's first roster often is.
    if rng.chance(10) {
        return profile;
    }
    let company = rng.pick(COMPANIES).to_string();
    let person = &mut profile.person;
    person.current_role = Some(rng.pick(ROLES).to_string());
    person.target_role = Some(rng.pick(TARGETS).to_string());
    person.industry = rng.chance(80).then(|| rng.pick(INDUSTRIES).to_string());
    person.horizon_years = rng
        .chance(85)
        .then(|| toml::Spanned::new(0..0, rng.range(1, 15) as u32));
    profile.company = Company {
        name: Some(company.clone()),
        mission: rng.chance(70).then(|| {
            format!(
                "To make {} simpler, fairer and better for everyone it serves.",
                rng.pick(INDUSTRIES)
            )
        }),
        vision: rng
            .chance(50)
            .then(|| "A future in which good work is easy to find and easy to do.".to_string()),
        values: rng.some(VALUES, 0, 4),
        goals: rng
            .some(ACCOMPLISHMENTS, 0, 2)
            .into_iter()
            .map(|g| g.to_lowercase())
            .collect(),
    };
    profile.introspection = Introspection {
        what_matters: rng.some(PHRASES, 0, 4),
        likes: rng.some(PHRASES, 0, 5),
        good_at: rng.some(PHRASES, 0, 4),
        strengths: rng.some(STRENGTHS, 1, 5),
        weaknesses: (0..rng.range(0, 3))
            .map(|_| {
                let (weakness, reframe) = WEAKNESSES[rng.range(0, WEAKNESSES.len() - 1)];
                Weakness {
                    weakness: weakness.to_string(),
                    reframe: rng.chance(80).then(|| reframe.to_string()),
                }
            })
            .collect(),
    };
    profile.resume = Resume {
        accomplishments: rng.some(ACCOMPLISHMENTS, 0, 4),
        history: (0..rng.range(0, 4))
            .map(|i| Position {
                role: rng.pick(ROLES).to_string(),
                organization: rng.chance(90).then(|| rng.pick(COMPANIES).to_string()),
                period: Some(format!("{}–{}", 2012 + 3 * i, 2015 + 3 * i)),
            })
            .collect(),
        to_improve: rng.some(
            &[
                "give a number for every accomplishment",
                "shorten the summary",
                "list the tools I use",
            ],
            0,
            3,
        ),
        to_develop: rng.some(
            &[
                "data analysis",
                "project management",
                "public speaking",
                "budgeting",
            ],
            0,
            3,
        ),
        json_resume: None,
    };
    profile.growth_plan = GrowthPlan {
        goals: (0..rng.range(0, 3))
            .map(|i| Goal {
                goal: format!(
                    "Grow as {} step {}",
                    rng.pick(TARGETS).to_lowercase(),
                    i + 1
                ),
                by: rng
                    .chance(80)
                    .then(|| DateText::Text(format!("{}-0{}", 2027 + i, rng.range(1, 9)))),
                steps: rng.some(STEPS, 0, 4),
            })
            .collect(),
        my_impact_on_company: rng.some(PHRASES, 0, 3),
        company_impact_on_me: rng.some(PHRASES, 0, 3),
    };
    profile.aspiration = Aspiration {
        statement: rng.chance(70).then(|| format!("I want to help {} work better for the people it serves.", rng.pick(INDUSTRIES))),
        areas_to_explore: rng.some(&["marketing", "sales", "supply-chain planning", "finance", "research"], 0, 3),
        environment: rng.chance(60).then(|| "a collaborative team that shares what it learns".to_string()),
        draft_answer: rng.chance(40).then(|| {
            format!(
                "In a few years I want to be the person people come to when something needs fixing.\n\n{company} is exactly the kind of place where I would like to grow."
            )
        }),
    };
    profile
}

/// The profile as TOML text.
pub fn toml_text(profile: &Profile) -> String {
    toml::to_string_pretty(profile).expect("a generated profile serializes")
}

/// Writes a cohort of `count` profiles into `dir`; returns their paths.
pub fn write_cohort(dir: &Path, count: usize, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    (0..count)
        .map(|index| {
            let path = dir.join(format!("student-{index:05}.toml"));
            std::fs::write(&path, toml_text(&profile(seed, index)))?;
            Ok(path)
        })
        .collect()
}
