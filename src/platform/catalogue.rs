//! The message catalogue: reads the `.ftl` files and finds where the two languages disagree.
//! `build.rs` includes this file and refuses to build on any disagreement; the tests below
//! show that it finds them.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

pub struct Message {
    pub file: String,
    /// Variables in order of first appearance.
    pub variables: Vec<String>,
}

/// Message id to message, for one language.
pub type Catalogue = BTreeMap<String, Message>;

/// Every way the Danish and English catalogues disagree: a message in one but not the other,
/// or a message whose arguments differ between them.
pub fn disagreements(da: &Catalogue, en: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let sorted = |v: &[String]| v.iter().cloned().collect::<BTreeSet<String>>();
    for (id, m) in da {
        match en.get(id) {
            None => problems.push(format!("{id} is in {} but has no English", m.file)),
            Some(e) if sorted(&e.variables) != sorted(&m.variables) => problems.push(format!(
                "{id} uses {:?} in Danish but {:?} in English",
                m.variables, e.variables
            )),
            Some(_) => {}
        }
    }
    for (id, m) in en {
        if !da.contains_key(id) {
            problems.push(format!("{id} is in {} but has no Danish", m.file));
        }
    }
    problems
}

/// Adds the messages of one file to a language's catalogue, noting what cannot be read and ids
/// given twice.
pub fn read_into(file: &str, text: &str, into: &mut Catalogue, problems: &mut Vec<String>) {
    let resource = match fluent_syntax::parser::parse(text) {
        Ok(r) => r,
        Err((_, errors)) => {
            for e in errors {
                let line = text[..e.pos.start].lines().count();
                problems.push(format!("{file}:{line}: {:?}", e.kind));
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
            None => problems.push(format!("{file}: {id} has no text")),
        }
        if let Some(first) = into.get(&id) {
            problems.push(format!("{id} is in both {} and {file}", first.file));
        }
        into.insert(
            id,
            Message {
                file: file.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(text: &str) -> Catalogue {
        let (mut c, mut problems) = (Catalogue::new(), Vec::new());
        read_into("test.ftl", text, &mut c, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        c
    }

    #[test]
    fn a_message_missing_in_one_language_is_found() {
        let da = catalogue("hello = Hej\nbye = Farvel\n");
        let en = catalogue("hello = Hello\n");
        assert_eq!(
            disagreements(&da, &en),
            ["bye is in test.ftl but has no English"]
        );
        assert_eq!(
            disagreements(&en, &da),
            ["bye is in test.ftl but has no Danish"]
        );
    }

    #[test]
    fn arguments_that_differ_between_the_languages_are_found() {
        let da = catalogue("left = { $n } af { $capacity } pladser\n");
        let en = catalogue("left = { $n } of { $capacty } places\n");
        assert_eq!(disagreements(&da, &en).len(), 1);
        let plural = catalogue(
            "left = { $capacity ->\n    [one] { $n } af 1 plads\n   *[other] { $n } af { $capacity }\n}\n",
        );
        assert_eq!(plural["left"].variables, ["capacity", "n"]);
        assert!(disagreements(&da, &plural).is_empty());
    }

    #[test]
    fn unreadable_text_and_ids_given_twice_are_found() {
        let (mut c, mut problems) = (Catalogue::new(), Vec::new());
        read_into("a.ftl", "x = Et\n", &mut c, &mut problems);
        read_into("b.ftl", "x = To\n", &mut c, &mut problems);
        read_into("c.ftl", "y = { $n\n", &mut c, &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("x is in both a.ftl and b.ftl"));
    }
}
