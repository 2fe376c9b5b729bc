//! The theme: `theme.toml` (page, fonts, type sizes, colours) and the HTML
//! layout files, read once per run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::diagnostics::{Error, SourceFile};
use crate::load::folder::{FileAccess, FileBytes, Folder};

/// A loaded theme.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme's folder.
    pub dir: Folder,
    /// `theme.toml`.
    pub config: ThemeConfig,
    /// The HTML layout, worksheet partial, stylesheet and script.
    pub html: HtmlTheme,
    /// The font files' bytes, one per face.
    pub fonts: FontFiles,
}

/// The HTML side of a theme, as text.
#[derive(Debug, Clone)]
pub struct HtmlTheme {
    pub layout: SourceFile,
    pub worksheet: SourceFile,
    pub css: String,
    pub js: String,
}

/// `theme.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    pub page: PageConfig,
    pub fonts: FontConfig,
    #[serde(rename = "type")]
    pub sizes: TypeSizes,
    pub colours: Colours,
}

/// `[page]`: paper size and margins in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageConfig {
    pub size: PageSize,
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    /// Distance between ruled writing lines in worksheets.
    #[serde(default = "default_writing_line")]
    pub writing_line: f32,
    /// Writing lines left free under a prompt's pre-filled answer (a
    /// prompt's own `lines` are for an empty answer).
    #[serde(default = "default_free_lines")]
    pub free_lines: u32,
    /// Whether every chapter starts on a new page.
    #[serde(default)]
    pub chapters_on_new_page: bool,
}

fn default_writing_line() -> f32 {
    7.5
}

fn default_free_lines() -> u32 {
    1
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSize {
    A4,
    Letter,
}

impl PageSize {
    /// Width and height in millimetres.
    pub fn dimensions_mm(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (210.0, 297.0),
            PageSize::Letter => (215.9, 279.4),
        }
    }
}

/// What a face of the theme is for. Every list of the theme's faces
/// (loading, parsing, hashing) goes through [`FontRole::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Heading,
    Label,
    Mono,
}

impl FontRole {
    /// Every role, in the order the faces are kept.
    pub const ALL: [FontRole; 7] = [
        FontRole::Regular,
        FontRole::Bold,
        FontRole::Italic,
        FontRole::BoldItalic,
        FontRole::Heading,
        FontRole::Label,
        FontRole::Mono,
    ];

    /// The body face for a combination of bold and italic.
    pub fn body(bold: bool, italic: bool) -> FontRole {
        match (bold, italic) {
            (false, false) => FontRole::Regular,
            (true, false) => FontRole::Bold,
            (false, true) => FontRole::Italic,
            (true, true) => FontRole::BoldItalic,
        }
    }

    /// The role's place in [`FontRole::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// `[fonts]`: font files relative to the theme folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontConfig {
    pub regular: PathBuf,
    pub bold: PathBuf,
    pub italic: PathBuf,
    pub bold_italic: PathBuf,
    pub heading: PathBuf,
    pub label: PathBuf,
    pub mono: PathBuf,
    #[serde(default)]
    pub fallback: Vec<PathBuf>,
}

impl FontConfig {
    /// The file named for `role`.
    pub fn path(&self, role: FontRole) -> &Path {
        match role {
            FontRole::Regular => &self.regular,
            FontRole::Bold => &self.bold,
            FontRole::Italic => &self.italic,
            FontRole::BoldItalic => &self.bold_italic,
            FontRole::Heading => &self.heading,
            FontRole::Label => &self.label,
            FontRole::Mono => &self.mono,
        }
    }
}

/// `[type]`: sizes in points.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSizes {
    pub body: f32,
    pub line_height: f32,
    pub h1: f32,
    pub h2: f32,
    pub h3: f32,
    pub small: f32,
}

/// `[colours]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    pub text: Rgb,
    pub accent: Rgb,
    pub muted: Rgb,
    pub rule: Rgb,
    pub answer_background: Rgb,
}

/// A colour, written `#rrggbb` in `theme.toml`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Rgb, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_hex_colour(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a colour like \"#1d4e89\""))
        })
    }
}

fn parse_hex_colour(text: &str) -> Option<Rgb> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| {
        u8::from_str_radix(&hex[i..i + 2], 16)
            .ok()
            .map(|v| v as f32 / 255.0)
    };
    Some(Rgb {
        r: channel(0)?,
        g: channel(2)?,
        b: channel(4)?,
    })
}

/// The bytes of every font face a theme names, shared between threads:
/// one per [`FontRole`], in the order of [`FontRole::ALL`], then the
/// fallback fonts in the order listed.
#[derive(Debug, Clone)]
pub struct FontFiles {
    files: Vec<FontFile>,
}

impl FontFiles {
    /// The face for `role`.
    pub fn role(&self, role: FontRole) -> &FontFile {
        &self.files[role.index()]
    }

    /// The fallback fonts, in the order listed.
    pub fn fallback(&self) -> &[FontFile] {
        &self.files[FontRole::ALL.len()..]
    }

    /// Every face: the roles, then the fallback fonts.
    pub fn all(&self) -> &[FontFile] {
        &self.files
    }
}

/// One font file: its name for messages and its bytes (borrowed from the
/// binary for the built-in theme's fonts, which are several megabytes).
#[derive(Debug, Clone)]
pub struct FontFile {
    pub name: String,
    pub bytes: Arc<FileBytes>,
}

