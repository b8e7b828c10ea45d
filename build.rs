//! Turns the interface text — `da.ftl` and `en.ftl` beside each feature — into the `Strings`
//! type, so that a template or handler asking for a message that does not exist, or passing it
//! other arguments than its text uses, does not compile; and a message present in one language
//! but not the other fails the build.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LANGS: [&str; 2] = ["da", "en"];
/// Names `Strings` itself uses.
const RESERVED: [&str; 5] = ["bundle", "lang", "load", "format", "label"];

struct Message {
    file: PathBuf,
    /// Variables in order of first appearance.
    variables: Vec<String>,
}

fn main() {
    println!("cargo::rerun-if-changed=src");
    let mut files: Vec<PathBuf> = Vec::new();
    find_ftl(Path::new("src"), &mut files);
    files.sort();

    let mut messages: Vec<BTreeMap<String, Message>> = Vec::new();
    let mut problems = Vec::new();
    for lang in LANGS {
        let mut of_lang = BTreeMap::new();
        for file in files.iter().filter(|f| f.file_stem().unwrap() == lang) {
            read_messages(file, &mut of_lang, &mut problems);
        }
        messages.push(of_lang);
    }
    let (da, en) = (&messages[0], &messages[1]);
    for (id, m) in da {
        match en.get(id) {
            None => problems.push(format!(
                "{id} is in {} but has no English",
                m.file.display()
            )),
            Some(e) if sorted(&e.variables) != sorted(&m.variables) => problems.push(format!(
                "{id} uses {:?} in Danish but {:?} in English",
                m.variables, e.variables
            )),
            Some(_) => {}
        }
    }
    for (id, m) in en {
        if !da.contains_key(id) {
            problems.push(format!("{id} is in {} but has no Danish", m.file.display()));
        }
    }
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

fn sorted(v: &[String]) -> BTreeSet<&String> {
    v.iter().collect()
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

fn read_messages(file: &Path, into: &mut BTreeMap<String, Message>, problems: &mut Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let resource = match fluent_syntax::parser::parse(text.as_str()) {
        Ok(r) => r,
        Err((_, errors)) => {
            for e in errors {
                let line = text[..e.pos.start].lines().count();
                problems.push(format!("{}:{line}: {:?}", file.display(), e.kind));
            }
            return;
        }
    };
    for entry in resource.body {
        let Entry::Message(message) = entry else {
            continue;
        };
        let id = message.id.name.to_string();
        let mut variables = Vec::new();
        match &message.value {
            Some(pattern) => pattern_variables(pattern, &mut variables),
            None => problems.push(format!("{}: {id} has no text", file.display())),
        }
        if let Some(first) = into.get(&id) {
            problems.push(format!(
                "{id} is in both {} and {}",
                first.file.display(),
                file.display()
            ));
        }
        into.insert(
            id,
            Message {
                file: file.to_path_buf(),
                variables,
            },
        );
    }
}

fn pattern_variables(pattern: &Pattern<&str>, into: &mut Vec<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, into: &mut Vec<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for v in variants {
                pattern_variables(&v.value, into);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, into: &mut Vec<String>) {
    match inline {
        InlineExpression::VariableReference { id } if !into.iter().any(|v| v == id.name) => {
            into.push(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_variables(a, into);
            }
            for a in &arguments.named {
                inline_variables(&a.value, into);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

fn generate(messages: &BTreeMap<String, Message>, files: &[PathBuf]) -> String {
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
            m.file.display()
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
        let params: Vec<String> = m
            .variables
            .iter()
            .map(|v| format!("{v}: impl Into<FluentValue<'a>>"))
            .collect();
        let args: Vec<String> = m
            .variables
            .iter()
            .map(|v| format!("({v:?}, {v}.into())"))
            .collect();
        writeln!(
            code,
            "    /// From `{}`.\n    pub fn {id}<'a>(&self, {}) -> String {{\n        \
             self.format({id:?}, [{}])\n    }}",
            m.file.display(),
            params.join(", "),
            args.join(", ")
        )
        .unwrap();
    }
    code.push_str("}\n");
    code
}
