//! CSV as spreadsheets read it (RFC 4180, CRLF lines), with no cell a spreadsheet would run as a
//! formula.

/// One field: quoted when it must be; a leading `=`, `+`, `-`, `@`, tab or carriage return is
/// defused with an apostrophe.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A CSV file to download, named `filename`.
pub fn attachment(filename: &str, body: impl Into<axum::body::Body>) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body.into(),
    )
        .into_response()
}

/// A table for spreadsheets, with a byte-order mark so they read æ, ø and å as UTF-8.
pub fn spreadsheet(filename: &str, table: &str) -> axum::response::Response {
    attachment(filename, format!("\u{feff}{table}"))
}

/// Appends one line of fields.
pub fn push_row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    let row: Vec<String> = fields.iter().map(|f| field(f.as_ref())).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        let mut out = String::new();
        push_row(&mut out, &["Anna", "Vej 1, 8000", "=SUM(A1)", "\"x\""]);
        assert_eq!(out, "Anna,\"Vej 1, 8000\",'=SUM(A1),\"\"\"x\"\"\"\r\n");
    }
}
