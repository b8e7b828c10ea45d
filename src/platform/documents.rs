//! Documents people upload (a request's budget, a measurement's report): known by their bytes
//! rather than their name, named so they are safe to offer, and always offered as downloads.

use super::error::{AppError, AppResult, FieldErrors};
use super::web::FormPairs;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The largest document Medspil takes.
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// What a document is: its type as served, and the file endings it may have (the first is
/// used when the given name has none of them).
pub type DocumentType = (&'static str, &'static [&'static str]);

/// What a document is, read from its bytes rather than its name: PDF, PNG, JPEG, an Office
/// Open XML or OpenDocument file, or plain UTF-8 text. Anything else (programs, scripts in
/// other zips, HTML passed off as text is still text and served as such) is refused or
/// served as something that does not run.
pub fn document_type(bytes: &[u8]) -> Option<DocumentType> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", &["pdf"]))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", &["png"]))
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(("image/jpeg", &["jpg", "jpeg"]))
    } else if bytes.starts_with(b"PK\x03\x04") && has(b"[Content_Types].xml") {
        Some(("application/octet-stream", &["docx", "xlsx", "pptx"]))
    } else if bytes.starts_with(b"PK\x03\x04") && bytes.get(30..38) == Some(b"mimetype") {
        Some(("application/octet-stream", &["odt", "ods", "odp"]))
    } else if !bytes.is_empty()
        && std::str::from_utf8(bytes)
            .is_ok_and(|t| !t.chars().any(|c| c.is_control() && !c.is_whitespace()))
    {
        Some(("text/plain; charset=utf-8", &["txt", "csv"]))
    } else {
        None
    }
}

/// Characters that change how a name looks without being seen (direction marks and other
/// format characters), used to disguise one file ending as another.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// A file name as it may be shown and offered for download: the last part of a path, without
/// invisible characters or quotes, at most 100 characters, ending as its type allows (a
/// "budget.bat" that is text becomes "budget.bat.txt").
pub fn document_name(given: &str, kind: DocumentType) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|c| !invisible(*c) && !matches!(c, '"' | ';'))
        .take(100)
        .collect();
    let name = match clean.trim() {
        "" => "dokument",
        name => name,
    };
    let allowed = kind.1;
    match name.rsplit_once('.') {
        Some((_, ending)) if allowed.contains(&ending.to_lowercase().as_str()) => name.to_string(),
        _ => format!("{name}.{}", allowed[0]),
    }
}

/// A file chosen in a form.
pub struct Upload {
    /// The name it had on the uploader's machine.
    pub name: String,
    pub bytes: Bytes,
}

/// A form that may carry a file: its other fields, the file if one was chosen, and whether the
/// upload was too large to read.
pub struct FormWithFile {
    pub fields: FormPairs,
    pub file: Option<Upload>,
    pub too_large: bool,
}

/// Reads a form with a file in `file_field`, sent as `multipart/form-data`; one sent
/// URL-encoded (by a client that chose no file) is read too.
pub async fn read_form(request: Request, file_field: &str) -> AppResult<FormWithFile> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let mut form = FormWithFile {
        fields: FormPairs(Vec::new()),
        file: None,
        too_large: false,
    };
    if !multipart {
        let bytes = axum::body::to_bytes(request.into_body(), super::input::FORM_BODY_MAX)
            .await
            .map_err(|_| AppError::BadRequest(crate::text!(error_too_large)))?;
        form.fields.0 = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest(crate::text!(error_bad_request)))?;
        return Ok(form);
    }
    let mut parts = Multipart::from_request(request, &())
        .await
        .map_err(|_| AppError::BadRequest(crate::text!(error_bad_request)))?;
    loop {
        let field = match parts.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                form.too_large = true;
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().unwrap_or_default().to_string();
        match field.bytes().await {
            Ok(bytes) if name == file_field => {
                if !bytes.is_empty() {
                    form.file = Some(Upload {
                        name: file_name,
                        bytes,
                    });
                }
            }
            Ok(bytes) => {
                let value = String::from_utf8(bytes.to_vec())
                    .map_err(|_| AppError::BadRequest(crate::text!(error_not_utf8)))?;
                form.fields.0.push((name, value));
            }
            Err(_) => {
                form.too_large = true;
                break;
            }
        }
    }
    Ok(form)
}

/// A document as it will be kept: its name made safe and its type read from its bytes.
pub struct Document {
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Bytes,
}

/// Takes an upload as a document, or explains beside `field` why not: larger than
/// `DOCUMENT_MAX_BYTES`, or not a kind of document Medspil keeps.
pub fn accept(errors: &mut FieldErrors, field: &'static str, upload: Upload) -> Option<Document> {
    if upload.bytes.len() > DOCUMENT_MAX_BYTES {
        errors.insert(field, crate::text!(err_document_too_large));
        return None;
    }
    let Some(kind) = document_type(&upload.bytes) else {
        errors.insert(field, crate::text!(err_document_type));
        return None;
    };
    Some(Document {
        name: document_name(&upload.name, kind),
        content_type: kind.0,
        bytes: upload.bytes,
    })
}

/// A document offered as a download, never shown in the browser, and never kept by caches.
pub fn download(name: &str, content_type: &str, data: Vec<u8>) -> Response {
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                    name.replace(|c: char| !c.is_ascii(), "_"),
                    super::web::url_encode(name)
                ),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_string(),
            ),
        ],
        data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_known_by_their_bytes_and_named_for_them() {
        let pdf = document_type(b"%PDF-1.7 ...").unwrap();
        assert_eq!(pdf.0, "application/pdf");
        assert_eq!(
            document_type(&[0xff, 0xd8, 0xff, 0xe0]).unwrap().0,
            "image/jpeg"
        );
        let text = document_type("Budget: 45.000 kr.\n".as_bytes()).unwrap();
        assert_eq!(text.0, "text/plain; charset=utf-8");
        assert_eq!(
            document_type(b"MZ\x90\x00\x03"),
            None,
            "a program is not a document"
        );
        assert_eq!(
            document_type(b"PK\x03\x04 some.jar contents"),
            None,
            "a zip that is not an Office file"
        );
        assert_eq!(document_type(b""), None);
        assert_eq!(
            document_name("C:\\Users\\jeppe\\budget \"2027\".pdf", pdf),
            "budget 2027.pdf"
        );
        assert_eq!(document_name("../../etc/passwd", text), "passwd.txt");
        assert_eq!(document_name("budget.bat", text), "budget.bat.txt");
        assert_eq!(
            document_name("budget\u{202e}fdp.bat", pdf),
            "budgetfdp.bat.pdf",
            "no hidden reversal"
        );
        assert_eq!(document_name("  ", pdf), "dokument.pdf");
    }
}
