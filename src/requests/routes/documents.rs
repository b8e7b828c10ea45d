//! Documents attached to a case.

use super::*;
use crate::platform::documents::read_form;

/// Attaches a document. Who may attach is checked before the upload is read; a problem comes
/// back as the case page with the reason (a redirect, so the token in this form's address
/// never becomes the page's address).
pub(super) async fn attach(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> AppResult<Response> {
    actions::may_attach(&state.db, viewer, id).await?;
    let form = read_form(request, "document").await?;
    let problem = match (form.file, form.too_large) {
        (_, true) => Some(DocumentProblem::TooLarge),
        (None, false) => Some(DocumentProblem::Missing),
        (Some(upload), false) => {
            let size = upload.bytes.len();
            match actions::attach(&state.db, viewer, id, upload).await {
                Ok(()) => None,
                Err(AppError::Invalid(_)) if size > DOCUMENT_MAX_BYTES => {
                    Some(DocumentProblem::TooLarge)
                }
                Err(AppError::Invalid(_)) => Some(DocumentProblem::Type),
                Err(AppError::Refused(_)) => Some(DocumentProblem::TooMany),
                Err(e) => return Err(e),
            }
        }
    };
    Ok(see_other(&match problem {
        None => format!("/requests/{id}#documents"),
        Some(p) => format!("/requests/{id}?document={}#documents", p.code()),
    }))
}

/// Why an upload was not attached, carried to the case page in its address.
#[derive(Clone, Copy)]
pub(super) enum DocumentProblem {
    TooLarge,
    Type,
    Missing,
    TooMany,
}

impl DocumentProblem {
    pub(super) const ALL: [DocumentProblem; 4] = [
        DocumentProblem::TooLarge,
        DocumentProblem::Type,
        DocumentProblem::Missing,
        DocumentProblem::TooMany,
    ];

    pub(super) fn code(self) -> &'static str {
        match self {
            DocumentProblem::TooLarge => "too_large",
            DocumentProblem::Type => "type",
            DocumentProblem::Missing => "missing",
            DocumentProblem::TooMany => "too_many",
        }
    }

    pub(super) fn parse(code: &str) -> Option<DocumentProblem> {
        DocumentProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    pub(super) fn message(self, s: &crate::platform::i18n::Strings) -> &'static str {
        match self {
            DocumentProblem::TooLarge => s.err_document_too_large,
            DocumentProblem::Type => s.err_document_type,
            DocumentProblem::Missing => s.err_document_missing,
            DocumentProblem::TooMany => s.err_too_many_documents,
        }
    }
}

/// A document, for the applicant and the handlers only; always offered as a download.
pub(super) async fn document(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path((id, doc)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let r = store::get_request(&state.db, id).await?;
    actions::roles(&state.db, viewer, &r).await?;
    let (name, content_type, data) = store::document(&state.db, id, doc).await?;
    Ok(crate::platform::documents::download(
        &name,
        &content_type,
        data,
    ))
}
