//! Turns the interface text — `da.ftl` and `en.ftl` beside each feature — into the `Strings`
//! type, so that a template or handler asking for a message that does not exist, or passing it
//! other arguments than its text uses, does not compile; and a message present in one language
//! but not the other fails the build.

#[path = "src/platform/catalogue.rs"]
mod catalogue;

use catalogue::Catalogue;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LANGS: [&str; 2] = ["da", "en"];
/// Names `Strings` itself uses.
const RESERVED: [&str; 5] = ["bundle", "lang", "load", "format", "label"];

fn main() {
    println!("cargo::rerun-if-changed=src");
    let mut files: Vec<PathBuf> = Vec::new();
    find_ftl(Path::new("src"), &mut files);
    files.sort();

    let mut catalogues: Vec<Catalogue> = Vec::new();
    let mut problems = Vec::new();
    for lang in LANGS {
        let mut catalogue = Catalogue::new();
        for file in files.iter().filter(|f| f.file_stem().unwrap() == lang) {
            let text = std::fs::read_to_string(file).unwrap();
            let name = file.display().to_string();
            catalogue::read_into(&name, &text, &mut catalogue, &mut problems);
        }
        catalogues.push(catalogue);
    }
    let (da, en) = (&catalogues[0], &catalogues[1]);
    problems.extend(catalogue::disagreements(da, en));
    for id in da.keys().filter(|id| RESERVED.contains(&id.as_str())) {
        problems.push(format!(
            "{id} is a name Strings uses itself; choose another"
        ));
    }
    if !problems.is_empty() {
        panic!(
            "the interface text is not complete:\n{}",
            problems.join("\n")
        );
    }

    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("strings.rs");
    let code = generate(da, &files);
    if std::fs::read_to_string(&out).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(out, code).unwrap();
    }
}

fn find_ftl(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            find_ftl(&path, files);
        } else if path.extension().is_some_and(|e| e == "ftl") {
            let stem = path.file_stem().unwrap().to_str().unwrap();
            assert!(
                LANGS.contains(&stem),
                "{} should be da.ftl or en.ftl",
                path.display()
            );
            files.push(path);
        }
    }
}

fn generate(messages: &Catalogue, files: &[PathBuf]) -> String {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut code = String::new();
    for lang in LANGS {
        writeln!(code, "const {}_FTL: &[&str] = &[", lang.to_uppercase()).unwrap();
        for f in files.iter().filter(|f| f.file_stem().unwrap() == lang) {
            writeln!(code, "    include_str!({:?}),", Path::new(&root).join(f)).unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    code.push_str(
        "/// Every message of the interface in one language: a field for a fixed text, a \
         method for a text with arguments.\npub struct Strings {\n    bundle: Bundle,\n    /// The language of every message here.\n    pub lang: Lang,\n",
    );
    for (id, m) in messages.iter().filter(|(_, m)| m.variables.is_empty()) {
        writeln!(
            code,
            "    /// From `{}`.\n    pub {id}: &'static str,",
            m.file
        )
        .unwrap();
    }
    code.push_str(
        "}\n\nimpl Strings {\n    fn load(lang: Lang) -> Strings {\n        let bundle = lang.bundle();\n        Strings {\n",
    );
    for id in messages
        .iter()
        .filter(|(_, m)| m.variables.is_empty())
        .map(|(id, _)| id)
    {
        writeln!(code, "            {id}: fixed(&bundle, {id:?}),").unwrap();
    }
    code.push_str("            bundle,\n            lang,\n        }\n    }\n");
    for (id, m) in messages.iter().filter(|(_, m)| !m.variables.is_empty()) {
        // Parameters in the alphabetical order of their names, not the order a translation
        // happens to use them in: rewording a text must never swap two arguments at a call.
        let mut names = m.variables.clone();
        names.sort();
        let params: Vec<String> = names.iter().map(|v| format!("{v}: impl Arg<'a>")).collect();
        let args: Vec<String> = names
            .iter()
            .map(|v| format!("({v:?}, {v}.value())"))
            .collect();
        writeln!(
            code,
            "    /// From `{}`.\n    pub fn {id}<'a>(&self, {}) -> String {{\n        \
             self.format({id:?}, [{}])\n    }}",
            m.file,
            params.join(", "),
            args.join(", ")
        )
        .unwrap();
    }
    code.push_str("}\n");
    code
}
