//! A tip's public page, its history, and handling it.

use super::*;
use crate::moderation::model::ContentKind;
use crate::text;

/// An entry of a tip's history as the page shows it.
pub struct UpdateView {
    pub when: String,
    pub who: String,
    pub internal: bool,
    pub what: String,
    pub body: String,
    pub initiative: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "tips/show.html")]
pub(super) struct TipPage {
    pub(super) page: Page,
    pub(super) t: Tip,
    /// Hidden by a moderator: the handling unit, the reporter and the moderators still see it.
    pub(super) moderation: crate::moderation::routes::Moderation,
    pub(super) category: String,
    pub(super) place: String,
    pub(super) status: &'static str,
    pub(super) reason: String,
    pub(super) received: String,
    pub(super) photos: Vec<(i64, i64, i64)>,
    pub(super) answers: Vec<(String, String)>,
    pub(super) updates: Vec<UpdateView>,
    pub(super) map: MapView,
    pub(super) follow: Vec<FollowButton>,
    /// Right after reporting: thanks, and how to follow it.
    pub(super) reported: bool,
    pub(super) handler: bool,
    pub(super) reporter: String,
    pub(super) status_choices: Vec<Choice>,
    pub(super) reasons: Vec<Choice>,
    pub(super) units: Vec<Choice>,
    pub(super) typed: Typed,
    pub(super) errors: FieldErrors,
    pub(super) can_adopt: bool,
}

/// What a failed handling form held, to show again.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) status: String,
    pub(super) close_reason: String,
    pub(super) body: String,
    pub(super) note: String,
    pub(super) unit: String,
}

