//! Roster import: a spreadsheet exported as CSV becomes one profile file per
//! row.
//!
//! The header row names profile fields by their path (`person.name`,
//! `company.values`). A list of text takes its items in one cell, separated
//! by `;` or line breaks. A list of tables (weaknesses, history, goals)
//! takes numbered columns, one per field of each item:
//! `introspection.weaknesses.1.weakness`, `introspection.weaknesses.1.reframe`,
//! `introspection.weaknesses.2.weakness`, ... An optional `file` column
//! chooses the file name; otherwise it is made from the person's name.
//!
//! The columns come from the profile schema itself ([`Profile::schema_data`]),
//! so the roster and the profile can never disagree about a field. Profiles
//! are serialized with the `toml` crate and re-loaded with [`Profile::parse`]
//! before they are written, atomically.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::compose::ids::UniqueIds;
use crate::diagnostics::{closest, display_path, Error, SourceFile};
use crate::load::profile::Profile;
use crate::output::{write_atomic, write_atomic_new};

/// The column that chooses a profile's file name.
pub const FILE_COLUMN: &str = "file";

/// What a column's cells hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text, kept as written (line breaks included), trimmed at the ends.
    Text,
    /// A whole number.
    WholeNumber,
    /// Items separated by `;` or line breaks.
    List,
}

/// A column a roster may have: its header and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The header; for lists of tables, with `N` where the item number goes.
    pub header: String,
    pub kind: Kind,
    /// Whether an item of a list of tables needs this field.
    pub required: bool,
}

/// Every column a roster may have, in profile order; lists of tables use
/// `N` for the item number (`introspection.weaknesses.N.reframe`).
pub fn columns() -> Vec<ColumnSpec> {
    let mut specs = Vec::new();
    if let Value::Object(sections) = Profile::schema_data() {
        for (section, fields) in &sections {
            let Value::Object(fields) = fields else {
                continue;
            };
            for (field, value) in fields {
                let path = format!("{section}.{field}");
                match value {
                    Value::Array(items) => match items.first() {
                        Some(Value::Object(item)) => {
                            for (index, (name, value)) in item.iter().enumerate() {
                                specs.push(ColumnSpec {
                                    header: format!("{path}.N.{name}"),
                                    kind: kind_of(value),
                                    required: index == 0,
                                });
                            }
                        }
                        _ => specs.push(ColumnSpec {
                            header: path,
                            kind: Kind::List,
                            required: false,
                        }),
                    },
                    value => specs.push(ColumnSpec {
                        header: path,
                        kind: kind_of(value),
                        required: false,
                    }),
                }
            }
        }
    }
    specs.push(ColumnSpec {
        header: FILE_COLUMN.to_string(),
        kind: Kind::Text,
        required: false,
    });
    specs
}

fn kind_of(value: &Value) -> Kind {
    match value {
        Value::Number(_) => Kind::WholeNumber,
        Value::Array(_) => Kind::List,
        _ => Kind::Text,
    }
}

/// A column of this roster: which spec it fills, and for a list of
/// tables, which item.
#[derive(Debug, Clone)]
struct Column {
    /// The header as normalised (trimmed, lower case).
    header: String,
    spec: Option<ColumnSpec>,
    /// For a list of tables: the list's path, the item number and field.
    item: Option<(String, usize, String)>,
}

/// Reads the header row: every header must be a known column.
fn parse_headers(
    source: &SourceFile,
    headers: &csv::StringRecord,
    specs: &[ColumnSpec],
) -> Result<Vec<Column>, Error> {
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for raw in headers {
        let header = raw.trim().trim_start_matches('\u{feff}').to_lowercase();
        if header.is_empty() {
            columns.push(Column {
                header,
                spec: None,
                item: None,
            });
            continue;
        }
        let column = match_header(&header, specs)
            .ok_or_else(|| unknown_column(source, raw, &header, specs))?;
        if !seen.insert(header.clone()) {
            return Err(header_error(
                source,
                raw,
                format!("the column `{header}` appears twice in the header row"),
            )
            .with_help("keep one of them: prepbook cannot tell which one to use"));
        }
        columns.push(column);
    }
    if !seen.contains("person.name") {
        return Err(Error::at_line(
            source,
            1,
            1,
            "the header row has no `person.name` column; every profile needs the person's name",
        ));
    }
    Ok(columns)
}

