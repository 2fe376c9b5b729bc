//! The cohort index: `OUT/index.html`, one self-contained page that lists
//! every workbook in the output folder with relative links to its files, so
//! a counselor can open one page and hand out (or print) the lot.
//!
//! It lists what the build records say is in the folder (see [`state`]),
//! so workbooks built by earlier runs or by other shards whose outputs were
//! gathered into the same folder are listed too. The page depends only on
//! those records and the project's title: the same folder gives the same
//! bytes.
//!
//! [`state`]: crate::cohort::state

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::book::Book;
use crate::cohort::state::Record;
use crate::diagnostics::Error;
use crate::html::escape;
use crate::load::locale::strings::fill;
use crate::load::locale::Locale;
use crate::load::project::Format;
use crate::output::write_atomic_unsynced;

/// The index's file name in the output folder: [`INDEX_STEM`] and `.html`.
///
/// [`INDEX_STEM`]: crate::build::INDEX_STEM
pub const FILE_NAME: &str = "index.html";

/// One workbook in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The person's name.
    pub name: String,
    /// The output name shared by the workbook's files.
    pub stem: String,
    /// The workbook's files present in the folder, PDF first.
    pub files: Vec<(Format, String)>,
}

/// The workbooks in `out_dir` by name, each with the files it still has.
pub fn entries(out_dir: &Path) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Record::all(out_dir)
        .into_iter()
        .filter_map(|(stem, record)| {
            let files: Vec<(Format, String)> = [Format::Pdf, Format::Html]
                .into_iter()
                .map(|format| (format, format!("{stem}.{}", format.extension())))
                .filter(|(_, file)| {
                    record.outputs.contains_key(file) && out_dir.join(file).is_file()
                })
                .collect();
            (!files.is_empty()).then_some(Entry {
                name: record.name,
                stem,
                files,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        (a.name.to_lowercase(), &a.name, &a.stem).cmp(&(b.name.to_lowercase(), &b.name, &b.stem))
    });
    entries
}

/// Writes the index of `out_dir` if it holds any workbook, and only when
/// its bytes change; returns its path.
pub fn write(book: &Book, out_dir: &Path) -> Result<Option<PathBuf>, Error> {
    let entries = entries(out_dir);
    if entries.is_empty() {
        return Ok(None);
    }
    let project = &book.project;
    let html = render(project.title(), project.language(), &book.locale, &entries);
    let path = out_dir.join(FILE_NAME);
    if std::fs::read(&path).ok().as_deref() != Some(html.as_bytes()) {
        write_atomic_unsynced(&path, html.as_bytes())?;
    }
    Ok(Some(path))
}

/// The index page for `entries`, titled after the workbook, in the words of
/// `locale`.
pub fn render(title: &str, language: &str, locale: &Locale, entries: &[Entry]) -> String {
    let text = &locale.strings.index;
    let mut rows = String::new();
    for entry in entries {
        let cell = |format: Format| {
            entry.files.iter().find(|(f, _)| *f == format).map_or_else(
                || "<td>—</td>".to_string(),
                |(_, file)| {
                    format!(
                        "<td><a href=\"{}\">{}</a></td>",
                        escape(&href(file)),
                        escape(file)
                    )
                },
            )
        };
        let _ = writeln!(
            rows,
            "<tr><th scope=\"row\">{}</th>{}{}</tr>",
            escape(&entry.name),
            cell(Format::Pdf),
            cell(Format::Html)
        );
    }
    let count = entries.len().to_string();
    let count = fill(
        if locale
            .words
            .plural
            .singular
            .contains(&(entries.len() as u64))
        {
            &text.count_one
        } else {
            &text.count
        },
        &[("count", &count)],
    );
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="prepbook {version}">
<title>{page_title}</title>
<style>
:root {{ color-scheme: light; }}
body {{ font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; color: #1b1b1b; background: #fff; margin: 0; }}
header, main {{ max-width: 48rem; margin: 0 auto; padding: 0 1rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.25; margin: 1.5rem 0 0.25rem; }}
header p {{ margin: 0 0 1rem; color: #4a4a4a; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2rem; }}
caption {{ text-align: left; font-weight: 600; padding: 0.5rem 0; }}
th, td {{ text-align: left; padding: 0.5rem 0.75rem 0.5rem 0; border-bottom: 1px solid #d0d0d0; vertical-align: top; }}
thead th {{ border-bottom: 2px solid #1b1b1b; }}
tbody th {{ font-weight: 600; }}
a {{ color: #0b4f8a; text-decoration: underline; overflow-wrap: anywhere; }}
a:focus-visible {{ outline: 3px solid #0b4f8a; outline-offset: 2px; }}
@media (max-width: 32rem) {{ th, td {{ display: block; border: 0; padding: 0.1rem 0; }} tbody tr {{ display: block; border-bottom: 1px solid #d0d0d0; padding: 0.5rem 0; }} thead {{ position: absolute; left: -9999px; }} }}
@media print {{ body {{ font-size: 11pt; }} a {{ color: inherit; }} tr {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p>{count}</p>
</header>
<main>
<table>
<caption>{caption}</caption>
<thead><tr><th scope="col">{name}</th><th scope="col">{pdf}</th><th scope="col">{html}</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
</main>
</body>
</html>
"#,
        lang = escape(language),
        version = env!("CARGO_PKG_VERSION"),
        page_title = escape(&fill(&text.title, &[("title", title)])),
        title = escape(title),
        count = escape(&count),
        caption = escape(&text.caption),
        name = escape(&text.name),
        pdf = escape(&text.pdf),
        html = escape(&text.html),
    )
}

/// A file name as a relative URL: everything but unreserved characters is
/// percent-encoded, so a name with spaces, `#`, `?` or `:` still links.
fn href(file: &str) -> String {
    let mut out = String::new();
    for byte in file.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_workbook_can_take_the_index_file_name() {
        assert_eq!(FILE_NAME, format!("{}.html", crate::build::INDEX_STEM));
    }

    #[test]
    fn names_are_text_and_file_names_are_links() {
        let entries = [Entry {
            name: "<b>Ana</b> & Co".to_string(),
            stem: "ana #1".to_string(),
            files: vec![(Format::Pdf, "ana #1.pdf".to_string())],
        }];
        let html = render(
            "Prep",
            "en",
            crate::load::locale::english_locale(),
            &entries,
        );
        assert!(html.contains("&lt;b&gt;Ana&lt;/b&gt; &amp; Co"));
        assert!(html.contains("href=\"ana%20%231.pdf\""));
        assert!(html.contains("<td>—</td>"), "no HTML file, no link");
        assert!(html.contains("<html lang=\"en\">"));
    }
}
