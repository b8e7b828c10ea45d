//! Storage of the documents attached to requests: listed without their contents, read one at a
//! time, attached.

use super::*;

#[derive(Clone, Debug)]
pub struct DocumentInfo {
    pub id: i64,
    pub name: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: i64,
}

/// The documents of a request, without their contents.
pub async fn documents(db: &Db, request_id: i64) -> AppResult<Vec<DocumentInfo>> {
    all(
        db,
        "SELECT d.id, d.name, d.size, d.uploaded_at, a.name AS uploader FROM request_documents d \
         JOIN users u ON u.id = d.uploaded_by JOIN actors a ON a.id = u.person_id WHERE d.request_id = $1 ORDER BY d.id"
            .into(),
        request_id,
        |row| {
            Ok(DocumentInfo {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                size: row.try_get("size")?,
                uploaded_by: row.try_get("uploader")?,
                uploaded_at: row.try_get("uploaded_at")?,
            })
        },
    )
    .await
}

/// A document's name, type and contents, if it belongs to the request.
pub async fn document(db: &Db, request_id: i64, id: i64) -> AppResult<(String, String, Vec<u8>)> {
    db::query_as(
        "SELECT name, content_type, data FROM request_documents WHERE id = $1 AND request_id = $2",
    )
    .bind(id)
    .bind(request_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)
}

/// Attaches a document, unless the request is closed or already holds the most it may;
/// false then.
pub async fn attach(
    db: &Db,
    request_id: i64,
    name: &str,
    content_type: &str,
    data: &[u8],
    user: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    // The request's row orders attachments, so the limit holds under simultaneous uploads.
    let open = db::query(
        "UPDATE requests SET updated_at = updated_at WHERE id = $1 AND status <> 'closed'",
    )
    .bind(request_id)
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() == 0 {
        return Ok(false);
    }
    let held: i64 =
        db::query_scalar("SELECT COUNT(*) FROM request_documents WHERE request_id = $1")
            .bind(request_id)
            .fetch_one(&mut *tx)
            .await?;
    if held >= DOCUMENTS_MAX {
        return Ok(false);
    }
    db::query(
        "INSERT INTO request_documents (request_id, name, content_type, size, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(request_id)
    .bind(name)
    .bind(content_type)
    .bind(data.len() as i64)
    .bind(data)
    .bind(user)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}