fn match_header(header: &str, specs: &[ColumnSpec]) -> Option<Column> {
    if let Some(spec) = specs.iter().find(|s| s.header == header) {
        return Some(Column {
            header: header.to_string(),
            spec: Some(spec.clone()),
            item: None,
        });
    }
    // `list.N.field` with N a number from 1.
    let (list_and_number, field) = header.rsplit_once('.')?;
    let (list, number) = list_and_number.rsplit_once('.')?;
    let number: usize = number.parse().ok().filter(|n| *n >= 1)?;
    let spec = specs
        .iter()
        .find(|s| s.header == format!("{list}.N.{field}"))?;
    Some(Column {
        header: header.to_string(),
        spec: Some(spec.clone()),
        item: Some((list.to_string(), number, field.to_string())),
    })
}

fn unknown_column(source: &SourceFile, raw: &str, header: &str, specs: &[ColumnSpec]) -> Error {
    // Compare with the numbered headers using the number the user wrote.
    let number = header
        .split('.')
        .find(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("1");
    let candidates: Vec<String> = specs
        .iter()
        .map(|s| s.header.replace(".N.", &format!(".{number}.")))
        .collect();
    let suggestion = closest(header, &candidates)
        .map(str::to_string)
        .or_else(|| {
            candidates
                .iter()
                .find(|c| c.ends_with(&format!(".{header}")))
                .cloned()
        })
        .or_else(|| {
            candidates
                .iter()
                .find(|c| c.starts_with(&format!("{header}.")))
                .cloned()
        });
    let help = match suggestion {
        Some(best) if best.contains(&format!(".{number}.")) => format!(
            "did you mean `{best}`? A list of tables takes numbered columns, one per field of each item"
        ),
        Some(best) => format!("did you mean `{best}`?"),
        None => "columns are profile fields such as `person.name` or `introspection.strengths`; \
                 see the roster columns in README.md"
            .to_string(),
    };
    header_error(source, raw, format!("unknown column `{header}`")).with_help(help)
}

fn header_error(source: &SourceFile, raw: &str, message: String) -> Error {
    let header_line_end = source.text.find('\n').unwrap_or(source.text.len());
    match source.text[..header_line_end]
        .find(raw)
        .filter(|_| !raw.is_empty())
    {
        Some(start) => Error::at_span(source, start..start + raw.len(), message),
        None => Error::at_line(source, 1, 1, message),
    }
}

/// One data row turned into a profile, ready to write.
#[derive(Debug, Clone)]
pub struct ImportedRow {
    /// The row's number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// Where the row starts in the roster's text.
    pub offset: usize,
    /// The file name without `.toml`.
    pub file: String,
    /// The profile as TOML text.
    pub toml: String,
    /// The profile as loaded back from that text.
    pub profile: Profile,
}

/// A roster read and checked: good rows and the problems of the others.
#[derive(Debug)]
pub struct Roster {
    /// The roster file as read.
    pub source: SourceFile,
    pub rows: Vec<ImportedRow>,
    pub errors: Vec<Error>,
}

/// Reads a roster file (UTF-8, with or without a byte-order mark).
pub fn read(path: &Path) -> Result<Roster, Error> {
    let bytes = crate::diagnostics::read_regular_file(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::in_file(display_path(path), "is not UTF-8 text").with_help(
            "export the spreadsheet as \"CSV UTF-8\" (Excel) or choose the UTF-8 character set",
        )
    })?;
    parse(&SourceFile::new(display_path(path), text))
}

/// Parses a roster. A problem with the header row is an error for the whole
/// file; a problem in a row skips that row only.
pub fn parse(source: &SourceFile) -> Result<Roster, Error> {
    let specs = columns();
    let text = source.text.as_str();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            Error::in_file(
                source.name.clone(),
                format!("cannot read the header row: {e}"),
            )
        })?
        .clone();
    let columns = parse_headers(source, &headers, &specs)?;
    let layout = layout();
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(1, |p| p.line() as usize);
                errors.push(Error::at_line(
                    source,
                    line,
                    1,
                    format!("cannot read this row: {error}"),
                ));
                continue;
            }
        };
        let position = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let row = position.record() as usize + 1;
        let at = |column: Option<&str>, message: String| {
            let place = match column {
                Some(column) => format!("row {row}, column `{column}`"),
                None => format!("row {row}"),
            };
            row_error(
                source,
                position.byte() as usize,
                format!("{place}: {message}"),
            )
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        match profile_of_row(&record, &columns, &layout) {
            Ok((file, value)) => parsed.push((row, position.byte() as usize, file, value)),
            Err(problems) => errors.extend(
                problems
                    .into_iter()
                    .map(|(column, message)| at(column.as_deref(), message)),
            ),
        }
    }
    let (rows, mut naming_errors) = name_and_check(source, parsed);
    errors.append(&mut naming_errors);
    errors.sort_by_key(|e| e.location().map_or(0, |l| l.line));
    Ok(Roster {
        source: source.clone(),
        rows,
        errors,
    })
}