pub(super) async fn tip_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    reported: bool,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<TipPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let t = store::get(&state.db, id).await?;
    let tip = crate::moderation::model::ContentKind::Tip;
    let moderation = crate::moderation::routes::on_page(state, ctx, tip, id).await?;
    let handler = actions::handler(&state.db, ctx.viewer.as_ref(), &t).await?;
    let with_hidden_photos = handler || moderation.moderator;
    let questions = store::questions(&state.db, t.category_id).await?;
    let answers = store::answers(&state.db, id)
        .await?
        .into_iter()
        .map(|(code, answer)| {
            let q = questions.iter().find(|q| q.code == code);
            let shown = q
                .and_then(|q| q.choices.iter().find(|(k, ..)| *k == answer))
                .map(|(_, da, en)| if lang == Lang::Da { da } else { en }.clone())
                .unwrap_or(answer);
            (q.map(|q| q.text(lang).to_string()).unwrap_or(code), shown)
        })
        .collect();
    let updates = store::updates(&state.db, id, handler)
        .await?
        .into_iter()
        .map(|u| {
            let mut what = Vec::new();
            if let Some(st) = u.status {
                what.push(s.tip_status_now(st.label(lang)));
            }
            if let Some(r) = u.close_reason {
                what.push(r.label(lang).to_string());
            }
            if let Some(unit) = &u.unit_name {
                what.push(s.tip_moved_to(unit));
            }
            UpdateView {
                when: format_date(u.created_at, lang),
                who: u.author_name.unwrap_or_default(),
                internal: u.internal,
                what: what.join(" · "),
                body: u.body,
                initiative: u.initiative,
            }
        })
        .collect();
    let units = if handler {
        let mut v = vec![Choice {
            value: String::new(),
            label: s.tip_keep_unit.into(),
            selected: typed.unit.is_empty(),
        }];
        v.extend(
            crate::requests::store::municipal_units(&state.db)
                .await?
                .into_iter()
                .filter(|(uid, ..)| *uid != t.unit_id)
                .map(|(uid, name, _)| Choice {
                    selected: typed.unit == uid.to_string(),
                    value: uid.to_string(),
                    label: name,
                }),
        );
        v
    } else {
        Vec::new()
    };
    let next: Vec<(&str, &str)> = TipStatus::ALL
        .iter()
        .filter(|to| t.status.may_become(**to))
        .map(|to| (to.code(), to.label(lang)))
        .collect();
    let mut status_choices = vec![Choice {
        value: String::new(),
        label: s.tip_keep_status(t.status.label(lang)),
        selected: typed.status.is_empty(),
    }];
    status_choices.extend(choices(next, &[typed.status.as_str()]));
    let mut reasons = vec![Choice {
        value: String::new(),
        label: s.choose_one.into(),
        selected: typed.close_reason.is_empty(),
    }];
    let offered: Vec<(&str, &str)> = CloseReason::ALL
        .iter()
        .filter(|r| **r != CloseReason::Adopted || t.initiative_id.is_some())
        .map(|r| (r.code(), r.label(lang)))
        .collect();
    reasons.extend(choices(offered, &[typed.close_reason.as_str()]));
    Ok(TipPage {
        moderation,
        page: ctx.page(t.what_and_where(lang)),
        category: t.category(lang).to_string(),
        place: t.place(lang),
        status: t.status.label(lang),
        reason: t
            .close_reason
            .map(|r| r.label(lang).to_string())
            .unwrap_or_default(),
        received: format_date(t.received_at, lang),
        photos: store::photo_ids(&state.db, id, with_hidden_photos).await?,
        answers,
        updates,
        map: map::draw(
            t.coordinates,
            17,
            state.config.map_tiles.as_deref(),
            &state.config.map_attribution,
            &[tip_place(&t, lang)],
        ),
        follow: follow_buttons(
            state,
            ctx,
            vec![(Target::Tip(t.id), t.what_and_where(lang))],
        )
        .await?,
        reported,
        reporter: if handler {
            let mut who = Vec::new();
            if let Some(uid) = t.reporter_user_id {
                who.push(format!("{} {uid}", s.tip_reporter_account));
            }
            if !t.reporter_name.is_empty() {
                who.push(t.reporter_name.clone());
            }
            if !t.reporter_email.is_empty() {
                who.push(t.reporter_email.clone());
            }
            if who.is_empty() {
                s.tip_reporter_anonymous.into()
            } else {
                who.join(", ")
            }
        } else {
            String::new()
        },
        can_adopt: t.initiative_id.is_none() && t.status.is_open(),
        handler,
        status_choices,
        reasons,
        units,
        typed,
        errors,
        t,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let reported = q.get("reported") == "1";
    render(
        &tip_page(
            &state,
            &ctx,
            id,
            reported,
            Typed::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

pub(super) async fn update(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let internal = p.get("kind") == "note";
    let typed = Typed {
        status: p.get("status"),
        close_reason: p.get("close_reason"),
        body: if internal {
            String::new()
        } else {
            p.get("body")
        },
        note: if internal {
            p.get("body")
        } else {
            String::new()
        },
        unit: p.get("unit"),
    };
    let mut errors = FieldErrors::new();
    let status = match typed.status.as_str() {
        "" => None,
        code => TipStatus::parse(code).or_else(|| {
            errors.insert("status", text!(err_choose));
            None
        }),
    };
    let handling = Handling {
        status,
        close_reason: CloseReason::parse(&typed.close_reason),
        body: p.get("body"),
        internal,
        unit_id: typed.unit.parse().ok(),
    };
    let result = if errors.is_empty() {
        actions::handle(&state.db, viewer, id, handling).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/tips/{id}#history"))),
        Err(AppError::Invalid(errors)) => {
            let errors = if internal {
                errors
                    .into_iter()
                    .map(|(k, v)| (if k == "body" { "note" } else { k }, v))
                    .collect()
            } else {
                errors
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &tip_page(&state, &ctx, id, false, typed, errors).await?,
            )
        }
        Err(AppError::Refused(refusal)) => render_status(
            StatusCode::CONFLICT,
            &tip_page(
                &state,
                &ctx,
                id,
                false,
                typed,
                FieldErrors::from([("status", refusal.into())]),
            )
            .await?,
        ),
        Err(e) => Err(e),
    }
}

/// A tip's photo: public, like the tip, and already stripped of everything but its pixels.
/// A photo's own address, where a report about it leads back: its tip's page.
pub(super) async fn photo_page(
    State(state): State<AppState>,
    Path(photo): Path<i64>,
) -> AppResult<Response> {
    let tip = store::tip_of_photo(&state.db, photo).await?;
    Ok(see_other(&format!("/tips/{tip}#photos")))
}

pub(super) async fn photo_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, photo)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (tip, picture) = (ContentKind::Tip, ContentKind::Photo);
    let of_tip = crate::moderation::routes::on_page(&state, &ctx, tip, id).await?;
    let own = crate::moderation::routes::on_page(&state, &ctx, picture, photo).await?;
    let data = store::photo(&state.db, id, photo).await?;
    // A hidden photo, shown to the tip's people, is kept by no cache.
    let cache = match of_tip.hidden.is_some() || own.hidden.is_some() {
        true => "private, no-store",
        false => "public, max-age=86400, immutable",
    };
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, cache),
        ],
        data,
    )
        .into_response())
}
