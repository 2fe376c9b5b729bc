//! Embeds the default workbook (prepbook.toml, content/, the default theme
//! and the example profiles) into the binary, so prepbook works outside any
//! project. Each file goes in through `include_bytes!`, which rustc tracks,
//! so an edited file rebuilds the crate; the folders are watched for files
//! added or removed.
//!
//! It also digests the code itself (`src/`, `build.rs`, `Cargo.lock`) and
//! the files it embeds into `PREPBOOK_CODE_DIGEST`, which build records
//! carry: a binary that writes different bytes rebuilds workbooks an older
//! one wrote, even within one version number, and a build need not hash
//! the built-in fonts again.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What is built in, relative to the crate: files, and folders taken whole.
const FILES: [&str; 3] = [
    "prepbook.toml",
    "profiles/example.toml",
    "profiles/es/ejemplo.toml",
];
const FOLDERS: [&str; 2] = ["content", "themes/default"];

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut paths: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    for folder in FOLDERS {
        println!("cargo:rerun-if-changed={folder}");
        collect(&root, Path::new(folder), &mut paths);
    }
    for file in FILES {
        println!("cargo:rerun-if-changed={file}");
    }
    paths.sort();
    let mut code = String::from("/// The default workbook's files, by path, sorted.\npub static FILES: &[(&str, &[u8])] = &[\n");
    for path in &paths {
        let absolute = root.join(path);
        writeln!(
            code,
            "    ({path:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("builtin.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    println!(
        "cargo:rustc-env=PREPBOOK_CODE_DIGEST={}",
        code_digest(&root, &paths)
    );
}

/// A digest of the code: every file under `src/`, `build.rs`,
/// `Cargo.lock` and the `built_in` files, by path and bytes, in path order.
fn code_digest(root: &Path, built_in: &[String]) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut files = vec!["build.rs".to_string(), "Cargo.lock".to_string()];
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    collect(root, Path::new("src"), &mut files);
    files.extend_from_slice(built_in);
    files.sort();
    // SipHash with fixed keys: the same files give the same digest.
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        // Cargo.lock is absent from a crate packaged as a library.
        std::fs::read(root.join(file))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Every file under `folder`, as `/`-separated paths relative to `root`.
fn collect(root: &Path, folder: &Path, out: &mut Vec<String>) {
    let entries = std::fs::read_dir(root.join(folder)).expect("a built-in folder is readable");
    for entry in entries {
        let entry = entry.expect("a folder entry");
        let relative = folder.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            collect(root, &relative, out);
        } else {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}