/// An error at the start of the row whose record starts at `offset` (the
/// csv reader's offset can sit on the previous row's line break).
fn row_error(source: &SourceFile, offset: usize, message: String) -> Error {
    let skipped = source.text.get(offset..).map_or(0, |rest| {
        rest.len() - rest.trim_start_matches(['\r', '\n']).len()
    });
    let (line, column) = source.line_column(offset + skipped);
    Error::at_line(source, line, column, message)
}

/// A problem in a row: the column (if one) and what is wrong.
type Problem = (Option<String>, String);

/// The profile data of a row, in profile order, and its `file` cell.
fn profile_of_row(
    record: &csv::StringRecord,
    columns: &[Column],
    layout: &Layout,
) -> Result<(Option<String>, Value), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut file = None;
    // Plain fields by path; items of lists of tables by list, number, field.
    let mut plain: HashMap<&str, Value> = HashMap::new();
    let mut items: BTreeMap<&str, BTreeMap<usize, Map<String, Value>>> = BTreeMap::new();
    for (index, cell) in record.iter().enumerate() {
        let cell = cell.trim();
        let Some(column) = columns.get(index) else {
            if !cell.is_empty() {
                problems.push((
                    None,
                    format!(
                        "cell {} is beyond the last column of the header row",
                        index + 1
                    ),
                ));
            }
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        let Some(spec) = &column.spec else {
            problems.push((
                None,
                format!("cell {} is under a column with no header", index + 1),
            ));
            continue;
        };
        if column.header == FILE_COLUMN {
            file = Some(cell.to_string());
            continue;
        }
        let value = match convert(cell, spec.kind) {
            Ok(Some(value)) => value,
            Ok(None) => continue,
            Err(message) => {
                problems.push((Some(column.header.clone()), message));
                continue;
            }
        };
        match &column.item {
            Some((list, number, field)) => {
                items
                    .entry(list.as_str())
                    .or_default()
                    .entry(*number)
                    .or_default()
                    .insert(field.clone(), value);
            }
            None => {
                plain.insert(column.header.as_str(), value);
            }
        }
    }
    if !plain.contains_key("person.name") {
        problems.push((
            Some("person.name".to_string()),
            "no name; every profile needs the person's name".to_string(),
        ));
    }
    // Lay the values out in the schema's order.
    let mut profile = Map::new();
    for (section, fields) in layout {
        let mut table = Map::new();
        for (field, item_fields) in fields {
            let path = format!("{section}.{field}");
            if item_fields.is_empty() {
                if let Some(value) = plain.remove(path.as_str()) {
                    table.insert(field.clone(), value);
                }
                continue;
            }
            let Some(numbered) = items.remove(path.as_str()) else {
                continue;
            };
            let mut list = Vec::new();
            for (number, mut cells) in numbered {
                let mut item = Map::new();
                for (index, name) in item_fields.iter().enumerate() {
                    match cells.remove(name) {
                        Some(value) => {
                            item.insert(name.clone(), value);
                        }
                        None if index == 0 => problems.push((
                            Some(format!("{path}.{number}.{name}")),
                            format!("item {number} has other cells filled but no `{name}`"),
                        )),
                        None => {}
                    }
                }
                list.push(Value::Object(item));
            }
            table.insert(field.clone(), Value::Array(list));
        }
        if !table.is_empty() {
            profile.insert(section.clone(), Value::Object(table));
        }
    }
    if problems.is_empty() {
        Ok((file, Value::Object(profile)))
    } else {
        Err(problems)
    }
}

/// The schema's sections, each with its fields in order; a list of tables
/// comes with its items' field names.
type Layout = Vec<(String, Vec<(String, Vec<String>)>)>;

fn layout() -> Layout {
    let Value::Object(sections) = Profile::schema_data() else {
        return Vec::new();
    };
    sections
        .into_iter()
        .filter_map(|(section, fields)| {
            let Value::Object(fields) = fields else {
                return None;
            };
            let fields = fields
                .into_iter()
                .map(|(field, value)| {
                    let item_fields = match value {
                        Value::Array(items) => match items.into_iter().next() {
                            Some(Value::Object(item)) => item.into_iter().map(|(k, _)| k).collect(),
                            _ => Vec::new(),
                        },
                        _ => Vec::new(),
                    };
                    (field, item_fields)
                })
                .collect();
            Some((section, fields))
        })
        .collect()
}