impl Theme {
    /// Loads the theme in `dir`, its fonts brought in as `font_access` says.
    pub fn load(dir: &Folder, font_access: FileAccess) -> Result<Theme, Error> {
        if !dir.exists() {
            return Err(
                Error::in_file(dir.display(), "theme folder not found").with_help(
                    "set `theme` in [workbook] of prepbook.toml to a folder under themes/",
                ),
            );
        }
        let source = dir.read_text("theme.toml")?;
        let config: ThemeConfig =
            toml::from_str(&source.text).map_err(|e| Error::from_toml(&source, &e))?;
        check_numbers(&source)?;
        let html = HtmlTheme {
            layout: dir.read_text("html/layout.hbs")?,
            worksheet: dir.read_text("html/worksheet.hbs")?,
            css: dir.read_text("html/style.css")?.text,
            js: dir.read_text("html/workbook.js")?.text,
        };
        let paths = FontRole::ALL
            .iter()
            .map(|role| config.fonts.path(*role))
            .chain(config.fonts.fallback.iter().map(PathBuf::as_path));
        let fonts = FontFiles {
            files: paths
                .map(|path| read_font(dir, path, font_access))
                .collect::<Result<_, _>>()?,
        };
        Ok(Theme {
            dir: dir.clone(),
            config,
            html,
            fonts,
        })
    }

    /// A theme folder on disk (for tests and tools).
    pub fn load_dir(dir: &Path) -> Result<Theme, Error> {
        Theme::load(&Folder::Disk(dir.to_path_buf()), FileAccess::Read)
    }
}

/// The theme's lengths and sizes as written, with where they are, to check
/// that each is in a range that gives a readable page.
#[derive(Deserialize)]
struct Numbers {
    page: PageNumbers,
    #[serde(rename = "type")]
    sizes: SizeNumbers,
}

#[derive(Deserialize)]
struct PageNumbers {
    margin_top: Spanned<f32>,
    margin_bottom: Spanned<f32>,
    margin_inner: Spanned<f32>,
    margin_outer: Spanned<f32>,
    writing_line: Option<Spanned<f32>>,
    free_lines: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
struct SizeNumbers {
    body: Spanned<f32>,
    line_height: Spanned<f32>,
    h1: Spanned<f32>,
    h2: Spanned<f32>,
    h3: Spanned<f32>,
    small: Spanned<f32>,
}

/// Refuses numbers that would break the layout (a zero type size, margins
/// wider than the page, `nan`), naming the field and its line.
fn check_numbers(source: &SourceFile) -> Result<(), Error> {
    let numbers: Numbers =
        toml::from_str(&source.text).map_err(|e| Error::from_toml(source, &e))?;
    let (page, sizes) = (&numbers.page, &numbers.sizes);
    let mut checks: Vec<(&str, &Spanned<f32>, f32, f32, &str)> = vec![
        ("margin_top", &page.margin_top, 0.0, 60.0, "mm"),
        ("margin_bottom", &page.margin_bottom, 0.0, 60.0, "mm"),
        ("margin_inner", &page.margin_inner, 0.0, 60.0, "mm"),
        ("margin_outer", &page.margin_outer, 0.0, 60.0, "mm"),
        ("body", &sizes.body, 6.0, 24.0, "pt"),
        (
            "line_height",
            &sizes.line_height,
            1.0,
            3.0,
            "times the type size",
        ),
        ("h1", &sizes.h1, 6.0, 72.0, "pt"),
        ("h2", &sizes.h2, 6.0, 72.0, "pt"),
        ("h3", &sizes.h3, 6.0, 72.0, "pt"),
        ("small", &sizes.small, 5.0, 24.0, "pt"),
    ];
    if let Some(writing_line) = &page.writing_line {
        checks.push(("writing_line", writing_line, 4.0, 20.0, "mm"));
    }
    if let Some(free) = page.free_lines.as_ref().filter(|f| *f.get_ref() > 10) {
        return Err(Error::at_span(
            source,
            free.span(),
            "`free_lines` must be between 0 and 10 lines",
        ));
    }
    for (field, value, min, max, unit) in checks {
        if !(min..=max).contains(value.get_ref()) {
            return Err(Error::at_span(
                source,
                value.span(),
                format!("`{field}` must be between {min} and {max} {unit}"),
            ));
        }
    }
    Ok(())
}

/// The largest font file read: a CJK collection is tens of megabytes.
const MAX_FONT_BYTES: u64 = 256 * 1024 * 1024;

fn read_font(dir: &Folder, path: &Path, access: FileAccess) -> Result<FontFile, Error> {
    let relative = path.to_string_lossy().replace('\\', "/");
    let bytes = dir
        .read_large(&relative, MAX_FONT_BYTES, access)
        .map_err(|e| {
            Error::in_file(
                dir.name(&relative),
                format!("cannot read font: {}", e.message()),
            )
        })?;
    Ok(FontFile {
        name: dir.name(&relative),
        bytes: Arc::new(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_colours_parse() {
        let c = parse_hex_colour("#ff8000").expect("valid");
        assert_eq!((c.r, c.b), (1.0, 0.0));
        assert!((c.g - 128.0 / 255.0).abs() < 1e-6);
        assert!(parse_hex_colour("ff8000").is_none());
        assert!(parse_hex_colour("#ff80").is_none());
    }
}