/// A cell's value for a column of `kind`; `None` when it holds nothing.
fn convert(cell: &str, kind: Kind) -> Result<Option<Value>, String> {
    match kind {
        Kind::Text => Ok(Some(Value::String(normalise_newlines(cell)))),
        Kind::WholeNumber => cell
            .parse::<u32>()
            .map(|n| Some(Value::from(n)))
            .map_err(|_| format!("`{cell}` is not a whole number")),
        Kind::List => {
            let items: Vec<Value> = cell
                .split([';', '\n', '\r'])
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Value::String(item.to_string()))
                .collect();
            Ok((!items.is_empty()).then_some(Value::Array(items)))
        }
    }
}

fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Gives every row a unique file name, serializes its profile and loads it
/// back; a row that fails any of this is reported and dropped.
fn name_and_check(
    source: &SourceFile,
    parsed: Vec<(usize, usize, Option<String>, Value)>,
) -> (Vec<ImportedRow>, Vec<Error>) {
    let mut errors = Vec::new();
    // Chosen names first, so a made-up name never takes one a row asked for.
    let mut chosen_by: HashMap<String, usize> = HashMap::new();
    let mut names = UniqueIds::default();
    names.reserve(crate::build::INDEX_STEM);
    let mut chosen: Vec<Option<String>> = Vec::new();
    for (row, offset, file, _) in &parsed {
        let Some(file) = file else {
            chosen.push(None);
            continue;
        };
        let problem = match checked_file_name(file) {
            Err(message) => Some(message),
            Ok(name) => match chosen_by.get(&name.to_lowercase()) {
                Some(first) => Some(format!(
                    "the file name `{name}` is already used by row {first}"
                )),
                None => {
                    chosen_by.insert(name.to_lowercase(), *row);
                    names.reserve(&name.to_lowercase());
                    chosen.push(Some(name));
                    None
                }
            },
        };
        if let Some(message) = problem {
            errors.push(row_error(
                source,
                *offset,
                format!("row {row}, column `{FILE_COLUMN}`: {message}"),
            ));
            chosen.push(Some(String::new()));
        }
    }
    let mut rows = Vec::new();
    for ((row, offset, _, value), chosen) in parsed.into_iter().zip(chosen) {
        let file = match chosen {
            Some(name) if name.is_empty() => continue,
            Some(name) => name,
            None => {
                let name = value
                    .pointer("/person/name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                names.claim(&slug(name))
            }
        };
        let fail = |message: String| row_error(source, offset, format!("row {row}: {message}"));
        let toml = match toml::to_string_pretty(&value).map(ensure_final_newline) {
            Ok(toml) => toml,
            Err(e) => {
                errors.push(fail(format!("cannot be written as TOML: {e}")));
                continue;
            }
        };
        let shown = format!("{file}.toml");
        match Profile::parse(&SourceFile::new(shown, toml.clone())) {
            Ok(profile) => rows.push(ImportedRow {
                row,
                offset,
                file,
                toml,
                profile,
            }),
            Err(error) => errors.push(fail(error.message().to_string())),
        }
    }
    (rows, errors)
}

fn ensure_final_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A `file` cell as a file stem: `.toml` optional, no folders, no hidden
/// files, nothing a file system or a URL would trip over.
fn checked_file_name(cell: &str) -> Result<String, String> {
    let name = cell.strip_suffix(".toml").unwrap_or(cell).trim();
    let valid = !name.is_empty()
        && name.len() <= 100
        && !name.starts_with(['.', '-'])
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if name.eq_ignore_ascii_case(crate::build::INDEX_STEM) {
        Err(format!(
            "`{cell}` is the name of the cohort's index page; choose another file name"
        ))
    } else if valid {
        Ok(name.to_string())
    } else {
        Err(format!(
            "`{cell}` is not a usable file name; use letters, digits, `-`, `_` and `.`"
        ))
    }
}

/// A file stem made from a name: ASCII letters and digits joined by `-`,
/// in lower case ("José Ñúñez" becomes `jose-nunez`).
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut slug = String::new();
    for word in words {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        "profile".to_string()
    } else {
        slug
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// The profile files written, with their rows.
    pub written: Vec<(usize, PathBuf)>,
    /// Every row that was not imported, and why.
    pub failed: Vec<Error>,
}

/// Imports `roster` into the folder `to`: one profile per good row.
/// Existing files are kept (and their rows reported) unless `force`.
pub fn import(roster: &Path, to: &Path, force: bool) -> Result<ImportReport, Error> {
    let Roster {
        source,
        rows,
        errors,
    } = read(roster)?;
    let mut report = ImportReport {
        written: Vec::new(),
        failed: errors,
    };
    if !rows.is_empty() {
        std::fs::create_dir_all(to).map_err(|e| Error::io(to, "cannot create", e))?;
    }
    for row in rows {
        let path = to.join(format!("{}.toml", row.file));
        let written = if force {
            write_atomic(&path, row.toml.as_bytes())
        } else {
            write_atomic_new(&path, row.toml.as_bytes()).map_err(|error| {
                if path.exists() {
                    row_error(
                        &source,
                        row.offset,
                        format!(
                            "row {}: {} already exists; it was left as it is",
                            row.row,
                            display_path(&path)
                        ),
                    )
                    .with_help("pass --force to replace existing profiles")
                } else {
                    error
                }
            })
        };
        match written {
            Ok(()) => report.written.push((row.row, path)),
            Err(error) => report.failed.push(error),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roster(text: &str) -> Result<Roster, Error> {
        parse(&SourceFile::new("roster.csv", text))
    }

    #[test]
    fn columns_follow_the_profile_schema() {
        let headers: Vec<String> = columns().into_iter().map(|c| c.header).collect();
        for expected in [
            "person.name",
            "person.horizon_years",
            "introspection.strengths",
            "introspection.weaknesses.N.weakness",
            "resume.history.N.period",
            "growth_plan.goals.N.steps",
            "file",
        ] {
            assert!(
                headers.iter().any(|h| h == expected),
                "{expected} in {headers:?}"
            );
        }
    }

    #[test]
    fn rows_become_profiles_in_schema_order() {
        let text = "\u{feff}person.name,introspection.strengths,introspection.weaknesses.1.weakness,introspection.weaknesses.1.reframe,person.horizon_years\n\
                    \"Ana López\",\"calm; curious\nkind\",Impatience,\"I move fast, and check twice\",5\n";
        let roster = roster(text).expect("header");
        assert!(roster.errors.is_empty(), "{:?}", roster.errors);
        let row = &roster.rows[0];
        assert_eq!(row.file, "ana-lopez");
        assert_eq!(row.row, 2);
        assert_eq!(
            row.profile.introspection.strengths,
            ["calm", "curious", "kind"]
        );
        assert_eq!(
            row.profile.introspection.weaknesses[0].reframe.as_deref(),
            Some("I move fast, and check twice")
        );
        assert!(
            row.toml.find("[person]") < row.toml.find("[introspection]"),
            "{}",
            row.toml
        );
    }

    #[test]
    fn an_unknown_column_fails_the_file_with_a_suggestion() {
        let error = roster("person.name,introspection.strenghts\nAna,x\n").expect_err("unknown");
        assert!(
            error
                .to_string()
                .contains("unknown column `introspection.strenghts`"),
            "{error}"
        );
        assert_eq!(
            error.help_text(),
            Some("did you mean `introspection.strengths`?")
        );
        let error = roster("person.name,introspection.weaknesses.2.refrane\n").expect_err("x");
        assert!(
            error
                .help_text()
                .unwrap_or_default()
                .contains("introspection.weaknesses.2.reframe"),
            "{:?}",
            error.help_text()
        );
        let error = roster("name\n").expect_err("x");
        assert!(error
            .help_text()
            .unwrap_or_default()
            .contains("person.name"));
    }

    #[test]
    fn bad_rows_are_skipped_and_named() {
        let text = "person.name,person.horizon_years\nAna,5\n,3\nBo,five\nCy,\n";
        let roster = roster(text).expect("header");
        let files: Vec<&str> = roster.rows.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(files, ["ana", "cy"]);
        let messages: Vec<String> = roster.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("row 3, column `person.name`"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("roster.csv:4:1: row 4, column `person.horizon_years`"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("`five` is not a whole number"),
            "{messages:?}"
        );
    }

    #[test]
    fn file_names_are_unique_and_chosen_names_win() {
        let text = "person.name,file\nSam Taylor,\nSam Taylor,\nOther,sam-taylor\nDup,other.toml\nX,other\nY,../evil\n";
        let roster = roster(text).expect("header");
        let files: Vec<&str> = roster.rows.iter().map(|r| r.file.as_str()).collect();
        assert_eq!(
            files,
            ["sam-taylor-2", "sam-taylor-3", "sam-taylor", "other"]
        );
        assert_eq!(roster.errors.len(), 2, "{:?}", roster.errors);
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("José Ñúñez"), "jose-nunez");
        assert_eq!(slug("Ελένη Παππά"), "elene-pappa");
        assert_eq!(slug("  "), "profile");
    }
}
